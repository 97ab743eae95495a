package org.computeworker.worker.image.service;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.computeworker.messages.rpc.RequestContext;
import org.computeworker.worker.errors.NovaErrors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a GET to the {@code [glance] api_servers} in round-robin order and retries as nova's
 * GlanceClientWrapper does: connection failures, timeouts, broken bodies and 5xx answers move on
 * to the next server up to {@code num_retries} times, then end in GlanceConnectionFailed; other
 * non-success answers end at once in a {@link GlanceHttpStatusException}. (nova shuffles the
 * list per call; one rotating cursor spreads load as well and keeps failover predictable.)
 */
final class GlanceRequester {
    private static final Logger LOG = LoggerFactory.getLogger(GlanceRequester.class);
    private static final int ERROR_BODY_LIMIT = 4096;

    /** Consumes a successful response's body; an IOException from it counts as a transfer failure. */
    @FunctionalInterface
    interface BodyReader<T> {
        T read(HttpResponse<InputStream> response) throws IOException;
    }

    private final GlanceConfig config;
    private final HttpClient http;
    private final AtomicInteger cursor = new AtomicInteger();

    GlanceRequester(GlanceConfig config, HttpClient http) {
        if (config.apiServers().isEmpty()) {
            throw new IllegalArgumentException("[glance] api_servers is empty: there is no image service to ask");
        }
        this.config = config;
        this.http = http;
    }

    <T> T get(RequestContext context, String path, String accept, BodyReader<T> reader) {
        int attempts = 1 + config.numRetries();
        String server = null;
        for (int attempt = 1; ; attempt++) {
            URI base = nextServer();
            server = base.toString();
            String failure;
            try {
                HttpResponse<InputStream> response = http.send(request(context, base, path, accept),
                        HttpResponse.BodyHandlers.ofInputStream());
                try (InputStream body = response.body()) {
                    int status = response.statusCode();
                    if (status >= 200 && status < 300) {
                        return reader.read(response);
                    }
                    String excerpt = excerpt(body);
                    if (status < 500) {
                        throw new GlanceHttpStatusException(server, status, excerpt);
                    }
                    failure = "HTTP " + status + ": " + excerpt;
                }
            } catch (IOException e) {
                failure = describe(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw NovaErrors.glanceConnectionFailed(server, "interrupted");
            }
            boolean last = attempt >= attempts;
            LOG.warn("Error contacting glance server '{}' for GET {}, {}: {}", server, path,
                    last ? "done trying" : "retrying", failure);
            if (last) {
                throw NovaErrors.glanceConnectionFailed(server, failure);
            }
            pause(server);
        }
    }

    private URI nextServer() {
        List<URI> servers = config.apiServers();
        return servers.get(Math.floorMod(cursor.getAndIncrement(), servers.size()));
    }

    private HttpRequest request(RequestContext context, URI base, String path, String accept) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .GET()
                .timeout(config.readTimeout())
                .header("Accept", accept)
                .header("User-Agent", "compute-worker");
        String token = text(context.get("auth_token"));
        if (token != null && !token.isEmpty()) {
            b.header("X-Auth-Token", token);
        }
        String globalId = context.globalRequestId();
        if (globalId != null && !globalId.isEmpty()) {
            b.header("X-OpenStack-Request-ID", globalId);
        }
        return b.build();
    }

    private void pause(String server) {
        try {
            Thread.sleep(config.retryInterval().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw NovaErrors.glanceConnectionFailed(server, "interrupted");
        }
    }

    /** The JDK's ConnectException often has no message; its cause says what actually happened. */
    private static String describe(IOException e) {
        StringBuilder text = new StringBuilder(e.getClass().getSimpleName());
        if (e.getMessage() != null) {
            text.append(": ").append(e.getMessage());
        } else if (e instanceof java.net.ConnectException) {
            text.append(": cannot connect");
        }
        if (e.getCause() != null && e.getCause() != e) {
            text.append(" (").append(e.getCause()).append(")");
        }
        return text.toString();
    }

    private static String excerpt(InputStream body) {
        try {
            byte[] head = body.readNBytes(ERROR_BODY_LIMIT);
            return new String(head, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return "(body unreadable: " + e.getMessage() + ")";
        }
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }
}
