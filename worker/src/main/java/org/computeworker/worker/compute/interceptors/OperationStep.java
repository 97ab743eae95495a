package org.computeworker.worker.compute.interceptors;

import com.fasterxml.jackson.databind.JsonNode;
import org.computeworker.worker.compute.Invocation;

/** The rest of an operation, from an interceptor's point of view. */
@FunctionalInterface
public interface OperationStep {
    JsonNode proceed(Invocation invocation) throws Exception;
}
