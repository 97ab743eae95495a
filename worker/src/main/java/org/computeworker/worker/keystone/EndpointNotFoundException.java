package org.computeworker.worker.keystone;

/** The token's catalog has no endpoint matching the section's service_type, service_name, interfaces and region. */
public final class EndpointNotFoundException extends ServiceAccessException {
    public EndpointNotFoundException(String keystoneUrl, EndpointFilter filter) {
        super(filter.serviceType(), keystoneUrl, "the catalog from " + keystoneUrl + " has no endpoint for service"
                + " type '" + filter.serviceType() + "'" + (filter.serviceName() == null ? ""
                : " named '" + filter.serviceName() + "'") + " with interface " + filter.validInterfaces()
                + (filter.regionName() == null ? "" : " in region '" + filter.regionName() + "'"), null);
    }
}
