package org.computeworker.worker.transport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.computeworker.broker.PrivateRabbitBroker;
import org.computeworker.messages.config.TransportUrl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the broker: transport_url when configured, else a private RabbitMQ node the worker starts
 * under state_path (on 127.0.0.1:5672 when free), whose address it writes to
 * {@code <state_path>/embedded-broker.url} for compute-rpc and other local callers. A node an
 * earlier worker left running under the same state_path (it was killed) is taken over instead.
 */
public final class BrokerResolver implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BrokerResolver.class);
    public static final String URL_FILE = "embedded-broker.url";

    private final TransportUrl url;
    private final PrivateRabbitBroker embedded;
    private final Path urlFile;

    private BrokerResolver(TransportUrl url, PrivateRabbitBroker embedded, Path urlFile) {
        this.url = url;
        this.embedded = embedded;
        this.urlFile = urlFile;
    }

    public static BrokerResolver resolve(String transportUrl, Path statePath) {
        if (transportUrl != null) {
            return new BrokerResolver(TransportUrl.parse(transportUrl), null, null);
        }
        // A worker that was killed left its node running, holding the messages it had not acknowledged:
        // taking it over delivers them again, and leaves no orphan broker.
        PrivateRabbitBroker broker = PrivateRabbitBroker.adopt(statePath.resolve("rabbitmq")).orElseGet(() -> {
            LOG.info("[DEFAULT] transport_url is not set: starting a private RabbitMQ for this worker");
            int port = isFree(5672) ? 5672 : PrivateRabbitBroker.freePort();
            return PrivateRabbitBroker.start(statePath.resolve("rabbitmq"), port);
        });
        Path urlFile = statePath.resolve(URL_FILE);
        try {
            Files.writeString(urlFile, broker.transportUrl() + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            broker.close();
            throw new UncheckedIOException("cannot write " + urlFile, e);
        }
        LOG.info("embedded broker at {} (written to {})", broker.transportUrl(), urlFile);
        return new BrokerResolver(TransportUrl.parse(broker.transportUrl()), broker, urlFile);
    }

    private static boolean isFree(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public TransportUrl url() {
        return url;
    }

    public boolean isEmbedded() {
        return embedded != null;
    }

    @Override
    public void close() {
        if (embedded != null) {
            embedded.close();
            try {
                Files.deleteIfExists(urlFile);
            } catch (IOException e) {
                LOG.debug("could not remove {}", urlFile);
            }
        }
    }
}
