package org.computeworker.worker.virt.libvirt.wiring;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.computeworker.worker.image.cache.CacheSweep;
import org.computeworker.worker.image.cache.ImageCacheManager;
import java.util.List;
import java.util.function.Supplier;
import org.computeworker.messages.objects.Instance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * nova's {@code _run_image_cache_manager_pass} periodic task: every {@code [image_cache] manager_interval} the
 * manager ages out templates that neither a disk under instances_path nor an instance the record places on this host
 * (its image, kernel and ramdisk) still uses. Disks left by instances that moved away count through the disk scan:
 * keeping a template one pass too long costs disk space, removing it too early breaks a guest.
 */
public final class ImageCacheSchedule implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ImageCacheSchedule.class);

    private final ImageCacheManager manager;
    private final Supplier<List<Instance>> instances;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "image-cache-manager");
        thread.setDaemon(true);
        return thread;
    });

    public ImageCacheSchedule(ImageCacheManager manager, Supplier<List<Instance>> instances) {
        this.manager = manager;
        this.instances = instances;
    }

    /** Runs a pass every {@code interval}, the first one after an interval (nova's periodic tasks do the same). */
    public ImageCacheSchedule start(Duration interval) {
        long millis = interval.toMillis();
        timer.scheduleWithFixedDelay(this::runOnce, millis, millis, TimeUnit.MILLISECONDS);
        LOG.info("image cache manager runs every {} s", interval.toSeconds());
        return this;
    }

    /** One pass now; a failure is logged and the next pass tries again. */
    public CacheSweep runOnce() {
        try {
            return manager.update(ImageCacheManager.imagesOf(instances.get()));
        } catch (RuntimeException e) {
            LOG.error("image cache manager pass failed; nothing was removed after the failure: {}", e.toString());
            return null;
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
