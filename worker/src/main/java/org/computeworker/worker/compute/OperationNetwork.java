package org.computeworker.worker.compute;

import com.fasterxml.jackson.databind.node.ArrayNode;
import org.computeworker.messages.Json;
import org.computeworker.messages.objects.Instance;

/** An instance's network_info as its info cache holds it. */
final class OperationNetwork {
    private OperationNetwork() {
    }

    static ArrayNode of(Instance instance) {
        return instance.infoCache() == null ? Json.array() : instance.infoCache().networkInfo();
    }
}
