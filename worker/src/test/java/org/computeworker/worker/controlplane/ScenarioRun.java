package org.computeworker.worker.controlplane;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.computeworker.messages.Json;

/**
 * The user scenario (deploy/openstack/scenario.py) run once against a fresh control plane with two
 * compute hosts of one kind, and what it leaves to compare: the scenario's facts, the instance
 * actions with their events, and the compute hosts' notifications.
 */
record ScenarioRun(ComputeHostProcess.Kind kind, JsonNode facts, Map<String, List<String>> notifications,
                   List<Path> hostLogs) {
    static final List<String> HOSTS = List.of("hostA", "hostB");

    static ScenarioRun of(ComputeHostProcess.Kind kind, Path dir) throws Exception {
        Files.createDirectories(dir);
        try (ControlPlane plane = ControlPlane.start(dir);
             ComputeNotifications notifications = new ComputeNotifications(plane.env("TRANSPORT_URL"), HOSTS)) {
            List<ComputeHostProcess> hosts = new ArrayList<>();
            try {
                for (String host : HOSTS) {
                    hosts.add(ComputeHostProcess.start(kind, plane, host));
                }
                Path out = plane.runScenario(HOSTS.get(0), dir.resolve("facts.json"));
                settle(notifications);
                Files.writeString(dir.resolve("notifications.json"), Json.MAPPER.writerWithDefaultPrettyPrinter()
                        .writeValueAsString(notifications.events()));
                return new ScenarioRun(kind, Json.parse(Files.readAllBytes(out)), notifications.events(),
                        hosts.stream().map(ComputeHostProcess::log).toList());
            } catch (AssertionError e) {
                StringBuilder logs = new StringBuilder(e.getMessage());
                for (ComputeHostProcess h : hosts) {
                    logs.append("\n--- ").append(h.host()).append(" log:\n").append(ControlPlane.tail(h.log()));
                }
                throw new AssertionError(logs.toString(), e);
            } finally {
                for (ComputeHostProcess h : hosts) {
                    h.close();
                }
            }
        }
    }

    /** Waits until the hosts' notifications stop coming (the last ones trail the API's view by a little). */
    private static void settle(ComputeNotifications notifications) throws InterruptedException {
        long quietSince = System.nanoTime();
        int last = -1;
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < end) {
            int now = notifications.events().values().stream().mapToInt(List::size).sum();
            if (now != last) {
                last = now;
                quietSince = System.nanoTime();
            } else if (System.nanoTime() - quietSince > Duration.ofSeconds(2).toNanos()) {
                return;
            }
            Thread.sleep(100);
        }
    }

    boolean passed() {
        return facts.path("ok").asBoolean(false);
    }

    /** Where the server stood after each step: status, host, flavor, power and vm state. */
    List<String> states() {
        List<String> out = new ArrayList<>();
        for (JsonNode step : facts.path("steps")) {
            JsonNode s = step.path("server");
            if (!s.isMissingNode()) {
                out.add(step.path("step").asText() + ": " + s.path("status").asText() + " on " + s.path("host").asText()
                        + " " + s.path("flavor").asText() + " power " + s.path("power_state").asText() + " vm "
                        + s.path("vm_state").asText());
            }
        }
        return out;
    }

    /** The instance actions in order, each with its events (name, result, host). */
    List<String> actions() {
        List<String> out = new ArrayList<>();
        for (JsonNode a : facts.path("instance_actions")) {
            List<String> events = new ArrayList<>();
            for (JsonNode e : a.path("events")) {
                events.add(e.path("event").asText() + ":" + e.path("result").asText() + "@" + e.path("host").asText());
            }
            out.add(a.path("action").asText() + " " + events);
        }
        return out;
    }

    /** The facts without what differs from run to run (ids, times, generations, uptimes). */
    JsonNode comparableFacts() {
        ObjectNode copy = facts.deepCopy();
        for (String volatileKey : List.of("steps", "total_seconds", "server_id", "nova_api_url", "instance_actions",
                "instance_actions_after_delete")) {
            copy.remove(volatileKey);
        }
        strip(copy);
        for (String list : List.of("services", "hypervisors", "migrations")) {
            if (copy.get(list) instanceof ArrayNode a) {
                List<JsonNode> items = new ArrayList<>();
                a.forEach(items::add);
                items.sort(java.util.Comparator.comparing(JsonNode::toString));
                a.removeAll();
                a.addAll(items);
            }
        }
        return copy;
    }

    private static final java.util.regex.Pattern UUID = java.util.regex.Pattern.compile(
            "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private static void strip(JsonNode node) {
        if (node instanceof ObjectNode o) {
            o.remove(List.of("uuid", "generation", "request_id", "uptime", "id"));
            for (String key : List.copyOf(o.properties().stream().map(java.util.Map.Entry::getKey).toList())) {
                if (UUID.matcher(key).matches()) {
                    o.set("(a uuid)", o.remove(key)); // provider and consumer uuids differ from run to run
                }
            }
            o.properties().forEach(e -> strip(e.getValue()));
        } else if (node instanceof ArrayNode a) {
            a.forEach(ScenarioRun::strip);
        }
    }
}
