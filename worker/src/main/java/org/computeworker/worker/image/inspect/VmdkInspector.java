package org.computeworker.worker.image.inspect;

import java.io.IOException;
import java.util.Optional;

/**
 * Sparse VMDK ("KDMV" header, the monolithicSparse and streamOptimized variants) with its embedded
 * descriptor; the older "COWD" sparse variant is recognised only to be refused. Header layout: VMware's
 * Virtual Disk Format 1.1, SparseExtentHeader.
 */
final class VmdkInspector implements FormatInspector {
    private static final byte[] KDMV = {'K', 'D', 'M', 'V'};
    private static final byte[] COWD = {'C', 'O', 'W', 'D'};
    private static final int HEADER_LENGTH = 64;
    private static final int SECTOR = 512;
    /** qemu only accepts an embedded descriptor that starts right after the header sector. */
    private static final long DESCRIPTOR_SECTOR = 1;
    private static final int DESCRIPTOR_MAX = (1 << 20) - 1;
    /** gdOffset value meaning "the real header is a footer at the end of the file". */
    private static final long GD_AT_END = -1L;

    @Override
    public ImageFormat format() {
        return ImageFormat.VMDK;
    }

    @Override
    public Optional<ImageInspection> inspect(ImageSource source) throws IOException {
        if (source.hasBytesAt(0, COWD)) {
            return Optional.of(ImageInspection.builder(ImageFormat.VMDK).fact(ImageInspection.CREATE_TYPE, "COWD")
                    .violation("VMDK3/ESX (COWD) sparse images are not supported").build());
        }
        if (!source.hasBytesAt(0, KDMV)) {
            return Optional.empty();
        }
        ImageInspection.Builder result = ImageInspection.builder(ImageFormat.VMDK);
        HeaderBytes header = HeaderBytes.littleEndian(source.read(0, SECTOR));
        if (!header.has(0, HEADER_LENGTH)) {
            return Optional.of(result.violation("vmdk header is truncated").build());
        }
        long version = header.u32(4);
        result.fact(ImageInspection.VERSION, version);
        if (version < 1 || version > 3) {
            return Optional.of(result.violation("unsupported VMDK version " + version).build());
        }
        long capacitySectors = header.u64(12);
        if (capacitySectors < 0 || capacitySectors > Long.MAX_VALUE / SECTOR) {
            result.violation("VMDK capacity is out of range");
        } else {
            result.virtualSize(capacitySectors * SECTOR);
        }
        if (header.u64(56) == GD_AT_END) {
            // The authoritative header is then a footer at the end of the file; refuse rather than trust two.
            return Optional.of(result.violation("VMDK with a footer (grain directory at end) is not supported")
                    .build());
        }
        long descriptorSector = header.u64(28);
        long descriptorSectors = header.u64(36);
        if (descriptorSector != DESCRIPTOR_SECTOR) {
            return Optional.of(result.violation("VMDK descriptor is not where qemu expects it (sector "
                    + descriptorSector + ")").build());
        }
        if (descriptorSectors <= 0) {
            return Optional.of(result.violation("VMDK has no embedded descriptor").build());
        }
        // Cap before multiplying: a hostile sector count must not overflow into a negative length.
        int descriptorLength = (int) Math.min(Math.min(descriptorSectors, DESCRIPTOR_MAX / SECTOR + 1) * SECTOR,
                DESCRIPTOR_MAX);
        byte[] text = source.read(descriptorSector * SECTOR, descriptorLength);
        if (text.length < descriptorLength) {
            return Optional.of(result.violation("VMDK descriptor is truncated").build());
        }
        VmdkDescriptor descriptor = VmdkDescriptor.parse(text);
        describe(descriptor, result);
        return Optional.of(result.build());
    }

    /** Copies a parsed descriptor's facts and problems into an inspection. */
    static void describe(VmdkDescriptor descriptor, ImageInspection.Builder result) {
        if (descriptor.createType() != null) {
            result.fact(ImageInspection.CREATE_TYPE, descriptor.createType());
        } else {
            result.violation("VMDK descriptor has no createType");
        }
        if (!descriptor.extents().isEmpty()) {
            result.fact(ImageInspection.EXTENTS, String.join("\n", descriptor.extents()));
        }
        descriptor.problems().forEach(result::violation);
    }
}
