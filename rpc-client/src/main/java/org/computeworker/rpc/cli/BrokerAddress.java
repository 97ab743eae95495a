package org.computeworker.rpc.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.computeworker.messages.config.ConfigException;
import org.computeworker.messages.config.OsloConfigFile;
import org.computeworker.messages.config.TransportUrl;
import org.computeworker.rpc.client.MessagingOptions;

/**
 * Where the broker is and how to talk to it, found in this order: {@code --transport-url}; the
 * config's [DEFAULT] transport_url; {@code <state_path>/embedded-broker.url}, which the worker writes
 * when it runs its own private broker; the TRANSPORT_URL environment variable.
 *
 * @param url     the transport URL found
 * @param source  where it was found, for messages
 * @param options the messaging options (the config's, nova's defaults otherwise)
 */
public record BrokerAddress(TransportUrl url, String source, MessagingOptions options) {
    public static final String EMBEDDED_BROKER_FILE = "embedded-broker.url";
    public static final String ENV_VARIABLE = "TRANSPORT_URL";
    /** Debian's nova.conf sets state_path to this; nova's own default is its install directory. */
    public static final String DEFAULT_STATE_PATH = "/var/lib/nova";

    public static BrokerAddress resolve(String transportUrlFlag, Path configFile, String controlExchangeFlag,
                                        Map<String, String> env) {
        OsloConfigFile conf = configFile == null ? null : readConfig(configFile);
        MessagingOptions options = conf == null ? MessagingOptions.defaults() : MessagingOptions.fromConfig(conf);
        if (controlExchangeFlag != null) {
            options = options.withControlExchange(controlExchangeFlag);
        }
        if (transportUrlFlag != null) {
            return new BrokerAddress(TransportUrl.parse(transportUrlFlag), "--transport-url", options);
        }
        Path lookedFor = null;
        if (conf != null) {
            Optional<String> fromConf = conf.get(OsloConfigFile.DEFAULT, "transport_url").filter(s -> !s.isBlank());
            if (fromConf.isPresent()) {
                return new BrokerAddress(TransportUrl.parse(fromConf.get()), configFile + " [DEFAULT] transport_url",
                        options);
            }
            Path embedded = Path.of(conf.get(OsloConfigFile.DEFAULT, "state_path").orElse(DEFAULT_STATE_PATH))
                    .resolve(EMBEDDED_BROKER_FILE);
            lookedFor = embedded.toAbsolutePath().normalize();
            Optional<String> fromFile = readFirstLine(embedded);
            if (fromFile.isPresent()) {
                return new BrokerAddress(TransportUrl.parse(fromFile.get()), embedded.toString(), options);
            }
        }
        String fromEnv = env.get(ENV_VARIABLE);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return new BrokerAddress(TransportUrl.parse(fromEnv.trim()), "$" + ENV_VARIABLE, options);
        }
        throw new ConfigException("no message broker given. Pass --transport-url rabbit://USER:PASS@HOST:5672/, or"
                + " --config /etc/nova/nova.conf (its [DEFAULT] transport_url, or the " + EMBEDDED_BROKER_FILE
                + " file the worker writes under [DEFAULT] state_path), or set " + ENV_VARIABLE + "."
                // A relative state_path (deploy/dev/nova.conf's ./state) is resolved from the current directory,
                // which may not be the worker's: say where we looked.
                + (lookedFor == null ? "" : " No " + lookedFor + " (a relative state_path is resolved from the"
                        + " current directory)."));
    }

    private static OsloConfigFile readConfig(Path file) {
        if (!Files.isReadable(file)) {
            throw new ConfigException("cannot read the config file " + file);
        }
        return OsloConfigFile.read(file);
    }

    private static Optional<String> readFirstLine(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                    .map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#")).findFirst();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
