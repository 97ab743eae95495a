package org.computeworker.worker.image.inspect;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs every format inspector over an image's own bytes and reports all that match, so an image that looks like
 * two formats at once (say an ISO that also carries a qcow2 header) is seen as such rather than as the first hit.
 */
public final class ImageFormatDetector {
    private final List<FormatInspector> inspectors;

    private ImageFormatDetector(List<FormatInspector> inspectors) {
        this.inspectors = List.copyOf(inspectors);
    }

    /** All the formats this module knows, including those recognised only to be refused. */
    public static ImageFormatDetector standard() {
        List<FormatInspector> all = new ArrayList<>(List.of(
                new Qcow2Inspector(), new VmdkInspector(), new VmdkDescriptorFileInspector(), new VhdInspector(),
                new VhdxInspector(), new VdiInspector(), new IsoInspector(), new PartitionTableInspector(),
                new LuksInspector()));
        all.addAll(UnsupportedFormatInspector.all());
        return new ImageFormatDetector(all);
    }

    /**
     * Inspects {@code file}. I/O failures propagate; anything an inspector trips over in a malformed header
     * becomes a violation on that format's match, never an exception.
     */
    public Detection detect(Path file) throws IOException {
        try (ImageSource source = ImageSource.open(file)) {
            List<ImageInspection> matches = new ArrayList<>();
            for (FormatInspector inspector : inspectors) {
                inspectSafely(inspector, source).ifPresent(matches::add);
            }
            if (matches.isEmpty()) {
                matches.add(ImageInspection.builder(ImageFormat.RAW).virtualSize(source.size()).build());
            }
            return new Detection(matches, source.size(), source.bytesRead());
        }
    }

    private static Optional<ImageInspection> inspectSafely(FormatInspector inspector, ImageSource source)
            throws IOException {
        try {
            return inspector.inspect(source);
        } catch (RuntimeException e) {
            // A parser slip on hostile bytes must refuse the image, not crash the caller or pass it as raw.
            return Optional.of(ImageInspection.builder(inspector.format())
                    .violation(inspector.format() + " header could not be parsed: " + e).build());
        }
    }
}
