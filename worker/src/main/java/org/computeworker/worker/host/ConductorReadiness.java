package org.computeworker.worker.host;

import java.time.Duration;
import org.computeworker.messages.Json;
import org.computeworker.messages.rpc.RequestContext;
import org.computeworker.rpc.client.BaseApiClient;
import org.computeworker.rpc.client.MessagingTimeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * nova's conductor {@code wait_until_ready}: before a nova-compute touches its record it pings
 * nova-conductor ({@code baseapi} ping on topic conductor), ten times with a short timeout, then
 * with rpc_response_timeout, for as long as it takes, saying each time what it waits for.
 */
public final class ConductorReadiness {
    private static final Logger LOG = LoggerFactory.getLogger(ConductorReadiness.class);
    private static final Duration EARLY_TIMEOUT = Duration.ofSeconds(10);
    private static final int EARLY_ATTEMPTS = 10;

    private final BaseApiClient conductor;
    private final Duration timeout;
    private final String where;

    public ConductorReadiness(BaseApiClient conductor, Duration rpcResponseTimeout, String where) {
        this.conductor = conductor;
        this.timeout = rpcResponseTimeout;
        this.where = where;
    }

    /** Returns once the conductor answered; interrupted waits give up with an exception. */
    public void await() {
        for (int attempt = 1; ; attempt++) {
            Duration limit = attempt <= EARLY_ATTEMPTS ? EARLY_TIMEOUT : timeout;
            try {
                conductor.ping(RequestContext.admin(), Json.NODES.textNode("1.21 GigaWatts"), limit);
                if (attempt > 1) {
                    LOG.info("nova-conductor answered after {} attempt(s)", attempt);
                }
                return;
            } catch (MessagingTimeout e) {
                LOG.warn("Timed out waiting for nova-conductor ({}). Is it running? Or did this service start before "
                        + "nova-conductor? Reattempting establishment of nova-conductor connection...", where);
            }
            if (Thread.currentThread().isInterrupted()) {
                throw new IllegalStateException("interrupted while waiting for nova-conductor");
            }
        }
    }
}
