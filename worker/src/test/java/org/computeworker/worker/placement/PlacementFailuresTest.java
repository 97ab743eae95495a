package org.computeworker.worker.placement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import org.computeworker.messages.config.OsloConfigFile;
import org.computeworker.worker.config.OptionReader;
import org.computeworker.worker.keystone.AuthFailureException;
import org.computeworker.worker.keystone.ServiceUnavailableException;
import org.computeworker.worker.placement.StubPlacement.Answer;
import org.junit.jupiter.api.Test;

/** Placement unreachable, failing, stalling, or changed by someone else mid-operation. */
class PlacementFailuresTest {
    private static final String CONSUMER = "6a5e3f5c-2d4a-4b8e-9c1e-0f4f6b8a7d21";
    private static final String TARGET = "0b7c2d1e-9f8a-4c3b-8d2e-1a0b9c8d7e6f";
    private static final String RP = "3f0d4c2b-1a09-4e8d-b7c6-5a4f3e2d1c0b";
    private static final String HELD = "{\"allocations\": {\"" + RP + "\": {\"generation\": 3, \"resources\": {\"VCPU\":"
            + " 2}}}, \"project_id\": \"p\", \"user_id\": \"u\", \"consumer_generation\": 1}";

    @Test
    void unreachablePlacementIsServiceUnavailableNamingPlacementAndTheUrl() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        OptionReader conf = new OptionReader(OsloConfigFile.parse("[placement]\nauth_type = admin_token\n"
                + "endpoint = http://127.0.0.1:" + port + "/placement\ntoken = admin\n"));
        PlacementClient client = PlacementClient.open(PlacementOptions.read(conf));
        ServiceUnavailableException e = assertThrows(ServiceUnavailableException.class,
                () -> client.ensureProvider(RP, "host"));
        assertEquals("placement", e.service());
        assertEquals("http://127.0.0.1:" + port + "/placement/resource_providers?in_tree=" + RP, e.url());
        assertTrue(e.getMessage().startsWith("placement is unavailable at http://127.0.0.1:" + port), e.getMessage());
        assertNotNull(e.getCause());
    }

    @Test
    void a5xxIsServiceUnavailableAndA401AnAuthFailure() throws IOException {
        try (StubPlacement stub = new StubPlacement((m, p) -> p.startsWith("/allocations")
                ? Answer.of(503, "{\"message\": \"down for maintenance\"}") : Answer.of(401, "{}"))) {
            PlacementClient client = stub.client("");
            ServiceUnavailableException down = assertThrows(ServiceUnavailableException.class,
                    () -> client.allocations(CONSUMER));
            assertEquals(stub.url() + "/allocations/" + CONSUMER, down.url());
            assertTrue(down.getMessage().contains("HTTP 503") && down.getMessage().contains("maintenance"),
                    down.getMessage());
            AuthFailureException refused = assertThrows(AuthFailureException.class, () -> client.ensureProvider(RP, "h"));
            assertEquals(401, refused.status());
            assertEquals("placement", refused.service());
        }
    }

    @Test
    void aStalledAnswerEndsAtTheTimeout() throws IOException {
        try (StubPlacement stub = new StubPlacement((m, p) -> new Answer(200, "{}", Duration.ofSeconds(5)))) {
            long start = System.nanoTime();
            ServiceUnavailableException e = assertThrows(ServiceUnavailableException.class,
                    () -> stub.client("timeout = 1\n").allocations(CONSUMER));
            assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() < 4000);
            assertTrue(e.getMessage().contains("timeout"), e.getMessage());
        }
    }

    @Test
    void aConsumerChangedBetweenReadAndDeleteFailsTheDeleteWithoutRetrying() throws IOException {
        try (StubPlacement stub = new StubPlacement((m, p) -> m.equals("GET") ? Answer.of(200, HELD)
                : Answer.of(409, StubPlacement.error(409, "placement.concurrent_update",
                        "consumer generation conflict - expected 2 but got 1")))) {
            AllocationDeleteFailedException e = assertThrows(AllocationDeleteFailedException.class,
                    () -> stub.client("").deleteAllocations(CONSUMER, false));
            assertTrue(e.getMessage().contains(CONSUMER) && e.getMessage().contains("409"), e.getMessage());
            assertEquals(List.of("GET /allocations/" + CONSUMER, "PUT /allocations/" + CONSUMER), stub.received());
        }
    }

    @Test
    void aConsumerConflictFailsTheMoveAndAProviderConflictIsRetriedFourTimes() throws IOException {
        String consumerConflict = StubPlacement.error(409, "placement.concurrent_update",
                "consumer generation conflict - expected null but got 1");
        try (StubPlacement stub = new StubPlacement((m, p) -> m.equals("POST") ? Answer.of(409, consumerConflict)
                : Answer.of(200, p.contains(CONSUMER) ? HELD : "{\"allocations\": {}}"))) {
            assertThrows(AllocationMoveFailedException.class, () -> stub.client("").moveAllocations(CONSUMER, TARGET));
            assertEquals(1, Collections.frequency(stub.received(), "POST /allocations"));
        }
        String providerConflict = StubPlacement.error(409, "placement.concurrent_update",
                "resource provider generation conflict");
        try (StubPlacement stub = new StubPlacement((m, p) -> m.equals("POST") ? Answer.of(409, providerConflict)
                : Answer.of(200, p.contains(CONSUMER) ? HELD : "{\"allocations\": {}}"))) {
            AllocationMoveFailedException e = assertThrows(AllocationMoveFailedException.class,
                    () -> stub.client("").moveAllocations(CONSUMER, TARGET));
            assertTrue(e.getMessage().contains("out of retries"), e.getMessage());
            assertEquals(Allocations.MOVE_ATTEMPTS, Collections.frequency(stub.received(), "POST /allocations"));
        }
    }

    @Test
    void generationConflictsOnEveryAttemptEndAfterFour() throws IOException {
        String provider = "{\"resource_providers\": [{\"uuid\": \"" + RP + "\", \"name\": \"h\", \"generation\": 5}]}";
        try (StubPlacement stub = new StubPlacement((m, p) -> {
            if (m.equals("PUT")) {
                return Answer.of(409, StubPlacement.error(409, "placement.concurrent_update", "generation conflict"));
            }
            if (p.startsWith("/resource_providers?in_tree")) {
                return Answer.of(200, provider);
            }
            return Answer.of(200, "{\"resource_provider_generation\": 5, \"inventories\": {}, \"traits\": [],"
                    + " \"aggregates\": []}");
        })) {
            PlacementClient client = stub.client("");
            client.ensureProvider(RP, "h");
            assertThrows(ProviderUpdateConflictException.class,
                    () -> client.updateInventory(RP, java.util.Map.of("VCPU", Inventory.of(4, 0, 16.0))));
            assertEquals(ProviderWrites.ATTEMPTS, stub.received().stream().filter(r -> r.startsWith("PUT")).count());
        }
    }
}
