package org.computeworker.worker.virt.libvirt;

import java.util.Set;
import org.libvirt.Error;
import org.libvirt.Error.ErrorDomain;
import org.libvirt.Error.ErrorNumber;
import org.libvirt.LibvirtException;

/** Reads libvirt's error codes the way nova's host.py and guest.py do. */
public final class LibvirtErrors {
    private static final Set<ErrorNumber> BROKEN_CONNECTION = Set.of(ErrorNumber.VIR_ERR_NO_CONNECT,
            ErrorNumber.VIR_ERR_INVALID_CONN);
    private static final Set<ErrorNumber> TRANSPORT_FAILURE = Set.of(ErrorNumber.VIR_ERR_SYSTEM_ERROR,
            ErrorNumber.VIR_ERR_INTERNAL_ERROR, ErrorNumber.VIR_ERR_RPC);
    private static final Set<ErrorDomain> TRANSPORT = Set.of(ErrorDomain.VIR_FROM_REMOTE, ErrorDomain.VIR_FROM_RPC);

    private LibvirtErrors() {
    }

    public static ErrorNumber code(LibvirtException e) {
        Error error = e.getError();
        return error == null ? null : error.getCode();
    }

    /** The domain does not exist (VIR_ERR_NO_DOMAIN). */
    public static boolean noDomain(LibvirtException e) {
        return code(e) == ErrorNumber.VIR_ERR_NO_DOMAIN;
    }

    /** "Requested operation is not valid", e.g. destroying a domain that is not running. */
    public static boolean operationInvalid(LibvirtException e) {
        return code(e) == ErrorNumber.VIR_ERR_OPERATION_INVALID;
    }

    /**
     * The connection itself is gone ("client socket is closed", "no connection driver"): as nova's
     * _test_connection, a system/internal error raised by the remote or RPC layer.
     */
    public static boolean connectionBroken(LibvirtException e) {
        Error error = e.getError();
        if (error == null) {
            return false;
        }
        return BROKEN_CONNECTION.contains(error.getCode())
                || (TRANSPORT_FAILURE.contains(error.getCode()) && TRANSPORT.contains(error.getDomain()));
    }

    /** "[Error Code N] message", as nova's log and fault messages put it. */
    public static String describe(LibvirtException e) {
        ErrorNumber code = code(e);
        String message = e.getError() == null ? e.getMessage() : e.getError().getMessage();
        return (code == null ? "" : "[Error Code " + code.ordinal() + "] ") + message;
    }
}
