package org.computeworker.worker.image.inspect;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Every format whose signature an image carries. Exactly one match is the normal case; raw is reported only
 * when nothing else matched; several matches mean one header may be hiding another.
 *
 * @param matches   never empty
 * @param fileSize  the image file's size in bytes
 * @param bytesRead how many bytes the inspectors read, always a small bounded amount
 */
public record Detection(List<ImageInspection> matches, long fileSize, long bytesRead) {

    public Detection {
        if (matches.isEmpty()) {
            throw new IllegalArgumentException("a detection has at least one match (raw)");
        }
        matches = List.copyOf(matches);
    }

    public boolean ambiguous() {
        return matches.size() > 1;
    }

    /** The one match; callers must check {@link #ambiguous()} first. */
    public ImageInspection single() {
        if (ambiguous()) {
            throw new IllegalStateException("image matches several formats: " + formatNames());
        }
        return matches.get(0);
    }

    /** Comma-separated detected format names, for messages. */
    public String formatNames() {
        return matches.stream().map(m -> m.format().diskFormat()).collect(Collectors.joining(", "));
    }
}
