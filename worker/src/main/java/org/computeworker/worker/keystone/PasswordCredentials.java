package org.computeworker.worker.keystone;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import org.computeworker.messages.Json;
import org.computeworker.messages.config.ConfigException;
import org.computeworker.worker.config.OptionReader;

/**
 * The options of keystoneauth's {@code password} plugin and the Keystone v3 request they make.
 * The user and project domains fall back to {@code default_domain_id}/{@code default_domain_name}
 * as keystoneauth's generic plugin does.
 */
public record PasswordCredentials(
        URI authUrl,
        String userId,
        String username,
        String userDomainId,
        String userDomainName,
        String password,
        String projectId,
        String projectName,
        String projectDomainId,
        String projectDomainName,
        String domainId,
        String domainName,
        String systemScope) {

    /** Reads the plugin options from {@code section} (the {@code auth_section} when one is named). */
    static PasswordCredentials read(OptionReader r, String section) {
        String authUrl = r.required(section, "auth_url");
        String defaultDomainId = r.optional(section, "default_domain_id").orElse(null);
        String defaultDomainName = r.optional(section, "default_domain_name").orElse(null);
        PasswordCredentials c = new PasswordCredentials(
                httpUrl(r, section, "auth_url", authUrl),
                r.optional(section, "user_id").orElse(null),
                r.optional(section, "username").orElse(null),
                r.optional(section, "user_domain_id").orElse(defaultDomainId),
                r.optional(section, "user_domain_name").orElse(defaultDomainName),
                r.required(section, "password"),
                r.optional(section, "project_id").orElse(null),
                r.optional(section, "project_name").orElse(null),
                r.optional(section, "project_domain_id").orElse(defaultDomainId),
                r.optional(section, "project_domain_name").orElse(defaultDomainName),
                r.optional(section, "domain_id").orElse(null),
                r.optional(section, "domain_name").orElse(null),
                r.optional(section, "system_scope").orElse(null));
        if (c.userId == null && c.username == null) {
            throw new ConfigException(r.where(section, "username") + " (or user_id) is required with auth_type"
                    + " password");
        }
        boolean projectScope = c.projectId != null || c.projectName != null;
        boolean domainScope = c.domainId != null || c.domainName != null;
        if (projectScope && domainScope) {
            // keystoneauth refuses this at the first request; here it is refused at start.
            throw new ConfigException(r.where(section, "domain_id") + ": a token cannot be scoped to a project"
                    + " and a domain at once; set project_* or domain_*, not both");
        }
        if (c.systemScope != null && !c.systemScope.equals("all")) {
            throw r.invalid(section, "system_scope", c.systemScope, "'all' (the only system scope Keystone has)");
        }
        return c;
    }

    static URI httpUrl(OptionReader r, String section, String option, String value) {
        try {
            URI uri = new URI(value);
            if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
                throw r.invalid(section, option, value, "an http:// or https:// URL");
            }
            return uri;
        } catch (java.net.URISyntaxException e) {
            throw r.invalid(section, option, value, "a URL (" + e.getReason() + ")");
        }
    }

    /** keystoneauth's v3 rule: an auth_url that already ends in v3 gets /auth/tokens, any other /v3/auth/tokens. */
    URI tokenUrl() {
        String base = authUrl.toString().replaceAll("/+$", "");
        return URI.create(base.endsWith("v3") ? base + "/auth/tokens" : base + "/v3/auth/tokens");
    }

    /** The body of POST /v3/auth/tokens, field for field as keystoneauth1.identity.v3 builds it. */
    ObjectNode requestBody() {
        ObjectNode user = Json.object();
        if (userId != null) {
            user.put("id", userId);
        } else {
            user.put("name", username);
            if (userDomainId != null) {
                user.set("domain", Json.object().put("id", userDomainId));
            } else if (userDomainName != null) {
                user.set("domain", Json.object().put("name", userDomainName));
            }
        }
        user.put("password", password);
        ObjectNode identity = Json.object();
        identity.set("methods", Json.array().add("password"));
        identity.set("password", Json.object().set("user", user));
        ObjectNode auth = Json.object();
        auth.set("identity", identity);
        ObjectNode scope = scope();
        if (scope != null) {
            auth.set("scope", scope);
        }
        return (ObjectNode) Json.object().set("auth", auth);
    }

    private ObjectNode scope() {
        if (domainId != null) {
            return (ObjectNode) Json.object().set("domain", Json.object().put("id", domainId));
        } else if (domainName != null) {
            return (ObjectNode) Json.object().set("domain", Json.object().put("name", domainName));
        } else if (projectId != null) {
            return (ObjectNode) Json.object().set("project", Json.object().put("id", projectId));
        } else if (projectName != null) {
            ObjectNode project = Json.object().put("name", projectName);
            if (projectDomainId != null) {
                project.set("domain", Json.object().put("id", projectDomainId));
            } else if (projectDomainName != null) {
                project.set("domain", Json.object().put("name", projectDomainName));
            }
            return (ObjectNode) Json.object().set("project", project);
        } else if (systemScope != null) {
            return (ObjectNode) Json.object().set("system", Json.object().put("all", true));
        }
        return null;
    }

    /** Never prints the password: these records end up in logs and exception messages. */
    @Override
    public String toString() {
        return "PasswordCredentials[authUrl=" + authUrl + ", user=" + (userId != null ? userId : username)
                + ", project=" + (projectId != null ? projectId : projectName) + ", password=***]";
    }
}
