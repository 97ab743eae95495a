package org.computeworker.worker.image.service;

import static org.computeworker.worker.image.service.ImageFixtures.context;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.computeworker.imageserver.ImageImporter;
import org.computeworker.imageserver.ImageServer;
import org.computeworker.imageserver.ImageServerOptions;
import org.computeworker.imageserver.ImportRequest;
import org.computeworker.imageserver.RbdStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * [glance] enable_rbd_download end to end without a cluster: the image server records an rbd
 * location, and stand-in rbd commands play Ceph by copying the image server's own bytes.
 */
class RbdDownloadTest {
    private static final String FSID = "b2d3c0a1-5e6f-4a7b-8c9d-0e1f2a3b4c5d";

    @TempDir
    Path tmp;

    private Path images;
    private Path calls;
    private byte[] bytes;
    private String imageId;
    private ImageServer server;

    @BeforeEach
    void setUp() throws IOException {
        images = tmp.resolve("images");
        calls = tmp.resolve("calls.log");
        bytes = ImageFixtures.randomBytes(2 * 1024 * 1024 + 5, 3);
        Path file = Files.write(tmp.resolve("disk.raw"), bytes);
        RbdStore ceph = new RbdStore("images", null, "glance", script("rbd-import", ""),
                script("ceph", "echo " + FSID), Duration.ofSeconds(30));
        imageId = new ImageImporter(images, ImageServerOptions.defaults())
                .importFile(new ImportRequest(file, "raw", "bare", "x", null, null, 0, 0, Map.of()), ceph)
                .get("id").asText();
        server = ImageServer.start(images, 0, ImageServerOptions.defaults().withLocationsShown(true, true));
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    @Test
    void rbdLocationIsExportedAndVerified() throws Exception {
        GlanceImageService glance = service(script("rbd-export", copyImageTo("$out")));
        Path dest = tmp.resolve("base");
        ImageRecord image = glance.download(context("t", false), imageId, dest, ImageService.NO_LIMIT);

        assertEquals("rbd://" + FSID + "/images/" + imageId + "/snap", image.locations().get(0).url());
        assertArrayEquals(bytes, Files.readAllBytes(dest));
        assertTrue(Files.readString(calls).contains("rbd-export export --pool images --image " + imageId
                + " --path "), Files.readString(calls));
        assertTrue(Files.readString(calls).contains(" --snap snap --id nova"));
    }

    @Test
    void failedOrCorruptExportFallsBackToHttp() throws Exception {
        for (String body : List.of("exit 1", "head -c 100 /dev/zero > \"$out\"")) {
            Path dest = tmp.resolve("base-" + body.length());
            service(script("rbd-export", body)).download(context("t", false), imageId, dest, ImageService.NO_LIMIT);
            assertArrayEquals(bytes, Files.readAllBytes(dest), body);
        }
    }

    private GlanceImageService service(String rbdCommand) {
        GlanceConfig config = GlanceConfig.of(List.of(server.baseUrl())).withRbdDownload("nova", "images", "", 5);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        return new GlanceImageService(config, http,
                new RbdImageExporter(rbdCommand, "nova", "", Duration.ofSeconds(30)));
    }

    private String copyImageTo(String var) {
        return "cp '" + images.resolve(imageId) + "' \"" + var + "\"";
    }

    /** A stand-in command: logs its arguments, finds --path as $out, then runs {@code body}. */
    private String script(String name, String body) throws IOException {
        Path path = tmp.resolve("bin").resolve(name);
        Files.createDirectories(path.getParent());
        Files.writeString(path, "#!/bin/sh\necho \"" + name + " $*\" >> '" + calls + "'\n"
                + "out=; prev=; for a in \"$@\"; do [ \"$prev\" = --path ] && out=\"$a\"; prev=\"$a\"; done\n"
                + body + "\n");
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
        return path.toString();
    }
}
