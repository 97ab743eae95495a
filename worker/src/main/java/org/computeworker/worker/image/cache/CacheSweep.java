package org.computeworker.worker.image.cache;

import java.nio.file.Path;
import java.util.List;

/**
 * What one image cache manager run found and did.
 *
 * @param inUse    templates some instance uses (their mtime was refreshed)
 * @param removed  unused templates that were old enough and are now deleted
 * @param kept     unused templates left alone: too young, or removal is disabled
 */
public record CacheSweep(List<Path> inUse, List<Path> removed, List<Path> kept) {
    public CacheSweep {
        inUse = List.copyOf(inUse);
        removed = List.copyOf(removed);
        kept = List.copyOf(kept);
    }
}
