package org.computeworker.rpc.cli;

import java.nio.file.Path;
import java.util.Map;
import org.computeworker.messages.rpc.RequestContext;
import org.computeworker.rpc.client.RequestContexts;
import picocli.CommandLine.Option;

/** The options every subcommand shares: where the broker is, and who the request is from. */
public final class ConnectionOptions {
    @Option(names = "--transport-url", paramLabel = "URL",
            description = "rabbit://USER:PASS@HOST:PORT[,...]/VHOST (else from --config, else $TRANSPORT_URL)")
    String transportUrl;

    @Option(names = "--config", paramLabel = "FILE", description = "a nova.conf to take transport_url, "
            + "control_exchange and the [oslo_messaging_rabbit] options from")
    Path config;

    @Option(names = "--control-exchange", paramLabel = "NAME",
            description = "the RPC exchange (default: the config's control_exchange, else nova)")
    String controlExchange;

    @Option(names = "--user", paramLabel = "ID", defaultValue = "admin",
            description = "user id in the request context (default: ${DEFAULT-VALUE})")
    String user;

    @Option(names = "--project", paramLabel = "ID", defaultValue = "admin",
            description = "project id in the request context (default: ${DEFAULT-VALUE})")
    String project;

    BrokerAddress resolve(Map<String, String> env) {
        return BrokerAddress.resolve(transportUrl, config, controlExchange, env);
    }

    /** An admin context with a fresh req-&lt;uuid&gt; request id. */
    RequestContext context() {
        return RequestContexts.admin(user, project);
    }
}
