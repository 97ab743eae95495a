package org.computeworker.imageserver;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * Reads a qcow2 file's virtual disk size from its header: magic "QFI\xfb" at offset 0, version
 * 2 or 3 at 4, and the size in bytes as a big-endian 64-bit integer at offset 24.
 */
final class Qcow2Header {
    private static final int MAGIC = 0x514649fb;
    private static final int HEADER_PREFIX = 32;

    private Qcow2Header() {
    }

    /** Empty when the file is not a qcow2 image (too short, wrong magic or unknown version). */
    static OptionalLong virtualSize(Path file) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(HEADER_PREFIX);
        }
        if (head.length < HEADER_PREFIX) {
            return OptionalLong.empty();
        }
        ByteBuffer header = ByteBuffer.wrap(head);
        int version = header.getInt(4);
        long size = header.getLong(24);
        if (header.getInt(0) != MAGIC || (version != 2 && version != 3) || size < 0) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(size);
    }
}
