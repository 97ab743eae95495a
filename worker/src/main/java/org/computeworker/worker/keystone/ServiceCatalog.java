package org.computeworker.worker.keystone;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A Keystone v3 token's service catalog and keystoneauth's rules for picking an endpoint from it. */
final class ServiceCatalog {
    /** One catalog endpoint, flattened with its service. */
    record Entry(String serviceType, String serviceName, String interfaceName, String region, String url) {
    }

    private final List<Entry> entries;

    private ServiceCatalog(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /** Reads {@code token.catalog}; a token issued without one gives an empty catalog. */
    static ServiceCatalog fromToken(JsonNode token) {
        List<Entry> entries = new ArrayList<>();
        for (JsonNode service : token.path("catalog")) {
            for (JsonNode endpoint : service.path("endpoints")) {
                // v3 names the region in region_id (and the deprecated region); keystoneauth prefers region_id.
                String region = text(endpoint, "region_id");
                entries.add(new Entry(text(service, "type"), text(service, "name"), text(endpoint, "interface"),
                        region != null ? region : text(endpoint, "region"), text(endpoint, "url")));
            }
        }
        return new ServiceCatalog(entries);
    }

    /**
     * keystoneauth's get_endpoints_data: same service type, same name unless either side has none,
     * the first interface of {@code validInterfaces} that has an endpoint, the region when one is set.
     */
    Optional<URI> endpoint(EndpointFilter filter) {
        for (String wanted : filter.validInterfaces()) {
            for (Entry e : entries) {
                if (filter.serviceType().equals(e.serviceType())
                        && (filter.serviceName() == null || e.serviceName() == null
                                || filter.serviceName().equals(e.serviceName()))
                        && wanted.equals(e.interfaceName())
                        && (filter.regionName() == null || filter.regionName().equals(e.region()))
                        && e.url() != null && !e.url().isEmpty()) {
                    return Optional.of(URI.create(e.url()));
                }
            }
        }
        return Optional.empty();
    }

    List<Entry> entries() {
        return entries;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
