package org.computeworker.worker.virt.libvirt.migration;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.computeworker.worker.virt.libvirt.HostCommands;

/**
 * nova's remotefs over ssh: remote commands through {@code ssh -o BatchMode=yes}, copies with
 * scp or {@code rsync --sparse --compress} ([libvirt] remote_filesystem_transport). The remote
 * side runs commands through a shell, so host names and paths are checked against strict
 * patterns before any argument vector is built.
 */
public final class RemoteDiskCopier implements DiskCopier {
    private static final Pattern HOST = Pattern.compile(
            "[A-Za-z0-9](?:[A-Za-z0-9.-]{0,252}[A-Za-z0-9])?|[0-9A-Fa-f:]{2,39}");
    private static final Pattern PATH = Pattern.compile("/[A-Za-z0-9._/+-]*");

    private final HostCommands commands;
    private final String transport;

    /** @param transport ssh (copies with scp) or rsync */
    public RemoteDiskCopier(HostCommands commands, String transport) {
        if (!"ssh".equals(transport) && !"rsync".equals(transport)) {
            throw new IllegalArgumentException("remote_filesystem_transport must be ssh or rsync, not " + transport);
        }
        this.commands = commands;
        this.transport = transport;
    }

    @Override
    public void createDir(String host, Path dir) {
        run(host, List.of("mkdir", "-p", "--", path(dir)));
    }

    @Override
    public void createFile(String host, Path file) {
        run(host, List.of("touch", "--", path(file)));
    }

    @Override
    public void removeFile(String host, Path file) {
        run(host, List.of("rm", "-f", "--", path(file)));
    }

    @Override
    public void removeDir(String host, Path dir) {
        run(host, List.of("rm", "-rf", "--", path(dir)));
    }

    @Override
    public void copy(Path source, String host, Path destination) {
        commands.check(copyCommand(source, host, destination));
    }

    /** The argument vector of a copy; public so that it can be checked without a second host. */
    public List<String> copyCommand(Path source, String host, Path destination) {
        String from = path(source);
        if (host == null) {
            return List.of("cp", "--sparse=always", "--", from, path(destination));
        }
        String to = remoteHost(host) + ":" + path(destination);
        if ("rsync".equals(transport)) {
            return List.of("rsync", "--sparse", "--compress", "--", from, to);
        }
        return List.of("scp", "-o", "BatchMode=yes", "-C", "--", from, to);
    }

    /** The argument vector of a command on {@code host} (or here when null). */
    public List<String> remoteCommand(String host, List<String> command) {
        if (host == null) {
            return command;
        }
        List<String> argv = new ArrayList<>(List.of("ssh", "-o", "BatchMode=yes", "--", checkedHost(host)));
        argv.addAll(command);
        return argv;
    }

    private void run(String host, List<String> command) {
        commands.check(remoteCommand(host, command));
    }

    static String checkedHost(String host) {
        if (host == null || !HOST.matcher(host).matches()) {
            throw new IllegalArgumentException("not a host name or address: " + host);
        }
        return host;
    }

    private static String remoteHost(String host) {
        String checked = checkedHost(host);
        return checked.contains(":") ? "[" + checked + "]" : checked;
    }

    static String path(Path path) {
        String text = path.toString();
        if (!PATH.matcher(text).matches() || text.contains("/../") || text.endsWith("/..")) {
            throw new IllegalArgumentException("path is not safe to pass to a remote shell: " + text);
        }
        return text;
    }
}
