package org.computeworker.worker.virt.libvirt;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the test guest's markers from its console.log (see deploy/guest/build-test-guest.sh). */
public final class GuestConsole {
    public static final String UP = "COMPUTE-WORKER-GUEST-UP";
    public static final String POWEROFF = "COMPUTE-WORKER-GUEST-POWEROFF";

    /** What the guest reported about itself. */
    public record Report(long memTotalKb, int cpus, long vdaBytes) {
    }

    private GuestConsole() {
    }

    public static String text(Path log) {
        try {
            return Files.exists(log) ? new String(Files.readAllBytes(log), StandardCharsets.ISO_8859_1)
                    .replace("\r", "") : "";
        } catch (IOException e) {
            return "";
        }
    }

    /** Waits for the UP marker and returns the values printed before it. */
    public static Report awaitUp(Path log, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!text(log).contains(UP)) {
            if (System.nanoTime() > deadline) {
                String text = text(log);
                fail("no " + UP + " in " + log + " within " + timeout.toSeconds() + " s; last output:\n"
                        + text.substring(Math.max(0, text.length() - 3000)));
            }
            Thread.sleep(200);
        }
        String text = text(log);
        return new Report(value(text, "MEMTOTAL-KB"), (int) value(text, "CPUS"), value(text, "VDA-BYTES"));
    }

    private static long value(String text, String key) {
        Matcher m = Pattern.compile("(?m)^COMPUTE-WORKER-GUEST-" + key + "=(\\d+)").matcher(text);
        long last = -1;
        while (m.find()) {
            last = Long.parseLong(m.group(1));
        }
        return last;
    }
}
