package org.computeworker.worker.image.backend;

import java.io.IOException;
import java.nio.file.Path;
import org.computeworker.worker.errors.NovaErrors;
import org.computeworker.worker.image.cache.AtomicFiles;
import org.computeworker.worker.image.cache.ImageCacheException;

/**
 * nova's {@code Qcow2} disk (images_type qcow2, or default with use_cow_images): a qcow2 overlay whose backing file
 * is the cached template, so instances of one image share its bytes until they write.
 */
final class Qcow2Disk extends LocalDisk {
    static final String FORMAT = "qcow2";

    Qcow2Disk(LocalStorage storage, Path instanceDirectory, String name) {
        super(storage, instanceDirectory, name);
    }

    @Override
    String driverFormat() {
        return FORMAT;
    }

    @Override
    String createFrom(BaseImage base, long sizeBytes) {
        // createOverlay re-runs the safety checks on the base (bytes, then qemu-img's view) right before linking it
        if (sizeBytes > 0) {
            storage.qemuImg().createOverlay(path, base.path(), base.format(), sizeBytes);
        } else {
            storage.qemuImg().createOverlay(path, base.path(), base.format());
        }
        return FORMAT;
    }

    /**
     * Copies the overlay and its backing data into a standalone qcow2 and puts it in place of the overlay, as nova
     * does before a disk leaves the host whose cache backs it. The guest must not be running.
     */
    @Override
    public void flatten() {
        if (!exists()) {
            throw NovaErrors.diskNotFound(path.toString());
        }
        Path staging = path.resolveSibling(path.getFileName() + ".flat.part");
        try {
            storage.qemuImg().convert(path, FORMAT, staging, FORMAT);
            AtomicFiles.commit(staging, path);
        } catch (IOException e) {
            throw new ImageCacheException("cannot flatten " + path + ": " + e, e);
        } finally {
            deleteQuietly(staging);
        }
    }
}
