package org.computeworker.worker.keystone;

import java.time.Duration;
import java.time.Instant;

/** A token Keystone issued: its id (X-Subject-Token), when it expires, and the catalog that came with it. */
record KeystoneToken(String id, Instant expiresAt, ServiceCatalog catalog) {
    /** keystoneauth's BaseIdentityPlugin.MIN_TOKEN_LIFE_SECONDS: renew a token with less left than this. */
    static final Duration MIN_TOKEN_LIFE = Duration.ofSeconds(120);

    boolean willExpireSoon(Instant now) {
        return expiresAt.isBefore(now.plus(MIN_TOKEN_LIFE));
    }

    @Override
    public String toString() {
        return "KeystoneToken[expiresAt=" + expiresAt + "]";
    }
}
