package org.computeworker.worker.virt.libvirt;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.computeworker.messages.objects.Instance;
import org.computeworker.worker.errors.NovaErrors;
import org.computeworker.worker.image.backend.DiskSource;
import org.computeworker.worker.image.backend.ImageBackend;
import org.computeworker.worker.image.backend.InstanceDisk;
import org.computeworker.worker.image.backend.TemplateFetcher;
import org.computeworker.worker.image.qemu.QemuImg;

/**
 * A test-only image backend over plain files until the real raw/qcow2 backends land:
 * INSTANCES/&lt;uuid&gt;/&lt;disk&gt;, templates in INSTANCES/_base, qcow2 overlays on raw
 * templates or sparse raw copies. No cross-process locking.
 */
final class TestFileBackend implements ImageBackend {
    private final Path instancesPath;
    private final String format;
    private final QemuImg qemuImg;

    TestFileBackend(Path instancesPath, String format, QemuImg qemuImg) {
        this.instancesPath = instancesPath;
        this.format = format;
        this.qemuImg = qemuImg;
    }

    @Override
    public String imagesType() {
        return format;
    }

    @Override
    public InstanceDisk disk(Instance instance, String diskName) {
        return new FileDisk(diskName, instanceDirectory(instance).resolve(diskName));
    }

    @Override
    public Path instanceDirectory(Instance instance) {
        return instancesPath.resolve(instance.uuid());
    }

    @Override
    public long availableBytes() {
        try {
            return Files.getFileStore(instancesPath).getUsableSpace();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public long totalBytes() {
        try {
            return Files.getFileStore(instancesPath).getTotalSpace();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private final class FileDisk implements InstanceDisk {
        private final String name;
        private final Path path;

        FileDisk(String name, Path path) {
            this.name = name;
            this.path = path;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public DiskSource source() {
            return new DiskSource.File(path, format);
        }

        @Override
        public boolean exists() {
            return Files.exists(path);
        }

        @Override
        public void cache(TemplateFetcher fetcher, String cacheFilename, long sizeBytes) {
            Path base = instancesPath.resolve("_base").resolve(cacheFilename);
            try {
                synchronized (TestFileBackend.class) {
                    Files.createDirectories(base.getParent());
                    if (!Files.exists(base)) {
                        fetcher.fetch(base);
                    }
                }
                if (exists()) {
                    return;
                }
                Files.createDirectories(path.getParent());
                long baseSize = qemuImg.info(base, "raw").virtualSize();
                if ("qcow2".equals(format)) {
                    qemuImg.createOverlay(path, base, "raw", Math.max(sizeBytes, baseSize));
                } else {
                    Process cp = new ProcessBuilder(List.of("cp", "--sparse=always", base.toString(),
                            path.toString())).inheritIO().start();
                    if (cp.waitFor() != 0) {
                        throw new IOException("cp failed");
                    }
                    if (sizeBytes > baseSize) {
                        qemuImg.resize(path, "raw", sizeBytes);
                    }
                }
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException("cannot create " + path + " from " + base, e);
            }
        }

        @Override
        public void resize(long sizeBytes) {
            if (sizeBytes < virtualSize()) {
                throw NovaErrors.resizeError("Unable to resize disk down.");
            }
            qemuImg.resize(path, format, sizeBytes);
        }

        @Override
        public long virtualSize() {
            return qemuImg.info(path, format).virtualSize();
        }

        @Override
        public void flatten() {
            throw new UnsupportedOperationException("not needed by the driver tests");
        }

        @Override
        public void remove() {
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public boolean isSharedBlockStorage() {
            return false;
        }
    }
}
