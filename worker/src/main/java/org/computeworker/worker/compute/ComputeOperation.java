package org.computeworker.worker.compute;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One compute RPC method: what nova's ComputeManager method of the same name does. Its class
 * carries nova's decorators ({@link org.computeworker.worker.compute.interceptors.NovaDecorators});
 * {@link #admit} runs first, outside them.
 */
public interface ComputeOperation {
    String method();

    /**
     * Checks, before anything changes, that the message fits what this host knows (not stale, not
     * repeated); standalone, it also adopts the instance the message carries as the record.
     */
    void admit(Invocation invocation);

    JsonNode run(Invocation invocation) throws Exception;
}
