package org.computeworker.rpc.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import org.computeworker.messages.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "call", mixinStandardHelpOptions = true,
        description = "Invokes a method on HOST and prints its result as JSON.")
final class CallCommand implements Callable<Integer> {
    @ParentCommand
    ComputeRpc root;

    @Mixin
    InvocationOptions invocation;

    @Mixin
    ConnectionOptions connection;

    @Option(names = "--timeout", paramLabel = "SECONDS",
            description = "how long to wait for the result (default: rpc_response_timeout, 60)")
    Double timeout;

    @Option(names = "--call-monitor-timeout", paramLabel = "SECONDS",
            description = "ask the server for heartbeats and fail after this long without one")
    Double callMonitorTimeout;

    @Override
    public Integer call() {
        try (Session session = new Session(connection, root.env)) {
            JsonNode result = session.rpc().call(invocation.target(), session.context(), invocation.method,
                    invocation.args, invocation.version, Seconds.toDuration(timeout, "--timeout"),
                    Seconds.toDuration(callMonitorTimeout, "--call-monitor-timeout"));
            root.out.println(Json.write(result));
        }
        return 0;
    }
}
