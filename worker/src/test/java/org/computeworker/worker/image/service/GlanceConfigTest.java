package org.computeworker.worker.image.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.util.List;
import org.computeworker.messages.config.ConfigException;
import org.computeworker.messages.config.OsloConfigFile;
import org.computeworker.worker.config.OptionReader;
import org.computeworker.worker.errors.NovaException;
import org.junit.jupiter.api.Test;

/** [glance] defaults, api_servers normalisation and RBD location parsing. */
class GlanceConfigTest {
    @Test
    void defaultsAreNovas() {
        GlanceConfig config = GlanceConfig.of(List.of("http://glance:9292"));
        assertEquals(3, config.numRetries());
        assertFalse(config.enableRbdDownload());
        assertEquals("", config.rbdUser());
        assertEquals("", config.rbdPool());
        assertEquals("", config.rbdCephConf());
        assertEquals(5, config.rbdConnectTimeout());
    }

    @Test
    void novaConfGlanceOptionsAreRead() {
        GlanceConfig config = GlanceOptions.read(new OptionReader(OsloConfigFile.parse("""
                [glance]
                api_servers = http://a:9292/v2, http://b:9292
                num_retries = 5
                timeout = 30
                enable_rbd_download = true
                rbd_user = glance
                rbd_pool = images
                rbd_ceph_conf = /etc/ceph/ceph.conf
                """)));
        assertEquals(List.of(URI.create("http://a:9292"), URI.create("http://b:9292")), config.apiServers());
        assertEquals(5, config.numRetries());
        assertEquals(java.time.Duration.ofSeconds(30), config.readTimeout());
        assertEquals(true, config.enableRbdDownload());
        assertEquals("images", config.rbdPool());
        assertEquals(GlanceConfig.of(List.of("http://g:9292")).readTimeout(), GlanceOptions.read(new OptionReader(
                OsloConfigFile.parse("[glance]\napi_servers = http://g:9292\n"))).readTimeout());
        for (String bad : List.of("", "[glance]\napi_servers = glance:9292\n", "[glance]\napi_servers = http://g\n"
                + "num_retries = -1\n")) {
            assertThrows(ConfigException.class, () -> GlanceOptions.read(new OptionReader(OsloConfigFile.parse(bad))),
                    bad);
        }
    }

    @Test
    void apiServersLoseTrailingSlashesAndVersions() {
        GlanceConfig config = GlanceConfig.of(List.of("http://a:9292/", "https://b/image/v2/", "http://c:9292/v2.1"));
        assertEquals(List.of(URI.create("http://a:9292"), URI.create("https://b/image"), URI.create("http://c:9292")),
                config.apiServers());
    }

    @Test
    void badValuesAreRefusedWithTheOptionName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GlanceConfig.of(List.of("glance:9292")));
        assertEquals(true, e.getMessage().contains("[glance] api_servers"));
        assertThrows(IllegalArgumentException.class, () -> GlanceConfig.of(List.of("http://a")).withNumRetries(-1));
        assertThrows(IllegalArgumentException.class, () -> new GlanceImageService(GlanceConfig.of(List.of())));
    }

    @Test
    void rbdLocationsParseAsNovaDoes() {
        RbdLocation location = RbdLocation.parse("rbd://fsid-1/images/img%201/snap");
        assertEquals(new RbdLocation("fsid-1", "images", "img 1", "snap"), location);
        for (String bad : List.of("file:///x", "rbd://fsid/images/img", "rbd://fsid//img/snap", "rbd://a/b/c/d/e")) {
            NovaException e = assertThrows(NovaException.class, () -> RbdLocation.parse(bad), bad);
            assertEquals("InvalidParameterValue", e.pythonClass());
        }
    }

    @Test
    void rbdExportArgvIsNovas() {
        RbdImageExporter exporter = new RbdImageExporter("rbd", "nova", "/etc/ceph/ceph.conf",
                java.time.Duration.ofMinutes(1));
        assertEquals(List.of("rbd", "export", "--pool", "images", "--image", "img", "--path", "/tmp/x",
                "--snap", "snap", "--id", "nova", "--conf", "/etc/ceph/ceph.conf"),
                exporter.exportArgv(new RbdLocation("f", "images", "img", "snap"), java.nio.file.Path.of("/tmp/x")));
    }
}
