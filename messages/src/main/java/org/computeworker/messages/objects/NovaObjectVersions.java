package org.computeworker.messages.objects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.computeworker.messages.Json;

/**
 * The version manifests nova Zed sends with {@code object_class_action_versions}: for each object
 * class, its version and those of every object it can contain ({@code obj_tree_get_versions}), so
 * the conductor answers in versions this side reads. Generated from nova's own registry by
 * {@code messages/tools/nova_object_versions.py}.
 */
public final class NovaObjectVersions {
    private static final ObjectNode MANIFESTS = load();

    private NovaObjectVersions() {
    }

    private static ObjectNode load() {
        try (InputStream in = NovaObjectVersions.class.getResourceAsStream("nova-object-versions.json")) {
            if (in == null) {
                throw new IllegalStateException("nova-object-versions.json is missing from the classpath");
            }
            return (ObjectNode) Json.MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The manifest for a class action on {@code objectName} (a fresh copy the caller may send). */
    public static ObjectNode manifest(String objectName) {
        JsonNode m = MANIFESTS.get(objectName);
        if (!(m instanceof ObjectNode o)) {
            throw new IllegalArgumentException("no nova object named " + objectName + " in nova Zed's registry");
        }
        return o.deepCopy();
    }

    /** The version of {@code objectName} this side speaks. */
    public static String version(String objectName) {
        return manifest(objectName).path(objectName).asText();
    }

    /** The nova release the manifests were taken from. */
    public static String novaVersion() {
        return MANIFESTS.path("_nova_version").asText();
    }
}
