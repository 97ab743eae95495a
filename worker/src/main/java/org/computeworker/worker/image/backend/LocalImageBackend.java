package org.computeworker.worker.image.backend;

import java.nio.file.Path;
import java.util.Objects;
import org.computeworker.messages.objects.Instance;

/** The file-based backends: every disk is a file in the instance directory, either a raw copy or a qcow2 overlay. */
public final class LocalImageBackend implements ImageBackend {
    /** How disks are made from templates. */
    public enum Layout { FLAT, QCOW2 }

    private final String imagesType;
    private final Layout layout;
    private final LocalStorage storage;

    public LocalImageBackend(String imagesType, Layout layout, LocalStorage storage) {
        this.imagesType = Objects.requireNonNull(imagesType, "imagesType");
        this.layout = Objects.requireNonNull(layout, "layout");
        this.storage = Objects.requireNonNull(storage, "storage");
    }

    @Override
    public String imagesType() {
        return imagesType;
    }

    public Layout layout() {
        return layout;
    }

    public LocalStorage storage() {
        return storage;
    }

    @Override
    public InstanceDisk disk(Instance instance, String diskName) {
        Path directory = instanceDirectory(instance);
        return layout == Layout.QCOW2 ? new Qcow2Disk(storage, directory, diskName)
                : new FlatDisk(storage, directory, diskName);
    }

    @Override
    public Path instanceDirectory(Instance instance) {
        return storage.instanceDirectory(instance);
    }

    @Override
    public long availableBytes() {
        return storage.availableBytes();
    }

    @Override
    public long totalBytes() {
        return storage.totalBytes();
    }
}
