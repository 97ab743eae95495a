package org.computeworker.worker.image.inspect;

import java.io.IOException;
import java.util.Optional;

/** Recognises one image format from its signature and reads that format's header for size and safety facts. */
interface FormatInspector {

    ImageFormat format();

    /**
     * Empty when the file does not carry this format's signature. Once the signature matches, a damaged or
     * truncated header is reported as a violation rather than as "not this format", so a broken image is
     * refused by name instead of silently passing as raw.
     */
    Optional<ImageInspection> inspect(ImageSource source) throws IOException;
}
