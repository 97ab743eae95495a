package org.computeworker.worker.image.inspect;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * A bare VMDK text descriptor (monolithicFlat, twoGbMaxExtent*, vmfs ...): qemu probes such a file as vmdk and
 * opens whatever files its extent lines name, so it is recognised here and always refused.
 */
final class VmdkDescriptorFileInspector implements FormatInspector {
    /** Real descriptor files are a few hundred bytes; anything bigger is not one we would accept anyway. */
    private static final int PROBE_LENGTH = 64 * 1024;
    private static final int SECTOR = 512;

    @Override
    public ImageFormat format() {
        return ImageFormat.VMDK;
    }

    @Override
    public Optional<ImageInspection> inspect(ImageSource source) throws IOException {
        byte[] head = source.read(0, PROBE_LENGTH);
        if (!looksLikeDescriptor(head)) {
            return Optional.empty();
        }
        ImageInspection.Builder result = ImageInspection.builder(ImageFormat.VMDK);
        if (source.size() > PROBE_LENGTH) {
            return Optional.of(result.violation("VMDK descriptor file is implausibly large").build());
        }
        VmdkDescriptor descriptor = VmdkDescriptor.parse(head);
        if (descriptor.sectors() <= Long.MAX_VALUE / SECTOR) {
            result.virtualSize(descriptor.sectors() * SECTOR);
        }
        result.violation("VMDK is a bare descriptor file whose data lives in other files");
        VmdkInspector.describe(descriptor, result);
        return Optional.of(result.build());
    }

    /** Mirrors qemu's probe: the first line that is not blank or a comment reads {@code version=}. */
    private static boolean looksLikeDescriptor(byte[] head) {
        String text = new String(head, StandardCharsets.ISO_8859_1);
        if (text.stripLeading().toLowerCase(Locale.ROOT).startsWith("# disk descriptorfile")) {
            return true;
        }
        for (String line : text.split("\n", 64)) {
            String trimmed = line.strip();
            if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
                return trimmed.toLowerCase(Locale.ROOT).startsWith("version=");
            }
        }
        return false;
    }
}
