package org.computeworker.worker.virt;

/** nova.compute.power_state: the hypervisor's view of a guest, with nova's numbers and names. */
public enum PowerState {
    NOSTATE(0, "pending"),
    RUNNING(1, "running"),
    PAUSED(3, "paused"),
    SHUTDOWN(4, "shutdown"),
    CRASHED(6, "crashed"),
    SUSPENDED(7, "suspended");

    private final int code;
    private final String label;

    PowerState(int code, String label) {
        this.code = code;
        this.label = label;
    }

    /** The integer stored in Instance.power_state. */
    public int code() {
        return code;
    }

    /** The name versioned notifications use (power_state.STATE_MAP). */
    public String label() {
        return label;
    }

    public static PowerState fromCode(Integer code) {
        if (code == null) {
            return NOSTATE;
        }
        for (PowerState s : values()) {
            if (s.code == code) {
                return s;
            }
        }
        return NOSTATE;
    }
}
