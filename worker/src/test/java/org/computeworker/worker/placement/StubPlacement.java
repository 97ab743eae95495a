package org.computeworker.worker.placement;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import org.computeworker.messages.config.OsloConfigFile;
import org.computeworker.worker.config.OptionReader;
import org.computeworker.worker.keystone.KeystoneSession;

/**
 * A scripted placement on loopback, for answers the real one gives only in races (a consumer
 * changed between two requests) or never (503, a stall). Records "METHOD /path" of each request.
 */
final class StubPlacement implements AutoCloseable {
    /** How the stub answers one request. */
    @FunctionalInterface
    interface Script {
        Answer answer(String method, String path);
    }

    record Answer(int status, String body, Duration delay) {
        static Answer of(int status, String body) {
            return new Answer(status, body, Duration.ZERO);
        }
    }

    private final HttpServer http;
    private final List<String> received = new CopyOnWriteArrayList<>();

    StubPlacement(Script script) throws IOException {
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        http.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "stub-placement");
            t.setDaemon(true);
            return t;
        }));
        http.createContext("/", exchange -> {
            try (exchange) {
                String path = exchange.getRequestURI().toString();
                received.add(exchange.getRequestMethod() + " " + path);
                respond(exchange, script.answer(exchange.getRequestMethod(), path));
            }
        });
        http.start();
    }

    String url() {
        return "http://127.0.0.1:" + http.getAddress().getPort();
    }

    List<String> received() {
        return List.copyOf(received);
    }

    /** A client whose retries do not pause, with the given extra [placement] options. */
    PlacementClient client(String extra) {
        OptionReader conf = new OptionReader(OsloConfigFile.parse("[placement]\nauth_type = admin_token\nendpoint = "
                + url() + "\ntoken = admin\n" + extra));
        return new PlacementClient(KeystoneSession.open(PlacementOptions.read(conf).auth()), Duration.ofMinutes(5),
                java.time.Clock.systemUTC(), retry -> { });
    }

    static String error(int status, String code, String detail) {
        return "{\"errors\": [{\"status\": " + status + ", \"title\": \"Conflict\", \"code\": \"" + code
                + "\", \"detail\": \"" + detail + "\"}]}";
    }

    private static void respond(HttpExchange exchange, Answer answer) throws IOException {
        try {
            Thread.sleep(answer.delay().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
    }

    @Override
    public void close() {
        http.stop(0);
    }
}
