package org.computeworker.testing;

/** The RabbitMQ broker a test runs against, wherever it came from. */
public interface TestBroker {
    /** amqp://user:pass@host:port (default vhost), for the Java AMQP client. */
    String amqpUrl();

    /** rabbit://user:pass@host:port/, as nova.conf's transport_url spells it. */
    String transportUrl();

    /** Where the broker came from: RABBITMQ_URL, Testcontainers or a private rabbitmq-server. */
    String origin();

    /** Whether {@link #restart()} is possible (only for a broker this test run started itself). */
    boolean canRestart();

    /** Stops and starts the broker on the same address and data, as an outage would. */
    void restart();
}
