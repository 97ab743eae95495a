package org.computeworker.worker.virt.libvirt;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The repository's deploy/ scripts for end-to-end tests: a private libvirtd per directory and the
 * tiny test guest. Missing packages fail the test with the command that installs them.
 */
public final class DeployScripts {
    public static final String INSTALL_HINT = "apt-get install -y libvirt-daemon libvirt-daemon-driver-qemu libvirt-clients"
            + " qemu-system-x86 qemu-utils busybox-static e2fsprogs";
    private static final List<String> TOOLS = List.of("libvirtd", "virtlogd", "virsh", "qemu-system-x86_64",
            "qemu-img", "busybox", "mkfs.ext4", "resize2fs", "e2label", "unshare");

    private final Path root;

    private DeployScripts(Path root) {
        this.root = root;
    }

    /** Finds deploy/ above the working directory and checks that the host has what the scripts need. */
    public static DeployScripts locate() {
        if (!"root".equals(System.getProperty("user.name"))) {
            fail("the end-to-end tests start a private libvirtd and must run as root");
        }
        List<String> missing = new ArrayList<>();
        for (String tool : TOOLS) {
            if (!onPath(tool)) {
                missing.add(tool);
            }
        }
        if (!missing.isEmpty()) {
            fail("missing " + missing + " for the libvirt end-to-end tests; install them with: " + INSTALL_HINT);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isExecutable(dir.resolve("deploy/libvirt/start.sh"))) {
                return new DeployScripts(dir);
            }
        }
        fail("deploy/libvirt/start.sh not found above " + Path.of("").toAbsolutePath());
        return null;
    }

    /** Starts (or finds running) the private libvirtd of {@code dir}; returns its URI. */
    public String startLibvirtd(Path dir) throws IOException {
        run("libvirt/start.sh", dir.toString());
        return Files.readString(dir.resolve("uri")).strip();
    }

    /** Stops the daemons of {@code dir}, destroying any guest left. */
    public void stopLibvirtd(Path dir) throws IOException {
        run("libvirt/stop.sh", dir.toString());
    }

    /**
     * Defines the libvirt ceph secret QEMU opens RBD disks with ({@code deploy/libvirt/define-ceph-secret.sh}),
     * holding the key in {@code keyring}, under {@code uuid} ({@code [libvirt] rbd_secret_uuid}).
     */
    public void defineCephSecret(Path libvirtDir, Path keyring, String uuid) throws IOException {
        run("libvirt/define-ceph-secret.sh", libvirtDir.toString(), keyring.toString(), uuid);
    }

    /** Builds (or refreshes) the test guest: vmlinuz, initrd.img, disk.raw, disk.qcow2. */
    public Path buildGuest(Path outDir) throws IOException {
        run("guest/build-test-guest.sh", outDir.toString());
        return outDir;
    }

    private void run(String script, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(root.resolve("deploy").resolve(script).toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        try {
            if (process.waitFor() != 0) {
                fail("deploy/" + script + " " + String.join(" ", args) + " failed (install hint: " + INSTALL_HINT + "):\n" + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private static boolean onPath(String tool) {
        for (String dir : (System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }
}
