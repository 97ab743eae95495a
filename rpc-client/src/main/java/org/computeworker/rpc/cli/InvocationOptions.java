package org.computeworker.rpc.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.computeworker.messages.Json;
import org.computeworker.rpc.client.Target;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** What cast and call share: where to send, which method, its arguments and the message version. */
public final class InvocationOptions {
    @Parameters(index = "0", paramLabel = "HOST", description = "the server: the message goes to TOPIC.HOST")
    String host;

    @Parameters(index = "1", paramLabel = "METHOD", description = "the RPC method, e.g. stop_instance")
    String method;

    @Option(names = "--args", paramLabel = "JSON|@FILE", converter = RpcArguments.class,
            description = "keyword arguments as a JSON object, or @FILE / @- to read them (default: {})")
    ObjectNode args = Json.object();

    @Option(names = "--version", paramLabel = "X.Y", defaultValue = "6.0",
            description = "the message version (default: ${DEFAULT-VALUE})")
    String version;

    @Option(names = "--namespace", paramLabel = "NS", description = "the endpoint namespace, e.g. baseapi")
    String namespace;

    @Option(names = "--topic", paramLabel = "TOPIC", defaultValue = "compute",
            description = "the service topic (default: ${DEFAULT-VALUE})")
    String topic;

    Target target() {
        return Target.topic(topic).withServer(host).withNamespace(namespace);
    }
}
