package org.computeworker.worker.notify;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.computeworker.messages.rpc.RequestContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The legacy payload's {@code image_ref_url} (glance.API.generate_image_url):
 * {@code <endpoint>/images/<image_ref>}, the endpoint being {@code [glance] api_servers} when set,
 * else the image service in the caller's service catalog (version suffix stripped, as nova does).
 * Where nova would ask keystone and fail, it falls back as nova does for periodic tasks: the bare
 * image ref.
 */
public final class ImageRefUrls {
    private static final Logger LOG = LoggerFactory.getLogger(ImageRefUrls.class);
    private static final List<String> INTERFACES = List.of("internal", "public");

    private final String apiServer;

    /** @param apiServer the first {@code [glance] api_servers} entry, or null */
    public ImageRefUrls(String apiServer) {
        this.apiServer = apiServer == null ? null : withScheme(apiServer);
    }

    public String of(String imageRef, RequestContext ctx) {
        String endpoint = apiServer != null ? apiServer : fromCatalog(ctx);
        if (endpoint == null) {
            if (ctx != null && ctx.get("auth_token") != null && !ctx.get("auth_token").isNull()) {
                LOG.debug("no image endpoint in [glance] api_servers or the service catalog; "
                        + "image_ref_url is the bare image ref");
            }
            return imageRef;
        }
        return endpoint + "/images/" + imageRef;
    }

    /** nova prefixes a scheme-less api_servers entry with http://. */
    private static String withScheme(String server) {
        return server.contains("//") ? server : "http://" + server;
    }

    private static String fromCatalog(RequestContext ctx) {
        JsonNode catalog = ctx == null ? null : ctx.get("service_catalog");
        if (catalog == null || !catalog.isArray()) {
            return null;
        }
        for (String wanted : INTERFACES) {
            for (JsonNode service : catalog) {
                if (!"image".equals(service.path("type").asText())) {
                    continue;
                }
                for (JsonNode endpoint : service.path("endpoints")) {
                    if (wanted.equals(endpoint.path("interface").asText()) && endpoint.path("url").isTextual()) {
                        return endpoint.get("url").asText().replaceFirst("/v\\d+(\\.\\d+)?/?$", "/");
                    }
                }
            }
        }
        return null;
    }
}
