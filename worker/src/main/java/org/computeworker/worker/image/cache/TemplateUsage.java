package org.computeworker.worker.image.cache;

import java.util.Set;

/** Which cache templates the disks on this host still use; the manager never removes those. */
@FunctionalInterface
public interface TemplateUsage {
    /** Cache file names (not paths) that some instance disk depends on or was created from. */
    Set<String> templatesInUse();
}
