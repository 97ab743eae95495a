package org.computeworker.worker.state;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The last {@code capacity} message ids this worker journaled, with their row and status: how a
 * duplicate is recognised without an index on random ids. Older ids are forgotten (oslo itself
 * remembers 16).
 */
final class RecentMessages {
    record Entry(long seq, JournalStatus status) {
    }

    private final LinkedHashMap<String, Entry> entries;

    RecentMessages(int capacity) {
        this.entries = new LinkedHashMap<>(Math.min(capacity, 1 << 16), 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                return size() > capacity;
            }
        };
    }

    synchronized Entry get(String uniqueId) {
        return entries.get(uniqueId);
    }

    synchronized void put(String uniqueId, long seq, JournalStatus status) {
        entries.put(uniqueId, new Entry(seq, status));
    }

    /**
     * The row of a known id after a status change (a finished message is not taken back to running); -1 when the
     * id was forgotten.
     */
    synchronized long update(String uniqueId, JournalStatus status) {
        Entry e = entries.get(uniqueId);
        if (e == null) {
            return -1;
        }
        if (!(status == JournalStatus.RUNNING && e.status().finished())) {
            entries.put(uniqueId, new Entry(e.seq(), status));
        }
        return e.seq();
    }

    synchronized int size() {
        return entries.size();
    }
}
