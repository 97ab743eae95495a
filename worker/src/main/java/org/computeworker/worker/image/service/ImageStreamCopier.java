package org.computeworker.worker.image.service;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.computeworker.worker.errors.NovaErrors;

/**
 * Copies image bytes chunk by chunk while hashing them and enforcing the size limits, so a
 * too-large or over-long image is stopped at the first chunk past the limit. Read failures stay
 * IOExceptions (the transfer may be retried); write failures become CouldNotFetchImage.
 */
final class ImageStreamCopier {
    private static final int CHUNK = 1 << 20;

    private ImageStreamCopier() {
    }

    /**
     * Copies {@code in} to {@code out}; the record's {@code size}, when stated, must match exactly.
     *
     * @return the number of bytes copied
     */
    static long copy(ImageRecord record, InputStream in, OutputStream out, ImageDigests digests,
                     long maxBytes) throws IOException {
        byte[] buffer = new byte[CHUNK];
        long total = 0;
        int n;
        while ((n = in.read(buffer)) != -1) {
            total += n;
            checkLimits(record, total, maxBytes);
            digests.update(buffer, 0, n);
            try {
                out.write(buffer, 0, n);
            } catch (IOException e) {
                throw NovaErrors.couldNotFetchImage(record.id(), e);
            }
        }
        if (record.size() != null && total != record.size()) {
            throw NovaErrors.imageUnacceptable(record.id(),
                    "Corrupt image download. Size was " + total + " expected " + record.size());
        }
        return total;
    }

    /** Refuses an image before any byte moves when its stated size is already beyond the limit. */
    static void checkAnnouncedSize(ImageRecord record, long announced, long maxBytes) {
        if (announced > maxBytes) {
            throw tooLarge(record.id(), announced, maxBytes);
        }
    }

    private static void checkLimits(ImageRecord record, long total, long maxBytes) {
        if (total > maxBytes) {
            throw tooLarge(record.id(), total, maxBytes);
        }
        if (record.size() != null && total > record.size()) {
            throw NovaErrors.imageUnacceptable(record.id(), "Corrupt image download. More than the "
                    + record.size() + " bytes the image record states were received");
        }
    }

    private static RuntimeException tooLarge(String imageId, long bytes, long maxBytes) {
        return NovaErrors.imageUnacceptable(imageId, "Image data of at least " + bytes
                + " bytes exceeds the maximum of " + maxBytes + " bytes");
    }
}
