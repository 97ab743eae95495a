package org.computeworker.messages.objects;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;
import org.computeworker.messages.MalformedMessageException;

/** The datetime spellings nova puts on the wire and in notification payloads. */
public final class NovaTime {
    /** oslo.versionedobjects DateTimeField: {@code 2024-05-14T09:30:00Z}, whole seconds. */
    private static final DateTimeFormatter OBJECT_FIELD = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'");
    /** jsonutils.to_primitive of a naive datetime: {@code 2024-05-01T10:00:00.000000}. */
    private static final DateTimeFormatter PRIMITIVE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS");
    /** str(datetime) with tz, used by legacy notification payloads: {@code 2024-05-12 09:29:00+00:00}. */
    private static final DateTimeFormatter PY_STR = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ssxxx");
    /** oslo notifier timestamp: {@code 2026-11-21 05:37:40.895244}. */
    private static final DateTimeFormatter NOTIFIER = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

    private static final DateTimeFormatter LENIENT = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd")
            .optionalStart().appendLiteral('T').optionalEnd()
            .optionalStart().appendLiteral(' ').optionalEnd()
            .appendPattern("HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
            .toFormatter();

    private NovaTime() {
    }

    public static String objectField(Instant t) {
        return t == null ? null : OBJECT_FIELD.format(t.atOffset(ZoneOffset.UTC));
    }

    public static String primitive(Instant t) {
        return t == null ? null : PRIMITIVE.format(t.atOffset(ZoneOffset.UTC));
    }

    public static String pythonStr(Instant t) {
        if (t == null) {
            return null;
        }
        OffsetDateTime odt = t.atOffset(ZoneOffset.UTC);
        if (odt.getNano() != 0) {
            return DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSSxxx").format(odt);
        }
        return PY_STR.format(odt);
    }

    public static String notifierTimestamp(Instant t) {
        return NOTIFIER.format(t.atOffset(ZoneOffset.UTC));
    }

    /** Now, truncated as a DateTimeField keeps it (whole seconds). */
    public static Instant nowSeconds() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS);
    }

    /** Reads any of the above; a value without offset is UTC, as nova stores it. */
    public static Instant parse(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        Instant common = parseCommon(text);
        if (common != null) {
            return common;
        }
        try {
            var parsed = LENIENT.parseBest(text, OffsetDateTime::from, LocalDateTime::from);
            if (parsed instanceof OffsetDateTime odt) {
                return odt.toInstant();
            }
            return ((LocalDateTime) parsed).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new MalformedMessageException("'" + text + "' is not a datetime");
        }
    }

    /**
     * The spellings nova uses ({@code 2024-05-14T09:30:00Z}, {@code 2024-05-01T10:00:00.000000},
     * {@code 2024-05-12 09:29:00+00:00}) read without a formatter, which allocates a dozen objects
     * per call and showed as a tenth of the worker's allocation on a start; null when the text is
     * not one of them, so the lenient formatter decides (and words the error).
     */
    private static Instant parseCommon(String t) {
        int n = t.length();
        if (n < 19 || t.charAt(4) != '-' || t.charAt(7) != '-' || (t.charAt(10) != 'T' && t.charAt(10) != ' ')
                || t.charAt(13) != ':' || t.charAt(16) != ':') {
            return null;
        }
        int year = digits(t, 0, 4);
        int month = digits(t, 5, 7);
        int day = digits(t, 8, 10);
        int hour = digits(t, 11, 13);
        int minute = digits(t, 14, 16);
        int second = digits(t, 17, 19);
        int i = 19;
        int nanos = 0;
        if (i < n && t.charAt(i) == '.') {
            int start = ++i;
            while (i < n && i - start < 9 && Character.isDigit(t.charAt(i))) {
                nanos = nanos * 10 + (t.charAt(i++) - '0');
            }
            if (i == start) {
                return null;
            }
            for (int k = i - start; k < 9; k++) {
                nanos *= 10;
            }
        }
        String zone = t.substring(i);
        if (!(zone.isEmpty() || zone.equals("Z") || zone.equals("+00:00") || zone.equals("+0000"))) {
            return null;
        }
        if ((year | month | day | hour | minute | second) < 0) {
            return null;
        }
        try {
            return Instant.ofEpochSecond(LocalDateTime.of(year, month, day, hour, minute, second)
                    .toEpochSecond(ZoneOffset.UTC), nanos);
        } catch (java.time.DateTimeException e) {
            return null;
        }
    }

    /** The decimal number in {@code t[from, to)}, or -1 when a character there is not a digit. */
    private static int digits(String t, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            char c = t.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
