package org.computeworker.worker.controlplane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.computeworker.worker.controlplane.ComputeHostProcess.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;

/**
 * A real nova control plane (Debian's nova-api, nova-conductor, nova-scheduler and placement)
 * schedules onto two compute-worker hosts and a user drives a server through its whole life with
 * nova's REST API: boot, cross-host resize and confirm, stop, start, soft and hard reboot, resize
 * and revert, delete. The same scenario runs once more with Debian's Python nova-compute in the
 * workers' place, and the two runs must agree: the server's state after every step, the instance
 * actions and their events, what os-services, os-hypervisors and placement show, and each host's
 * legacy and versioned notifications.
 */
@Tag("controlplane")
class ControlPlaneScenarioTest {
    /** Kept after the run (logs, facts, captures) under target/, replaced by the next run. */
    private final Path dir = ControlPlane.workDir("ControlPlaneScenarioTest");

    @Test
    void aNovaControlPlaneDrivesTheWorkersAsItDrivesNovaCompute() throws Exception {
        ScenarioRun workers = ScenarioRun.of(Kind.WORKER, dir.resolve("workers"));
        assertTrue(workers.passed(), "the scenario failed against the workers: " + workers.facts().path("error")
                + "\nchecks: " + workers.facts().path("checks"));
        ScenarioRun reference = ScenarioRun.of(Kind.NOVA_COMPUTE, dir.resolve("nova-compute"));
        assertTrue(reference.passed(), "the scenario failed against Debian's nova-compute: "
                + reference.facts().path("error"));

        assertEquals(reference.states(), workers.states(), "the server after each step");
        assertEquals(reference.actions(), workers.actions(), "instance actions and their events");
        assertEquals(reference.comparableFacts(), workers.comparableFacts(),
                "services, hypervisors, placement usages and migrations");
        assertTrue(reference.notifications().getOrDefault("hostA notifications", java.util.List.of())
                .contains("compute.instance.create.end"), "nova-compute's notifications were heard: "
                + reference.notifications());
        assertTrue(reference.notifications().getOrDefault("hostB versioned_notifications", java.util.List.of())
                .contains("instance.resize_revert.end"), "nova-compute's notifications were heard: "
                + reference.notifications());
        for (String key : reference.notifications().keySet()) {
            assertEquals(reference.notifications().get(key), workers.notifications().get(key),
                    "notifications of " + key);
        }
        assertEquals(reference.notifications().keySet(), workers.notifications().keySet());
    }
}
