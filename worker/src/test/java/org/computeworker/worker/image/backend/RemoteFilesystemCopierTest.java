package org.computeworker.worker.image.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.computeworker.worker.config.RemoteHost;

class RemoteFilesystemCopierTest {
    @TempDir
    Path dir;

    @Test
    void scpAndRsyncArgumentVectorsEndOptionsBeforeTheOperands() {
        RemoteFilesystemCopier scp = new RemoteFilesystemCopier("ssh", true, Duration.ofMinutes(1));
        assertEquals(List.of("scp", "-q", "-o", "BatchMode=yes", "-C", "--", "src:/a", "/b"),
                scp.command("src:/a", "/b"));
        RemoteFilesystemCopier rsync = new RemoteFilesystemCopier("rsync", false, Duration.ofMinutes(1));
        assertEquals(List.of("rsync", "--sparse", "--", "src:/a", "/b"), rsync.command("src:/a", "/b"));
    }

    @Test
    void hostsAndRemotePathsAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> new RemoteHost("-oProxyCommand=x"));
        assertThrows(IllegalArgumentException.class, () -> new RemoteHost("a b"));
        assertThrows(IllegalArgumentException.class, () -> new RemoteHost("host;rm"));
        assertEquals("[fe80::1]", new RemoteHost("fe80::1").operand());
        assertEquals("compute-2.example", new RemoteHost("compute-2.example").operand());
        RemoteFilesystemCopier scp = new RemoteFilesystemCopier("ssh", true, Duration.ofMinutes(1));
        RemoteHost host = new RemoteHost("compute-2");
        for (String bad : List.of("relative/path", "/a/../b", "/a/$(reboot)", "/a b")) {
            assertThrows(IllegalArgumentException.class, () -> scp.receive(host, Path.of(bad), dir.resolve("x")), bad);
        }
    }

    @Test
    void remoteChoresAreSshArgumentVectorsWithCheckedOperands() {
        RemoteFilesystemCopier scp = new RemoteFilesystemCopier("rsync", true, Duration.ofMinutes(1));
        assertEquals(List.of("ssh", "-o", "BatchMode=yes", "--", "fd00::2", "mkdir", "-p", "--", "/x"),
                scp.remoteCommand(new RemoteHost("fd00::2"), "mkdir", "-p", "--", "/x"));
        RemoteHost host = new RemoteHost("compute-2");
        for (String bad : List.of("relative", "/a/../../etc", "/a;rm", "/$(id)", "/a'b", "/a b", "/a\nb")) {
            Path path = Path.of(bad);
            assertThrows(IllegalArgumentException.class, () -> scp.createDirectory(host, path), bad);
            assertThrows(IllegalArgumentException.class, () -> scp.createFile(host, path), bad);
            assertThrows(IllegalArgumentException.class, () -> scp.removeFile(host, path), bad);
            assertThrows(IllegalArgumentException.class, () -> scp.removeDirectory(host, path), bad);
        }
    }

    @Test
    void theLocalCopierReadsPathsInsideAHostRootRelativeToThatRoot() throws Exception {
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        LocalDiskCopier copier = new LocalDiskCopier(Map.of("a", a, "b", b));
        Path disk = Files.createDirectories(a.resolve("instances/u")).resolve("disk");
        Files.writeString(disk, "disk");
        RemoteHost hostB = new RemoteHost("b");

        copier.createDirectory(hostB, a.resolve("instances/u"));
        copier.send(disk, hostB, disk);
        copier.createFile(hostB, a.resolve("instances/u/marker"));

        assertEquals("disk", Files.readString(b.resolve("instances/u/disk")));
        assertEquals(true, Files.exists(b.resolve("instances/u/marker")));
        copier.removeFile(hostB, a.resolve("instances/u/marker"));
        assertEquals(false, Files.exists(b.resolve("instances/u/marker")));
        copier.removeDirectory(hostB, a.resolve("instances/u"));
        assertEquals(false, Files.exists(b.resolve("instances/u")));
        assertEquals("disk", Files.readString(disk), "host a's own files are untouched");
    }

    @Test
    void theLocalCopierMapsHostsToDirectories() throws Exception {
        Path hostRoot = dir.resolve("compute-2");
        Path remote = Path.of("/var/lib/nova/instances/_base/abc");
        Files.createDirectories(hostRoot.resolve("var/lib/nova/instances/_base"));
        Files.writeString(hostRoot.resolve("var/lib/nova/instances/_base/abc"), "template");
        LocalDiskCopier copier = new LocalDiskCopier(Map.of("compute-2", hostRoot));

        copier.receive(new RemoteHost("compute-2"), remote, dir.resolve("here"));
        copier.send(dir.resolve("here"), new RemoteHost("compute-2"), Path.of("/tmp/back"));

        assertEquals("template", Files.readString(dir.resolve("here")));
        assertEquals("template", Files.readString(hostRoot.resolve("tmp/back")));
        assertThrows(DiskCopyException.class,
                () -> copier.receive(new RemoteHost("unknown"), remote, dir.resolve("x")));
    }
}
