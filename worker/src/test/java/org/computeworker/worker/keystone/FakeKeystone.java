package org.computeworker.worker.keystone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.computeworker.messages.Json;

/**
 * Keystone v3's token API and a token-checking service on one loopback HTTP server: POST
 * {v3}/auth/tokens issues "token-N" (X-Subject-Token) valid for {@link #lifetime} on the given
 * clock, with a catalog pointing at this server's /svc/{interface}/ paths; any /svc/ request
 * answers 200 with the path it reached when its X-Auth-Token is a live token, else 401.
 */
final class FakeKeystone implements AutoCloseable {
    /** What the service side saw: the path and the token it carried. */
    record ServiceCall(String path, String token) {
    }

    private final HttpServer http;
    private final Clock clock;
    private final AtomicInteger issued = new AtomicInteger();
    private final Set<String> live = ConcurrentHashMap.newKeySet();
    private final List<JsonNode> authBodies = new CopyOnWriteArrayList<>();
    private final List<String> authPaths = new CopyOnWriteArrayList<>();
    private final List<ServiceCall> serviceCalls = new CopyOnWriteArrayList<>();
    volatile Duration lifetime = Duration.ofHours(1);
    volatile int authStatus = 201;
    volatile String region = "RegionOne";
    volatile boolean serviceRejectsAll;

    FakeKeystone(Clock clock) throws IOException {
        this.clock = clock;
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        http.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fake-keystone");
            t.setDaemon(true);
            return t;
        }));
        http.createContext("/", exchange -> {
            try (exchange) {
                answer(exchange);
            }
        });
        http.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + http.getAddress().getPort();
    }

    int tokensIssued() {
        return issued.get();
    }

    List<JsonNode> authBodies() {
        return List.copyOf(authBodies);
    }

    List<String> authPaths() {
        return List.copyOf(authPaths);
    }

    List<ServiceCall> serviceCalls() {
        return List.copyOf(serviceCalls);
    }

    /** Keystone forgets every token (a restart with new fernet keys, a revocation): services answer 401. */
    void revokeAll() {
        live.clear();
    }

    private void answer(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        if (path.endsWith("/v3/auth/tokens") && exchange.getRequestMethod().equals("POST")) {
            authPaths.add(path);
            authBodies.add(Json.parse(exchange.getRequestBody().readAllBytes()));
            if (authStatus >= 300) {
                respond(exchange, authStatus, "{\"error\": {\"code\": " + authStatus + ", \"message\": \"The"
                        + " request you have made requires authentication.\"}}");
                return;
            }
            String token = "token-" + issued.incrementAndGet();
            live.add(token);
            exchange.getResponseHeaders().add("X-Subject-Token", token);
            respond(exchange, authStatus, tokenBody().toString());
        } else if (path.startsWith("/svc/")) {
            String token = exchange.getRequestHeaders().getFirst("X-Auth-Token");
            serviceCalls.add(new ServiceCall(path, token));
            boolean ok = token != null && live.contains(token) && !serviceRejectsAll;
            respond(exchange, ok ? 200 : 401, ok ? "{\"path\": \"" + path + "\"}" : "{\"error\": \"401\"}");
        } else {
            respond(exchange, 404, "{}");
        }
    }

    private ObjectNode tokenBody() {
        ArrayNode catalog = Json.array();
        catalog.add(service("placement", "placement", "internal", "public", "admin"));
        catalog.add(service("image", "glance", "public"));
        ObjectNode token = Json.object();
        token.put("expires_at", clock.instant().plus(lifetime).toString());
        token.put("issued_at", clock.instant().toString());
        token.set("catalog", catalog);
        return (ObjectNode) Json.object().set("token", token);
    }

    private ObjectNode service(String type, String name, String... interfaces) {
        ArrayNode endpoints = Json.array();
        for (String iface : interfaces) {
            endpoints.add(Json.object().put("interface", iface).put("region_id", region).put("region", region)
                    .put("url", baseUrl() + "/svc/" + type + "-" + iface).put("id", type + "-" + iface));
        }
        ObjectNode service = Json.object().put("type", type).put("name", name).put("id", type + "-id");
        service.set("endpoints", endpoints);
        return service;
    }

    static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
    }

    @Override
    public void close() {
        http.stop(0);
    }
}
