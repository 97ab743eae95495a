package org.computeworker.worker.dispatch;

import org.computeworker.messages.rpc.RpcRequest;
import org.computeworker.worker.transport.Acknowledger;
import org.computeworker.worker.transport.InboundDelivery;

/**
 * A journaled request waiting to run, holding the delivery to acknowledge when it starts. If the
 * broker redelivers it meanwhile (its channel died), the new delivery replaces the old one.
 */
public final class AdmittedRequest {
    private final RpcRequest request;
    private final String journalId;
    private final String queue;
    private final long deadlineMillis;
    private InboundDelivery delivery;
    private boolean acknowledged;

    public AdmittedRequest(RpcRequest request, String journalId, InboundDelivery delivery) {
        this.request = request;
        this.journalId = journalId;
        this.queue = delivery.queue();
        this.deadlineMillis = delivery.deadlineMillis();
        this.delivery = delivery;
    }

    public RpcRequest request() {
        return request;
    }

    public String journalId() {
        return journalId;
    }

    public String queue() {
        return queue;
    }

    public long deadlineMillis() {
        return deadlineMillis;
    }

    /** Acknowledges the live delivery (once). */
    public synchronized void acknowledge(Acknowledger acker) {
        acknowledged = true;
        acker.ack(delivery);
    }

    /**
     * Another delivery of this message arrived while it waits. If the first copy's channel is alive
     * this one is a duplicate: it is acknowledged and dropped (returns false). If that channel died,
     * the broker is redelivering: the new copy becomes the one acknowledged when the request starts
     * (at once if it already started) and the method returns true.
     */
    public synchronized boolean rebind(InboundDelivery redelivered, Acknowledger acker) {
        if (delivery.channel().isOpen()) {
            acker.ack(redelivered);
            return false;
        }
        delivery = redelivered;
        if (acknowledged) {
            acker.ack(redelivered);
        }
        return true;
    }
}
