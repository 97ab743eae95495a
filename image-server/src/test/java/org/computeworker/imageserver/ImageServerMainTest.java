package org.computeworker.imageserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.computeworker.messages.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line: import prints the new image; bad input is exit status 2 with a reason. */
class ImageServerMainTest {
    @TempDir
    Path tmp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void importAddsAnActiveImageWithProperties() throws Exception {
        Path file = tmp.resolve("disk.img");
        Files.write(file, ImageServerHttpTest.randomBytes(1000));
        String id = "3f0b8a6e-2c4d-4e5f-8a9b-0c1d2e3f4a5b";

        int status = run("import", "--dir", tmp.resolve("images").toString(), "--file", file.toString(),
                "--disk-format", "raw", "--name", "demo", "--id", id, "--property", "hw_disk_bus=scsi",
                "--property=os_distro=cirros");

        assertEquals(0, status, err.toString(StandardCharsets.UTF_8));
        JsonNode image = Json.parse(out.toString(StandardCharsets.UTF_8));
        assertEquals(id, image.get("id").asText());
        assertEquals("active", image.get("status").asText());
        assertEquals("public", image.get("visibility").asText());
        assertEquals("scsi", image.get("hw_disk_bus").asText());
        assertEquals("cirros", image.get("os_distro").asText());
        assertEquals(ImageServerHttpTest.hex("MD5", Files.readAllBytes(file)), image.get("checksum").asText());
        assertTrue(Files.isRegularFile(tmp.resolve("images").resolve(id + ".json")));
    }

    @Test
    void badInputIsAUsageErrorThatLeavesNothing() {
        Path images = tmp.resolve("images");
        assertEquals(2, run("import", "--dir", images.toString(), "--file", tmp.resolve("absent").toString(),
                "--disk-format", "raw"));
        assertEquals(2, run("import", "--dir", images.toString(), "--disk-format", "raw"));
        assertEquals(2, run("import", "--dir", images.toString(), "--file", "x", "--disk-format", "raw",
                "--ceph-user", "glance"));
        assertEquals(2, run("serve", "--dir", images.toString(), "--prot", "1"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("unknown option --prot"));
    }

    @Test
    void propertiesCannotSmuggleInAttributes() throws Exception {
        Path file = tmp.resolve("disk.img");
        Files.write(file, new byte[10]);
        assertEquals(2, run("import", "--dir", tmp.resolve("images").toString(), "--file", file.toString(),
                "--disk-format", "raw", "--property", "size=1"));
        assertEquals(2, run("import", "--dir", tmp.resolve("images").toString(), "--file", file.toString(),
                "--disk-format", "raw", "--property", "name=x"));
        try (var left = Files.list(tmp.resolve("images"))) {
            assertEquals(0, left.count());
        }
    }

    private int run(String... args) {
        return ImageServerMain.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }
}
