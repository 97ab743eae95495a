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
