package org.computeworker.worker.placement;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * nova's ProviderTree cache and association refresh times: what placement held after this client's
 * last read or write of each provider, so an unchanged report costs no request at all. Not
 * thread-safe; {@link PlacementClient} serialises provider work.
 */
final class ProviderCache {
    private final Map<String, ProviderRecord> providers = new HashMap<>();
    private final Map<String, Instant> refreshedAt = new HashMap<>();
    private final Duration refreshInterval;

    /** @param refreshInterval [compute] resource_provider_association_refresh; zero: read once, never again */
    ProviderCache(Duration refreshInterval) {
        this.refreshInterval = refreshInterval;
    }

    Optional<ProviderRecord> get(String uuid) {
        return Optional.ofNullable(providers.get(uuid));
    }

    /** The provider as last written or read: it must already be known. */
    ProviderRecord require(String uuid) {
        ProviderRecord p = providers.get(uuid);
        if (p == null) {
            throw new IllegalStateException("resource provider " + uuid + " is not known: ensureProvider first");
        }
        return p;
    }

    /** Records a provider just read in full from placement (or just created, so known to be empty). */
    void refreshed(ProviderRecord provider, Instant now) {
        providers.put(provider.uuid(), provider);
        refreshedAt.put(provider.uuid(), now);
    }

    /** Records what a write returned; the time of the last full read stays. */
    void written(ProviderRecord provider) {
        providers.put(provider.uuid(), provider);
    }

    /** nova's _clear_provider_cache_for_tree: after a conflict or a failure, read it all again next time. */
    void forget(String uuid) {
        providers.remove(uuid);
        refreshedAt.remove(uuid);
    }

    /** nova's _associations_stale: older than the interval; with a zero interval, stale only until first read. */
    boolean stale(String uuid, Instant now) {
        Instant at = refreshedAt.get(uuid);
        if (at == null) {
            return true;
        }
        if (refreshInterval.isZero()) {
            return false;
        }
        return Duration.between(at, now).compareTo(refreshInterval) > 0;
    }
}
