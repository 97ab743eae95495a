package org.computeworker.worker.controlplane;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.computeworker.messages.Json;

/** nova's public REST API as a user calls it (noauth2: X-Auth-Token admin:admin, microversion 2.93). */
final class NovaApi {
    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;

    NovaApi(ControlPlane plane) {
        this.base = plane.env("NOVA_API_URL");
    }

    JsonNode call(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .header("X-Auth-Token", "admin:admin").header("OpenStack-API-Version", "compute 2.93")
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 400) {
            throw new AssertionError(method + " " + path + " -> " + r.statusCode() + " " + r.body());
        }
        return r.body().isEmpty() ? Json.object() : Json.parse(r.body());
    }

    String boot(ControlPlane plane, String name, String host) throws Exception {
        JsonNode created = call("POST", "/servers", "{\"server\": {\"name\": \"" + name + "\", \"imageRef\": \""
                + plane.env("IMAGE_ID") + "\", \"flavorRef\": \"" + plane.env("FLAVOR_SMALL")
                + "\", \"networks\": \"none\", \"host\": \"" + host + "\"}}");
        String id = created.path("server").path("id").asText();
        awaitStatus(id, "ACTIVE", Duration.ofSeconds(60));
        return id;
    }

    /** Waits until the server is gone (404). */
    void awaitGone(String id, Duration timeout) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/servers/" + id))
                    .header("X-Auth-Token", "admin:admin").header("OpenStack-API-Version", "compute 2.93").build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 404) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("server " + id + " still there after " + timeout);
    }

    JsonNode server(String id) throws Exception {
        return call("GET", "/servers/" + id, null).path("server");
    }

    /** Waits for the status with no task running; fails at once on ERROR. */
    JsonNode awaitStatus(String id, String status, Duration timeout) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        JsonNode s = server(id);
        while (System.nanoTime() < end) {
            s = server(id);
            if (s.path("status").asText().equals("ERROR")) {
                throw new AssertionError("server " + id + " went to ERROR: " + s.path("fault"));
            }
            if (s.path("status").asText().equals(status) && s.path("OS-EXT-STS:task_state").isNull()) {
                return s;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("server " + id + " not " + status + " after " + timeout + ": " + s.path("status")
                + " / " + s.path("OS-EXT-STS:task_state"));
    }
}
