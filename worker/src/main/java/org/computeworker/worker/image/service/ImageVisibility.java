package org.computeworker.worker.image.service;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;
import org.computeworker.messages.rpc.RequestContext;

/**
 * nova's {@code _is_image_available}: with a token Glance has already applied its policy; without
 * one (noauth deployments) only admins, public images and the owner's own images are shown.
 */
final class ImageVisibility {
    private ImageVisibility() {
    }

    static boolean availableTo(RequestContext context, ImageRecord image) {
        JsonNode token = context.get("auth_token");
        if (token != null && !token.isNull() && !token.asText().isEmpty()) {
            return true;
        }
        if (context.isAdmin() || image.isPublic()) {
            return true;
        }
        String project = context.projectId();
        if (project != null && image.properties().containsKey("owner_id")) {
            return Objects.equals(image.properties().get("owner_id"), project);
        }
        if (project != null && image.properties().containsKey("project_id")) {
            return Objects.equals(image.properties().get("project_id"), project);
        }
        String user = image.properties().get("user_id");
        return user != null && user.equals(context.userId());
    }
}
