package org.computeworker.worker.image.backend.rbd;

import com.fasterxml.jackson.databind.JsonNode;
import org.computeworker.messages.Json;

/**
 * nova's {@code get_pool_info}: the cluster's raw capacity, and what the pool can still take, which {@code df}'s
 * {@code max_avail} gives with the pool's replication already divided out (the plain cluster stat does not).
 *
 * @param totalBytes the cluster's total raw bytes
 * @param freeBytes  the pool's max_avail
 * @param usedBytes  the pool's bytes_used
 */
public record PoolCapacity(long totalBytes, long freeBytes, long usedBytes) {

    static PoolCapacity fromDf(String dfJson, String pool) {
        JsonNode df = Json.parse(dfJson);
        for (JsonNode p : df.path("pools")) {
            if (pool.equals(p.path("name").asText())) {
                JsonNode stats = p.path("stats");
                return new PoolCapacity(df.path("stats").path("total_bytes").asLong(),
                        stats.path("max_avail").asLong(), stats.path("bytes_used").asLong());
            }
        }
        throw new CephException("Pool " + pool + " could not be found.", CephException.ENOENT, null);
    }
}
