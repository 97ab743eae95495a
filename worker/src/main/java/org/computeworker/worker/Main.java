package org.computeworker.worker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import org.computeworker.messages.config.ConfigException;
import org.computeworker.worker.config.WorkerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar compute-worker.jar [--config-file FILE]... [--config-dir DIR]...}, nova-compute's
 * command line: files are read in the order given, a later value winning (a directory gives its
 * {@code *.conf} files in name order); {@code --config} is an alias of {@code --config-file}. Runs
 * until SIGTERM or SIGINT.
 */
public final class Main {
    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    private Main() {
    }

    public static void main(String[] args) {
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                value = arg.substring(eq + 1);
                arg = arg.substring(0, eq);
            }
            switch (arg) {
                case "--config", "--config-file" -> files.add(Path.of(value != null ? value : next(args, ++i, arg)));
                case "--config-dir" -> files.addAll(confFiles(Path.of(value != null ? value : next(args, ++i, arg))));
                case "--version" -> {
                    System.out.println("compute-worker " + WorkerVersion.get());
                    return;
                }
                case "-h", "--help" -> {
                    usage(null);
                    return;
                }
                default -> usage("unknown argument " + args[i]);
            }
        }
        WorkerConfig config;
        try {
            config = WorkerConfig.load(files);
        } catch (ConfigException e) {
            System.err.println("compute-worker: configuration error: " + e.getMessage());
            System.exit(2);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        WorkerApplication app;
        try {
            app = WorkerApplication.start(config, new ComputeAssembly());
        } catch (ConfigException e) {
            System.err.println("compute-worker: configuration error: " + e.getMessage());
            System.exit(2);
            return;
        } catch (RuntimeException e) {
            LOG.error("compute-worker failed to start: {}", e.getMessage(), e);
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.stop();
            stopped.countDown();
        }, "shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String next(String[] args, int i, String option) {
        if (i >= args.length) {
            usage(option + " needs a value");
        }
        return args[i];
    }

    /** oslo.config's --config-dir: the directory's *.conf files, in name order. */
    private static List<Path> confFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            usage("--config-dir " + dir + " is not a directory");
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(p -> p.getFileName().toString().endsWith(".conf") && Files.isRegularFile(p))
                    .sorted().toList();
        } catch (IOException e) {
            usage("cannot read --config-dir " + dir + ": " + e.getMessage());
            return List.of();
        }
    }

    private static void usage(String problem) {
        if (problem != null) {
            System.err.println("compute-worker: " + problem);
        }
        System.err.println("usage: java -jar compute-worker.jar [--config-file /etc/nova/nova.conf]... "
                + "[--config-dir /etc/nova/nova.conf.d]... [--version]");
        if (problem != null) {
            System.exit(2);
        }
    }
}
