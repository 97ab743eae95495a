package org.computeworker.worker.image.backend;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.computeworker.worker.config.LibvirtImageOptions;
import org.computeworker.worker.config.RemoteHost;

/**
 * nova's remotefs drivers for {@code [libvirt] remote_filesystem_transport}: copies with {@code scp -C} (ssh, the
 * default) or {@code rsync --sparse --compress}, directory and file chores with {@code ssh} (for both transports),
 * all over the worker user's ssh configuration and keys.
 */
public final class RemoteFilesystemCopier implements DiskCopier {
    /**
     * scp (before OpenSSH 9) and rsync hand the remote path to the remote shell, so only characters that shell
     * leaves alone are accepted; instance and cache paths never need more.
     */
    private static final Pattern REMOTE_PATH = Pattern.compile("(/[A-Za-z0-9_.+=@,-]+)+");

    private static final Duration CHORE_TIMEOUT = Duration.ofMinutes(5);

    private final String transport;
    private final boolean compression;
    private final Duration timeout;

    /** @param transport ssh or rsync */
    public RemoteFilesystemCopier(String transport, boolean compression, Duration timeout) {
        if (!transport.equals("ssh") && !transport.equals("rsync")) {
            throw new IllegalArgumentException("remote filesystem transport must be ssh or rsync, got " + transport);
        }
        this.transport = transport;
        this.compression = compression;
        this.timeout = timeout;
    }

    public static RemoteFilesystemCopier forOptions(LibvirtImageOptions options) {
        return new RemoteFilesystemCopier(options.remoteFilesystemTransport(), true, Duration.ofHours(6));
    }

    @Override
    public void receive(RemoteHost source, Path remotePath, Path localPath) {
        run(command(source.operand() + ":" + remote(remotePath), local(localPath)));
    }

    @Override
    public void send(Path localPath, RemoteHost destination, Path remotePath) {
        run(command(local(localPath), destination.operand() + ":" + remote(remotePath)));
    }

    @Override
    public void createDirectory(RemoteHost host, Path remoteDirectory) {
        runChore(remoteCommand(host, "mkdir", "-p", "--", remote(remoteDirectory)));
    }

    @Override
    public void createFile(RemoteHost host, Path remoteFile) {
        runChore(remoteCommand(host, "touch", "--", remote(remoteFile)));
    }

    @Override
    public void removeFile(RemoteHost host, Path remoteFile) {
        runChore(remoteCommand(host, "rm", "-f", "--", remote(remoteFile)));
    }

    @Override
    public void removeDirectory(RemoteHost host, Path remoteDirectory) {
        runChore(remoteCommand(host, "rm", "-rf", "--", remote(remoteDirectory)));
    }

    /**
     * The argument vector of a command on {@code host}. ssh joins the words into one line for the remote shell,
     * which is why every path goes through {@link #remote} and the host is a checked {@link RemoteHost}.
     */
    List<String> remoteCommand(RemoteHost host, String... words) {
        List<String> command = new ArrayList<>(List.of("ssh", "-o", "BatchMode=yes", "--", host.name()));
        command.addAll(List.of(words));
        return command;
    }

    /** The argument vector for one copy; {@code --} keeps either operand from being read as an option. */
    List<String> command(String from, String to) {
        List<String> command = new ArrayList<>();
        if (transport.equals("ssh")) {
            command.addAll(List.of("scp", "-q", "-o", "BatchMode=yes"));
            if (compression) {
                command.add("-C");
            }
        } else {
            command.addAll(List.of("rsync", "--sparse"));
            if (compression) {
                command.add("--compress");
            }
        }
        command.addAll(List.of("--", from, to));
        return command;
    }

    private void run(List<String> command) {
        try {
            ExternalCommand.run(command, timeout);
        } catch (IOException e) {
            throw new DiskCopyException("copy failed: " + e.getMessage(), e);
        }
    }

    /** A directory or file chore is quick: an unreachable host must not hold the operation for the copy timeout. */
    private static void runChore(List<String> command) {
        try {
            ExternalCommand.run(command, CHORE_TIMEOUT);
        } catch (IOException e) {
            throw new DiskCopyException("remote command failed: " + e.getMessage(), e);
        }
    }

    private static String remote(Path path) {
        String text = path.toString();
        if (!path.isAbsolute() || !path.normalize().equals(path) || !REMOTE_PATH.matcher(text).matches()) {
            throw new IllegalArgumentException("remote path must be absolute, normalised and plain: " + text);
        }
        return text;
    }

    private static String local(Path path) {
        return path.toAbsolutePath().normalize().toString();
    }
}
