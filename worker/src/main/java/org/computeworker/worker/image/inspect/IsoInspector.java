package org.computeworker.worker.image.inspect;

import java.io.IOException;
import java.util.Optional;
import java.util.Set;

/**
 * ISO 9660 / UDF: the volume descriptor in sector 16 (after the 32 KiB system area). qemu reads an ISO as raw,
 * so the virtual size is the file size; the primary volume descriptor's size is kept as a fact.
 */
final class IsoInspector implements FormatInspector {
    private static final long DESCRIPTOR_OFFSET = 32 * 1024;
    private static final int DESCRIPTOR_LENGTH = 2048;
    private static final Set<String> IDENTIFIERS = Set.of("CD001", "NSR02", "NSR03");
    private static final int PRIMARY_VOLUME_DESCRIPTOR = 1;

    @Override
    public ImageFormat format() {
        return ImageFormat.ISO;
    }

    @Override
    public Optional<ImageInspection> inspect(ImageSource source) throws IOException {
        HeaderBytes descriptor = HeaderBytes.littleEndian(source.read(DESCRIPTOR_OFFSET, DESCRIPTOR_LENGTH));
        // Like nova, demand the whole descriptor sector: a shorter file is not an ISO.
        if (!descriptor.has(0, DESCRIPTOR_LENGTH) || !IDENTIFIERS.contains(descriptor.ascii(1, 5))) {
            return Optional.empty();
        }
        ImageInspection.Builder result = ImageInspection.builder(ImageFormat.ISO).virtualSize(source.size());
        if (descriptor.u8(0) == PRIMARY_VOLUME_DESCRIPTOR) {
            // Both-endian fields: the little-endian half comes first.
            long blocks = descriptor.u32(80);
            long blockSize = descriptor.u16(128);
            result.fact(ImageInspection.VOLUME_SIZE, blocks * blockSize);
        }
        return Optional.of(result.build());
    }
}
