package org.computeworker.worker.notify;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.computeworker.messages.objects.NovaObject;

/**
 * The primitive of a notification payload object. Nova resets their changes before emitting, so a
 * payload never carries {@code nova_object.changes}.
 */
public final class VersionedPayload {
    private VersionedPayload() {
    }

    public static ObjectNode of(String name, String version, ObjectNode data) {
        ObjectNode p = NovaObject.newPrimitive(name, version);
        p.set(NovaObject.DATA, data);
        return p;
    }
}
