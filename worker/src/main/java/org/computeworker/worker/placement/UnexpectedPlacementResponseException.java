package org.computeworker.worker.placement;

import org.computeworker.worker.keystone.ServiceResponse;

/** An answer nova does not expect at that point (nova's ResourceProvider*Failed, ConsumerAllocationRetrievalFailed). */
public final class UnexpectedPlacementResponseException extends PlacementException {
    private final String url;
    private final int status;

    public UnexpectedPlacementResponseException(String what, ServiceResponse response) {
        super(what + ": placement answered HTTP " + response.status() + " to " + response.method() + " "
                + response.uri() + ": " + response.text());
        this.url = response.uri().toString();
        this.status = response.status();
    }

    public String url() {
        return url;
    }

    public int status() {
        return status;
    }
}
