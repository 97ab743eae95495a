package org.computeworker.worker;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.computeworker.messages.config.ConfigException;
import org.computeworker.messages.config.OsloConfigFile;
import org.computeworker.worker.compute.ComputeAssembly;
import org.computeworker.worker.config.WorkerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code java -jar compute-worker.jar [--config nova.conf]}: runs until SIGTERM or SIGINT. */
public final class Main {
    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    private Main() {
    }

    public static void main(String[] args) {
        Path configFile = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--config", "--config-file" -> {
                    if (i + 1 >= args.length) {
                        usage("--config needs a file");
                    }
                    configFile = Path.of(args[++i]);
                }
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
            config = configFile == null ? WorkerConfig.from(OsloConfigFile.empty()) : WorkerConfig.load(configFile);
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

    private static void usage(String problem) {
        if (problem != null) {
            System.err.println("compute-worker: " + problem);
        }
        System.err.println("usage: java -jar compute-worker.jar [--config /etc/nova/nova.conf] [--version]");
        if (problem != null) {
            System.exit(2);
        }
    }
}
