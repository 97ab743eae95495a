package org.computeworker.worker.controlplane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Predicate;
import com.fasterxml.jackson.databind.JsonNode;
import org.computeworker.messages.Json;
import org.computeworker.messages.config.TransportUrl;
import org.computeworker.messages.rpc.RequestContext;
import org.computeworker.rpc.client.BaseApiClient;
import org.computeworker.rpc.client.BrokerConnectionFactory;
import org.computeworker.rpc.client.MessagingOptions;
import org.computeworker.rpc.client.RpcClient;
import org.computeworker.worker.controlplane.ComputeHostProcess.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;

/**
 * What an operator does to a worker host and what can happen to it: the host disabled in
 * os-services takes COMPUTE_STATUS_DISABLED in placement at once (and loses it when enabled);
 * nova-conductor and placement stop answering (their processes frozen with SIGSTOP): the worker
 * says which service at which address it cannot reach and keeps consuming (a ping is answered); it
 * holds a stop it could not record and finishes it once the conductor is back; a delete goes on
 * without placement, as nova-compute's does.
 */
@Tag("controlplane")
class ControlPlaneOperatorTest {
    /** Kept after the run (logs, facts, captures) under target/, replaced by the next run. */
    private final Path dir = ControlPlane.workDir("ControlPlaneOperatorTest");

    @Test
    void aDisabledHostAndServicesThatStopAnswering() throws Exception {
        try (ControlPlane plane = ControlPlane.start(dir);
             ComputeHostProcess host = ComputeHostProcess.start(Kind.WORKER, plane, "hostA",
                     "[DEFAULT]", "rpc_response_timeout = 3", "update_resources_interval = 2", "[placement]", "timeout = 3")) {
            NovaApi api = new NovaApi(plane);
            String server = api.boot(plane, "outage", "hostA");

            JsonNode service = api.call("GET", "/os-services?binary=nova-compute&host=hostA", null)
                    .path("services").get(0);
            String provider = api.call("GET", "/os-hypervisors?hypervisor_hostname_pattern=hostA", null)
                    .path("hypervisors").get(0).path("id").asText();
            api.call("PUT", "/os-services/" + service.path("id").asText(),
                    "{\"status\": \"disabled\", \"disabled_reason\": \"maintenance\"}");
            assertTrue(traits(plane, provider).contains("COMPUTE_STATUS_DISABLED"), "disabled at once");
            api.call("PUT", "/os-services/" + service.path("id").asText(), "{\"status\": \"enabled\"}");
            assertTrue(!traits(plane, provider).contains("COMPUTE_STATUS_DISABLED"), "enabled again");

            long conductor = Long.parseLong(plane.env("CONDUCTOR_PID"));
            signal(conductor, "STOP");
            try {
                api.call("POST", "/servers/" + server + "/action", "{\"os-stop\": null}");
                awaitLog(host, log -> log.contains("stop_instance") && log.contains("could not reach nova's record")
                        && log.contains("nova-conductor (topic conductor on rabbit://"), "the held stop");
                assertEquals("powering-off", api.server(server).path("OS-EXT-STS:task_state").asText());
                assertPingAnswered(plane);
            } finally {
                signal(conductor, "CONT");
            }
            api.awaitStatus(server, "SHUTOFF", Duration.ofSeconds(90));

            long placement = Long.parseLong(plane.env("PLACEMENT_PID"));
            signal(placement, "STOP");
            try {
                api.call("DELETE", "/servers/" + server, null);
                awaitLog(host, log -> log.contains("placement is unavailable at " + plane.env("PLACEMENT_URL")),
                        "the delete naming placement and its URL");
                api.awaitGone(server, Duration.ofSeconds(60)); // as nova's report client, the delete goes on
            } finally {
                signal(placement, "CONT");
            }
        }
    }

    private static String traits(ControlPlane plane, String provider) throws Exception {
        var r = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(plane.env("PLACEMENT_URL") + "/resource_providers/" + provider + "/traits"))
                .header("X-Auth-Token", "admin:admin").header("OpenStack-API-Version", "placement 1.6").build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        return r.body();
    }

    private static void assertPingAnswered(ControlPlane plane) {
        try (var connections = new AutoCloseableFactory(plane.env("TRANSPORT_URL"));
             RpcClient rpc = new RpcClient(connections.factory, MessagingOptions.defaults())) {
            var answer = new BaseApiClient(rpc, "compute").ping(RequestContext.admin(), "hostA",
                    Json.NODES.textNode("still there?"), Duration.ofSeconds(10));
            assertTrue(answer.toString().contains("still there?"), answer.toString());
        }
    }

    private record AutoCloseableFactory(org.springframework.amqp.rabbit.connection.CachingConnectionFactory factory)
            implements AutoCloseable {
        AutoCloseableFactory(String url) {
            this(BrokerConnectionFactory.forUrl(TransportUrl.parse(url)).build());
        }

        @Override
        public void close() {
            factory.destroy();
        }
    }

    private static void signal(long pid, String signal) throws Exception {
        new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start().waitFor();
    }

    private static void awaitLog(ComputeHostProcess host, Predicate<String> condition, String what) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < end) {
            if (condition.test(Files.readString(host.log(), StandardCharsets.UTF_8))) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the worker's log never showed " + what + ":\n" + ControlPlane.tail(host.log()));
    }
}
