package org.computeworker.worker.keystone;

import java.net.URI;
import java.util.Optional;

/**
 * keystoneauth's {@code admin_token} (token_endpoint.Token) and {@code none} (noauth.NoAuth):
 * a fixed token, or none, and a fixed endpoint that serves every service type.
 */
final class FixedEndpointAuth implements AuthPlugin {
    private final String token;
    private final URI endpoint;

    FixedEndpointAuth(String token, URI endpoint) {
        this.token = token;
        this.endpoint = endpoint;
    }

    @Override
    public Optional<String> token() {
        return Optional.ofNullable(token);
    }

    @Override
    public boolean invalidate() {
        return false;
    }

    @Override
    public URI endpoint(EndpointFilter filter) {
        if (endpoint == null) {
            // ServiceAuthOptions requires endpoint_override in this case, which the session uses first.
            throw new IllegalStateException("no endpoint configured for " + filter.serviceType());
        }
        return endpoint;
    }
}
