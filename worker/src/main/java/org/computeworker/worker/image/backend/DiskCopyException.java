package org.computeworker.worker.image.backend;

/** A disk could not be copied to or from another host; the message names the command and its error output. */
public class DiskCopyException extends RuntimeException {
    public DiskCopyException(String message, Throwable cause) {
        super(message, cause);
    }
}
