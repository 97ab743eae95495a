package org.computeworker.rpc.client;

/** oslo_messaging.MessagingTimeout: no final reply before the call timeout or the call-monitor timeout. */
public class MessagingTimeout extends RpcException {
    private final String msgId;

    public MessagingTimeout(String msgId, String reason) {
        super("Timed out waiting for a reply to message ID " + msgId + ": " + reason);
        this.msgId = msgId;
    }

    public String msgId() {
        return msgId;
    }
}
