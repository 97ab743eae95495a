package org.computeworker.worker.image.backend.rbd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** mon_host in every syntax Ceph accepts, turned into the hosts and (v1) ports libvirt's rbd disk names. */
class CephMonitorsTest {

    @Test
    void addressVectorsGiveTheirV1Address() {
        CephMonitors m = CephMonitors.parse("[v2:127.0.0.1:3300,v1:127.0.0.1:6789]");
        assertEquals(List.of("127.0.0.1"), m.hosts());
        assertEquals(List.of("6789"), m.ports());
        m = CephMonitors.parse("[v2:10.0.0.1:3300/0,v1:10.0.0.1:6789/0],[v2:10.0.0.2:3301,v1:10.0.0.2:6790] "
                + "[v2:10.0.0.3:3300]");
        assertEquals(List.of("10.0.0.1", "10.0.0.2", "10.0.0.3"), m.hosts());
        assertEquals(List.of("6789", "6790", "3300"), m.ports());
    }

    @Test
    void legacyListsTakeTheDefaultPortWhenNoneIsGiven() {
        CephMonitors m = CephMonitors.parse("10.0.0.1, 10.0.0.2:6790;mon3.example.org  v1:10.0.0.4:6791");
        assertEquals(List.of("10.0.0.1", "10.0.0.2", "mon3.example.org", "10.0.0.4"), m.hosts());
        assertEquals(List.of("6789", "6790", "6789", "6791"), m.ports());
    }

    @Test
    void ipv6AddressesLoseTheirBracketsKeepTheirPorts() {
        CephMonitors m = CephMonitors.parse("[v2:[fd00::1]:3300,v1:[fd00::1]:6789],[::1]:6790,fd00::3");
        assertEquals(List.of("fd00::1", "::1", "fd00::3"), m.hosts());
        assertEquals(List.of("6789", "6790", "6789"), m.ports());
    }

    @Test
    void nothingToParseIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> CephMonitors.parse(" , "));
        assertThrows(IllegalArgumentException.class, () -> CephMonitors.parse("[::1"));
    }

    @Test
    void readFromCephConfWithClientSectionsOverridingGlobal(@TempDir Path dir) throws IOException {
        Path conf = dir.resolve("ceph.conf");
        Files.writeString(conf, "# generated\n[global]\n  mon host = 10.0.0.1 ; old\nfsid = x\n"
                + "[client.openstack]\nmon-host = [v2:10.0.0.9:3300,v1:10.0.0.9:6789]\n");
        assertEquals(List.of("10.0.0.9"), CephMonitors.fromConf(conf, "openstack").hosts());
        assertEquals(List.of("10.0.0.1"), CephMonitors.fromConf(conf, "admin").hosts());
        Files.writeString(conf, "[global]\nfsid = x\n");
        assertThrows(IOException.class, () -> CephMonitors.fromConf(conf, null));
    }
}
