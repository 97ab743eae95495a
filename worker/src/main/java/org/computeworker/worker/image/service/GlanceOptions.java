package org.computeworker.worker.image.service;

import java.time.Duration;
import java.util.List;
import org.computeworker.messages.config.ConfigException;
import org.computeworker.worker.config.OptionReader;

/**
 * Reads nova's {@code [glance]} options into a {@link GlanceConfig}: api_servers, num_retries, the rbd download
 * options, and keystoneauth's {@code timeout} (seconds, for connecting and for each read; unset keeps this worker's
 * finite defaults where nova would wait forever).
 */
public final class GlanceOptions {
    static final String SECTION = "glance";

    private GlanceOptions() {
    }

    /**
     * nova without api_servers: keystoneauth's options in [glance] (endpoint_override, or the catalog's
     * {@code image} endpoint for auth_type = password) say where Glance is; requests still carry the
     * user's token, as nova's do.
     */
    private static String fromKeystone(OptionReader r) {
        if (r.optional(SECTION, "auth_type").isEmpty() && r.optional(SECTION, "endpoint_override").isEmpty()
                && r.optional(SECTION, "endpoint").isEmpty()) {
            throw new ConfigException(r.where(SECTION, "api_servers") + " is required when [glance] has no "
                    + "endpoint_override and no auth_type to find Glance in the keystone catalog");
        }
        var auth = org.computeworker.worker.keystone.ServiceAuthOptions.read(r, SECTION, "image");
        return org.computeworker.worker.keystone.KeystoneSession.open(auth).endpoint().toString();
    }

    /**
     * @throws ConfigException when api_servers is unset and no keystoneauth options say where Glance is, or a
     *                         server is not an http(s) URL
     */
    public static GlanceConfig read(OptionReader r) {
        List<String> servers = r.list(SECTION, "api_servers", List.of());
        if (servers.isEmpty()) {
            servers = List.of(fromKeystone(r));
        }
        GlanceConfig config;
        try {
            config = GlanceConfig.of(servers);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(r.where(SECTION, "api_servers") + ": " + e.getMessage());
        }
        config = config.withNumRetries(r.integer(SECTION, "num_retries", GlanceConfig.DEFAULT_NUM_RETRIES, 0, 1000));
        if (r.optional(SECTION, "timeout").isPresent()) {
            Duration timeout = Duration.ofSeconds(r.integer(SECTION, "timeout", 0, 1, 86_400));
            config = config.withTimeouts(timeout, timeout, config.retryInterval());
        }
        if (r.bool(SECTION, "enable_rbd_download", false)) {
            config = config.withRbdDownload(r.string(SECTION, "rbd_user", ""), r.string(SECTION, "rbd_pool", ""),
                    r.string(SECTION, "rbd_ceph_conf", ""), r.integer(SECTION, "rbd_connect_timeout",
                            GlanceConfig.DEFAULT_RBD_CONNECT_TIMEOUT, 1, 3600));
        }
        return config;
    }
}
