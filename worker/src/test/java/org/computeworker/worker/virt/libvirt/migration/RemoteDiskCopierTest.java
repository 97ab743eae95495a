package org.computeworker.worker.virt.libvirt.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.computeworker.worker.virt.libvirt.HostCommands;
import org.junit.jupiter.api.Test;

class RemoteDiskCopierTest {
    private final RemoteDiskCopier scp = new RemoteDiskCopier(new HostCommands(Duration.ofSeconds(5)), "ssh");
    private final RemoteDiskCopier rsync = new RemoteDiskCopier(new HostCommands(Duration.ofSeconds(5)), "rsync");
    private final Path disk = Path.of("/var/lib/nova/instances/abc_resize/disk");
    private final Path target = Path.of("/var/lib/nova/instances/abc/disk");

    @Test
    void copiesAreArgumentVectors() {
        assertEquals(List.of("scp", "-o", "BatchMode=yes", "-C", "--", disk.toString(), "compute-2:" + target),
                scp.copyCommand(disk, "compute-2", target));
        assertEquals(List.of("rsync", "--sparse", "--compress", "--", disk.toString(), "[fd00::2]:" + target),
                rsync.copyCommand(disk, "fd00::2", target));
        assertEquals(List.of("cp", "--sparse=always", "--", disk.toString(), target.toString()),
                scp.copyCommand(disk, null, target));
        assertEquals(List.of("ssh", "-o", "BatchMode=yes", "--", "10.0.0.2", "mkdir", "-p", "--", "/x"),
                scp.remoteCommand("10.0.0.2", List.of("mkdir", "-p", "--", "/x")));
    }

    @Test
    void hostsAndPathsThatARemoteShellWouldInterpretAreRefused() {
        for (String host : new String[] {"-oProxyCommand=x", "a b", "a;b", "a$(x)", "", "host/x"}) {
            assertThrows(IllegalArgumentException.class, () -> scp.copyCommand(disk, host, target), host);
        }
        for (String path : new String[] {"/a b", "/a;rm", "/a/../../etc", "/$(id)", "/a'b", "relative"}) {
            assertThrows(IllegalArgumentException.class, () -> scp.copyCommand(disk, "h", Path.of(path)), path);
            assertThrows(IllegalArgumentException.class, () -> scp.createDir("h", Path.of(path)), path);
        }
    }

    @Test
    void onlySshAndRsyncAreTransports() {
        assertThrows(IllegalArgumentException.class, () -> new RemoteDiskCopier(HostCommands.withDefaults(), "ftp"));
    }
}
