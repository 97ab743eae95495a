package org.computeworker.worker.compute;

import com.fasterxml.jackson.databind.JsonNode;

/** One compute RPC method: what nova's ComputeManager method of the same name does. */
public interface ComputeOperation {
    String method();

    /**
     * Checks, before anything changes, that the message fits the state this host holds (not stale,
     * not repeated) and adopts the instance and migration it carries.
     */
    void admit(Invocation invocation);

    JsonNode run(Invocation invocation) throws Exception;
}
