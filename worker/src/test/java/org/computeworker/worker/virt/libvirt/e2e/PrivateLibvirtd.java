package org.computeworker.worker.virt.libvirt.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.computeworker.worker.virt.libvirt.DeployScripts;
import org.computeworker.worker.virt.libvirt.GuestConsole;

/**
 * One private libvirtd of deploy/libvirt/start.sh for one test "host", and what it can tell about a guest when a
 * test fails: the domain XML and the tail of QEMU's log.
 */
final class PrivateLibvirtd implements AutoCloseable {
    private final DeployScripts deploy;
    private final Path dir;
    private final String uri;

    private PrivateLibvirtd(DeployScripts deploy, Path dir, String uri) {
        this.deploy = deploy;
        this.dir = dir;
        this.uri = uri;
    }

    /** Starts a daemon in a fresh directory under /tmp (unix socket paths must stay short). */
    static PrivateLibvirtd start(DeployScripts deploy, String prefix) throws IOException {
        Path dir = Files.createTempDirectory(Path.of("/tmp"), prefix);
        try {
            return new PrivateLibvirtd(deploy, dir, deploy.startLibvirtd(dir));
        } catch (IOException | RuntimeException | Error e) {
            deploy.stopLibvirtd(dir);
            deleteTree(dir);
            throw e;
        }
    }

    String uri() {
        return uri;
    }

    /** Gives this daemon the ceph secret {@code uuid} with the key in {@code keyring}, as an operator would. */
    void defineCephSecret(Path keyring, String uuid) throws IOException {
        deploy.defineCephSecret(dir, keyring, uuid);
    }

    /** Runs virsh against this daemon and returns what it printed (errors included). */
    String virsh(String... args) {
        try {
            String[] command = new String[args.length + 3];
            command[0] = "virsh";
            command[1] = "-c";
            command[2] = uri;
            System.arraycopy(args, 0, command, 3, args.length);
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            process.waitFor(60, TimeUnit.SECONDS);
            return output;
        } catch (IOException e) {
            return "virsh failed: " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /** The domain XML and QEMU's log of {@code domain}, for failure messages. */
    String diagnostics(String domain) {
        String qemuLog = GuestConsole.text(dir.resolve("log/qemu/" + domain + ".log"));
        return "--- " + uri + " domain " + domain + ":\n" + virsh("dumpxml", domain) + "\n--- qemu log (tail):\n"
                + qemuLog.substring(Math.max(0, qemuLog.length() - 4000));
    }

    /** Stops the daemons (destroying any guest left) and removes the directory. */
    @Override
    public void close() throws IOException {
        try {
            deploy.stopLibvirtd(dir);
        } finally {
            deleteTree(dir);
        }
    }

    static void deleteTree(Path root) throws IOException {
        org.computeworker.worker.image.backend.FileTrees.delete(root);
    }
}
