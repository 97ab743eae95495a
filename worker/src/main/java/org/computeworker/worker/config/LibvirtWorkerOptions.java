package org.computeworker.worker.config;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code [compute_worker]} options of the libvirt driver that nova has no name for, because nova always takes
 * images from Glance and always copies disks with scp or rsync.
 *
 * @param imageDirectory     {@code image_directory}: images come from this local directory (the image server's
 *                           layout, see image-server/README.md) instead of {@code [glance] api_servers}; null: Glance
 * @param localCopyHostRoots {@code local_copy_host_roots = host=/dir, ...}: disks travel between hosts by local file
 *                           copies, each named host's root file system being that directory (several workers on
 *                           one machine); empty: scp or rsync ({@code [libvirt] remote_filesystem_transport})
 */
public record LibvirtWorkerOptions(Path imageDirectory, Map<String, Path> localCopyHostRoots) {
    public LibvirtWorkerOptions {
        localCopyHostRoots = Map.copyOf(localCopyHostRoots);
    }

    public static LibvirtWorkerOptions read(OptionReader r) {
        Path images = r.optional(WorkerOptions.SECTION, "image_directory").map(v -> absolute(r, "image_directory", v))
                .orElse(null);
        Map<String, Path> roots = new LinkedHashMap<>();
        for (String entry : r.list(WorkerOptions.SECTION, "local_copy_host_roots", java.util.List.of())) {
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                throw r.invalid(WorkerOptions.SECTION, "local_copy_host_roots", entry, "host=/absolute/dir entries");
            }
            String host = entry.substring(0, eq).strip();
            try {
                new RemoteHost(host);
            } catch (IllegalArgumentException e) {
                throw r.invalid(WorkerOptions.SECTION, "local_copy_host_roots", entry, "a host name or address");
            }
            roots.put(host, absolute(r, "local_copy_host_roots", entry.substring(eq + 1).strip()));
        }
        return new LibvirtWorkerOptions(images, roots);
    }

    private static Path absolute(OptionReader r, String option, String value) {
        Path path = Path.of(value);
        if (!path.isAbsolute()) {
            throw r.invalid(WorkerOptions.SECTION, option, value, "an absolute path");
        }
        return path.normalize();
    }
}
