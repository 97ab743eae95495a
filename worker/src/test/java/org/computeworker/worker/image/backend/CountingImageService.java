package org.computeworker.worker.image.backend;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.computeworker.messages.rpc.RequestContext;
import org.computeworker.worker.image.service.ImageRecord;
import org.computeworker.worker.image.service.ImageService;

/** An image service that counts downloads and can make each one slow, to widen the window of a race. */
public final class CountingImageService implements ImageService {
    private final ImageService delegate;
    private final AtomicInteger downloads = new AtomicInteger();
    private volatile Duration delay = Duration.ZERO;

    public CountingImageService(ImageService delegate) {
        this.delegate = delegate;
    }

    public int downloads() {
        return downloads.get();
    }

    public void slowDownloadsBy(Duration d) {
        delay = d;
    }

    @Override
    public ImageRecord show(RequestContext context, String imageId) {
        return delegate.show(context, imageId);
    }

    @Override
    public ImageRecord download(RequestContext context, String imageId, Path dest, long maxBytes) {
        downloads.incrementAndGet();
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return delegate.download(context, imageId, dest, maxBytes);
    }
}
