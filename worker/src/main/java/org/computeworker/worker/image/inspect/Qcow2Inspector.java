package org.computeworker.worker.image.inspect;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * qcow2 (and its ancestor qcow, which is refused): reads the fixed header and walks the header extensions in the
 * first cluster, reporting a backing file, an external data file (incompatible bit or data-file extension) and
 * incompatible feature bits this host does not understand. Layout: qemu docs/interop/qcow2.txt.
 */
final class Qcow2Inspector implements FormatInspector {
    private static final byte[] MAGIC = {'Q', 'F', 'I', (byte) 0xFB};
    private static final int V2_HEADER_LENGTH = 72;
    private static final int V3_HEADER_LENGTH = 104;
    private static final int MIN_CLUSTER_BITS = 9;
    private static final int MAX_CLUSTER_BITS = 21;
    private static final int MAX_BACKING_NAME = 1023;

    // Incompatible feature bits qemu knows: dirty, corrupt, external data file, compression type, extended L2.
    private static final long EXTERNAL_DATA_FILE_BIT = 1L << 2;
    private static final long KNOWN_INCOMPATIBLE_BITS = (1L << 5) - 1;

    private static final long EXT_END = 0;
    private static final long EXT_BACKING_FORMAT = 0xE2792ACAL;
    private static final long EXT_DATA_FILE = 0x44415441L;
    private static final int MAX_EXTENSIONS = 64;
    private static final int MAX_NAME_READ = 4096;

    @Override
    public ImageFormat format() {
        return ImageFormat.QCOW2;
    }

    @Override
    public Optional<ImageInspection> inspect(ImageSource source) throws IOException {
        if (!source.hasBytesAt(0, MAGIC)) {
            return Optional.empty();
        }
        HeaderBytes header = HeaderBytes.bigEndian(source.read(0, 512));
        if (!header.has(4, 4)) {
            return Optional.of(truncated(ImageFormat.QCOW2));
        }
        long version = header.u32(4);
        if (version == 1) {
            return Optional.of(ImageInspection.builder(ImageFormat.QCOW).fact(ImageInspection.VERSION, 1)
                    .violation("qcow version 1 images are not supported (only qcow2 is)").build());
        }
        ImageInspection.Builder result = ImageInspection.builder(ImageFormat.QCOW2)
                .fact(ImageInspection.VERSION, version);
        if (version != 2 && version != 3) {
            return Optional.of(result.violation("unsupported qcow2 version " + version).build());
        }
        int headerLength = version == 2 ? V2_HEADER_LENGTH : V3_HEADER_LENGTH;
        if (!header.has(0, headerLength)) {
            return Optional.of(truncated(ImageFormat.QCOW2));
        }
        long size = header.u64(24);
        if (size < 0) {
            result.violation("qcow2 virtual size is out of range");
        } else {
            result.virtualSize(size);
        }
        long clusterBits = header.u32(20);
        if (clusterBits < MIN_CLUSTER_BITS || clusterBits > MAX_CLUSTER_BITS) {
            return Optional.of(result.violation("qcow2 cluster_bits " + clusterBits + " is out of range").build());
        }
        if (header.u32(32) != 0) {
            result.fact(ImageInspection.ENCRYPTED, "method " + header.u32(32));
        }
        long clusterSize = 1L << clusterBits;
        checkBackingFile(source, header, clusterSize, result);
        long extensionsStart = V2_HEADER_LENGTH;
        boolean dataFileBit = false;
        if (version == 3) {
            dataFileBit = checkIncompatibleFeatures(header.u64(72), result);
            extensionsStart = header.u32(100);
            if (extensionsStart < V3_HEADER_LENGTH || extensionsStart >= clusterSize) {
                return Optional.of(result.violation("qcow2 header_length " + extensionsStart + " is invalid").build());
            }
        }
        String dataFile = walkExtensions(source, extensionsStart, clusterSize, result);
        if (dataFile != null || dataFileBit) {
            String name = dataFile != null ? dataFile : "name not in header";
            result.fact(ImageInspection.DATA_FILE, name)
                    .violation("qcow2 image uses an external data file (" + name + ")");
        }
        return Optional.of(result.build());
    }

    private static ImageInspection truncated(ImageFormat format) {
        return ImageInspection.builder(format).violation(format + " header is truncated").build();
    }

    private static void checkBackingFile(ImageSource source, HeaderBytes header, long clusterSize,
                                         ImageInspection.Builder result) throws IOException {
        long offset = header.u64(8);
        if (offset == 0) {
            return;
        }
        long length = header.u32(16);
        String name = "<unreadable name>";
        if (offset > 0 && length <= MAX_BACKING_NAME && offset <= clusterSize - length) {
            byte[] bytes = source.read(offset, (int) length);
            if (bytes.length == length) {
                name = new String(bytes, StandardCharsets.UTF_8);
            }
        }
        result.fact(ImageInspection.BACKING_FILE, name).violation("qcow2 image has a backing file (" + name + ")");
    }

    /** Records unknown incompatible features; returns whether the external data file bit is set. */
    private static boolean checkIncompatibleFeatures(long bits, ImageInspection.Builder result) {
        long unknown = bits & ~KNOWN_INCOMPATIBLE_BITS;
        if (unknown != 0) {
            result.violation("qcow2 image sets unknown incompatible feature bits 0x" + Long.toHexString(unknown));
        }
        return (bits & EXTERNAL_DATA_FILE_BIT) != 0;
    }

    /**
     * Header extensions must end, with an end marker, inside the first cluster; qemu reads them from there.
     * Returns the data file an extension names, or null.
     */
    private static String walkExtensions(ImageSource source, long start, long clusterSize,
                                         ImageInspection.Builder result) throws IOException {
        String dataFile = null;
        long offset = start;
        for (int seen = 0; seen < MAX_EXTENSIONS; seen++) {
            HeaderBytes ext = HeaderBytes.bigEndian(source.read(offset, 8));
            if (!ext.has(0, 8) || offset + 8 > clusterSize) {
                result.violation("qcow2 header extensions run past the first cluster");
                return dataFile;
            }
            long type = ext.u32(0);
            long length = ext.u32(4);
            if (type == EXT_END) {
                return dataFile;
            }
            long dataEnd = offset + 8 + length;
            if (dataEnd > clusterSize) {
                result.violation("qcow2 header extension 0x" + Long.toHexString(type) + " overruns the first cluster");
                return dataFile;
            }
            if (type == EXT_DATA_FILE) {
                dataFile = readName(source, offset + 8, length);
            } else if (type == EXT_BACKING_FORMAT) {
                result.fact(ImageInspection.BACKING_FORMAT, readName(source, offset + 8, length));
            }
            offset = (dataEnd + 7) & ~7L;
        }
        result.violation("qcow2 image has more than " + MAX_EXTENSIONS + " header extensions");
        return dataFile;
    }

    private static String readName(ImageSource source, long offset, long length) throws IOException {
        if (length > MAX_NAME_READ) {
            return "<" + length + "-byte name>";
        }
        return new String(source.read(offset, (int) length), StandardCharsets.UTF_8);
    }
}
