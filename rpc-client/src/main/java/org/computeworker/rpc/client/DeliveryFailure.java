package org.computeworker.rpc.client;

/** The broker did not take the message: unreachable, refused a declaration, or did not confirm the publish. */
public class DeliveryFailure extends RpcException {
    public DeliveryFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
