package org.computeworker.worker.image.backend.rbd;

import com.ceph.rados.exceptions.RadosException;
import com.ceph.rbd.RbdException;

/**
 * A librados or librbd call that failed, with its negative errno so callers can tell "not there" from "not
 * allowed" or "cluster unreachable", and a message naming the operation and the object it was about.
 */
public class CephException extends RuntimeException {
    static final int ENOENT = -2;
    static final int EPERM = -1;
    static final int EACCES = -13;
    static final int EBUSY = -16;
    static final int EEXIST = -17;
    static final int EINVAL = -22;
    static final int ENOTEMPTY = -39;
    static final int ETIMEDOUT = -110;

    private final int errno;

    public CephException(String message, int errno, Throwable cause) {
        super(message, cause);
        this.errno = errno;
    }

    /** Wraps a rados-java failure, keeping its errno (0 when it had none). */
    static CephException of(String what, Exception cause) {
        int errno = cause instanceof RbdException r ? r.getReturnValue()
                : cause instanceof RadosException r ? r.getReturnValue() : 0;
        return new CephException(what + ": " + describe(errno, cause), errno, cause);
    }

    /** The negative errno of the failed call, or 0. */
    public int errno() {
        return errno;
    }

    public boolean isNotFound() {
        return errno == ENOENT;
    }

    public boolean isPermissionDenied() {
        return errno == EPERM || errno == EACCES;
    }

    public boolean isTimeout() {
        return errno == ETIMEDOUT;
    }

    private static String describe(int errno, Exception cause) {
        String name = switch (errno) {
            case ENOENT -> "ENOENT (no such image, snapshot or pool)";
            case EPERM, EACCES -> "permission denied (check the cephx caps)";
            case EBUSY -> "EBUSY (in use: open by a guest, or a snapshot with clones)";
            case EEXIST -> "EEXIST (already exists)";
            case ENOTEMPTY -> "ENOTEMPTY (image has snapshots)";
            case ETIMEDOUT -> "ETIMEDOUT (the cluster did not answer in time)";
            default -> errno == 0 ? null : "errno " + errno;
        };
        return name == null ? String.valueOf(cause.getMessage()) : name + " [" + cause.getMessage() + "]";
    }
}
