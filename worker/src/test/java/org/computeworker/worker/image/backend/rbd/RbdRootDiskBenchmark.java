package org.computeworker.worker.image.backend.rbd;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.computeworker.worker.image.backend.InstanceDisk;
import org.computeworker.worker.image.backend.RootDiskPreparer;
import org.computeworker.worker.image.backend.RootDiskPreparer.Outcome;
import org.computeworker.worker.image.cache.CacheNames;

/**
 * How long a root disk takes to prepare on a real single-node Ceph, for raw images of random data (nothing sparse
 * to skip): cloned from the image's snapshot inside Ceph, imported from a template already in the image cache,
 * and downloaded (checksums verified) then imported. Each includes growing the disk to a flavor 1 GiB bigger.
 * Not a test: it prints figures. Arguments: image sizes in GiB (default 1 4); {@code -Druns=N} runs each (3).
 */
public final class RbdRootDiskBenchmark {
    private static final long GIB = 1L << 30;

    private RbdRootDiskBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int[] sizes = args.length == 0 ? new int[] {1, 4} : java.util.Arrays.stream(args).mapToInt(Integer::parseInt)
                .toArray();
        int runs = Integer.getInteger("runs", 3);
        Path root = Files.createTempDirectory("cw-rbd-bench-");
        List<String> lines = new ArrayList<>();
        try (CephTestCluster ceph = CephTestCluster.start()) {
            RbdTestKit kit = new RbdTestKit(root, ceph);
            try (RbdBackend backend = kit.backend(ceph.options("vms"))) {
                backend.driver().exists("vms", "warm-up"); // connect, load librados and librbd: untimed
                for (int gib : sizes) {
                    lines.addAll(measure(kit, backend, gib, runs));
                }
            }
        } finally {
            CephTestCluster.deleteTree(root);
        }
        System.out.println();
        System.out.println("| image (raw, random data) | clone + resize | import from cache + resize "
                + "| download + import + resize |");
        System.out.println("|---|---|---|---|");
        lines.forEach(System.out::println);
    }

    private static List<String> measure(RbdTestKit kit, RbdBackend backend, int gib, int runs) throws IOException {
        Path file = randomFile(kit.files.path("bench-" + gib + "g.raw"), gib * GIB);
        String inCeph = kit.importImage(file, "raw", true);
        String notInCeph = kit.importImage(file, "raw", false);
        Files.delete(file);
        double[] clone = new double[runs];
        double[] cached = new double[runs];
        double[] download = new double[runs];
        for (int run = 0; run < runs; run++) {
            clone[run] = time(kit, backend, inCeph, gib, Outcome.CLONED);
            Files.deleteIfExists(kit.storage.cache().pathOf(CacheNames.forImage(notInCeph)));
            download[run] = time(kit, backend, notInCeph, gib, Outcome.DOWNLOADED);
            cached[run] = time(kit, backend, notInCeph, gib, Outcome.DOWNLOADED);
            System.out.printf("%d GiB run %d: clone %.2f s, import from cache %.2f s, download+import %.2f s%n",
                    gib, run + 1, clone[run], cached[run], download[run]);
        }
        Files.deleteIfExists(kit.storage.cache().pathOf(CacheNames.forImage(notInCeph)));
        backend.driver().remove("images", inCeph);
        return List.of(String.format("| %d GiB | %s | %s | %s |", gib, range(clone), range(cached), range(download)));
    }

    /** Seconds to prepare a fresh instance's root disk (removed again afterwards, untimed). */
    private static double time(RbdTestKit kit, RbdBackend backend, String imageId, int gib, Outcome expected) {
        InstanceDisk disk = backend.disk(RbdTestKit.instance(), "disk");
        long start = System.nanoTime();
        Outcome outcome = new RootDiskPreparer(kit.images)
                .prepare(kit.context, disk, imageId, kit.root(imageId, gib + 1));
        double seconds = (System.nanoTime() - start) / 1e9;
        disk.remove();
        if (outcome != expected) {
            throw new IllegalStateException("expected " + expected + " but the disk was " + outcome);
        }
        return seconds;
    }

    private static Path randomFile(Path file, long size) throws IOException {
        SplittableRandom random = new SplittableRandom(size);
        ByteBuffer buffer = ByteBuffer.allocate(8 << 20);
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            for (long written = 0; written < size; written += buffer.capacity()) {
                buffer.clear();
                while (buffer.hasRemaining()) {
                    buffer.putLong(random.nextLong());
                }
                buffer.flip();
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
            }
        }
        return file;
    }

    private static String range(double[] values) {
        double min = java.util.Arrays.stream(values).min().orElse(0);
        double max = java.util.Arrays.stream(values).max().orElse(0);
        double median = java.util.Arrays.stream(values).sorted().toArray()[values.length / 2];
        return String.format("%.2f s (%.2f-%.2f)", median, min, max);
    }
}
