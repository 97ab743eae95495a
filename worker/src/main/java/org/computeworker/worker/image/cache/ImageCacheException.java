package org.computeworker.worker.image.cache;

/** The image cache could not lock, write or read its own files (the template writers raise their own errors). */
public class ImageCacheException extends RuntimeException {
    public ImageCacheException(String message, Throwable cause) {
        super(message, cause);
    }

    public ImageCacheException(String message) {
        super(message);
    }
}
