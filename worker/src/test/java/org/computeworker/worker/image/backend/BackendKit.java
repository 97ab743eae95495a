package org.computeworker.worker.image.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.computeworker.imageserver.ImageImporter;
import org.computeworker.imageserver.ImageServerOptions;
import org.computeworker.imageserver.ImportRequest;
import org.computeworker.messages.objects.Instance;
import org.computeworker.messages.objects.NovaObject;
import org.computeworker.messages.rpc.RequestContext;
import org.computeworker.worker.image.cache.ImageCacheOptions;
import org.computeworker.worker.image.inspect.TestImages;
import org.computeworker.worker.image.qemu.QemuImg;
import org.computeworker.worker.image.service.LocalDirectoryImageService;
import org.computeworker.worker.config.LibvirtImageOptions;

/**
 * A host for the backend tests: instances_path and a local image directory under one temp dir, real qemu-img, and an
 * image service that counts downloads. Images are made by the real qemu-img and imported with the image server's
 * own importer.
 */
final class BackendKit {
    static final long MIB = 1L << 20;
    static final long GIB = 1L << 30;
    /** What the test raw images start with, so copies and overlays can be checked byte for byte. */
    static final byte[] MARKER = "compute-worker test image\n".getBytes(StandardCharsets.US_ASCII);

    final Path root;
    final Path instances;
    final Path imagesDir;
    final TestImages files;
    final QemuImg qemuImg = QemuImg.withDefaults();
    final CountingImageService images;
    final LibvirtImageOptions options;
    final LocalStorage storage;
    final ImageFetch fetch;
    final DiskTemplates templates;
    final RequestContext context = RequestContext.admin();

    BackendKit(Path root, LibvirtImageOptions options) throws IOException {
        this(root, options, new LocalDiskCopier(Map.of()));
    }

    BackendKit(Path root, LibvirtImageOptions options, DiskCopier copier) throws IOException {
        TestImages.requireQemuImg();
        this.root = root;
        this.instances = Files.createDirectories(root.resolve("instances"));
        this.imagesDir = Files.createDirectories(root.resolve("images"));
        this.files = new TestImages(Files.createDirectories(root.resolve("scratch")));
        this.images = new CountingImageService(new LocalDirectoryImageService(imagesDir));
        this.options = options;
        this.storage = LocalStorage.create(instances, ImageCacheOptions.defaults(), options, qemuImg);
        this.fetch = new ImageFetch(images, qemuImg, storage.safety(), options.forceRawImages());
        this.templates = new DiskTemplates(fetch, storage, options, copier);
    }

    ImageBackend backend() {
        return ImageBackends.forConfig(options, storage);
    }

    /** A sparse raw image of {@code size} bytes that starts with {@link #MARKER}. */
    Path rawFile(String name, long size) throws IOException {
        Path file = files.raw(name, size);
        TestImages.patch(file, 0, MARKER);
        return file;
    }

    /** The same content as {@link #rawFile}, as a qcow2 made by qemu-img convert. */
    Path qcow2File(String name, long size) throws IOException {
        Path raw = rawFile(name + ".src", size);
        files.qemuImg("convert", "-q", "-f", "raw", "-O", "qcow2", raw.toString(), name);
        Files.delete(raw);
        return files.path(name);
    }

    String importImage(Path file, String diskFormat) throws IOException {
        ObjectNode doc = new ImageImporter(imagesDir, ImageServerOptions.defaults())
                .importFile(ImportRequest.of(file, diskFormat, file.getFileName().toString()));
        return doc.get("id").asText();
    }

    static Instance instance() {
        ObjectNode primitive = NovaObject.newPrimitive(Instance.OBJ_NAME, Instance.OBJ_VERSION);
        ((ObjectNode) primitive.get(NovaObject.DATA)).put("uuid", UUID.randomUUID().toString());
        return new Instance(primitive);
    }

    Path cacheDir() {
        return storage.cache().directory();
    }

    List<String> cacheEntries() throws IOException {
        if (!Files.isDirectory(cacheDir())) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(cacheDir())) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** The visible entries of a directory, sorted (lock files are hidden). */
    static List<String> listNames(Path directory) throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList();
        }
    }

    JsonNode info(Path image, String format) {
        return files.qemuInfo(image, format);
    }

    static byte[] head(Path file, int n) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            byte[] bytes = new byte[n];
            f.readFully(bytes);
            return bytes;
        }
    }

    /** The first bytes a guest would read from {@code disk}, through qemu-img convert to raw. */
    byte[] guestHead(Path disk, String format, int n) throws IOException {
        Path raw = files.path("guest-view-" + UUID.randomUUID() + ".raw");
        files.qemuImg("convert", "-q", "-f", format, "-O", "raw", disk.toString(), raw.toString());
        try {
            return head(raw, n);
        } finally {
            Files.delete(raw);
        }
    }

    static void assertStartsWithMarker(byte[] head) {
        assertEquals(new String(MARKER, StandardCharsets.US_ASCII),
                new String(head, 0, MARKER.length, StandardCharsets.US_ASCII));
    }
}
