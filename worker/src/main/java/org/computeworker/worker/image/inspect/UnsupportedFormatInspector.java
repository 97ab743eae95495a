package org.computeworker.worker.image.inspect;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Formats qemu would recognise by their magic but this host never accepts; knowing them lets a refusal name
 * the format instead of mistaking the file for raw.
 */
final class UnsupportedFormatInspector implements FormatInspector {
    private final ImageFormat format;
    private final List<byte[]> magics;

    private UnsupportedFormatInspector(ImageFormat format, String... magics) {
        this.format = format;
        this.magics = Arrays.stream(magics).map(m -> m.getBytes(StandardCharsets.ISO_8859_1)).toList();
    }

    static List<FormatInspector> all() {
        return List.of(
                new UnsupportedFormatInspector(ImageFormat.QED, "QED\0"),
                new UnsupportedFormatInspector(ImageFormat.PARALLELS, "WithoutFreeSpace", "WithouFreSpacExt"),
                new UnsupportedFormatInspector(ImageFormat.BOCHS, "Bochs Virtual HD Image"),
                new UnsupportedFormatInspector(ImageFormat.CLOOP, "#!/bin/sh\n#V2.0 Format\nmodprobe cloop"));
    }

    @Override
    public ImageFormat format() {
        return format;
    }

    @Override
    public Optional<ImageInspection> inspect(ImageSource source) throws IOException {
        for (byte[] magic : magics) {
            if (source.hasBytesAt(0, magic)) {
                return Optional.of(ImageInspection.builder(format)
                        .violation(format + " images are not supported").build());
            }
        }
        return Optional.empty();
    }
}
