package org.computeworker.worker.virt.libvirt;

import com.sun.jna.Pointer;
import org.libvirt.Connect;
import org.libvirt.Library;
import org.libvirt.LibvirtException;
import org.libvirt.jna.Libvirt;
import org.libvirt.jna.virError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * libvirt's default event loop for the whole process, started once and before any connection:
 * a connection opened earlier never delivers events, and libvirt allows one loop per process.
 */
final class LibvirtEventLoop {
    private static final Logger LOG = LoggerFactory.getLogger(LibvirtEventLoop.class);
    /** Errors are already thrown as LibvirtExceptions; without a callback libvirt also prints each one. */
    private static final Libvirt.VirErrorCallback SILENT = (Pointer userData, virError error) -> { };
    private static boolean started;

    private LibvirtEventLoop() {
    }

    static synchronized void ensureRunning() throws LibvirtException {
        if (started) {
            return;
        }
        Connect.setErrorCallback(SILENT);
        Library.initEventLoop();
        Thread loop = new Thread(LibvirtEventLoop::run, "libvirt-event-loop");
        loop.setDaemon(true);
        loop.start();
        started = true;
    }

    private static void run() {
        try {
            Library.runEventLoop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (LibvirtException e) {
            LOG.error("libvirt event loop stopped: {}; lifecycle events are no longer delivered", e.getMessage());
        }
    }
}
