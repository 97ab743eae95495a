package org.computeworker.worker.image.inspect;

import java.io.IOException;
import java.util.Optional;

/**
 * VirtualBox VDI: a little-endian header whose signature sits at 0x40 and whose disk size sits at 0x170.
 * Only normal (dynamic) and fixed images are accepted; undo and differencing images depend on other files.
 */
final class VdiInspector implements FormatInspector {
    private static final long SIGNATURE = 0xBEDA107FL;
    private static final int HEADER_LENGTH = 0x178;
    private static final long TYPE_NORMAL = 1;
    private static final long TYPE_FIXED = 2;

    @Override
    public ImageFormat format() {
        return ImageFormat.VDI;
    }

    @Override
    public Optional<ImageInspection> inspect(ImageSource source) throws IOException {
        HeaderBytes header = HeaderBytes.littleEndian(source.read(0, 512));
        if (!header.has(0x40, 4) || header.u32(0x40) != SIGNATURE) {
            return Optional.empty();
        }
        ImageInspection.Builder result = ImageInspection.builder(ImageFormat.VDI);
        if (!header.has(0, HEADER_LENGTH)) {
            return Optional.of(result.violation("vdi header is truncated").build());
        }
        long type = header.u32(0x4C);
        result.fact(ImageInspection.DISK_TYPE, type);
        if (type != TYPE_NORMAL && type != TYPE_FIXED) {
            result.violation("VDI image type " + type + " is not a normal or fixed image");
        }
        long size = header.u64(0x170);
        if (size < 0) {
            result.violation("VDI disk size is out of range");
        } else {
            result.virtualSize(size);
        }
        return Optional.of(result.build());
    }
}
