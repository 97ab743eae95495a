package org.computeworker.worker.image.backend;

import java.nio.file.Path;

/**
 * Writes a template (a base image, a blank ephemeral or swap file) to {@code target}; nova's
 * {@code fetch_func}. The cache calls it at most once per template, under the template's lock.
 */
@FunctionalInterface
public interface TemplateFetcher {
    void fetch(Path target) throws Exception;
}
