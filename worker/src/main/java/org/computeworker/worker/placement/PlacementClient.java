package org.computeworker.worker.placement;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.computeworker.worker.keystone.KeystoneSession;

/**
 * {@link Placement} over a keystone session, as nova's SchedulerReportClient. Provider work is
 * serialised (one cache, one writer, as nova's resource tracker holds its lock); allocation
 * calls keep no state and run concurrently.
 */
public final class PlacementClient implements Placement {
    private final ProviderCache cache;
    private final ProviderLookup lookup;
    private final ProviderWrites writes;
    private final Allocations allocations;

    PlacementClient(KeystoneSession session, Duration associationRefresh, Clock clock, Allocations.Backoff backoff) {
        PlacementHttp http = new PlacementHttp(session);
        this.cache = new ProviderCache(associationRefresh);
        this.lookup = new ProviderLookup(http, cache, clock);
        this.writes = new ProviderWrites(http, cache, lookup);
        this.allocations = new Allocations(http, backoff);
    }

    public PlacementClient(KeystoneSession session, Duration associationRefresh) {
        this(session, associationRefresh, Clock.systemUTC(), PlacementClient::randomPause);
    }

    /** A client for {@code [placement]}, with its own session. */
    public static PlacementClient open(PlacementOptions options) {
        return new PlacementClient(KeystoneSession.open(options.auth()), options.associationRefresh());
    }

    @Override
    public synchronized boolean ensureProvider(String rpUuid, String name) {
        return lookup.ensure(rpUuid, name);
    }

    @Override
    public synchronized boolean updateInventory(String rpUuid, Map<String, Inventory> inventory) {
        return writes.updateInventory(rpUuid, Map.copyOf(inventory));
    }

    @Override
    public synchronized boolean updateTraits(String rpUuid, Map<String, Boolean> capabilityTraits,
            boolean serviceDisabled) {
        return writes.updateTraits(rpUuid, Map.copyOf(capabilityTraits), serviceDisabled);
    }

    @Override
    public synchronized Optional<ProviderRecord> cachedProvider(String rpUuid) {
        return cache.get(rpUuid);
    }

    @Override
    public ConsumerAllocations allocations(String consumerUuid) {
        return allocations.get(consumerUuid);
    }

    @Override
    public boolean deleteAllocations(String consumerUuid, boolean force) {
        return allocations.delete(consumerUuid, force);
    }

    @Override
    public boolean moveAllocations(String sourceConsumerUuid, String targetConsumerUuid) {
        return allocations.move(sourceConsumerUuid, targetConsumerUuid);
    }

    /** nova's @retries: time.sleep(random.uniform(0, retry * 2)) before each try. */
    private static void randomPause(int retry) throws InterruptedException {
        Thread.sleep((long) (ThreadLocalRandom.current().nextDouble() * retry * 2000));
    }
}
