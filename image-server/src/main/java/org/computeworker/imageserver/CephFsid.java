package org.computeworker.imageserver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/** Reads the cluster fsid from a ceph.conf ({@code fsid = <uuid>} in {@code [global]}). */
final class CephFsid {
    static final Path DEFAULT_CONF = Path.of("/etc/ceph/ceph.conf");

    private CephFsid() {
    }

    static Optional<String> fromConf(Path conf) throws IOException {
        if (!Files.isRegularFile(conf)) {
            return Optional.empty();
        }
        String section = "global";
        for (String raw : Files.readAllLines(conf)) {
            String line = stripComment(raw).trim();
            if (line.startsWith("[") && line.endsWith("]")) {
                section = line.substring(1, line.length() - 1).trim().toLowerCase(Locale.ROOT);
                continue;
            }
            int eq = line.indexOf('=');
            if (eq > 0 && section.equals("global")
                    && line.substring(0, eq).trim().equalsIgnoreCase("fsid")) {
                return Optional.of(checked(line.substring(eq + 1).trim(), conf.toString()));
            }
        }
        return Optional.empty();
    }

    /** An fsid is a UUID; anything else means we read the wrong thing, and a location built on it would lie. */
    static String checked(String fsid, String source) {
        if (!ImageDocuments.isUuid(fsid)) {
            throw new IllegalStateException("the cluster fsid from " + source + " is not a UUID: '" + fsid + "'");
        }
        return fsid.toLowerCase(Locale.ROOT);
    }

    private static String stripComment(String line) {
        int hash = line.indexOf('#');
        int semi = line.indexOf(';');
        int cut = hash < 0 ? semi : semi < 0 ? hash : Math.min(hash, semi);
        return cut < 0 ? line : line.substring(0, cut);
    }
}
