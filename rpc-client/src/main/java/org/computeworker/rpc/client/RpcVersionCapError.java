package org.computeworker.rpc.client;

/** oslo_messaging.RPCVersionCapError: a message's version is above what the client may send. */
public class RpcVersionCapError extends RpcException {
    public RpcVersionCapError(String version, String versionCap) {
        super("Requested message version, " + version + " is incompatible. It needs to be equal in major version and"
                + " less than or equal in minor version as the specified version cap " + versionCap + ".");
    }
}
