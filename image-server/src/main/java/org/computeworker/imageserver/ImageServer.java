package org.computeworker.imageserver;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A running Glance-v2-compatible image server over one data directory. Start it with
 * {@link #start}; {@link #baseUrl()} is what goes into {@code [glance] api_servers}.
 */
public final class ImageServer implements AutoCloseable {
    private static final int THREADS = 16;

    private final HttpServer http;
    private final ExecutorService executor;
    private final String baseUrl;

    private ImageServer(HttpServer http, ExecutorService executor) {
        this.http = http;
        this.executor = executor;
        InetSocketAddress bound = http.getAddress();
        String host = bound.getAddress().isAnyLocalAddress() ? "127.0.0.1" : bound.getAddress().getHostAddress();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        this.baseUrl = "http://" + host + ":" + bound.getPort();
    }

    /** Serves {@code dir} on {@code port} (0 picks a free one) until closed. */
    public static ImageServer start(Path dir, int port, ImageServerOptions options) throws IOException {
        ImageStore store = new ImageStore(dir, Clock.systemUTC());
        HttpServer http = HttpServer.create(new InetSocketAddress(options.bindAddress(), port), 64);
        ExecutorService executor = Executors.newFixedThreadPool(THREADS, daemonThreads());
        http.setExecutor(executor);
        http.createContext("/v2/images", new ImagesHandler(store, options));
        http.createContext("/", new DiscoveryHandler());
        http.start();
        return new ImageServer(http, executor);
    }

    /** e.g. http://127.0.0.1:9292, without a trailing slash or version. */
    public String baseUrl() {
        return baseUrl;
    }

    public int port() {
        return http.getAddress().getPort();
    }

    @Override
    public void close() {
        http.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "image-server-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
