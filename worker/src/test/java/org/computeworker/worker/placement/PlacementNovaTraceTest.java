package org.computeworker.worker.placement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same compute-host story told by nova's own report client (python3-nova) and by this one,
 * against the same placement: the requests, their order, their answers and their microversions
 * must be the same.
 */
@Tag("placement")
class PlacementNovaTraceTest {
    private static final String NOVA_HINT = "apt-get install -y python3-nova";
    private static RealPlacement placement;
    private static OtherWriter scheduler;
    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        placement = RealPlacement.shared();
        scheduler = new OtherWriter(placement);
    }

    @Test
    void thisClientSendsWhatNovasReportClientSends() throws Exception {
        List<String> nova = novaTrace();
        assertEquals(20, nova.size(), String.join("\n", nova));
        assertEquals(String.join("\n", nova), String.join("\n", javaTrace()));
    }

    private List<String> novaTrace() throws Exception {
        Path script = dir.resolve("nova_report_client.py");
        try (InputStream in = getClass().getResourceAsStream("/placement/nova_report_client.py")) {
            Files.copy(in, script);
        }
        int mark = placement.mark();
        Process p = new ProcessBuilder(RealPlacement.PYTHON.toString(), "-u", script.toString(), placement.url(),
                dir.toString(), fresh("CUSTOM_X"), fresh("CUSTOM_Y")).redirectError(dir.resolve("stderr.txt").toFile())
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0 || !out.contains("DONE")) {
            p.destroyForcibly();
            fail("nova's report client did not run through (needs nova's Python code: " + NOVA_HINT + ")\n"
                    + out + "\n--- stderr ---\n" + Files.readString(dir.resolve("stderr.txt")));
        }
        return normalised(placement.trace(mark));
    }

    /** nova_report_client.py's steps, through this client. */
    private List<String> javaTrace() throws Exception {
        int mark = placement.mark();
        String rp = UUID.randomUUID().toString();
        String name = "host-" + rp;
        String resourceClass = fresh("CUSTOM_X");
        assertTrue(placement.client().ensureProvider(rp, name));
        PlacementClient client = placement.client(); // a fresh cache reads everything, as stale associations do
        assertFalse(client.ensureProvider(rp, name));
        assertTrue(client.updateInventory(rp, Map.of(resourceClass, new Inventory(8, 0, 1, 8, 1, 16.0))));
        assertTrue(client.updateTraits(rp, Map.of(fresh("CUSTOM_Y"), true), false));

        String migration = UUID.randomUUID().toString();
        String instance = UUID.randomUUID().toString();
        scheduler.claim(migration, rp, Map.of(resourceClass, 2), "p", "u");
        assertTrue(client.moveAllocations(migration, instance));
        assertTrue(client.deleteAllocations(instance, false));
        assertFalse(client.deleteAllocations(migration, true));
        assertThrows(ProviderNameConflictException.class,
                () -> client.ensureProvider(UUID.randomUUID().toString(), name));
        return normalised(placement.trace(mark));
    }

    /** A custom name placement has not seen: each run must create its own. */
    private static String fresh(String prefix) {
        return prefix + "_" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
    }

    /**
     * Uuids become {uuid}, fresh custom names their prefix. "GET /" is left out: openstacksdk, which nova's client goes through,
     * reads placement's version document before its first request; this client asks no discovery.
     */
    private static List<String> normalised(List<String> trace) {
        return trace.stream().filter(l -> !l.startsWith("GET / "))
                .map(l -> l.replaceAll("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "{uuid}")
                        .replaceAll("(CUSTOM_[XY])_[0-9A-F]{8}", "$1"))
                .toList();
    }
}
