package org.computeworker.worker.virt.fake;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.computeworker.worker.errors.NovaError;
import org.computeworker.worker.errors.NovaException;

/**
 * Makes chosen driver methods fail or stall, so tests can break a flow at any step: from
 * {@code [fake_driver] fail_methods = finish_migration, power_on:2} (a count limits how many calls
 * fail) and {@code delay_methods = migrate_disk_and_power_off:3000} (milliseconds), or in code.
 */
public final class FailureInjector {
    private final Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
    private final Map<String, Duration> delays = new ConcurrentHashMap<>();

    public static FailureInjector parse(String failSpec, String delaySpec) {
        FailureInjector f = new FailureInjector();
        for (String[] kv : entries(failSpec)) {
            f.failures.put(kv[0], new AtomicInteger(kv.length > 1 ? Integer.parseInt(kv[1]) : Integer.MAX_VALUE));
        }
        for (String[] kv : entries(delaySpec)) {
            f.delays.put(kv[0], Duration.ofMillis(kv.length > 1 ? Long.parseLong(kv[1]) : 1000));
        }
        return f;
    }

    private static java.util.List<String[]> entries(String spec) {
        java.util.List<String[]> out = new java.util.ArrayList<>();
        if (spec != null) {
            for (String item : spec.split(",")) {
                if (!item.isBlank()) {
                    out.add(item.strip().split(":", 2));
                }
            }
        }
        return out;
    }

    /** The next {@code times} calls of {@code method} fail. */
    public void fail(String method, int times) {
        failures.put(method, new AtomicInteger(times));
    }

    public void delay(String method, Duration delay) {
        delays.put(method, delay);
    }

    public void clear() {
        failures.clear();
        delays.clear();
    }

    /** Called at the start of each driver method. */
    void enter(String method) {
        Duration d = delays.get(method);
        if (d != null) {
            try {
                Thread.sleep(d.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        AtomicInteger left = failures.get(method);
        if (left != null && left.getAndDecrement() > 0) {
            throw new NovaException(NovaError.FAKE_DRIVER_FAILURE, "injected failure in fake driver " + method,
                    Map.of("method", method));
        }
    }
}
