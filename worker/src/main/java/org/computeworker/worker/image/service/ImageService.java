package org.computeworker.worker.image.service;

import java.nio.file.Path;
import org.computeworker.messages.rpc.RequestContext;

/**
 * Where the compute operations get images from (nova's {@code nova.image.glance.API}): metadata
 * by id, and the bytes written to a local file only once they are complete and verified.
 * Failures are nova exceptions: ImageNotFound, ImageUnacceptable, GlanceConnectionFailed, ...
 */
public interface ImageService {
    /** For {@code maxBytes} when the caller sets no limit of its own. */
    long NO_LIMIT = Long.MAX_VALUE;

    /** The image's metadata as the image service shows it. */
    ImageRecord show(RequestContext context, String imageId);

    /**
     * Streams the image's bytes to {@code dest}, checking them against the image's md5
     * {@code checksum} and {@code os_hash_value} as they pass and refusing more than
     * {@code maxBytes}. {@code dest} appears only when everything checked out; on any failure
     * nothing is left behind and an existing {@code dest} is untouched.
     *
     * @return the metadata the bytes were verified against
     */
    ImageRecord download(RequestContext context, String imageId, Path dest, long maxBytes);
}
