package org.computeworker.rpc.client;

/** Any failure of an RPC cast or call: the message was not delivered, not answered, or failed remotely. */
public class RpcException extends RuntimeException {
    public RpcException(String message) {
        super(message);
    }

    public RpcException(String message, Throwable cause) {
        super(message, cause);
    }
}
