package org.computeworker.messages.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.computeworker.messages.Json;

/**
 * nova's RequestContext as it travels flattened into {@code _context_<key>} entries. Every key is
 * kept, in order, including those this class has no accessor for, so a context forwarded to the
 * next host is the one that arrived.
 */
public final class RequestContext {
    public static final String PREFIX = "_context_";
    private static final DateTimeFormatter CONTEXT_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS");

    private final ObjectNode values;

    private RequestContext(ObjectNode values) {
        this.values = values;
    }

    /** Takes the {@code _context_*} keys of a decoded message. */
    public static RequestContext fromMessage(ObjectNode message) {
        ObjectNode values = Json.object();
        Iterator<Map.Entry<String, JsonNode>> fields = message.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getKey().startsWith(PREFIX)) {
                values.set(field.getKey().substring(PREFIX.length()), field.getValue());
            }
        }
        return new RequestContext(values);
    }

    /** A context from its unflattened dict, as {@code RequestContext.to_dict()} gives it. */
    public static RequestContext fromDict(ObjectNode dict) {
        return new RequestContext(dict.deepCopy());
    }

    /** An admin context for work the service starts itself (nova's get_admin_context). */
    public static RequestContext admin() {
        return admin(null, null);
    }

    /**
     * An admin context for {@code user} in {@code project} (either may be null), with a fresh
     * {@code req-<uuid>} request id, shaped as nova's {@code RequestContext.to_dict()}.
     */
    public static RequestContext admin(String user, String project) {
        ObjectNode v = Json.object();
        v.put("user", user);
        v.put("project_id", project);
        v.putNull("system_scope");
        v.put("project", project);
        v.putNull("domain");
        v.putNull("user_domain");
        v.putNull("project_domain");
        v.put("is_admin", true);
        v.put("read_only", false);
        v.put("show_deleted", false);
        v.putNull("auth_token");
        v.put("request_id", "req-" + UUID.randomUUID());
        v.putNull("global_request_id");
        v.putNull("resource_uuid");
        v.putArray("roles").add("admin");
        v.put("user_identity", dash(user) + " " + dash(project) + " - - -");
        v.put("is_admin_project", true);
        v.put("user_id", user);
        v.put("read_deleted", "no");
        v.putNull("remote_address");
        v.put("timestamp", nowText());
        v.putNull("quota_class");
        v.put("user_name", user);
        v.putArray("service_catalog");
        v.put("project_name", project);
        return new RequestContext(v);
    }

    private static String dash(String s) {
        return s == null ? "-" : s;
    }

    /** Writes the context into a message as {@code _context_*} keys. */
    public void flattenInto(ObjectNode message) {
        Iterator<Map.Entry<String, JsonNode>> fields = values.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            message.set(PREFIX + field.getKey(), field.getValue());
        }
    }

    /** Writes the context into a message being streamed, as {@code _context_*} fields. */
    public void writeFlattened(com.fasterxml.jackson.core.JsonGenerator g) throws java.io.IOException {
        Iterator<Map.Entry<String, JsonNode>> fields = values.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            g.writeFieldName(PREFIX + field.getKey());
            g.writeTree(field.getValue());
        }
    }

    /**
     * The context as oslo.messaging's notifier sends it: its {@code _sanitize_context} drops the
     * token, the catalog and the caller's address, and the timestamp is the time of sending.
     */
    public RequestContext sanitizedForNotification() {
        // A shallow copy: only top-level values are replaced, and contexts never change a value in place.
        ObjectNode copy = Json.object();
        copy.setAll(values);
        if (copy.has("auth_token")) {
            copy.putNull("auth_token");
        }
        if (copy.has("service_catalog")) {
            copy.putArray("service_catalog");
        }
        if (copy.has("remote_address")) {
            copy.putNull("remote_address");
        }
        copy.put("timestamp", nowText());
        return new RequestContext(copy);
    }

    /** nova's {@code context.elevated()}: the same request as an admin (is_admin, the admin role added). */
    public RequestContext elevated() {
        ObjectNode copy = values.deepCopy();
        copy.put("is_admin", true);
        JsonNode roles = copy.get("roles");
        com.fasterxml.jackson.databind.node.ArrayNode list = roles instanceof com.fasterxml.jackson.databind.node.ArrayNode a
                ? a : copy.putArray("roles");
        boolean hasAdmin = false;
        for (JsonNode r : list) {
            hasAdmin |= "admin".equals(r.asText());
        }
        if (!hasAdmin) {
            list.add("admin");
        }
        return new RequestContext(copy);
    }

    public ObjectNode toDict() {
        return values.deepCopy();
    }

    public JsonNode get(String key) {
        return values.get(key);
    }

    public String requestId() {
        return text("request_id");
    }

    public String globalRequestId() {
        return text("global_request_id");
    }

    public String userId() {
        String id = text("user_id");
        return id != null ? id : text("user");
    }

    public String projectId() {
        String id = text("project_id");
        return id != null ? id : text("project");
    }

    public boolean isAdmin() {
        JsonNode v = values.get("is_admin");
        return v != null && v.asBoolean(false);
    }

    public List<String> roles() {
        List<String> roles = new ArrayList<>();
        JsonNode v = values.get("roles");
        if (v instanceof ArrayNode array) {
            array.forEach(r -> roles.add(r.asText()));
        }
        return roles;
    }

    private String text(String key) {
        JsonNode v = values.get(key);
        return v == null || v.isNull() ? null : v.asText();
    }

    static String nowText() {
        return LocalDateTime.now(ZoneOffset.UTC).format(CONTEXT_TIME);
    }

    @Override
    public String toString() {
        return "RequestContext{request_id=" + requestId() + ", user=" + userId() + ", project=" + projectId() + "}";
    }
}
