package org.computeworker.worker.image.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.computeworker.worker.errors.NovaException;
import org.junit.jupiter.api.Test;

/** The copy loop stops at the first chunk past a limit instead of reading the rest. */
class ImageStreamCopierTest {
    private static final int MIB = 1 << 20;

    @Test
    void maxBytesStopsReadingWithinOneChunk() {
        EndlessStream source = new EndlessStream();
        ImageRecord unsized = record(null);
        NovaException e = assertThrows(NovaException.class, () -> ImageStreamCopier.copy(unsized, source,
                new ByteArrayOutputStream(), ImageDigests.expecting(unsized, null), 3L * MIB));
        assertEquals("ImageUnacceptable", e.pythonClass());
        assertTrue(source.served <= 4L * MIB, "read " + source.served + " bytes for a 3 MiB limit");
    }

    @Test
    void moreBytesThanTheRecordStatesStopReadingToo() {
        EndlessStream source = new EndlessStream();
        ImageRecord sized = record(2L * MIB);
        NovaException e = assertThrows(NovaException.class, () -> ImageStreamCopier.copy(sized, source,
                new ByteArrayOutputStream(), ImageDigests.expecting(sized, null), Long.MAX_VALUE));
        assertTrue(e.getMessage().contains("Corrupt image download"), e.getMessage());
        assertTrue(source.served <= 3L * MIB);
    }

    @Test
    void unsupportedHashAlgorithmIsRefusedUpFront() {
        ImageRecord odd = new ImageRecord("img", null, "active", "raw", "bare", 1L, 1L, null, "blake2b", "ab",
                0, 0, "public", false, null, null, null, List.of(), null, null, List.of(), Map.of());
        NovaException e = assertThrows(NovaException.class, () -> ImageDigests.expecting(odd, null));
        assertTrue(e.getMessage().contains("os_hash_algo blake2b is not supported"), e.getMessage());
    }

    @Test
    void contentMd5HeaderIsReadAsHexOrBase64() {
        assertEquals("0cc175b9c0f1b6a831c399e269772661",
                ImageDigests.md5HexFromHeader("0cc175b9c0f1b6a831c399e269772661"));
        assertEquals("0cc175b9c0f1b6a831c399e269772661", ImageDigests.md5HexFromHeader("DMF1ucDxtqgxw5niaXcmYQ=="));
    }

    private static ImageRecord record(Long size) {
        return new ImageRecord("img", null, "active", "raw", "bare", size, size, null, null, null, 0, 0,
                "public", false, null, null, null, List.of(), null, null, List.of(), Map.of());
    }

    /** Zeros forever, counting what was handed out. */
    private static final class EndlessStream extends InputStream {
        long served;

        @Override
        public int read() {
            served++;
            return 0;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            served += len;
            return len;
        }
    }
}
