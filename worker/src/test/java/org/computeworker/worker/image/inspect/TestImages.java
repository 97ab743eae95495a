package org.computeworker.worker.image.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Real image files for the tests: made by the real qemu-img where it can make them, hand-crafted byte by byte
 * where it cannot (ISOs, partition tables, hostile headers). Fails, never skips, when qemu-img is missing.
 */
public final class TestImages {
    public static final String INSTALL_HINT = "apt-get install -y qemu-utils";
    public static final long MIB = 1L << 20;
    public static final long GIB = 1L << 30;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;

    public TestImages(Path dir) {
        this.dir = dir;
    }

    /** Call from {@code @BeforeAll}: these tests are worthless without the real qemu-img. */
    public static void requireQemuImg() {
        try {
            Process p = new ProcessBuilder("qemu-img", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            if (p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0) {
                return;
            }
        } catch (IOException e) {
            // fall through to the failure below
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        fail("qemu-img is required by the image safety tests and was not found; install it with: " + INSTALL_HINT);
    }

    public Path path(String name) {
        return dir.resolve(name);
    }

    /** Runs the real qemu-img with these arguments in the test directory; fails the test if it fails. */
    public String qemuImg(String... args) {
        List<String> command = new ArrayList<>(List.of("qemu-img"));
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(60, TimeUnit.SECONDS);
            assertEquals(0, p.exitValue(), () -> String.join(" ", command) + " failed: " + out);
            return out;
        } catch (IOException e) {
            return fail("could not run qemu-img (" + e.getMessage() + "); install it with: " + INSTALL_HINT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail("interrupted");
        }
    }

    /** {@code qemu-img create -f FORMAT [-o OPTIONS] NAME SIZE}. */
    public Path create(String name, String format, long size, String... options) {
        List<String> args = new ArrayList<>(List.of("create", "-q", "-f", format));
        if (options.length > 0) {
            args.add("-o");
            args.add(String.join(",", options));
        }
        args.add(name);
        args.add(Long.toString(size));
        qemuImg(args.toArray(String[]::new));
        return path(name);
    }

    /** What the real qemu-img reports, read with the format forced. */
    public JsonNode qemuInfo(Path image, String format) {
        try {
            return JSON.readTree(qemuImg("info", "-f", format, "--output=json", "--force-share", image.toString()));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** A sparse raw file of this size. */
    public Path raw(String name, long size) throws IOException {
        Path file = path(name);
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(size);
        }
        return file;
    }

    public Path file(String name, byte[] content) throws IOException {
        return Files.write(path(name), content);
    }

    /** Overwrites bytes at an offset, growing the file if needed. */
    public static void patch(Path file, long offset, byte[] bytes) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(offset);
            f.write(bytes);
        }
    }

    public static void truncate(Path file, long size) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(size);
        }
    }

    /** An ISO 9660 primary volume descriptor at sector 16 of a sparse file of {@code blocks} 2 KiB blocks. */
    public Path iso(String name, int blocks) throws IOException {
        Path file = raw(name, blocks * 2048L);
        writeIsoDescriptor(file, blocks);
        return file;
    }

    public static void writeIsoDescriptor(Path file, int blocks) throws IOException {
        ByteBuffer pvd = ByteBuffer.allocate(2048).order(ByteOrder.LITTLE_ENDIAN);
        pvd.put(0, (byte) 1).put(1, "CD001".getBytes(StandardCharsets.US_ASCII)).put(6, (byte) 1);
        pvd.putInt(80, blocks).order(ByteOrder.BIG_ENDIAN).putInt(84, blocks);
        pvd.order(ByteOrder.LITTLE_ENDIAN).putShort(128, (short) 2048).order(ByteOrder.BIG_ENDIAN)
                .putShort(130, (short) 2048);
        patch(file, 32 * 1024, pvd.array());
    }

    /** A first sector holding an MBR: 0x55AA plus the given 16-byte partition entries. */
    public static byte[] mbr(byte[]... entries) {
        ByteBuffer sector = ByteBuffer.allocate(512);
        for (int i = 0; i < entries.length; i++) {
            sector.put(446 + 16 * i, entries[i]);
        }
        sector.put(510, (byte) 0x55).put(511, (byte) 0xAA);
        return sector.array();
    }

    /** One MBR partition entry. */
    public static byte[] partition(int bootFlag, int type, int startHead, int startSector, long startLba,
                                   long sectors) {
        ByteBuffer entry = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        entry.put(0, (byte) bootFlag).put(1, (byte) startHead).put(2, (byte) startSector).put(3, (byte) 0);
        entry.put(4, (byte) type).putInt(8, (int) startLba).putInt(12, (int) sectors);
        return entry.array();
    }

    /** The protective MBR a GPT disk carries: one 0xEE partition from LBA 1. */
    public static byte[] protectiveMbr(long diskSectors) {
        return mbr(partition(0, 0xEE, 0, 2, 1, Math.min(diskSectors - 1, 0xFFFFFFFFL)));
    }

    public static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
