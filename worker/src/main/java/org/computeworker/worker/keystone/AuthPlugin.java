package org.computeworker.worker.keystone;

import java.net.URI;
import java.util.Optional;

/** What a session needs from a keystoneauth plugin: a token to send and where the service is. */
interface AuthPlugin {
    /** The token for X-Auth-Token, fetched or renewed as needed; empty when this plugin sends none. */
    Optional<String> token();

    /**
     * Forgets the current token after a 401, so the next {@link #token()} fetches a new one.
     *
     * @return false when there is nothing to renew (a fixed token): retrying would get the same 401
     */
    boolean invalidate();

    /** The service's base URL for the filter: from the token's catalog, or the plugin's fixed endpoint. */
    URI endpoint(EndpointFilter filter);
}
