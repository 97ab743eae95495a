package org.computeworker.worker.image.service;

import static org.computeworker.worker.image.service.ImageFixtures.context;
import static org.computeworker.worker.image.service.ImageFixtures.filesIn;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.computeworker.imageserver.ImageServer;
import org.computeworker.imageserver.ImageServerOptions;
import org.computeworker.messages.Json;
import org.computeworker.messages.objects.ImageMeta;
import org.computeworker.messages.rpc.RequestContext;
import org.computeworker.worker.errors.NovaException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GlanceImageService against the image server over real loopback HTTP. */
class GlanceImageServiceTest {
    @TempDir
    Path tmp;

    private Path images;
    private Path downloads;
    private byte[] bytes;
    private String imageId;
    private ImageServer server;
    private final RequestContext ctx = context("a-token", false);

    @BeforeEach
    void setUp() throws IOException {
        images = tmp.resolve("images");
        downloads = Files.createDirectories(tmp.resolve("downloads"));
        bytes = ImageFixtures.randomBytes(ImageFixtures.IMAGE_SIZE, 7);
        imageId = ImageFixtures.importImage(images, tmp, bytes, "private");
        server = ImageServer.start(images, 0, ImageServerOptions.defaults());
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    @Test
    void showReturnsTheGlanceRecord() throws Exception {
        ImageRecord image = service(server.baseUrl()).show(ctx, imageId);
        assertEquals(imageId, image.id());
        assertEquals("cirros", image.name());
        assertEquals("active", image.status());
        assertEquals("raw", image.diskFormat());
        assertEquals("bare", image.containerFormat());
        assertEquals(bytes.length, image.size());
        assertEquals(bytes.length, image.virtualSize());
        assertEquals(hex("MD5", bytes), image.checksum());
        assertEquals("sha512", image.osHashAlgo());
        assertEquals(hex("SHA-512", bytes), image.osHashValue());
        assertEquals(1, image.minDisk());
        assertEquals(64, image.minRam());
        assertEquals("virtio", image.properties().get("hw_disk_bus"));
        assertEquals("/v2/images/" + imageId + "/file", image.file());
    }

    @Test
    void downloadWritesIdenticalVerifiedBytes() throws Exception {
        Path dest = downloads.resolve("base");
        ImageRecord verified = service(server.baseUrl()).download(ctx, imageId, dest, ImageService.NO_LIMIT);
        assertEquals(imageId, verified.id());
        assertArrayEquals(bytes, Files.readAllBytes(dest));
        assertEquals(List.of("base"), filesIn(downloads));
        Path plain = Files.createFile(tmp.resolve("plain"));
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(dest),
                "the image gets the umask's mode, so the hypervisor's user can read it");
    }

    @Test
    void corruptedChecksumIsRefusedAndLeavesNothing() throws Exception {
        ImageFixtures.editDocument(images, imageId, doc -> doc.put("checksum", "0".repeat(32)));
        NovaException e = assertThrows(NovaException.class, () -> service(server.baseUrl())
                .download(ctx, imageId, downloads.resolve("base"), ImageService.NO_LIMIT));
        assertEquals("ImageUnacceptable", e.pythonClass());
        assertTrue(e.getMessage().contains("Corrupt image download. Checksum was"), e.getMessage());
        assertEquals(List.of(), filesIn(downloads));
    }

    @Test
    void corruptedOsHashIsRefusedAndAnExistingFileIsKept() throws Exception {
        Path dest = Files.writeString(downloads.resolve("base"), "previous image");
        ImageFixtures.editDocument(images, imageId, doc -> doc.put("os_hash_value", "ab".repeat(64)));
        NovaException e = assertThrows(NovaException.class, () -> service(server.baseUrl())
                .download(ctx, imageId, dest, ImageService.NO_LIMIT));
        assertTrue(e.getMessage().contains("Corrupt image download. Hash was"), e.getMessage());
        assertEquals("previous image", Files.readString(dest));
        assertEquals(List.of("base"), filesIn(downloads));
    }

    @Test
    void tooLargeImageIsRefusedBeforeItsBytesAreFetched() throws Exception {
        NovaException stated = assertThrows(NovaException.class, () -> service(server.baseUrl())
                .download(ctx, imageId, downloads.resolve("base"), 1024 * 1024));
        assertEquals("ImageUnacceptable", stated.pythonClass());
        assertTrue(stated.getMessage().contains("exceeds the maximum of 1048576 bytes"), stated.getMessage());

        ImageFixtures.editDocument(images, imageId, doc -> doc.putNull("size"));
        NovaException announced = assertThrows(NovaException.class, () -> service(server.baseUrl())
                .download(ctx, imageId, downloads.resolve("base"), 1024 * 1024));
        assertTrue(announced.getMessage().contains("exceeds the maximum"), announced.getMessage());
        assertEquals(List.of(), filesIn(downloads));
    }

    @Test
    void novaImageDictHasNovasShape() {
        ImageRecord image = service(server.baseUrl()).show(ctx, imageId);
        ObjectNode dict = NovaImageDict.of(image, false);
        assertEquals(false, dict.get("is_public").asBoolean());
        assertEquals("virtio", dict.get("properties").get("hw_disk_bus").asText());
        assertEquals(bytes.length, dict.get("size").asLong());
        assertTrue(!dict.has("virtual_size") && !dict.has("locations"));
        ImageMeta meta = NovaImageDict.toImageMeta(image);
        assertEquals(imageId, meta.id());
        assertEquals("virtio", meta.properties().get("hw_disk_bus"));
    }

    @Test
    void imageWithoutDataIsUnacceptable() throws Exception {
        HttpResponse<String> created = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(server.baseUrl() + "/v2/images"))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"disk_format\": \"raw\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        String queued = Json.parse(created.body()).get("id").asText();
        NovaException e = assertThrows(NovaException.class, () -> service(server.baseUrl())
                .download(ctx, queued, downloads.resolve("base"), ImageService.NO_LIMIT));
        assertEquals("ImageUnacceptable", e.pythonClass());
        assertTrue(e.getMessage().contains("Image has no associated data"), e.getMessage());
        assertEquals(List.of(), filesIn(downloads));
    }

    @Test
    void unknownImageIsImageNotFound() {
        NovaException e = assertThrows(NovaException.class, () -> service(server.baseUrl())
                .show(ctx, "00000000-0000-4000-8000-000000000000"));
        assertEquals("ImageNotFound", e.pythonClass());
        assertEquals(404, e.code());
        NovaException d = assertThrows(NovaException.class, () -> service(server.baseUrl())
                .download(ctx, "00000000-0000-4000-8000-000000000000", downloads.resolve("x"), 10));
        assertEquals("ImageNotFound", d.pythonClass());
    }

    @Test
    void deadServerFirstFallsOverToTheLiveOne() throws Exception {
        String dead = "http://127.0.0.1:" + freePort();
        GlanceConfig withRetry = config(dead, server.baseUrl()).withNumRetries(1);
        new GlanceImageService(withRetry).download(ctx, imageId, downloads.resolve("base"), ImageService.NO_LIMIT);
        assertArrayEquals(bytes, Files.readAllBytes(downloads.resolve("base")));

        NovaException e = assertThrows(NovaException.class, () -> new GlanceImageService(
                config(dead, server.baseUrl()).withNumRetries(0)).show(ctx, imageId));
        assertEquals("GlanceConnectionFailed", e.pythonClass());
        assertTrue(e.getMessage().contains(dead), e.getMessage());
    }

    @Test
    void numRetriesIsHonouredFor5xxAndTheTokenIsSent() throws Exception {
        try (StubGlanceServer unavailable = new StubGlanceServer(x -> StubGlanceServer.respond(x, 503, "busy"))) {
            NovaException e = assertThrows(NovaException.class, () -> new GlanceImageService(
                    config(unavailable.baseUrl()).withNumRetries(2)).show(ctx, imageId));
            assertEquals("GlanceConnectionFailed", e.pythonClass());
            assertEquals(3, unavailable.received().size());
            StubGlanceServer.Received first = unavailable.received().get(0);
            assertEquals("/v2/images/" + imageId, first.path());
            assertEquals("a-token", first.authToken());
            assertEquals("req-99999999-8888-7777-6666-555555555555", first.requestId());
        }
    }

    @Test
    void clientErrorsAreNotRetried() throws Exception {
        try (StubGlanceServer forbidden = new StubGlanceServer(x -> StubGlanceServer.respond(x, 403, "no"))) {
            NovaException e = assertThrows(NovaException.class, () -> new GlanceImageService(
                    config(forbidden.baseUrl()).withNumRetries(3)).show(ctx, imageId));
            assertEquals("ImageNotAuthorized", e.pythonClass());
            assertEquals(1, forbidden.received().size());
        }
    }

    @Test
    void stalledBodyTimesOutAndLeavesNothing() throws Exception {
        String doc = Files.readString(images.resolve(imageId + ".json"));
        try (StubGlanceServer stalling = new StubGlanceServer(x -> {
            if (!x.getRequestURI().getPath().endsWith("/file")) {
                StubGlanceServer.respond(x, 200, doc);
                return;
            }
            x.sendResponseHeaders(200, bytes.length);
            x.getResponseBody().write(bytes, 0, 1000);
            x.getResponseBody().flush();
            sleep(Duration.ofSeconds(3));
        })) {
            GlanceConfig quick = config(stalling.baseUrl()).withNumRetries(1)
                    .withTimeouts(Duration.ofSeconds(1), Duration.ofMillis(300), Duration.ofMillis(10));
            long started = System.nanoTime();
            NovaException e = assertThrows(NovaException.class, () -> new GlanceImageService(quick)
                    .download(ctx, imageId, downloads.resolve("base"), ImageService.NO_LIMIT));
            assertEquals("GlanceConnectionFailed", e.pythonClass());
            assertTrue(e.getMessage().contains("no image data received"), e.getMessage());
            assertTrue(Duration.ofNanos(System.nanoTime() - started).toMillis() < 2500, "timed out promptly");
            assertEquals(List.of(), filesIn(downloads));
        }
    }

    @Test
    void withoutATokenOnlyVisibleImagesAreShown() {
        GlanceImageService glance = service(server.baseUrl());
        NovaException e = assertThrows(NovaException.class, () -> glance.show(context(null, false), imageId));
        assertEquals("ImageNotFound", e.pythonClass());
        assertEquals(imageId, glance.show(context(null, true), imageId).id());
    }

    private GlanceImageService service(String... servers) {
        return new GlanceImageService(config(servers));
    }

    private static GlanceConfig config(String... servers) {
        return GlanceConfig.of(List.of(servers))
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofMillis(10));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String hex(String algorithm, byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(data));
    }
}
