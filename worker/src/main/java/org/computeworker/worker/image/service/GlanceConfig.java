package org.computeworker.worker.image.service;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The {@code [glance]} options the image service uses, with nova's defaults (nova/conf/glance.py).
 * {@code connectTimeout}/{@code readTimeout} stand for keystoneauth's {@code [glance] timeout},
 * which nova leaves unset (wait forever); here they default to finite values so a hung server
 * cannot stall a spawn. {@code retryInterval} is the pause nova hard-codes between attempts.
 */
public record GlanceConfig(
        List<URI> apiServers,
        int numRetries,
        boolean enableRbdDownload,
        String rbdUser,
        String rbdPool,
        String rbdCephConf,
        int rbdConnectTimeout,
        Duration connectTimeout,
        Duration readTimeout,
        Duration retryInterval) {

    public static final int DEFAULT_NUM_RETRIES = 3;
    public static final int DEFAULT_RBD_CONNECT_TIMEOUT = 5;
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration DEFAULT_RETRY_INTERVAL = Duration.ofSeconds(1);

    public GlanceConfig {
        apiServers = List.copyOf(Objects.requireNonNull(apiServers, "apiServers"));
        if (numRetries < 0) {
            throw new IllegalArgumentException("[glance] num_retries must be >= 0, got " + numRetries);
        }
        rbdUser = Objects.requireNonNullElse(rbdUser, "");
        rbdPool = Objects.requireNonNullElse(rbdPool, "");
        rbdCephConf = Objects.requireNonNullElse(rbdCephConf, "");
        requirePositive(connectTimeout, "connectTimeout");
        requirePositive(readTimeout, "readTimeout");
        if (retryInterval == null || retryInterval.isNegative()) {
            throw new IllegalArgumentException("retryInterval must be zero or positive, got " + retryInterval);
        }
    }

    /** nova's defaults with the given {@code [glance] api_servers} (full URLs such as http://host:9292). */
    public static GlanceConfig of(List<String> apiServers) {
        List<URI> uris = new ArrayList<>();
        for (String server : apiServers) {
            uris.add(normaliseApiServer(server));
        }
        return new GlanceConfig(uris, DEFAULT_NUM_RETRIES, false, "", "", "", DEFAULT_RBD_CONNECT_TIMEOUT,
                DEFAULT_CONNECT_TIMEOUT, DEFAULT_READ_TIMEOUT, DEFAULT_RETRY_INTERVAL);
    }

    public GlanceConfig withNumRetries(int retries) {
        return new GlanceConfig(apiServers, retries, enableRbdDownload, rbdUser, rbdPool, rbdCephConf,
                rbdConnectTimeout, connectTimeout, readTimeout, retryInterval);
    }

    public GlanceConfig withTimeouts(Duration connect, Duration read, Duration retryPause) {
        return new GlanceConfig(apiServers, numRetries, enableRbdDownload, rbdUser, rbdPool, rbdCephConf,
                rbdConnectTimeout, connect, read, retryPause);
    }

    public GlanceConfig withRbdDownload(String user, String pool, String cephConf, int connectTimeoutSeconds) {
        return new GlanceConfig(apiServers, numRetries, true, user, pool, cephConf, connectTimeoutSeconds,
                connectTimeout, readTimeout, retryInterval);
    }

    /**
     * A base URL to which {@code /v2/images} is appended: a trailing slash or version suffix is
     * dropped, as nova does for catalog endpoints, so "http://h:9292/v2/" and "http://h:9292" agree.
     */
    static URI normaliseApiServer(String server) {
        String text = Objects.requireNonNull(server, "api server").trim();
        URI uri;
        try {
            uri = URI.create(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("[glance] api_servers entry is not a URL: " + text, e);
        }
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                || uri.getHost() == null) {
            throw new IllegalArgumentException(
                    "[glance] api_servers entry must be a full http(s) URL such as http://host:9292, got " + text);
        }
        String stripped = text.replaceAll("/v\\d+(\\.\\d+)?/?$", "").replaceAll("/+$", "");
        return URI.create(stripped);
    }

    private static void requirePositive(Duration d, String what) {
        if (d == null || d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(what + " must be positive, got " + d);
        }
    }
}
