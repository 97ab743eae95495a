package org.computeworker.rpc.cli;

import java.util.concurrent.Callable;
import org.computeworker.messages.Json;
import org.computeworker.rpc.client.WorkerExtensionClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "instance-state", mixinStandardHelpOptions = true,
        description = "Asks the compute worker on HOST what it knows of instance UUID (computeworker namespace).")
final class InstanceStateCommand implements Callable<Integer> {
    @ParentCommand
    ComputeRpc root;

    @Parameters(index = "0", paramLabel = "HOST")
    String host;

    @Parameters(index = "1", paramLabel = "UUID")
    String uuid;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "default: rpc_response_timeout, 60")
    Double timeout;

    @Mixin
    ConnectionOptions connection;

    @Override
    public Integer call() {
        try (Session session = new Session(connection, root.env)) {
            var state = new WorkerExtensionClient(session.rpc()).getInstanceState(session.context(), host, uuid,
                    Seconds.toDuration(timeout, "--timeout"));
            root.out.println(Json.write(state));
        }
        return 0;
    }
}
