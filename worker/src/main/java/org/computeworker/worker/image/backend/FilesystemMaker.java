package org.computeworker.worker.image.backend;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Formats ephemeral and swap templates as nova's {@code unprivileged_mkfs} does ({@code mkfs.<fs>}, {@code mkswap});
 * when the tool is not installed the template stays a blank raw file, with a warning, rather than failing the spawn.
 */
final class FilesystemMaker {
    private static final Logger LOG = LoggerFactory.getLogger(FilesystemMaker.class);
    private static final Set<String> FILESYSTEMS = Set.of("ext2", "ext3", "ext4", "xfs", "btrfs", "vfat", "msdos",
            "ntfs");
    /** mke2fs asks before formatting something that is not a block device unless forced; ntfs likewise. */
    private static final Set<String> NEEDS_FORCE = Set.of("ext2", "ext3", "ext4", "ntfs");
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_-]{0,10}");
    private static final Duration TIMEOUT = Duration.ofHours(1);

    private final Function<String, Optional<Path>> finder;

    FilesystemMaker() {
        this(ExternalCommand::find);
    }

    /** @param finder where a tool is installed, by program name */
    FilesystemMaker(Function<String, Optional<Path>> finder) {
        this.finder = finder;
    }

    /** @return false when mkfs for {@code fsType} is missing and the file was left unformatted */
    boolean format(Path target, String fsType, String label) throws IOException {
        if (!FILESYSTEMS.contains(fsType)) {
            throw new IllegalArgumentException("unsupported ephemeral filesystem '" + fsType + "' (supported: "
                    + FILESYSTEMS + ")");
        }
        if (label != null && !LABEL.matcher(label).matches()) {
            throw new IllegalArgumentException("invalid filesystem label: " + label);
        }
        Optional<Path> mkfs = finder.apply("mkfs." + fsType);
        if (mkfs.isEmpty()) {
            LOG.warn("mkfs.{} is not installed: {} is left as a blank raw disk", fsType, target);
            return false;
        }
        List<String> command = new ArrayList<>(List.of(mkfs.get().toString()));
        if (NEEDS_FORCE.contains(fsType)) {
            command.add("-F");
        }
        if (label != null) {
            command.add(fsType.equals("vfat") || fsType.equals("msdos") ? "-n" : "-L");
            command.add(label);
        }
        command.add(target.toAbsolutePath().toString());
        ExternalCommand.run(command, TIMEOUT);
        return true;
    }

    /** @return false when mkswap is missing and the file was left blank */
    boolean makeSwap(Path target) throws IOException {
        Optional<Path> mkswap = finder.apply("mkswap");
        if (mkswap.isEmpty()) {
            LOG.warn("mkswap is not installed: {} is left as a blank raw disk", target);
            return false;
        }
        ExternalCommand.run(List.of(mkswap.get().toString(), target.toAbsolutePath().toString()), TIMEOUT);
        return true;
    }
}
