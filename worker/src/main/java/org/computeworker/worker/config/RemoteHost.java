package org.computeworker.worker.config;

import java.util.regex.Pattern;

/**
 * A compute host to copy disks from or to, checked to be a plain host name or IP address (nova's
 * {@code is_valid_hostname}, minus a leading dash) so it can never become an option of scp, rsync or ssh.
 */
public record RemoteHost(String name) {
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9_.:][A-Za-z0-9_.:-]{0,254}");

    public RemoteHost {
        if (name == null || !HOST.matcher(name).matches()) {
            throw new IllegalArgumentException("not a valid host name: " + name);
        }
    }

    /** The host as the {@code host:path} operand of scp and rsync spells it: IPv6 addresses in brackets. */
    public String operand() {
        return name.contains(":") ? "[" + name + "]" : name;
    }
}
