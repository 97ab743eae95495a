package org.computeworker.worker.image.inspect;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Positional, size-capped reads of an image file, so an inspector can only ever look at the header regions it
 * asks for and a hostile header cannot make it stream or buffer the whole image.
 */
final class ImageSource implements Closeable {
    /** No single header structure we parse is larger than this (qemu caps VMDK descriptors just under 1 MiB). */
    static final int MAX_READ = 1 << 20;

    private final FileChannel channel;
    private final long size;
    private long bytesRead;

    private ImageSource(FileChannel channel) throws IOException {
        this.channel = channel;
        this.size = channel.size();
    }

    static ImageSource open(Path file) throws IOException {
        return new ImageSource(FileChannel.open(file, StandardOpenOption.READ));
    }

    long size() {
        return size;
    }

    /** Total bytes handed to inspectors so far: lets tests prove reads stay bounded. */
    long bytesRead() {
        return bytesRead;
    }

    /** Up to {@code length} bytes at {@code offset}: fewer near the end of the file, none past it. */
    byte[] read(long offset, int length) throws IOException {
        if (offset < 0 || length < 0 || length > MAX_READ) {
            throw new IllegalArgumentException("refusing read of " + length + " bytes at " + offset);
        }
        if (offset >= size) {
            return new byte[0];
        }
        int wanted = (int) Math.min(length, size - offset);
        ByteBuffer buffer = ByteBuffer.allocate(wanted);
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, offset + buffer.position());
            if (n < 0) {
                break;
            }
        }
        bytesRead += buffer.position();
        return buffer.position() == wanted ? buffer.array() : Arrays.copyOf(buffer.array(), buffer.position());
    }

    /** True when the file holds {@code magic} at {@code offset}. */
    boolean hasBytesAt(long offset, byte[] magic) throws IOException {
        return Arrays.equals(read(offset, magic.length), magic);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
