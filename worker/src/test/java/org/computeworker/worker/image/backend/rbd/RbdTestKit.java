package org.computeworker.worker.image.backend.rbd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.computeworker.imageserver.ImageImporter;
import org.computeworker.imageserver.ImageServerOptions;
import org.computeworker.imageserver.ImportRequest;
import org.computeworker.imageserver.RbdStore;
import org.computeworker.messages.objects.Instance;
import org.computeworker.messages.objects.NovaObject;
import org.computeworker.messages.rpc.RequestContext;
import org.computeworker.worker.image.backend.CountingImageService;
import org.computeworker.worker.image.backend.DiskTemplates;
import org.computeworker.worker.image.backend.ImageFetch;
import org.computeworker.worker.config.LibvirtImageOptions;
import org.computeworker.worker.image.backend.LocalDiskCopier;
import org.computeworker.worker.image.backend.LocalStorage;
import org.computeworker.worker.image.backend.Template;
import org.computeworker.worker.image.cache.ImageCacheOptions;
import org.computeworker.worker.image.inspect.TestImages;
import org.computeworker.worker.image.qemu.QemuImg;
import org.computeworker.worker.image.service.LocalDirectoryImageService;

/**
 * A compute host for the RBD tests: instances_path and a Glance-like image directory under one temp dir, the real
 * qemu-img, an image service that counts downloads, and images stored in Ceph the way Glance's rbd store does it
 * (by the image server's own importer).
 */
final class RbdTestKit {
    static final long MIB = 1L << 20;
    static final long GIB = 1L << 30;
    static final int BLOCK = 4096;

    final CephTestCluster ceph;
    final TestImages files;
    final Path imagesDir;
    final QemuImg qemuImg = QemuImg.withDefaults();
    final CountingImageService images;
    final LocalStorage storage;
    final DiskTemplates templates;
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final RequestContext context = RequestContext.admin();

    RbdTestKit(Path root, CephTestCluster ceph) throws IOException {
        TestImages.requireQemuImg();
        this.ceph = ceph;
        this.files = new TestImages(Files.createDirectories(root.resolve("scratch")));
        this.imagesDir = Files.createDirectories(root.resolve("images"));
        this.images = new CountingImageService(new LocalDirectoryImageService(imagesDir));
        LibvirtImageOptions options = LibvirtImageOptions.defaults().withImagesType("rbd");
        this.storage = LocalStorage.create(Files.createDirectories(root.resolve("instances")),
                ImageCacheOptions.defaults(), options, qemuImg);
        this.templates = new DiskTemplates(new ImageFetch(images, qemuImg, storage.safety(), true), storage,
                options, new LocalDiskCopier(Map.of()));
    }

    RbdBackend backend(RbdOptions options) {
        return RbdBackend.create(options, storage, registry);
    }

    /** A sparse raw file of {@code size} bytes with a random 4 KiB block at each of {@code offsets}. */
    Path rawWithBlocks(String name, long size, long... offsets) throws IOException {
        Path file = files.path(name);
        Random random = new Random(name.hashCode());
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(size);
            for (long offset : offsets) {
                byte[] block = new byte[BLOCK];
                random.nextBytes(block);
                f.seek(offset);
                f.write(block);
            }
        }
        return file;
    }

    Path qcow2Of(Path raw, String name) {
        files.qemuImg("convert", "-q", "-f", "raw", "-O", "qcow2", raw.toString(), name);
        return files.path(name);
    }

    /** Adds the file to the image directory; with {@code inCeph} also as {@code images/<id>@snap}, protected. */
    String importImage(Path file, String diskFormat, boolean inCeph) throws IOException {
        RbdStore store = inCeph ? new RbdStore("images", ceph.conf.toString(), CephTestCluster.USER) : null;
        ObjectNode doc = new ImageImporter(imagesDir, ImageServerOptions.defaults().withLocationsShown(true, true))
                .importFile(ImportRequest.of(file, diskFormat, file.getFileName().toString()), store);
        return doc.get("id").asText();
    }

    Template root(String imageId, int rootGb) {
        return templates.root(context, imageId, rootGb, null);
    }

    double rootDisks(String path) {
        Counter counter = registry.find("compute_worker.image.root_disk").tag("path", path).counter();
        return counter == null ? 0 : counter.count();
    }

    static Instance instance() {
        return instanceWithUuid(UUID.randomUUID().toString());
    }

    static Instance instanceWithUuid(String uuid) {
        return instance(uuid, 0);
    }

    static Instance instance(String uuid, int rootGb) {
        ObjectNode primitive = NovaObject.newPrimitive(Instance.OBJ_NAME, Instance.OBJ_VERSION);
        ((ObjectNode) primitive.get(NovaObject.DATA)).put("uuid", uuid).put("root_gb", rootGb);
        return new Instance(primitive);
    }

    /** The guest sees the source's bytes at each offset (and its first block). */
    static void assertSameBlocks(Path source, RbdDriver driver, String pool, String image, long... offsets)
            throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(source.toFile(), "r")) {
            for (long offset : prepend(0, offsets)) {
                byte[] expected = new byte[BLOCK];
                f.seek(offset);
                f.readFully(expected);
                assertArrayEquals(expected, driver.read(pool, image, offset, BLOCK), "block at " + offset);
            }
        }
    }

    private static long[] prepend(long first, long[] rest) {
        long[] all = new long[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }
}
