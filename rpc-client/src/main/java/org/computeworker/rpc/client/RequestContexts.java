package org.computeworker.rpc.client;

import org.computeworker.messages.rpc.RequestContext;

/** Contexts for requests this side starts, shaped like nova's {@code RequestContext.to_dict()}. */
public final class RequestContexts {
    private RequestContexts() {
    }

    /** An admin context for {@code user} in {@code project}, with a fresh {@code req-<uuid>} request id. */
    public static RequestContext admin(String user, String project) {
        return RequestContext.admin(user, project);
    }
}
