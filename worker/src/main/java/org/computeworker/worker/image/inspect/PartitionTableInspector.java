package org.computeworker.worker.image.inspect;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A whole-disk image with an MBR or a GPT behind its protective MBR (nova calls both "gpt"). The partition
 * entries are sanity-checked the way nova does: a protective MBR must hold exactly one well-formed 0xEE entry.
 */
final class PartitionTableInspector implements FormatInspector {
    private static final int SECTOR = 512;
    private static final int ENTRIES_OFFSET = 446;
    private static final int ENTRY_LENGTH = 16;
    private static final int GPT_PROTECTIVE = 0xEE;
    private static final int FAT_COUNT_OFFSET = 0x10;
    private static final int MEDIA_DESCRIPTOR_OFFSET = 0x15;
    private static final int MEDIA_FIXED_DISK = 0xF8;

    @Override
    public ImageFormat format() {
        return ImageFormat.GPT;
    }

    @Override
    public Optional<ImageInspection> inspect(ImageSource source) throws IOException {
        HeaderBytes mbr = HeaderBytes.littleEndian(source.read(0, SECTOR));
        if (!mbr.has(0, SECTOR) || mbr.u16(510) != 0xAA55 || isFatBootSector(mbr)) {
            return Optional.empty();
        }
        ImageInspection.Builder result = ImageInspection.builder(ImageFormat.GPT).virtualSize(source.size());
        List<Integer> used = new ArrayList<>();
        boolean protective = false;
        for (int i = 0; i < 4; i++) {
            int entry = ENTRIES_OFFSET + i * ENTRY_LENGTH;
            int bootFlag = mbr.u8(entry);
            int type = mbr.u8(entry + 4);
            if (bootFlag != 0x00 && bootFlag != 0x80) {
                result.violation("MBR partition " + i + " has an invalid boot flag");
            }
            if (type != 0) {
                used.add(i);
            }
            if (type == GPT_PROTECTIVE) {
                protective = true;
                checkProtectiveEntry(mbr, entry, result);
            }
        }
        result.fact(ImageInspection.PARTITION_TABLE, protective ? "gpt" : "mbr");
        if (protective && !used.equals(List.of(0))) {
            result.violation("GPT protective MBR defines extra partitions");
        }
        if (used.isEmpty()) {
            result.violation("MBR defines no partitions");
        }
        return Optional.of(result.build());
    }

    private static void checkProtectiveEntry(HeaderBytes mbr, int entry, ImageInspection.Builder result) {
        // Start CHS must be head 0, sector 2, cylinder 0 and the start LBA 1: the GPT header's sector.
        if (mbr.u8(entry + 1) != 0x00 || mbr.u8(entry + 2) != 0x02 || mbr.u8(entry + 3) != 0x00) {
            result.violation("GPT protective MBR has an invalid start CHS");
        }
        if (mbr.u32(entry + 8) != 1) {
            result.violation("GPT protective MBR has an invalid start LBA");
        }
    }

    /** A FAT volume boot record carries the same 0x55AA signature but is a filesystem, not a partition table. */
    private static boolean isFatBootSector(HeaderBytes sector) {
        return sector.u8(FAT_COUNT_OFFSET) == 2 && sector.u8(MEDIA_DESCRIPTOR_OFFSET) == MEDIA_FIXED_DISK;
    }
}
