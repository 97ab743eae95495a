package org.computeworker.worker.keystone;

import java.util.List;

/**
 * Which catalog endpoint a session uses: keystoneauth's Adapter options {@code service_type},
 * {@code service_name}, {@code valid_interfaces} (in order of preference) and {@code region_name}.
 */
public record EndpointFilter(String serviceType, String serviceName, List<String> validInterfaces, String regionName) {
    public EndpointFilter {
        validInterfaces = List.copyOf(validInterfaces);
    }
}
