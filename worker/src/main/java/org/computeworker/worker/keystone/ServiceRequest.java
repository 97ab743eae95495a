package org.computeworker.worker.keystone;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One request to a service, relative to its endpoint: {@code path} may carry a query string.
 * A JSON body is sent as application/json, as keystoneauth does for {@code json=}.
 */
public record ServiceRequest(String method, String path, Map<String, String> headers, byte[] body) {
    public ServiceRequest {
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("path must start with '/': " + path);
        }
        headers = Map.copyOf(headers);
    }

    public static ServiceRequest get(String path) {
        return new ServiceRequest("GET", path, Map.of(), null);
    }

    public static ServiceRequest delete(String path) {
        return new ServiceRequest("DELETE", path, Map.of(), null);
    }

    /** A PUT with no body at all (placement's PUT /traits/{name}), or with a JSON document. */
    public static ServiceRequest put(String path, JsonNode json) {
        return new ServiceRequest("PUT", path, Map.of(), json == null ? null : bytes(json));
    }

    public static ServiceRequest post(String path, JsonNode json) {
        return new ServiceRequest("POST", path, Map.of(), bytes(json));
    }

    public ServiceRequest withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new ServiceRequest(method, path, more, body);
    }

    private static byte[] bytes(JsonNode json) {
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return method + " " + path;
    }
}
