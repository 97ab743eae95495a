package org.computeworker.worker.dispatch;

import org.computeworker.messages.rpc.RpcRequest;
import org.computeworker.worker.transport.InboundDelivery;

/**
 * A journaled request waiting to run, holding the delivery to acknowledge when it starts. If the
 * broker redelivers it meanwhile (its channel died), the new delivery replaces the old one.
 */
public final class AdmittedRequest {
    private final RpcRequest request;
    private final String journalId;
    private final long deadlineMillis;
    private InboundDelivery delivery;
    private boolean acknowledged;

    public AdmittedRequest(RpcRequest request, String journalId, InboundDelivery delivery) {
        this.request = request;
        this.journalId = journalId;
        this.deadlineMillis = delivery.deadlineMillis();
        this.delivery = delivery;
    }

    public RpcRequest request() {
        return request;
    }

    public String journalId() {
        return journalId;
    }

    public long deadlineMillis() {
        return deadlineMillis;
    }

    /** Acknowledges the live delivery (once). */
    public synchronized void acknowledge() {
        acknowledged = true;
        delivery.ack();
    }

    /**
     * Another delivery of this message arrived while it waits. If the first copy's channel is alive
     * this one is a duplicate: it is acknowledged and dropped (returns false). If that channel died,
     * the broker is redelivering: the new copy becomes the one acknowledged when the request starts
     * (at once if it already started) and the method returns true.
     */
    public synchronized boolean rebind(InboundDelivery redelivered) {
        if (delivery.channel().isOpen()) {
            redelivered.ack();
            return false;
        }
        delivery = redelivered;
        if (acknowledged) {
            redelivered.ack();
        }
        return true;
    }
}
