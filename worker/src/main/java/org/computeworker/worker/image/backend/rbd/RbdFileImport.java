package org.computeworker.worker.image.backend.rbd;

import com.ceph.rbd.Rbd;
import com.ceph.rbd.RbdException;
import com.ceph.rbd.RbdImage;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Arrays;

/**
 * Copies a local raw file into a new RBD image with plain librbd writes (rados-java has no import helper), leaving
 * out all-zero objects so the image stays as sparse as the file, as {@code rbd import} does.
 *
 * <p>Each write covers {@value #OBJECTS_PER_WRITE} whole objects (16 MiB with the default 4 MiB objects):
 * object-aligned, so no OSD ever reads to modify part of an object, and several objects per call, because librbd
 * sends one call's object writes in parallel and rados-java offers only synchronous calls. A bigger chunk bought
 * little more here and costs heap per concurrent import (rados-java copies the array into native memory too).
 */
final class RbdFileImport {
    static final int OBJECTS_PER_WRITE = 4;

    private RbdFileImport() {
    }

    /**
     * Creates {@code name}, with {@code features}, in the pool {@code rbd} works on, holding the bytes of {@code in}
     * (read by position: the channel's own position is left alone).
     */
    static void run(Rbd rbd, FileChannel in, String name, long features) throws IOException {
        long size = in.size();
        rbd.create(name, size, features, 0);
        try (RbdImage image = rbd.open(name)) {
            int objectSize = Math.toIntExact(image.stat().obj_size);
            copy(in, size, image, objectSize);
        }
    }

    private static void copy(FileChannel in, long size, RbdImage image, int objectSize) throws IOException {
        byte[] chunk = new byte[objectSize * OBJECTS_PER_WRITE];
        byte[] zeros = new byte[objectSize];
        for (long offset = 0; offset < size; offset += chunk.length) {
            int length = (int) Math.min(chunk.length, size - offset);
            readFully(in, chunk, length, offset);
            writeNonZeroRuns(image, chunk, length, offset, zeros);
        }
    }

    /** Writes the runs of object-sized pieces that hold any non-zero byte; unwritten parts of an image read as 0. */
    private static void writeNonZeroRuns(RbdImage image, byte[] chunk, int length, long offset, byte[] zeros)
            throws RbdException {
        int runStart = -1;
        for (int at = 0; at < length; at += zeros.length) {
            boolean data = !isZero(chunk, at, Math.min(zeros.length, length - at), zeros);
            if (data && runStart < 0) {
                runStart = at;
            } else if (!data && runStart >= 0) {
                write(image, chunk, runStart, at, offset);
                runStart = -1;
            }
        }
        if (runStart >= 0) {
            write(image, chunk, runStart, length, offset);
        }
    }

    /** rados-java writes from the start of the array, so only a run starting later needs a copy. */
    private static void write(RbdImage image, byte[] chunk, int from, int to, long offset) throws RbdException {
        byte[] data = from == 0 ? chunk : Arrays.copyOfRange(chunk, from, to);
        image.write(data, offset + from, to - from);
    }

    private static boolean isZero(byte[] chunk, int from, int length, byte[] zeros) {
        return Arrays.mismatch(chunk, from, from + length, zeros, 0, length) < 0;
    }

    private static void readFully(FileChannel in, byte[] chunk, int length, long position) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(chunk, 0, length);
        while (buffer.hasRemaining()) {
            if (in.read(buffer, position + buffer.position()) < 0) {
                throw new EOFException("file shrank during the import, at byte " + (position + buffer.position()));
            }
        }
    }
}
