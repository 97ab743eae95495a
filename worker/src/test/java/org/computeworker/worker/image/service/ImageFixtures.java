package org.computeworker.worker.image.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.computeworker.imageserver.ImageImporter;
import org.computeworker.imageserver.ImageServerOptions;
import org.computeworker.imageserver.ImportRequest;
import org.computeworker.messages.Json;
import org.computeworker.messages.rpc.RequestContext;

/** Images on disk for the image service tests, made with the image server's own importer. */
final class ImageFixtures {
    static final int IMAGE_SIZE = 5 * 1024 * 1024 + 123;

    private ImageFixtures() {
    }

    static byte[] randomBytes(int n, long seed) {
        byte[] bytes = new byte[n];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /** Imports {@code bytes} as a raw image into {@code imagesDir}; returns its id. */
    static String importImage(Path imagesDir, Path scratch, byte[] bytes, String visibility) throws IOException {
        Path file = Files.createTempFile(scratch, "image-", ".raw");
        Files.write(file, bytes);
        ImportRequest request = new ImportRequest(file, "raw", "bare", "cirros", null, visibility, 1, 64,
                Map.of("hw_disk_bus", "virtio"));
        ObjectNode image = new ImageImporter(imagesDir, ImageServerOptions.defaults()).importFile(request);
        Files.delete(file);
        return image.get("id").asText();
    }

    /** Rewrites an image's stored document, as an operator editing the JSON would. */
    static void editDocument(Path imagesDir, String id, Consumer<ObjectNode> edit) throws IOException {
        Path json = imagesDir.resolve(id + ".json");
        ObjectNode doc = (ObjectNode) Json.parse(Files.readAllBytes(json));
        edit.accept(doc);
        Files.write(json, Json.writeBytes(doc));
    }

    static RequestContext context(String token, boolean admin) {
        ObjectNode dict = Json.object();
        dict.put("auth_token", token);
        dict.put("user_id", "a-user");
        dict.put("project_id", "a-project");
        dict.put("is_admin", admin);
        dict.put("request_id", "req-11111111-2222-3333-4444-555555555555");
        dict.put("global_request_id", "req-99999999-8888-7777-6666-555555555555");
        return RequestContext.fromDict(dict);
    }

    static List<String> filesIn(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
