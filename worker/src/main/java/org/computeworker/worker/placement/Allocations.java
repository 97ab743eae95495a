package org.computeworker.worker.placement;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.computeworker.messages.Json;
import org.computeworker.worker.keystone.ServiceResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** nova's get_allocs_for_consumer, delete_allocation_for_instance and move_allocations. */
final class Allocations {
    /** nova's @retries: four tries, each after a random pause of up to 2 s times the number of tries so far. */
    static final int MOVE_ATTEMPTS = 4;
    /** placement gives a provider and a consumer generation conflict the same code; only the detail differs. */
    private static final String CONSUMER_CONFLICT = "consumer generation conflict";
    private static final Logger LOG = LoggerFactory.getLogger(Allocations.class);

    /** The pause before a retry; tests pass one that does not sleep. */
    @FunctionalInterface
    interface Backoff {
        void pause(int retry) throws InterruptedException;
    }

    private final PlacementHttp http;
    private final Backoff backoff;

    Allocations(PlacementHttp http, Backoff backoff) {
        this.http = http;
        this.backoff = backoff;
    }

    ConsumerAllocations get(String consumer) {
        ServiceResponse r = http.get("/allocations/" + consumer, Microversions.CONSUMER_GENERATION);
        if (!r.isSuccess()) {
            throw new UnexpectedPlacementResponseException("reading the allocations of consumer " + consumer, r);
        }
        return ConsumerAllocations.fromJson(PlacementHttp.json(r, "allocations"));
    }

    /**
     * force: DELETE regardless of the consumer generation. Otherwise read the allocations and PUT
     * them back empty with the generation read, so a concurrent change fails this delete instead
     * of being lost; nova does not retry that here, the next periodic run does.
     *
     * @return false when the consumer had no allocations
     */
    boolean delete(String consumer, boolean force) {
        String path = "/allocations/" + consumer;
        if (force) {
            ServiceResponse r = http.delete(path, null);
            if (r.isSuccess()) {
                LOG.info("Deleted allocations for consumer {}", consumer);
                return true;
            }
            if (r.status() == 404) {
                return false;
            }
            throw new AllocationDeleteFailedException(consumer, r);
        }
        ServiceResponse read = http.get(path, Microversions.CONSUMER_GENERATION);
        if (!read.isSuccess()) {
            throw new AllocationDeleteFailedException(consumer, read);
        }
        ObjectNode body = (ObjectNode) PlacementHttp.json(read, "allocations");
        if (body.path("allocations").isEmpty()) {
            LOG.debug("Cannot delete allocation for {} consumer in placement as consumer does not exist", consumer);
            return false;
        }
        // Emptying a consumer's allocations makes placement delete the consumer.
        body.set("allocations", Json.object());
        ServiceResponse r = http.put(path, body, Microversions.CONSUMER_GENERATION);
        if (r.status() == 204) {
            LOG.info("Deleted allocation for consumer {}", consumer);
            return true;
        }
        throw new AllocationDeleteFailedException(consumer, r);
    }

    /**
     * Moves whatever the source holds to the target (revert_resize: migration to instance) in one
     * POST /allocations quoting both consumer generations.
     *
     * @return true when moved or already moved; false when neither consumer has allocations
     */
    boolean move(String source, String target) {
        for (int retry = 0; retry < MOVE_ATTEMPTS; retry++) {
            try {
                backoff.pause(retry);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AllocationMoveFailedException(source, target, "interrupted while waiting to retry");
            }
            ConsumerAllocations from = get(source);
            ConsumerAllocations to = get(target);
            if (from.isEmpty()) {
                if (!to.isEmpty()) {
                    LOG.info("Allocations not found for consumer {}; assuming they were already moved to consumer {}",
                            source, target);
                    return true;
                }
                return false;
            }
            ServiceResponse r = http.post("/allocations", payload(source, from, target, to),
                    Microversions.CONSUMER_GENERATION);
            if (r.status() == 204) {
                return true;
            }
            if (!PlacementHttp.CONCURRENT_UPDATE.equals(PlacementHttp.errorCode(r))) {
                throw new UnexpectedPlacementResponseException("moving allocations from " + source + " to " + target, r);
            }
            if (PlacementHttp.errorDetail(r).contains(CONSUMER_CONFLICT)) {
                throw new AllocationMoveFailedException(source, target, r.text());
            }
            LOG.debug("Unable to move allocations because another process changed the resource providers involved"
                    + " in our attempt to post allocations for consumer {}; retrying...", target);
        }
        throw new AllocationMoveFailedException(source, target, "providers kept changing: out of retries");
    }

    private static ObjectNode payload(String source, ConsumerAllocations from, String target, ConsumerAllocations to) {
        ObjectNode emptied = Json.object();
        emptied.set("allocations", Json.object());
        emptied.put("project_id", from.projectId()).put("user_id", from.userId())
                .put("consumer_generation", from.consumerGeneration());
        ObjectNode moved = Json.object();
        moved.set("allocations", from.allocationsJson());
        moved.put("project_id", from.projectId()).put("user_id", from.userId())
                .put("consumer_generation", to.consumerGeneration());
        ObjectNode body = Json.object();
        body.set(source, emptied);
        body.set(target, moved);
        return body;
    }
}
