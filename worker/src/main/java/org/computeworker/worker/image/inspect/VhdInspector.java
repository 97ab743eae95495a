package org.computeworker.worker.image.inspect;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;

/**
 * VHD (qemu's "vpc"): the footer copy at the start of a dynamic disk. The virtual size follows qemu's vpc
 * driver, which trusts the CHS geometry unless the creator is known to size by the footer's current-size field.
 * Differencing disks are refused: their parent locators name other files.
 */
final class VhdInspector implements FormatInspector {
    private static final byte[] MAGIC = "conectix".getBytes(StandardCharsets.US_ASCII);
    private static final int FOOTER_LENGTH = 512;
    private static final long DISK_TYPE_FIXED = 2;
    private static final long DISK_TYPE_DYNAMIC = 3;
    private static final long DISK_TYPE_DIFFERENCING = 4;
    /** Creator apps (Hyper-V, qemu's "qem2", disk2vhd, XenConverter, XenServer) whose size is current-size. */
    private static final Set<String> SIZED_BY_FOOTER = Set.of("win ", "qem2", "d2v ", "CTXS", "tap\0");
    /** 65535 cylinders x 16 heads x 255 sectors: geometry this large means "use current-size". */
    private static final long MAX_GEOMETRY_SECTORS = 65535L * 16 * 255;

    @Override
    public ImageFormat format() {
        return ImageFormat.VHD;
    }

    @Override
    public Optional<ImageInspection> inspect(ImageSource source) throws IOException {
        if (!source.hasBytesAt(0, MAGIC)) {
            return Optional.empty();
        }
        ImageInspection.Builder result = ImageInspection.builder(ImageFormat.VHD);
        HeaderBytes footer = HeaderBytes.bigEndian(source.read(0, FOOTER_LENGTH));
        if (!footer.has(0, FOOTER_LENGTH)) {
            return Optional.of(result.violation("vhd header is truncated").build());
        }
        long diskType = footer.u32(60);
        result.fact(ImageInspection.DISK_TYPE, diskType);
        if (diskType == DISK_TYPE_DIFFERENCING) {
            result.violation("VHD is a differencing disk (it refers to a parent file)");
        } else if (diskType != DISK_TYPE_FIXED && diskType != DISK_TYPE_DYNAMIC) {
            result.violation("VHD disk type " + diskType + " is not fixed or dynamic");
        }
        long currentSize = footer.u64(48);
        long geometrySectors = (long) footer.u16(56) * footer.u8(58) * footer.u8(59);
        String creator = footer.ascii(28, 4);
        long size = SIZED_BY_FOOTER.contains(creator) || geometrySectors == MAX_GEOMETRY_SECTORS
                ? currentSize : geometrySectors * 512;
        if (size < 0) {
            result.violation("VHD size is out of range");
        } else {
            result.virtualSize(size);
        }
        return Optional.of(result.build());
    }
}
