package org.computeworker.worker.image.backend.rbd;

import java.util.List;
import org.computeworker.worker.errors.NovaErrors;
import org.computeworker.worker.image.service.RbdLocation;

/** nova's {@code RBDDriver.parse_url}: an image location as an rbd snapshot, or ImageUnacceptable saying why not. */
final class RbdUrls {
    private static final String PREFIX = "rbd://";

    private RbdUrls() {
    }

    static RbdLocation parse(String url) {
        if (url == null || !url.startsWith(PREFIX)) {
            throw NovaErrors.imageUnacceptable(url, "Not stored in rbd");
        }
        List<String> pieces = List.of(url.substring(PREFIX.length()).split("/", -1));
        if (pieces.contains("")) {
            throw NovaErrors.imageUnacceptable(url, "Blank components");
        }
        if (pieces.size() != 4) {
            throw NovaErrors.imageUnacceptable(url, "Not an rbd snapshot");
        }
        return RbdLocation.parse(url); // decodes the pieces as Glance's store encoded them
    }
}
