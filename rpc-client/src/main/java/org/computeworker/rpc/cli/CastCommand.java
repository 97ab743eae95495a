package org.computeworker.rpc.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

@Command(name = "cast", mixinStandardHelpOptions = true,
        description = "Sends a method invocation to HOST without waiting for a result.")
final class CastCommand implements Callable<Integer> {
    @ParentCommand
    ComputeRpc root;

    @Mixin
    InvocationOptions invocation;

    @Mixin
    ConnectionOptions connection;

    @Override
    public Integer call() {
        try (Session session = new Session(connection, root.env)) {
            session.rpc().cast(invocation.target(), session.context(), invocation.method, invocation.args,
                    invocation.version);
            root.err.println("cast " + invocation.method + " to " + invocation.target().routingKey() + " on exchange "
                    + session.options().controlExchange() + ", request_id " + session.context().requestId());
        }
        return 0;
    }
}
