package org.computeworker.messages.objects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.computeworker.messages.Json;
import org.computeworker.messages.MalformedMessageException;

/**
 * A nova versioned object in its primitive form ({@code nova_object.name/namespace/version/data},
 * optionally {@code nova_object.changes}). The object is a live view over that primitive: fields
 * this class does not model stay exactly as they arrived, and setting a field records it in
 * {@code changes} as oslo.versionedobjects does.
 */
public class NovaObject {
    public static final String NAME = "nova_object.name";
    public static final String NAMESPACE = "nova_object.namespace";
    public static final String VERSION = "nova_object.version";
    public static final String DATA = "nova_object.data";
    public static final String CHANGES = "nova_object.changes";
    public static final String NOVA = "nova";

    private final ObjectNode primitive;
    private final ObjectNode data;

    protected NovaObject(ObjectNode primitive) {
        this.primitive = primitive;
        JsonNode d = primitive.get(DATA);
        if (d == null || d.isNull()) {
            d = primitive.putObject(DATA);
        }
        if (!d.isObject()) {
            throw new MalformedMessageException(objectName() + ": " + DATA + " must be an object");
        }
        this.data = (ObjectNode) d;
    }

    /** Views a primitive as a generic object, refusing anything that is not one. */
    public static NovaObject of(JsonNode node) {
        return new NovaObject(checkPrimitive(node, null));
    }

    public static boolean isPrimitive(JsonNode node) {
        return node != null && node.isObject() && node.get(NAME) != null && node.get(NAME).isTextual();
    }

    /** A new, empty primitive: every field unset, as a freshly constructed object. */
    public static ObjectNode newPrimitive(String name, String version) {
        ObjectNode p = Json.object();
        p.put(NAME, name);
        p.put(NAMESPACE, NOVA);
        p.put(VERSION, version);
        p.putObject(DATA);
        return p;
    }

    static ObjectNode checkPrimitive(JsonNode node, String expectedName) {
        if (!isPrimitive(node)) {
            throw new MalformedMessageException("expected a nova object"
                    + (expectedName == null ? "" : " " + expectedName) + ", got "
                    + (node == null ? "nothing" : node.getNodeType().toString()));
        }
        String name = node.get(NAME).textValue();
        if (expectedName != null && !expectedName.equals(name)) {
            throw new MalformedMessageException("expected a nova object " + expectedName + ", got " + name);
        }
        return (ObjectNode) node;
    }

    public String objectName() {
        return primitive.path(NAME).asText();
    }

    public String objectVersion() {
        return primitive.path(VERSION).asText();
    }

    public String objectNamespace() {
        return primitive.path(NAMESPACE).asText();
    }

    /** The primitive itself (not a copy): what goes on the wire. */
    public ObjectNode toPrimitive() {
        return primitive;
    }

    public ObjectNode data() {
        return data;
    }

    /** Field names set since the last reset, as listed in {@code nova_object.changes}. */
    public Set<String> changes() {
        Set<String> changes = new LinkedHashSet<>();
        JsonNode c = primitive.get(CHANGES);
        if (c != null && c.isArray()) {
            c.forEach(n -> changes.add(n.asText()));
        }
        return changes;
    }

    /** As {@code obj_reset_changes()}: forgets which fields were set (the primitive loses its list). */
    public void resetChanges() {
        primitive.remove(CHANGES);
    }

    /**
     * Applies what a remote method changed, as oslo.versionedobjects' {@code remotable} does with the
     * conductor's {@code updates}: each field takes its new primitive value, then the change list
     * becomes the remote object's {@code obj_what_changed}.
     */
    public void applyUpdates(JsonNode updates) {
        if (updates == null || !updates.isObject()) {
            return;
        }
        JsonNode changed = updates.get("obj_what_changed");
        updates.properties().forEach(e -> {
            if (!e.getKey().equals("obj_what_changed")) {
                data.set(e.getKey(), e.getValue());
            }
        });
        primitive.remove(CHANGES);
        if (changed != null && changed.isArray() && !changed.isEmpty()) {
            changed.forEach(n -> markChanged(n.asText()));
        }
    }

    /** Takes every field of {@code other} (a fresh copy of this object from the record), as {@code refresh()}. */
    public void replaceData(NovaObject other) {
        data.removeAll();
        data.setAll(other.data().deepCopy());
        primitive.put(VERSION, other.objectVersion());
        primitive.remove(CHANGES);
    }

    /** Whether the field is set (loaded); an unset field is absent from the primitive. */
    public boolean isSet(String field) {
        return data.has(field);
    }

    public JsonNode field(String field) {
        return data.get(field);
    }

    /** Sets a raw field value and records the change. */
    public void setField(String field, JsonNode value) {
        data.set(field, value == null ? NullNode.getInstance() : value);
        markChanged(field);
    }

    protected void markChanged(String field) {
        JsonNode c = primitive.get(CHANGES);
        ArrayNode changes = c instanceof ArrayNode a ? a : primitive.putArray(CHANGES);
        for (JsonNode n : changes) {
            if (field.equals(n.asText())) {
                return;
            }
        }
        changes.add(field);
    }

    public String string(String field) {
        JsonNode v = data.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        return v.isTextual() ? v.textValue() : v.asText();
    }

    public Integer integer(String field) {
        JsonNode v = data.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isNumber()) {
            return v.intValue();
        }
        try {
            return Integer.valueOf(v.asText().trim());
        } catch (NumberFormatException e) {
            throw new MalformedMessageException(objectName() + "." + field + " must be an integer, got '" + v.asText() + "'");
        }
    }

    public int integer(String field, int fallback) {
        Integer v = integer(field);
        return v == null ? fallback : v;
    }

    public Boolean bool(String field) {
        JsonNode v = data.get(field);
        return v == null || v.isNull() ? null : v.asBoolean();
    }

    public Instant time(String field) {
        return NovaTime.parse(string(field));
    }

    public ObjectNode dict(String field) {
        JsonNode v = data.get(field);
        return v instanceof ObjectNode o ? o : null;
    }

    public Map<String, String> stringMap(String field) {
        Map<String, String> map = new LinkedHashMap<>();
        ObjectNode o = dict(field);
        if (o != null) {
            o.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue().isNull() ? null : e.getValue().asText()));
        }
        return map;
    }

    public ObjectNode child(String field) {
        JsonNode v = data.get(field);
        return isPrimitive(v) ? (ObjectNode) v : null;
    }

    protected void set(String field, String value) {
        setField(field, value == null ? NullNode.getInstance() : TextNode.valueOf(value));
    }

    protected void set(String field, Integer value) {
        setField(field, value == null ? NullNode.getInstance() : Json.NODES.numberNode(value));
    }

    protected void set(String field, Boolean value) {
        setField(field, value == null ? NullNode.getInstance() : Json.NODES.booleanNode(value));
    }

    protected void set(String field, Instant value) {
        set(field, NovaTime.objectField(value));
    }

    protected void set(String field, NovaObject value) {
        setField(field, value == null ? NullNode.getInstance() : value.toPrimitive());
    }

    /** A deep copy, independent of this object. */
    public ObjectNode copyPrimitive() {
        return primitive.deepCopy();
    }

    @Override
    public String toString() {
        return objectName() + "(" + objectVersion() + ")";
    }
}
