package org.computeworker.worker.image.service;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import org.computeworker.worker.errors.NovaErrors;

/** An RBD image location {@code rbd://<fsid>/<pool>/<image>/<snapshot>}, as Glance's rbd store records it. */
public record RbdLocation(String fsid, String pool, String image, String snapshot) {
    private static final String PREFIX = "rbd://";

    /** Parses a location URL; anything but four non-empty pieces is InvalidParameterValue, as in nova. */
    public static RbdLocation parse(String url) {
        if (url == null || !url.startsWith(PREFIX)) {
            throw NovaErrors.invalidParameterValue("Invalid RBD URL format: not an rbd:// URL: " + url);
        }
        String[] pieces = url.substring(PREFIX.length()).split("/", -1);
        if (pieces.length != 4) {
            throw NovaErrors.invalidParameterValue("Invalid RBD URL format: expected "
                    + "rbd://<fsid>/<pool>/<image>/<snapshot>, got " + url);
        }
        for (int i = 0; i < pieces.length; i++) {
            pieces[i] = URLDecoder.decode(pieces[i].replace("+", "%2B"), StandardCharsets.UTF_8);
            if (pieces[i].isEmpty()) {
                throw NovaErrors.invalidParameterValue("Invalid RBD URL format: blank component in " + url);
            }
        }
        return new RbdLocation(pieces[0], pieces[1], pieces[2], pieces[3]);
    }
}
