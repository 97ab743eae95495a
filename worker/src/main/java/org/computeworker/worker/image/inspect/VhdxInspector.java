package org.computeworker.worker.image.inspect;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;

/**
 * VHDX: follows the region table at 192 KiB to the metadata region and reads the Virtual Disk Size item from
 * it; a Parent Locator item (a differencing disk naming another file) is refused. Layout: MS-VHDX 2.2-2.6.
 */
final class VhdxInspector implements FormatInspector {
    private static final byte[] MAGIC = "vhdxfile".getBytes(StandardCharsets.US_ASCII);
    private static final long REGION_TABLE_OFFSET = 192 * 1024;
    private static final byte[] REGION_SIGNATURE = "regi".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] METADATA_SIGNATURE = "metadata".getBytes(StandardCharsets.US_ASCII);
    private static final int ENTRY_LENGTH = 32;
    /** Both tables are capped at 2047 entries by the spec (and by qemu). */
    private static final int MAX_ENTRIES = 2047;
    private static final byte[] METADATA_REGION = guid("8B7CA206-4790-4B9A-B8FE-575F050F886E");
    private static final byte[] VIRTUAL_DISK_SIZE = guid("2FA54224-CD1B-4876-B211-5DBED83BF4B8");
    private static final byte[] PARENT_LOCATOR = guid("A8D35F2D-B30B-454D-ABF7-D3D84834AB0C");

    @Override
    public ImageFormat format() {
        return ImageFormat.VHDX;
    }

    @Override
    public Optional<ImageInspection> inspect(ImageSource source) throws IOException {
        if (!source.hasBytesAt(0, MAGIC)) {
            return Optional.empty();
        }
        ImageInspection.Builder result = ImageInspection.builder(ImageFormat.VHDX);
        long metadataOffset = findMetadataRegion(source, result);
        if (metadataOffset >= 0) {
            readMetadata(source, metadataOffset, result);
        }
        return Optional.of(result.build());
    }

    /** The metadata region's file offset, or -1 after recording why it could not be found. */
    private static long findMetadataRegion(ImageSource source, ImageInspection.Builder result) throws IOException {
        HeaderBytes table = HeaderBytes.littleEndian(source.read(REGION_TABLE_OFFSET, 16 + MAX_ENTRIES * ENTRY_LENGTH));
        if (!table.has(0, 16) || !Arrays.equals(table.slice(0, 4), REGION_SIGNATURE)) {
            result.violation("VHDX region table is missing or truncated");
            return -1;
        }
        long count = table.u32(8);
        if (count > MAX_ENTRIES || !table.has(16, (int) count * ENTRY_LENGTH)) {
            result.violation("VHDX region table has an invalid entry count " + count);
            return -1;
        }
        for (int i = 0; i < count; i++) {
            int entry = 16 + i * ENTRY_LENGTH;
            if (Arrays.equals(table.slice(entry, 16), METADATA_REGION)) {
                return table.u64(entry + 16);
            }
        }
        result.violation("VHDX has no metadata region");
        return -1;
    }

    private static void readMetadata(ImageSource source, long regionOffset, ImageInspection.Builder result)
            throws IOException {
        HeaderBytes table = HeaderBytes.littleEndian(source.read(Math.max(regionOffset, 0),
                ENTRY_LENGTH + MAX_ENTRIES * ENTRY_LENGTH));
        if (regionOffset < 0 || !table.has(0, ENTRY_LENGTH)
                || !Arrays.equals(table.slice(0, 8), METADATA_SIGNATURE)) {
            result.violation("VHDX metadata table is missing or truncated");
            return;
        }
        int count = table.u16(10);
        if (count > MAX_ENTRIES || !table.has(ENTRY_LENGTH, count * ENTRY_LENGTH)) {
            result.violation("VHDX metadata table has an invalid entry count " + count);
            return;
        }
        boolean sized = false;
        for (int i = 0; i < count; i++) {
            int entry = ENTRY_LENGTH + i * ENTRY_LENGTH;
            byte[] id = table.slice(entry, 16);
            if (Arrays.equals(id, PARENT_LOCATOR)) {
                result.fact(ImageInspection.PARENT, "parent locator")
                        .violation("VHDX is a differencing disk (it refers to a parent file)");
            } else if (Arrays.equals(id, VIRTUAL_DISK_SIZE)) {
                HeaderBytes item = HeaderBytes.littleEndian(source.read(regionOffset + table.u32(entry + 16), 8));
                if (item.has(0, 8) && item.u64(0) >= 0) {
                    result.virtualSize(item.u64(0));
                    sized = true;
                }
            }
        }
        if (!sized) {
            result.violation("VHDX virtual disk size is missing or invalid");
        }
    }

    /** A GUID as VHDX stores it: the first three fields little-endian, the last eight bytes as written. */
    private static byte[] guid(String text) {
        UUID uuid = UUID.fromString(text);
        ByteBuffer big = ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits())
                .putLong(uuid.getLeastSignificantBits());
        ByteBuffer out = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        out.putInt(big.getInt(0)).putShort(big.getShort(4)).putShort(big.getShort(6));
        out.put(Arrays.copyOfRange(big.array(), 8, 16));
        return out.array();
    }
}
