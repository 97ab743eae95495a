package org.computeworker.worker.keystone;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.computeworker.messages.config.ConfigException;
import org.computeworker.worker.config.OptionReader;

/**
 * One nova.conf section's keystoneauth options (auth plugin, Session, Adapter) as nova registers
 * them for a service client: {@code [placement]} now, {@code [glance]} or {@code [neutron]} later.
 * Everything is checked at start; an error names the section and the option.
 *
 * <p>{@code timeout} unset means "wait forever" in keystoneauth; here it means
 * {@link #DEFAULT_TIMEOUT}, so a hung service cannot stall the worker's periodic tasks.
 */
public record ServiceAuthOptions(
        String section,
        AuthType authType,
        PasswordCredentials password,
        URI endpoint,
        String token,
        URI endpointOverride,
        EndpointFilter endpointFilter,
        Duration timeout,
        boolean insecure,
        Path cafile) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    /** nova's default for every service section (nova/conf/utils.py get_ksa_adapter_opts). */
    public static final List<String> NOVA_VALID_INTERFACES = List.of("internal", "public");
    private static final List<String> INTERFACES = List.of("public", "internal", "admin");

    /** @throws ConfigException naming the section and option at fault */
    public static ServiceAuthOptions read(OptionReader r, String section, String defaultServiceType) {
        // keystoneauth takes the plugin and its options from auth_section when one is named.
        String authSection = r.string(section, "auth_section", section);
        String typeOption = r.optional(authSection, "auth_type").isPresent() ? "auth_type" : "auth_plugin";
        String typeName = r.string(authSection, typeOption, "none");
        AuthType type = AuthType.byName(typeName).orElseThrow(() -> r.invalid(authSection, typeOption, typeName,
                "one of " + String.join(", ", AuthType.allNames()) + " (the plugins this worker implements)"));
        URI override = optionalUrl(r, section, "endpoint_override");
        PasswordCredentials password = null;
        URI endpoint = null;
        String token = null;
        if (type == AuthType.PASSWORD) {
            password = PasswordCredentials.read(r, authSection);
        } else {
            endpoint = optionalUrl(r, authSection, "endpoint");
            if (endpoint == null && override == null) {
                throw new ConfigException(r.where(authSection, "endpoint") + " (or [" + section
                        + "] endpoint_override) is required with auth_type " + typeName
                        + ": without Keystone there is no catalog to find the service in");
            }
            if (type == AuthType.ADMIN_TOKEN) {
                token = r.required(authSection, "token");
            }
        }
        for (String unsupported : List.of("certfile", "keyfile")) {
            if (r.optional(section, unsupported).isPresent()) {
                throw new ConfigException(r.where(section, unsupported) + " is set, but this worker does not"
                        + " present client certificates; remove it or terminate TLS in front of the service");
            }
        }
        EndpointFilter filter = new EndpointFilter(
                r.string(section, "service_type", defaultServiceType),
                r.optional(section, "service_name").orElse(null),
                interfaces(r, section),
                r.optional(section, "region_name").orElse(null));
        Duration timeout = r.optional(section, "timeout").isPresent()
                ? Duration.ofSeconds(r.integer(section, "timeout", 0, 1, 86_400)) : DEFAULT_TIMEOUT;
        return new ServiceAuthOptions(section, type, password, endpoint, token, override, filter, timeout,
                r.bool(section, "insecure", false), cafile(r, section));
    }

    private static List<String> interfaces(OptionReader r, String section) {
        List<String> out = new ArrayList<>();
        for (String item : r.list(section, "valid_interfaces", NOVA_VALID_INTERFACES)) {
            // keystoneauth accepts the v2 catalog spelling (publicURL) for the same interface.
            String name = item.endsWith("URL") ? item.substring(0, item.length() - 3) : item;
            if (!INTERFACES.contains(name)) {
                throw r.invalid(section, "valid_interfaces", item, "a list of public, internal, admin");
            }
            out.add(name);
        }
        return List.copyOf(out);
    }

    private static URI optionalUrl(OptionReader r, String section, String option) {
        return r.optional(section, option).map(v -> PasswordCredentials.httpUrl(r, section, option, v)).orElse(null);
    }

    private static Path cafile(OptionReader r, String section) {
        Path path = r.optional(section, "cafile").map(Path::of).orElse(null);
        if (path != null && !Files.isReadable(path)) {
            throw new ConfigException(r.where(section, "cafile") + " = '" + path + "' is not a readable file");
        }
        return path;
    }

    /** Never prints the token or the password. */
    @Override
    public String toString() {
        return "ServiceAuthOptions[" + section + ", auth_type=" + authType + ", " + (password != null ? password
                : "endpoint=" + endpoint) + ", endpoint_override=" + endpointOverride + ", " + endpointFilter + "]";
    }
}
