package org.computeworker.worker;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import org.computeworker.messages.config.TransportUrl;
import org.computeworker.worker.config.WorkerConfig;
import org.computeworker.worker.state.Database;
import org.computeworker.worker.state.GroupCommitWriter;
import org.computeworker.worker.state.JournalEntry;
import org.computeworker.worker.state.MessageJournal;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The services endpoints are built from: configuration, state, metrics and the broker connection. */
public final class WorkerRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WorkerRuntime.class);

    private final WorkerConfig config;
    private final Database db;
    private final GroupCommitWriter writer;
    private final MeterRegistry registry;
    private final CachingConnectionFactory connections;
    private final TransportUrl brokerUrl;
    private final List<AutoCloseable> owned = new ArrayList<>();
    private final List<RecoveryStep> recoverySteps = new ArrayList<>();
    private final List<Runnable> startSteps = new ArrayList<>();

    public WorkerRuntime(WorkerConfig config, Database db, GroupCommitWriter writer, MeterRegistry registry,
                         CachingConnectionFactory connections, TransportUrl brokerUrl) {
        this.config = config;
        this.db = db;
        this.writer = writer;
        this.registry = registry;
        this.connections = connections;
        this.brokerUrl = brokerUrl;
    }

    public WorkerConfig config() {
        return config;
    }

    public Database db() {
        return db;
    }

    public GroupCommitWriter writer() {
        return writer;
    }

    public MeterRegistry registry() {
        return registry;
    }

    public CachingConnectionFactory connections() {
        return connections;
    }

    public TransportUrl brokerUrl() {
        return brokerUrl;
    }

    /** Closes {@code closeable} when the worker stops (before the broker connection closes). */
    public <T extends AutoCloseable> T own(T closeable) {
        owned.add(closeable);
        return closeable;
    }

    /** A step run at start, before consuming, given what was running when the worker last died. */
    @FunctionalInterface
    public interface RecoveryStep {
        void recover(List<JournalEntry> interrupted);
    }

    public void onRecovery(RecoveryStep step) {
        recoverySteps.add(step);
    }

    /**
     * A step run at start after recovery and before consuming (nova's service registration and
     * first resource report), then the periodic work it starts runs until the worker stops.
     */
    public void beforeConsuming(Runnable step) {
        startSteps.add(step);
    }

    void start() {
        startSteps.forEach(Runnable::run);
    }

    void recover(MessageJournal journal) {
        List<JournalEntry> interrupted = journal.takeInterrupted();
        for (JournalEntry e : interrupted) {
            LOG.warn("{} {} (request_id {}, instance {}) was running when the worker stopped", e.call() ? "call" : "cast",
                    e.method(), e.requestId(), e.instanceUuid());
        }
        recoverySteps.forEach(step -> step.recover(interrupted));
    }

    @Override
    public void close() {
        for (int i = owned.size() - 1; i >= 0; i--) {
            try {
                owned.get(i).close();
            } catch (Exception e) {
                LOG.warn("closing {} failed: {}", owned.get(i), e.getMessage());
            }
        }
    }
}
