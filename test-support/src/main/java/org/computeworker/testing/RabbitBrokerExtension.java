package org.computeworker.testing;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.computeworker.broker.PrivateRabbitBroker;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.rabbitmq.RabbitMQContainer;

/**
 * Gives a test a real RabbitMQ broker, one per test JVM: {@code RABBITMQ_URL} when set, else
 * Testcontainers where a Docker engine answers, else a private {@code rabbitmq-server} on free
 * loopback ports. When none is possible the test fails, saying how to install one; it is never
 * skipped.
 */
public final class RabbitBrokerExtension implements ParameterResolver {
    private static final Logger LOG = LoggerFactory.getLogger(RabbitBrokerExtension.class);
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(RabbitBrokerExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext c) {
        return p.getParameter().getType() == TestBroker.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext c) throws ParameterResolutionException {
        return broker(c);
    }

    /** The JVM-wide broker, started on first use and stopped when the test run ends. */
    public static TestBroker broker(ExtensionContext context) {
        return context.getRoot().getStore(NS)
                .getOrComputeIfAbsent("broker", k -> new Holder(startBroker()), Holder.class).broker;
    }

    private static TestBroker startBroker() {
        String url = System.getenv("RABBITMQ_URL");
        if (url != null && !url.isBlank()) {
            LOG.info("tests use the broker at RABBITMQ_URL");
            return new External(url.trim());
        }
        if (dockerLooksPresent() && DockerClientFactory.instance().isDockerAvailable()) {
            LOG.info("tests use a Testcontainers RabbitMQ");
            RabbitMQContainer container = new RabbitMQContainer("rabbitmq:3.10-management");
            container.start();
            return new Containerised(container);
        }
        if (PrivateRabbitBroker.isInstalled()) {
            return new Private(PrivateRabbitBroker.start());
        }
        throw new IllegalStateException("These tests need a real RabbitMQ broker and none is available: "
                + "RABBITMQ_URL is not set, no Docker engine answers, and rabbitmq-server is not installed. "
                + "Install it with: " + PrivateRabbitBroker.INSTALL_HINT
                + " (or set RABBITMQ_URL=amqp://user:pass@host:5672/)");
    }

    private static boolean dockerLooksPresent() {
        return System.getenv("DOCKER_HOST") != null || Files.exists(Path.of("/var/run/docker.sock"));
    }

    /** Closes the broker when the root context (the whole run) closes. */
    private static final class Holder implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        final TestBroker broker;

        Holder(TestBroker broker) {
            this.broker = broker;
        }

        @Override
        public void close() throws Exception {
            if (broker instanceof AutoCloseable c) {
                c.close();
            }
        }
    }

    private record External(String amqpUrl) implements TestBroker {
        @Override
        public String transportUrl() {
            URI u = URI.create(amqpUrl);
            return "rabbit://" + (u.getRawUserInfo() == null ? "guest:guest" : u.getRawUserInfo()) + "@" + u.getHost()
                    + ":" + (u.getPort() < 0 ? 5672 : u.getPort()) + "/";
        }

        @Override
        public String origin() {
            return "RABBITMQ_URL";
        }

        @Override
        public boolean canRestart() {
            return false;
        }

        @Override
        public void restart() {
            throw new UnsupportedOperationException("cannot restart a broker given by RABBITMQ_URL");
        }
    }

    private record Containerised(RabbitMQContainer container) implements TestBroker, AutoCloseable {
        @Override
        public String amqpUrl() {
            return "amqp://guest:guest@" + container.getHost() + ":" + container.getAmqpPort();
        }

        @Override
        public String transportUrl() {
            return "rabbit://guest:guest@" + container.getHost() + ":" + container.getAmqpPort() + "/";
        }

        @Override
        public String origin() {
            return "testcontainers";
        }

        @Override
        public boolean canRestart() {
            return false;
        }

        @Override
        public void restart() {
            throw new UnsupportedOperationException("restarting a container broker changes its port");
        }

        @Override
        public void close() {
            container.stop();
        }
    }

    private record Private(PrivateRabbitBroker node) implements TestBroker, AutoCloseable {
        @Override
        public String amqpUrl() {
            return node.url();
        }

        @Override
        public String transportUrl() {
            return node.transportUrl();
        }

        @Override
        public String origin() {
            return "private rabbitmq-server";
        }

        @Override
        public boolean canRestart() {
            return true;
        }

        @Override
        public void restart() {
            node.restart();
        }

        @Override
        public void close() {
            node.close();
        }
    }
}
