package org.computeworker.worker.dispatch;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.computeworker.messages.RpcVersion;

/**
 * An oslo.messaging RPC endpoint: a target namespace (null for the default) and version, and the
 * methods it exposes by name.
 */
public final class RpcEndpoint {
    private final String name;
    private final String namespace;
    private final RpcVersion version;
    private final Map<String, RpcMethod> methods;

    private RpcEndpoint(String name, String namespace, RpcVersion version, Map<String, RpcMethod> methods) {
        this.name = name;
        this.namespace = namespace;
        this.version = version;
        this.methods = Map.copyOf(methods);
    }

    public static Builder builder(String name, String namespace, String version) {
        return new Builder(name, namespace, RpcVersion.parse(version));
    }

    public String name() {
        return name;
    }

    public String namespace() {
        return namespace;
    }

    public RpcVersion version() {
        return version;
    }

    public RpcMethod method(String methodName) {
        return methods.get(methodName);
    }

    public Set<String> methodNames() {
        return methods.keySet();
    }

    @Override
    public String toString() {
        return name + "(" + (namespace == null ? "" : namespace + " ") + version + ")";
    }

    /** Collects methods for an endpoint. */
    public static final class Builder {
        private final String name;
        private final String namespace;
        private final RpcVersion version;
        private final Map<String, RpcMethod> methods = new LinkedHashMap<>();

        private Builder(String name, String namespace, RpcVersion version) {
            this.name = name;
            this.namespace = namespace;
            this.version = version;
        }

        public Builder method(String methodName, RpcMethod method) {
            if (methods.put(methodName, method) != null) {
                throw new IllegalArgumentException(name + " registers " + methodName + " twice");
            }
            return this;
        }

        public RpcEndpoint build() {
            return new RpcEndpoint(name, namespace, version, methods);
        }
    }
}
