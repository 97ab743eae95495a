package org.computeworker.rpc.client;

import org.computeworker.messages.MalformedMessageException;
import org.computeworker.messages.RpcVersion;

/**
 * oslo_messaging.Target as a caller uses it: where a message goes ({@code topic}, optionally one
 * {@code server} or every server by {@code fanout}) and what it claims to be ({@code namespace},
 * {@code version}). {@code exchange} overrides the control exchange when set.
 */
public record Target(String topic, String server, String namespace, String version, boolean fanout,
                     String exchange) {

    public Target {
        if (topic == null || topic.isBlank()) {
            throw new IllegalArgumentException("a target needs a topic");
        }
        if (server != null && server.isBlank()) {
            throw new IllegalArgumentException("server must not be blank (leave it null for any server)");
        }
        if (version != null) {
            checkVersion(version, "target version");
        }
    }

    /** Parses an RPC version, refusing a malformed one as a caller's mistake. */
    static RpcVersion checkVersion(String version, String what) {
        try {
            return RpcVersion.parse(version);
        } catch (MalformedMessageException e) {
            throw new IllegalArgumentException(what + ": " + e.getMessage());
        }
    }

    public static Target topic(String topic) {
        return new Target(topic, null, null, null, false, null);
    }

    public Target withServer(String server) {
        return new Target(topic, server, namespace, version, fanout, exchange);
    }

    public Target withNamespace(String namespace) {
        return new Target(topic, server, namespace, version, fanout, exchange);
    }

    public Target withVersion(String version) {
        return new Target(topic, server, namespace, version, fanout, exchange);
    }

    public Target withFanout(boolean fanout) {
        return new Target(topic, server, namespace, version, fanout, exchange);
    }

    public Target withExchange(String exchange) {
        return new Target(topic, server, namespace, version, fanout, exchange);
    }

    /** The topic-exchange routing key oslo uses: {@code <topic>.<server>}, or {@code <topic>}. */
    public String routingKey() {
        return server == null ? topic : topic + "." + server;
    }

    /** The exchange a fanout goes to: {@code <topic>_fanout}. */
    public String fanoutExchange() {
        return topic + "_fanout";
    }

    @Override
    public String toString() {
        return "Target(topic=" + topic + (server == null ? "" : ", server=" + server)
                + (namespace == null ? "" : ", namespace=" + namespace)
                + (version == null ? "" : ", version=" + version) + (fanout ? ", fanout" : "")
                + (exchange == null ? "" : ", exchange=" + exchange) + ")";
    }
}
