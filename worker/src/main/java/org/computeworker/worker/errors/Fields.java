package org.computeworker.worker.errors;

import java.util.LinkedHashMap;
import java.util.Map;

/** An ordered field → value map (values may be null), for nova's expected/actual kwargs. */
public final class Fields {
    private Fields() {
    }

    public static Map<String, Object> of(Object... pairs) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            m.put((String) pairs[i], pairs[i + 1]);
        }
        return m;
    }
}
