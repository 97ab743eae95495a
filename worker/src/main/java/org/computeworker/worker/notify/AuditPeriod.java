package org.computeworker.worker.notify;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.computeworker.messages.Json;
import org.computeworker.messages.objects.NovaTime;

/**
 * A usage audit period as nova computes it ({@code utils.last_completed_audit_period} for
 * {@code [DEFAULT] instance_usage_audit_period}, and {@code notifications.audit_period_bounds}),
 * with the two spellings notifications use: python {@code str()} of a naive datetime (legacy) and
 * a DateTimeField (versioned).
 */
public record AuditPeriod(LocalDateTime beginning, LocalDateTime ending) {
    private static final Pattern UNIT = Pattern.compile("(hour|day|month|year)(?:@(\\d+))?");
    private static final DateTimeFormatter PY_STR = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final DateTimeFormatter PY_STR_MICROS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

    /** Checks an instance_usage_audit_period value (nova's regex). */
    public static boolean validUnit(String unit) {
        return UNIT.matcher(unit).matches();
    }

    /**
     * notifications.audit_period_bounds: the last completed period, or (with {@code current}) from
     * its end until now, as the resize and revert usage notifications use.
     */
    public static AuditPeriod bounds(String unit, boolean current, Instant now) {
        LocalDateTime rightNow = LocalDateTime.ofInstant(now, ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
        AuditPeriod last = lastCompleted(unit, rightNow);
        return current ? new AuditPeriod(last.ending, rightNow) : last;
    }

    static AuditPeriod lastCompleted(String unitSpec, LocalDateTime now) {
        Matcher m = UNIT.matcher(unitSpec);
        if (!m.matches()) {
            throw new IllegalArgumentException("instance_usage_audit_period '" + unitSpec
                    + "' is not hour, day, month or year (optionally @offset)");
        }
        int offset = m.group(2) == null ? 0 : Integer.parseInt(m.group(2));
        switch (m.group(1)) {
            case "month": {
                int day = offset == 0 ? 1 : offset;
                LocalDateTime end = LocalDateTime.of(now.getYear(), now.getMonth(), day, 0, 0);
                if (!end.isBefore(now)) {
                    end = end.minusMonths(1);
                }
                return new AuditPeriod(end.minusMonths(1), end);
            }
            case "year": {
                int month = offset == 0 ? 1 : offset;
                LocalDateTime end = LocalDateTime.of(now.getYear(), month, 1, 0, 0);
                if (!end.isBefore(now)) {
                    end = end.minusYears(1);
                }
                return new AuditPeriod(end.minusYears(1), end);
            }
            case "day": {
                LocalDateTime end = now.toLocalDate().atTime(offset, 0);
                if (!end.isBefore(now)) {
                    end = end.minusDays(1);
                }
                return new AuditPeriod(end.minusDays(1), end);
            }
            default: {
                LocalDateTime end = now.truncatedTo(ChronoUnit.HOURS).withMinute(offset);
                if (!end.isBefore(now)) {
                    end = end.minusHours(1);
                }
                return new AuditPeriod(end.minusHours(1), end);
            }
        }
    }

    /** python str() of a naive datetime: microseconds only when there are some. */
    public static String pythonStr(LocalDateTime t) {
        return (t.getNano() == 0 ? PY_STR : PY_STR_MICROS).format(t);
    }

    /** The legacy payload keys notify_usage_exists adds. */
    public void putLegacy(ObjectNode payload) {
        payload.put("audit_period_beginning", pythonStr(beginning));
        payload.put("audit_period_ending", pythonStr(ending));
    }

    /** AuditPeriodPayload 1.0. */
    public ObjectNode versionedPayload() {
        ObjectNode data = Json.object();
        data.put("audit_period_beginning", NovaTime.objectField(beginning.toInstant(ZoneOffset.UTC)));
        data.put("audit_period_ending", NovaTime.objectField(ending.toInstant(ZoneOffset.UTC)));
        return VersionedPayload.of("AuditPeriodPayload", "1.0", data);
    }
}
