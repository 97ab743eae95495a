package org.computeworker.worker.image.qemu;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.computeworker.worker.errors.NovaErrors;
import org.computeworker.worker.errors.NovaException;
import org.computeworker.worker.image.inspect.ImageSafetyCheck;

/**
 * qemu-img, called safely: argument vectors only, the input format always given with {@code -f} (qemu's probing
 * is never trusted), absolute paths (no protocol prefixes), a deadline on every run, and prlimit around info.
 * Run {@link ImageSafetyCheck#verify} on untrusted images first: even info opens an image's data-file.
 */
public final class QemuImg {
    /** qemu drivers this host reads and writes; anything else (including protocol names) is refused. */
    private static final Set<String> FORMATS = Set.of("raw", "qcow2", "vmdk", "vpc", "vhdx", "vdi", "luks");
    /** prlimit's exit status when it could not execute the program it wraps. */
    private static final Set<Integer> PRLIMIT_EXEC_FAILED = Set.of(126, 127);

    private final QemuImgSettings settings;
    private final ProcessRunner runner = new ProcessRunner(Map.of("LC_ALL", "C", "LANG", "C"));
    private final ImageSafetyCheck safetyCheck = new ImageSafetyCheck();

    public QemuImg(QemuImgSettings settings) {
        this.settings = settings;
    }

    public static QemuImg withDefaults() {
        return new QemuImg(QemuImgSettings.defaults());
    }

    /** The first line of {@code qemu-img --version}; a cheap way to prove qemu-img is installed. */
    public String version() {
        ProcessOutcome outcome = run(List.of("--version"), settings.infoTimeout(), false);
        return outcome.stdout().lines().findFirst().orElse("").strip();
    }

    /**
     * {@code qemu-img info -f FORMAT --output=json --force-share}, under the info resource limits.
     *
     * @throws NovaException DiskNotFound, or InvalidDiskInfo when qemu-img fails or is stopped by its limits
     */
    public QemuImgInfo info(Path path, String format) {
        Path image = path.toAbsolutePath();
        if (!Files.exists(image)) {
            throw NovaErrors.diskNotFound(image.toString());
        }
        List<String> args = List.of("info", "-f", checked(format), "--output=json", "--force-share", image.toString());
        ProcessOutcome outcome;
        try {
            outcome = run(args, settings.infoTimeout(), true);
        } catch (QemuImgException e) {
            if (e.exitCode() == -1 && !e.timedOut()) {
                throw e; // qemu-img is missing: a host problem, not a bad disk
            }
            String verb = e.timedOut() ? "qemu-img timed out when inspecting "
                    : e.exitCode() > 128 ? "qemu-img aborted by prlimits when inspecting "
                    : "qemu-img failed to execute on ";
            throw NovaErrors.invalidDiskInfo(verb + image + " : " + e.getMessage(), e);
        }
        try {
            return QemuImgInfo.parse(outcome.stdout());
        } catch (IllegalArgumentException e) {
            throw NovaErrors.invalidDiskInfo("Failed to run qemu-img info on " + image + " : " + e.getMessage()
                    + (outcome.stderr().isBlank() ? "" : " (" + outcome.stderr().strip() + ")"), e);
        }
    }

    /** {@code qemu-img create -f FORMAT PATH SIZE}. */
    public void create(Path path, String format, long sizeBytes) {
        run(List.of("create", "-q", "-f", checked(format), path.toAbsolutePath().toString(), positive(sizeBytes)),
                settings.operationTimeout(), false);
    }

    /** A qcow2 overlay the same size as its backing file; see {@link #createOverlay(Path, Path, String, long)}. */
    public void createOverlay(Path path, Path backingFile, String backingFormat) {
        overlay(path, backingFile, backingFormat, null);
    }

    /**
     * {@code qemu-img create -f qcow2 -b BACKING -F BACKING_FORMAT PATH SIZE}. Like nova, the backing file is
     * re-inspected first (its bytes and then qemu-img's view of it), because every guest write lands on top of it.
     *
     * @throws NovaException InvalidDiskInfo "Base image failed safety check" when the backing file is unsafe
     */
    public void createOverlay(Path path, Path backingFile, String backingFormat, long sizeBytes) {
        overlay(path, backingFile, backingFormat, positive(sizeBytes));
    }

    /**
     * {@code qemu-img convert -t writeback -f SRC_FORMAT -O DST_FORMAT SRC DST}; writeback (not qemu-img's default
     * "unsafe") so the data is flushed to disk before this returns.
     *
     * @throws NovaException ImageUnacceptable "Unable to convert image to FORMAT", as nova raises it
     */
    public void convert(Path source, String sourceFormat, Path target, String targetFormat) {
        List<String> args = List.of("convert", "-q", "-t", "writeback", "-f", checked(sourceFormat), "-O",
                checked(targetFormat), source.toAbsolutePath().toString(), target.toAbsolutePath().toString());
        try {
            run(args, settings.operationTimeout(), false);
        } catch (QemuImgException e) {
            throw NovaErrors.imageUnacceptable(source.toString(), "Unable to convert image to " + targetFormat + ": "
                    + e.getMessage(), e);
        }
    }

    /** {@code qemu-img resize -f FORMAT PATH SIZE}; shrinking is refused by qemu-img since --shrink is never passed. */
    public void resize(Path path, String format, long newSizeBytes) {
        run(List.of("resize", "-q", "-f", checked(format), path.toAbsolutePath().toString(), positive(newSizeBytes)),
                settings.operationTimeout(), false);
    }

    private void overlay(Path path, Path backingFile, String backingFormat, String size) {
        Path base = backingFile.toAbsolutePath();
        safetyCheck.verifyBackingFile(base, checked(backingFormat));
        List<String> problems = info(base, backingFormat).safetyProblems();
        if (!problems.isEmpty()) {
            throw NovaErrors.invalidDiskInfo("Base image failed safety check: " + String.join("; ", problems));
        }
        List<String> args = new ArrayList<>(List.of("create", "-q", "-f", "qcow2", "-b", base.toString(), "-F",
                backingFormat, path.toAbsolutePath().toString()));
        if (size != null) {
            args.add(size);
        }
        run(args, settings.operationTimeout(), false);
    }

    private ProcessOutcome run(List<String> args, Duration timeout, boolean limited) {
        List<String> command = new ArrayList<>();
        if (limited) {
            command.addAll(settings.infoLimits().commandPrefix(settings.prlimitBinary()));
        }
        command.add(settings.qemuImgBinary());
        command.addAll(args);
        ProcessOutcome outcome;
        try {
            outcome = runner.run(command, timeout);
        } catch (InterruptedIOException e) {
            throw new QemuImgException(e.getMessage(), command, -1, "", false, e);
        } catch (IOException e) {
            throw QemuImgException.notStarted(command, e);
        }
        boolean wrapped = command.size() > args.size() + 1;
        if (wrapped && PRLIMIT_EXEC_FAILED.contains(outcome.exitCode())) {
            throw QemuImgException.notStarted(command, new IOException(outcome.stderr().strip()));
        }
        if (!outcome.succeeded()) {
            throw QemuImgException.failed(outcome);
        }
        return outcome;
    }

    private static String checked(String format) {
        if (format == null || !FORMATS.contains(format)) {
            throw new IllegalArgumentException("qemu-img format must be one of " + FORMATS + ", got " + format);
        }
        return format;
    }

    private static String positive(long sizeBytes) {
        if (sizeBytes <= 0) {
            throw new IllegalArgumentException("size must be a positive number of bytes, got " + sizeBytes);
        }
        return Long.toString(sizeBytes);
    }
}
