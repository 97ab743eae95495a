package org.computeworker.worker.image.inspect;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Unsigned, fixed-endian field access to a header read from an image, the way the format specs lay them out. */
final class HeaderBytes {
    private final ByteBuffer buffer;

    private HeaderBytes(byte[] bytes, ByteOrder order) {
        this.buffer = ByteBuffer.wrap(bytes).order(order);
    }

    static HeaderBytes bigEndian(byte[] bytes) {
        return new HeaderBytes(bytes, ByteOrder.BIG_ENDIAN);
    }

    static HeaderBytes littleEndian(byte[] bytes) {
        return new HeaderBytes(bytes, ByteOrder.LITTLE_ENDIAN);
    }

    int length() {
        return buffer.capacity();
    }

    /** True when {@code count} bytes starting at {@code offset} are present (the header was not cut short). */
    boolean has(int offset, int count) {
        return offset >= 0 && count >= 0 && offset + (long) count <= buffer.capacity();
    }

    int u8(int offset) {
        return Byte.toUnsignedInt(buffer.get(offset));
    }

    int u16(int offset) {
        return Short.toUnsignedInt(buffer.getShort(offset));
    }

    long u32(int offset) {
        return Integer.toUnsignedLong(buffer.getInt(offset));
    }

    /** The raw 64 bits; negative means the unsigned value is at least 2^63, which no real image has. */
    long u64(int offset) {
        return buffer.getLong(offset);
    }

    byte[] slice(int offset, int count) {
        byte[] out = new byte[count];
        buffer.get(offset, out);
        return out;
    }

    String ascii(int offset, int count) {
        return new String(slice(offset, count), StandardCharsets.ISO_8859_1);
    }
}
