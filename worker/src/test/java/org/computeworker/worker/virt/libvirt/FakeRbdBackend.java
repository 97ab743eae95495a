package org.computeworker.worker.virt.libvirt;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.computeworker.messages.objects.Instance;
import org.computeworker.messages.rpc.RequestContext;
import org.computeworker.worker.errors.NovaErrors;
import org.computeworker.worker.image.backend.DiskSource;
import org.computeworker.worker.image.backend.ImageBackend;
import org.computeworker.worker.image.backend.InstanceDisk;
import org.computeworker.worker.image.backend.TemplateFetcher;
import org.computeworker.worker.image.qemu.QemuImg;

/**
 * Stands in for the RBD backend in driver tests: every host sees the same "pool" (a directory of
 * raw files named pool/&lt;uuid&gt;_&lt;disk&gt;), disks are network disks in the guest XML, and
 * images whose locations include an rbd:// URL are "cloned" without a download.
 */
final class FakeRbdBackend implements ImageBackend {
    static final String SECRET = "11111111-2222-3333-4444-555555555555";

    private final Path pool;
    private final Path instancesPath;
    private final Map<String, Path> imageFiles;
    private final QemuImg qemuImg;

    FakeRbdBackend(Path pool, Path instancesPath, Map<String, Path> imageFiles, QemuImg qemuImg) {
        this.pool = pool;
        this.instancesPath = instancesPath;
        this.imageFiles = imageFiles;
        this.qemuImg = qemuImg;
    }

    @Override
    public String imagesType() {
        return "rbd";
    }

    @Override
    public InstanceDisk disk(Instance instance, String diskName) {
        return new RbdDisk(diskName, instance.uuid() + "_" + diskName);
    }

    @Override
    public Path instanceDirectory(Instance instance) {
        return instancesPath.resolve(instance.uuid());
    }

    @Override
    public long availableBytes() {
        return 40L << 30;
    }

    @Override
    public long totalBytes() {
        return 100L << 30;
    }

    private final class RbdDisk implements InstanceDisk {
        private final String name;
        private final String image;

        RbdDisk(String name, String image) {
            this.name = name;
            this.image = image;
        }

        private Path file() {
            return pool.resolve(image);
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public DiskSource source() {
            return new DiskSource.Rbd("vms", image, List.of("192.0.2.10"), List.of("6789"), "openstack", SECRET);
        }

        @Override
        public boolean exists() {
            return Files.exists(file());
        }

        /**
         * As nova's {@code Rbd.create_image} and the real backend: a disk that exists (a clone, a disk a resize
         * left in the pool) needs no template, only its size checked; a missing one is fetched and "imported".
         */
        @Override
        public void cache(TemplateFetcher fetcher, String cacheFilename, long sizeBytes) {
            try {
                if (!exists()) {
                    Files.createDirectories(pool.resolve("_base"));
                    Path base = pool.resolve("_base").resolve(cacheFilename);
                    if (!Files.exists(base)) {
                        fetcher.fetch(base);
                    }
                    Files.copy(base, file());
                }
                if (sizeBytes > Files.size(file())) {
                    qemuImg.resize(file(), "raw", sizeBytes);
                }
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void cloneFrom(RequestContext context, String imageId, String diskFormat, List<String> locations) {
            if (locations.stream().noneMatch(l -> l.startsWith("rbd://")) || !"raw".equals(diskFormat)) {
                throw NovaErrors.imageUnacceptable(imageId, "not in this cluster: " + locations);
            }
            try {
                Files.createDirectories(pool);
                Files.copy(imageFiles.get(imageId), file());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void resize(long sizeBytes) {
            qemuImg.resize(file(), "raw", sizeBytes);
        }

        @Override
        public long virtualSize() {
            try {
                return Files.size(file());
            } catch (IOException e) {
                throw NovaErrors.diskNotFound(image);
            }
        }

        @Override
        public void flatten() {
        }

        @Override
        public void remove() {
            try {
                Files.deleteIfExists(file());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public boolean isSharedBlockStorage() {
            return true;
        }
    }
}
