package org.computeworker.rpc.client;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;
import org.computeworker.messages.Json;
import org.computeworker.messages.rpc.RequestContext;

/** Contexts for requests this side starts, shaped like nova's {@code RequestContext.to_dict()}. */
public final class RequestContexts {
    private static final DateTimeFormatter CONTEXT_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS");

    private RequestContexts() {
    }

    /** An admin context for {@code user} in {@code project}, with a fresh {@code req-<uuid>} request id. */
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
        v.put("user_identity", nullToDash(user) + " " + nullToDash(project) + " - - -");
        v.put("is_admin_project", true);
        v.put("user_id", user);
        v.put("read_deleted", "no");
        v.putNull("remote_address");
        v.put("timestamp", LocalDateTime.now(ZoneOffset.UTC).format(CONTEXT_TIME));
        v.putNull("quota_class");
        v.put("user_name", user);
        v.putArray("service_catalog");
        v.put("project_name", project);
        return RequestContext.fromDict(v);
    }

    private static String nullToDash(String s) {
        return s == null ? "-" : s;
    }
}
