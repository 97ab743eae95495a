package org.computeworker.worker.image.inspect;

import java.io.IOException;
import java.util.Optional;

/**
 * LUKS encrypted volume: only version 1 is accepted (qemu's luks driver reads no other); the virtual size is
 * what follows the key material, i.e. the file size less the payload offset.
 */
final class LuksInspector implements FormatInspector {
    private static final byte[] MAGIC = {'L', 'U', 'K', 'S', (byte) 0xBA, (byte) 0xBE};
    private static final int HEADER_LENGTH = 108;
    private static final int SECTOR = 512;

    @Override
    public ImageFormat format() {
        return ImageFormat.LUKS;
    }

    @Override
    public Optional<ImageInspection> inspect(ImageSource source) throws IOException {
        if (!source.hasBytesAt(0, MAGIC)) {
            return Optional.empty();
        }
        ImageInspection.Builder result = ImageInspection.builder(ImageFormat.LUKS);
        HeaderBytes header = HeaderBytes.bigEndian(source.read(0, HEADER_LENGTH));
        if (!header.has(0, HEADER_LENGTH)) {
            return Optional.of(result.violation("luks header is truncated").build());
        }
        int version = header.u16(6);
        result.fact(ImageInspection.VERSION, version);
        if (version != 1) {
            result.violation("LUKS version " + version + " is not supported");
        }
        long payloadBytes = header.u32(104) * SECTOR;
        if (payloadBytes > source.size()) {
            result.violation("LUKS payload offset lies beyond the end of the file");
        } else {
            result.virtualSize(source.size() - payloadBytes);
        }
        return Optional.of(result.build());
    }
}
