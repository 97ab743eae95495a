package org.computeworker.worker.image.backend.rbd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.computeworker.messages.config.OsloConfigFile;
import org.computeworker.worker.config.OptionReader;
import org.computeworker.worker.errors.NovaException;
import org.computeworker.worker.image.service.RbdLocation;
import org.junit.jupiter.api.Test;

/** The parts of the RBD backend that need no cluster: options, location URLs, features, capacity, errors. */
class RbdPiecesTest {

    @Test
    void optionsHaveNovasNamesAndDefaults() {
        RbdOptions d = RbdOptions.read(new OptionReader(OsloConfigFile.parse("")));
        assertEquals("rbd", d.pool());
        assertNull(d.cephConf());
        assertEquals(RbdOptions.DEFAULT_CEPH_CONF, d.effectiveCephConf());
        assertNull(d.user());
        assertEquals("client.admin", d.entity());
        assertEquals(Duration.ofSeconds(5), d.connectTimeout());
        assertEquals(Duration.ofSeconds(30), d.opTimeout());
        assertEquals(12, d.destroyRetries());
        assertFalse(d.neverDownloadImageIfOnRbd());

        RbdOptions o = RbdOptions.read(new OptionReader(OsloConfigFile.parse("[libvirt]\nimages_rbd_pool = vms\n"
                + "images_rbd_ceph_conf = /etc/ceph/c.conf\nrbd_user = openstack\nrbd_secret_uuid = s-1\n"
                + "rbd_connect_timeout = 2\n[compute_worker]\nrbd_op_timeout = 7\n"
                + "[workarounds]\nnever_download_image_if_on_rbd = true\n")));
        assertEquals("vms", o.pool());
        assertEquals(Path.of("/etc/ceph/c.conf"), o.cephConf());
        assertEquals("client.openstack", o.entity());
        assertEquals("s-1", o.secretUuid());
        assertEquals(Duration.ofSeconds(2), o.connectTimeout());
        assertEquals(Duration.ofSeconds(7), o.opTimeout());
        assertTrue(o.neverDownloadImageIfOnRbd());
        assertThrows(IllegalArgumentException.class, () -> RbdOptions.of("vms/ns", null, null));
    }

    @Test
    void locationsParseAsNovaDoesWithItsReasons() {
        assertEquals(new RbdLocation("f", "images", "id 1", "snap"), RbdUrls.parse("rbd://f/images/id%201/snap"));
        assertUnacceptable("Not stored in rbd", "file:///var/lib/glance/images/x");
        assertUnacceptable("Blank components", "rbd://f//id/snap");
        assertUnacceptable("Not an rbd snapshot", "rbd://f/images/id");
        assertUnacceptable("Not an rbd snapshot", "rbd://f/images/id/snap/extra");
    }

    @Test
    void featuresAreTheClientDefaultsAlwaysWithLayering() {
        assertEquals(61, RbdFeatures.parse("61"));
        assertEquals(1 | 4 | 8, RbdFeatures.parse("layering,exclusive-lock, object-map"));
        assertEquals(RbdFeatures.LAYERING, RbdFeatures.parse(""));
        assertEquals(0, RbdFeatures.parse("striping-not-a-feature"));
    }

    @Test
    void capacityIsTheClusterTotalAndThePoolsMaxAvail() {
        String df = "{\"stats\":{\"total_bytes\":1000,\"total_avail_bytes\":900},\"pools\":["
                + "{\"name\":\"images\",\"stats\":{\"max_avail\":100,\"bytes_used\":5}},"
                + "{\"name\":\"vms\",\"stats\":{\"max_avail\":300,\"bytes_used\":7}}]}";
        assertEquals(new PoolCapacity(1000, 300, 7), PoolCapacity.fromDf(df, "vms"));
        CephException missing = assertThrows(CephException.class, () -> PoolCapacity.fromDf(df, "rbd"));
        assertTrue(missing.isNotFound());
    }

    @Test
    void errorsSayWhatTheErrnoMeans() {
        CephException e = CephException.of("open vms/x", new com.ceph.rbd.RbdException("Failed to open image x", -2));
        assertTrue(e.isNotFound());
        assertEquals("open vms/x: ENOENT (no such image, snapshot or pool) [Failed to open image x]", e.getMessage());
        assertTrue(CephException.of("x", new com.ceph.rbd.RbdException("y", -13)).isPermissionDenied());
    }

    private static void assertUnacceptable(String reason, String url) {
        NovaException e = assertThrows(NovaException.class, () -> RbdUrls.parse(url));
        assertEquals("ImageUnacceptable", e.pythonClass());
        assertEquals("Image " + url + " is unacceptable: " + reason, e.getMessage());
    }
}
