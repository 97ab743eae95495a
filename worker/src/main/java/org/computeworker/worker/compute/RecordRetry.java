package org.computeworker.worker.compute;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.computeworker.worker.compute.interceptors.OperationStep;
import org.computeworker.worker.dispatch.RpcMethod;
import org.computeworker.worker.errors.RecordUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An operation that could not reach nova's record (nova-conductor down or not answering) is run
 * again from the message as it arrived once the record answers again (probed after 1, 2, 4 ... up
 * to 60 s), for as long as it takes: the message stays this worker's (journaled as running,
 * acknowledged) instead of failing, and the instance's later messages wait behind it in order.
 * The decorators' failure handling does not run for it (nothing is reverted, faulted or
 * announced). nova-compute would fail the operation with MessagingTimeout and leave the instance
 * where it was.
 */
public final class RecordRetry {
    private static final Logger LOG = LoggerFactory.getLogger(RecordRetry.class);
    private static final Duration FIRST = Duration.ofSeconds(1);
    private static final Duration MOST = Duration.ofSeconds(60);

    private final Counter retries;
    private final java.util.function.BooleanSupplier recordAnswers;

    /** @param recordAnswers a cheap probe of the record (a ping of nova-conductor): true when it answers */
    public RecordRetry(MeterRegistry registry, java.util.function.BooleanSupplier recordAnswers) {
        this.recordAnswers = recordAnswers;
        this.retries = Counter.builder("compute_worker_record_unavailable_retries")
                .description("Operations run again because nova's record (nova-conductor) could not be reached")
                .register(registry);
    }

    /**
     * For an operation's own failure handling: a record that could not be reached is not a failure
     * to clean up after (no claim dropped, no state reverted, no reschedule), the operation runs again.
     */
    public static void rethrowIfUnavailable(Exception e) {
        if (e instanceof RecordUnavailableException r) {
            throw r;
        }
    }

    public RpcMethod around(String method, OperationStep operation) {
        return call -> {
            ObjectNode pristine = call.args().deepCopy();
            Duration wait = FIRST;
            for (Invocation inv = new Invocation(call); ; inv = new Invocation(call, pristine.deepCopy())) {
                try {
                    return operation.proceed(inv);
                } catch (RecordUnavailableException e) {
                    retries.increment();
                    LOG.warn("{} (request {}) could not reach nova's record: {}; it runs again when the record answers",
                            method, call.context().requestId(), e.getMessage());
                    do {
                        Thread.sleep(wait.toMillis());
                        wait = wait.multipliedBy(2).compareTo(MOST) > 0 ? MOST : wait.multipliedBy(2);
                    } while (!recordAnswers.getAsBoolean());
                    LOG.info("{} (request {}): nova's record answers again, running it again", method,
                            call.context().requestId());
                }
            }
        };
    }
}
