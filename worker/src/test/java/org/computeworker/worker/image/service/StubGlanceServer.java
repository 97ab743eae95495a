package org.computeworker.worker.image.service;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A real HTTP server on loopback whose answers a test scripts, for the failures a well-behaved
 * image server never produces (503s, stalls); it records every request it receives.
 */
final class StubGlanceServer implements AutoCloseable {
    /** How the stub answers one request. */
    @FunctionalInterface
    interface Script {
        void answer(HttpExchange exchange) throws IOException;
    }

    /** What arrived: the method, the path and the headers that matter to Glance. */
    record Received(String method, String path, String authToken, String requestId) {
    }

    private final HttpServer http;
    private final List<Received> received = new CopyOnWriteArrayList<>();

    StubGlanceServer(Script script) throws IOException {
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        http.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "stub-glance");
            t.setDaemon(true);
            return t;
        }));
        http.createContext("/", exchange -> {
            try (exchange) {
                received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                        exchange.getRequestHeaders().getFirst("X-Auth-Token"),
                        exchange.getRequestHeaders().getFirst("X-OpenStack-Request-ID")));
                script.answer(exchange);
            }
        });
        http.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + http.getAddress().getPort();
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
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
