package org.computeworker.worker.image.backend;

import java.nio.file.Path;

/**
 * nova's {@code Flat} disk (images_type raw or flat, or default without use_cow_images): a full, sparse copy of the
 * template, grown to the flavor's size; opened as the format disk.info recorded for it when it was made.
 */
final class FlatDisk extends LocalDisk {

    FlatDisk(LocalStorage storage, Path instanceDirectory, String name) {
        super(storage, instanceDirectory, name);
    }

    @Override
    String driverFormat() {
        // Never from the file's content: a guest can write any header it likes into its own raw disk.
        return InstanceRecordFile.diskInfo(instanceDirectory).read().getOrDefault(path.toString(), "raw");
    }

    @Override
    String createFrom(BaseImage base, long sizeBytes) {
        // qemu-img convert rather than a byte copy: it skips zeroes, so the copy stays as sparse as the template
        storage.qemuImg().convert(base.path(), base.format(), path, base.format());
        if (sizeBytes > base.virtualSize()) {
            storage.qemuImg().resize(path, base.format(), sizeBytes);
        }
        return base.format();
    }
}
