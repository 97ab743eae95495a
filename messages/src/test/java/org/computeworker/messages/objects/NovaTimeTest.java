package org.computeworker.messages.objects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import org.computeworker.messages.MalformedMessageException;
import org.junit.jupiter.api.Test;

/** Every datetime spelling nova sends reads as the same instant, on the fast path or the formatter's. */
class NovaTimeTest {
    @Test
    void novasSpellingsReadAsUtcInstants() {
        Instant whole = Instant.parse("2024-05-14T09:30:00Z");
        assertEquals(whole, NovaTime.parse("2024-05-14T09:30:00Z"));
        assertEquals(whole, NovaTime.parse("2024-05-14T09:30:00"));
        assertEquals(whole, NovaTime.parse("2024-05-14 09:30:00+00:00"));
        assertEquals(whole, NovaTime.parse("2024-05-14T09:30:00+0000"));
        assertEquals(whole, NovaTime.parse("2024-05-14T09:30:00.000000"));
        assertEquals(Instant.parse("2026-11-21T05:37:40.895244Z"), NovaTime.parse("2026-11-21 05:37:40.895244"));
        assertEquals(Instant.parse("2026-11-21T05:37:40.5Z"), NovaTime.parse("2026-11-21T05:37:40.5Z"));
        assertEquals(Instant.parse("2026-11-21T05:37:40.123456789Z"), NovaTime.parse("2026-11-21T05:37:40.123456789"));
    }

    @Test
    void otherOffsetsAndOddValuesGoToTheFormatter() {
        assertEquals(Instant.parse("2024-05-14T07:30:00Z"), NovaTime.parse("2024-05-14T09:30:00+02:00"));
        assertEquals(Instant.parse("2024-02-29T00:00:00Z"), NovaTime.parse("2024-02-29T00:00:00Z"));
        assertNull(NovaTime.parse(""));
        assertNull(NovaTime.parse(null));
    }

    @Test
    void notADatetimeIsAMalformedMessage() {
        for (String bad : new String[] {"yesterday", "2024-05-14T09:30", "2024-13-01T00:00:00Z", "2024-05-14T25:00:00Z",
                "2024-05-14T09:30:00 UTC", "2024-0a-14T09:30:00Z"}) {
            assertThrows(MalformedMessageException.class, () -> NovaTime.parse(bad), bad);
        }
    }

    @Test
    void writtenSpellingsReadBack() {
        Instant t = Instant.parse("2026-11-21T05:37:40.895244Z");
        assertEquals(t, NovaTime.parse(NovaTime.primitive(t)));
        assertEquals(t, NovaTime.parse(NovaTime.pythonStr(t)));
        assertEquals(t, NovaTime.parse(NovaTime.notifierTimestamp(t)));
        assertEquals(Instant.parse("2026-11-21T05:37:40Z"), NovaTime.parse(NovaTime.objectField(t)));
    }
}
