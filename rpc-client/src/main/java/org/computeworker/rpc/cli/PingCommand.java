package org.computeworker.rpc.cli;

import java.time.Duration;
import java.util.concurrent.Callable;
import org.computeworker.messages.Json;
import org.computeworker.rpc.client.BaseApiClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "ping", mixinStandardHelpOptions = true,
        description = "Calls baseapi ping on HOST (nova's liveness check) and prints the reply.")
final class PingCommand implements Callable<Integer> {
    @ParentCommand
    ComputeRpc root;

    @Parameters(index = "0", paramLabel = "HOST", description = "the service host to ping")
    String host;

    @Option(names = "--topic", paramLabel = "TOPIC", defaultValue = "compute",
            description = "the service topic (default: ${DEFAULT-VALUE})")
    String topic;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "10",
            description = "how long to wait (default: ${DEFAULT-VALUE})")
    double timeout;

    @Mixin
    ConnectionOptions connection;

    @Override
    public Integer call() {
        try (Session session = new Session(connection, root.env)) {
            BaseApiClient base = new BaseApiClient(session.rpc(), topic);
            long start = System.nanoTime();
            var reply = base.ping(session.context(), host, Json.object().put("from", "compute-rpc"),
                    Seconds.toDuration(timeout, "--timeout"));
            root.out.println(Json.write(reply));
            root.err.println("pong from " + topic + "." + host + " in "
                    + Duration.ofNanos(System.nanoTime() - start).toMillis() + " ms");
        }
        return 0;
    }
}
