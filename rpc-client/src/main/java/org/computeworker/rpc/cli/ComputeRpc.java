package org.computeworker.rpc.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.computeworker.messages.MalformedMessageException;
import org.computeworker.messages.config.ConfigException;
import org.computeworker.rpc.client.MessagingTimeout;
import org.computeworker.rpc.client.RemoteError;
import org.computeworker.rpc.client.RpcException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The {@code compute-rpc} command: talks to nova computes (and compute workers) over the message bus. */
@Command(name = "compute-rpc", mixinStandardHelpOptions = true, version = "compute-rpc 0.1",
        description = "Sends nova compute RPC casts and calls, pings services and tails notifications.",
        subcommands = {CastCommand.class, CallCommand.class, PingCommand.class, NotificationsCommand.class,
                InstanceStateCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done", "1:the remote method raised (RemoteError)", "2:bad usage",
                "3:no reply in time (MessagingTimeout)", "4:broker, configuration or other failure"})
public final class ComputeRpc implements Runnable {
    public static final int REMOTE_ERROR = 1;
    public static final int USAGE = 2;
    public static final int TIMEOUT = 3;
    public static final int FAILURE = 4;

    @Spec
    CommandSpec spec;

    final PrintStream out;
    final PrintStream err;
    final Map<String, String> env;

    ComputeRpc(PrintStream out, PrintStream err, Map<String, String> env) {
        this.out = out;
        this.err = err;
        this.env = env;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "name a subcommand: cast, call, ping, notifications or instance-state");
    }

    public static void main(String[] args) {
        CliLogging.quietToStderr();
        System.exit(run(args, System.out, System.err, System.getenv()));
    }

    /** Runs one command line; the streams and environment are parameters so tests run it in-process. */
    public static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
        CommandLine line = new CommandLine(new ComputeRpc(out, err, env));
        // "@FILE" belongs to --args; picocli would otherwise splice the file in as arguments
        line.setExpandAtFiles(false);
        line.setOut(new PrintWriter(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8), true));
        line.setErr(new PrintWriter(new java.io.OutputStreamWriter(err, StandardCharsets.UTF_8), true));
        line.setExecutionExceptionHandler((e, cmd, parsed) -> report(e, err));
        return line.execute(args);
    }

    private static int report(Exception e, PrintStream err) {
        if (e instanceof RemoteError remote) {
            err.println("RemoteError: " + remote.qualifiedName() + ": " + remote.remoteMessage());
            return REMOTE_ERROR;
        }
        if (e instanceof MessagingTimeout timeout) {
            err.println("MessagingTimeout: " + timeout.getMessage());
            return TIMEOUT;
        }
        if (e instanceof RpcException || e instanceof ConfigException || e instanceof IllegalArgumentException
                || e instanceof MalformedMessageException || e instanceof java.io.UncheckedIOException) {
            err.println("compute-rpc: " + e.getMessage());
            return FAILURE;
        }
        err.println("compute-rpc: unexpected " + e);
        e.printStackTrace(err);
        return FAILURE;
    }
}
