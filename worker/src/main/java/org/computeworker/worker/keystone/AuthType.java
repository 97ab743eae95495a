package org.computeworker.worker.keystone;

import java.util.List;
import java.util.Optional;

/** The keystoneauth plugins ({@code auth_type}) this session implements, by their plugin names. */
public enum AuthType {
    /** Keystone v3 password; {@code v3password} is the same request without keystoneauth's version discovery. */
    PASSWORD("password", "v3password"),
    /** A fixed token sent to a fixed {@code endpoint}: development set-ups and services in noauth mode. */
    ADMIN_TOKEN("admin_token"),
    /** No token at all; also what an unset {@code auth_type} means. */
    NONE("none");

    private final List<String> names;

    AuthType(String... names) {
        this.names = List.of(names);
    }

    public static Optional<AuthType> byName(String name) {
        for (AuthType type : values()) {
            if (type.names.contains(name)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }

    public static List<String> allNames() {
        return List.of("password", "v3password", "admin_token", "none");
    }
}
