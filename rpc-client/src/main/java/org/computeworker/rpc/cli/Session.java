package org.computeworker.rpc.cli;

import org.computeworker.messages.rpc.RequestContext;
import org.computeworker.rpc.client.BrokerConnectionFactory;
import org.computeworker.rpc.client.MessagingOptions;
import org.computeworker.rpc.client.RpcClient;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;

/** One command's connection to the broker, its RPC client and its request context. */
final class Session implements AutoCloseable {
    private final CachingConnectionFactory connections;
    private final MessagingOptions options;
    private final RequestContext context;
    private RpcClient rpc;

    Session(ConnectionOptions o, java.util.Map<String, String> env) {
        BrokerAddress address = o.resolve(env);
        this.options = address.options();
        this.connections = BrokerConnectionFactory.forUrl(address.url()).heartbeat(options.heartbeat())
                .connectionName("compute-rpc").build();
        this.context = o.context();
    }

    CachingConnectionFactory connections() {
        return connections;
    }

    MessagingOptions options() {
        return options;
    }

    RequestContext context() {
        return context;
    }

    synchronized RpcClient rpc() {
        if (rpc == null) {
            rpc = new RpcClient(connections, options);
        }
        return rpc;
    }

    @Override
    public void close() {
        if (rpc != null) {
            rpc.close();
        }
        connections.destroy();
    }
}
