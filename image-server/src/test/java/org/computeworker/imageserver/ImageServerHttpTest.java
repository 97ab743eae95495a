package org.computeworker.imageserver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import org.computeworker.messages.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Glance v2 calls over real HTTP on loopback: create, upload, show, download, list, delete. */
class ImageServerHttpTest {
    @TempDir
    Path dir;

    private ImageServer server;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws IOException {
        server = ImageServer.start(dir, 0, ImageServerOptions.defaults());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void uploadedImageIsShownWithGlanceHashesAndDownloadsIdentically() throws Exception {
        byte[] bytes = randomBytes(3 * 1024 * 1024 + 17);
        String id = createImage("{\"name\": \"cirros\", \"disk_format\": \"raw\", \"container_format\": \"bare\","
                + " \"hw_disk_bus\": \"virtio\"}");

        HttpResponse<String> upload = send(request("/v2/images/" + id + "/file")
                .header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)));
        assertEquals(204, upload.statusCode());

        JsonNode image = Json.parse(send(request("/v2/images/" + id).GET()).body());
        assertEquals("active", image.get("status").asText());
        assertEquals(bytes.length, image.get("size").asLong());
        assertEquals(bytes.length, image.get("virtual_size").asLong());
        assertEquals(hex("MD5", bytes), image.get("checksum").asText());
        assertEquals("sha512", image.get("os_hash_algo").asText());
        assertEquals(hex("SHA-512", bytes), image.get("os_hash_value").asText());
        assertEquals("virtio", image.get("hw_disk_bus").asText());
        assertEquals("/v2/images/" + id + "/file", image.get("file").asText());
        assertFalse(image.has("direct_url"), "locations are hidden by default");
        assertFalse(image.has("locations"));

        HttpResponse<byte[]> data = http.send(request("/v2/images/" + id + "/file").GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, data.statusCode());
        assertArrayEquals(bytes, data.body());
        assertEquals(hex("MD5", bytes), data.headers().firstValue("Content-MD5").orElseThrow());
        assertEquals(bytes.length, data.headers().firstValueAsLong("Content-Length").orElseThrow());

        JsonNode list = Json.parse(send(request("/v2/images").GET()).body());
        assertEquals(id, list.get("images").get(0).get("id").asText());

        assertEquals(204, send(request("/v2/images/" + id).DELETE()).statusCode());
        assertEquals(404, send(request("/v2/images/" + id).GET()).statusCode());
        assertFalse(Files.exists(dir.resolve(id)));
    }

    @Test
    void missingImageIsA404InGlanceErrorFormat() throws Exception {
        String missing = "/v2/images/6b4b3c5e-0000-4000-8000-000000000000";
        HttpResponse<String> json = send(request(missing).header("Accept", "application/json").GET());
        assertEquals(404, json.statusCode());
        assertTrue(json.headers().firstValue("Content-Type").orElseThrow().startsWith("application/json"));
        JsonNode error = Json.parse(json.body());
        assertEquals("404 Not Found", error.get("code").asText());
        assertEquals("Not Found", error.get("title").asText());
        assertTrue(error.get("message").asText().startsWith("No image found with ID 6b4b3c5e"));

        HttpResponse<String> html = send(request(missing).header("Accept", "*/*").GET());
        assertTrue(html.headers().firstValue("Content-Type").orElseThrow().startsWith("text/html"));
        assertTrue(html.body().contains("<title>404 Not Found</title>"), html.body());
        HttpResponse<String> plain = send(request(missing).header("Accept", "application/octet-stream").GET());
        assertTrue(plain.body().startsWith("404 Not Found\n\nNo image found"), plain.body());
    }

    @Test
    void queuedImageHasNoDataAndCannotBeUploadedTwice() throws Exception {
        String id = createImage("{\"disk_format\": \"raw\", \"container_format\": \"bare\"}");
        assertEquals(204, send(request("/v2/images/" + id + "/file").GET()).statusCode());
        assertEquals(204, send(request("/v2/images/" + id + "/file")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(new byte[10]))).statusCode());
        assertEquals(409, send(request("/v2/images/" + id + "/file")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(new byte[10]))).statusCode());
    }

    @Test
    void createRefusesReadOnlyAttributesBadFormatsAndDuplicates() throws Exception {
        assertEquals(403, send(request("/v2/images").POST(body("{\"size\": 5}"))).statusCode());
        assertEquals(400, send(request("/v2/images").POST(body("{\"disk_format\": \"floppy\"}"))).statusCode());
        assertEquals(400, send(request("/v2/images").POST(body("{\"hw_cpu_cores\": 4}"))).statusCode());
        assertEquals(400, send(request("/v2/images").POST(body("not json"))).statusCode());
        String id = createImage("{}");
        assertEquals(409, send(request("/v2/images").POST(body("{\"id\": \"" + id + "\"}"))).statusCode());
    }

    @Test
    void protectedImageCannotBeDeleted() throws Exception {
        String id = createImage("{\"protected\": true}");
        assertEquals(403, send(request("/v2/images/" + id).DELETE()).statusCode());
        assertEquals(200, send(request("/v2/images/" + id).GET()).statusCode());
    }

    @Test
    void qcow2VirtualSizeComesFromTheHeader() throws Exception {
        long virtualSize = 10L * 1024 * 1024 * 1024;
        ByteBuffer header = ByteBuffer.allocate(4096);
        header.putInt(0, 0x514649fb).putInt(4, 3).putLong(24, virtualSize);
        String id = createImage("{\"disk_format\": \"qcow2\", \"container_format\": \"bare\"}");
        send(request("/v2/images/" + id + "/file").PUT(HttpRequest.BodyPublishers.ofByteArray(header.array())));
        JsonNode image = Json.parse(send(request("/v2/images/" + id).GET()).body());
        assertEquals(virtualSize, image.get("virtual_size").asLong());
        assertEquals(4096, image.get("size").asLong());
    }

    @Test
    void locationsAreShownWhenConfigured() throws Exception {
        try (ImageServer showing = ImageServer.start(dir, 0,
                ImageServerOptions.defaults().withLocationsShown(true, true))) {
            String id = createImage("{\"disk_format\": \"raw\", \"container_format\": \"bare\"}");
            send(request("/v2/images/" + id + "/file").PUT(HttpRequest.BodyPublishers.ofByteArray(new byte[3])));
            HttpResponse<String> shown = http.send(HttpRequest.newBuilder(
                    URI.create(showing.baseUrl() + "/v2/images/" + id)).build(), HttpResponse.BodyHandlers.ofString());
            JsonNode image = Json.parse(shown.body());
            String expected = dir.resolve(id).toUri().toString();
            assertEquals(expected, image.get("direct_url").asText());
            assertEquals(expected, image.get("locations").get(0).get("url").asText());
        }
    }

    @Test
    void schemaAndVersionsAreServedForGlanceClients() throws Exception {
        JsonNode schema = Json.parse(send(request("/v2/schemas/image").GET()).body());
        assertEquals("image", schema.get("name").asText());
        assertEquals(300, send(request("/versions").GET()).statusCode());
    }

    private String createImage(String json) throws Exception {
        HttpResponse<String> created = send(request("/v2/images").POST(body(json)));
        assertEquals(201, created.statusCode(), created.body());
        return Json.parse(created.body()).get("id").asText();
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).header("X-Auth-Token", "any");
    }

    private HttpResponse<String> send(HttpRequest.Builder builder) throws Exception {
        return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.BodyPublisher body(String json) {
        return HttpRequest.BodyPublishers.ofString(json);
    }

    static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        new Random(42).nextBytes(bytes);
        return bytes;
    }

    static String hex(String algorithm, byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
    }
}
