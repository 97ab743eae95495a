package org.computeworker.worker.image.qemu;

import static org.computeworker.worker.image.inspect.TestImages.GIB;
import static org.computeworker.worker.image.inspect.TestImages.MIB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.computeworker.worker.errors.NovaException;
import org.computeworker.worker.image.inspect.TestImages;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QemuImgTest {
    @TempDir
    Path dir;
    private TestImages images;
    private final QemuImg qemuImg = QemuImg.withDefaults();

    @BeforeAll
    static void qemuImgInstalled() {
        TestImages.requireQemuImg();
    }

    @BeforeEach
    void setUp() {
        images = new TestImages(dir);
    }

    @Test
    void versionNamesQemuImg() {
        assertTrue(qemuImg.version().startsWith("qemu-img version"), qemuImg::version);
    }

    @Test
    void defaultsApplyNovasInfoLimitsThroughPrlimit() {
        QemuImgSettings settings = QemuImgSettings.defaults();
        assertEquals(ResourceLimits.NOVA_QEMU_IMG_INFO, settings.infoLimits());
        assertEquals(List.of(settings.prlimitBinary(), "--as=1073741824", "--cpu=30", "--"),
                settings.infoLimits().commandPrefix(settings.prlimitBinary()));
    }

    @Test
    void createThenInfo() {
        Path image = dir.resolve("d.qcow2");
        qemuImg.create(image, "qcow2", GIB);
        QemuImgInfo info = qemuImg.info(image, "qcow2");
        assertEquals("qcow2", info.format());
        assertEquals(GIB, info.virtualSize());
        assertEquals(65536, info.clusterSize());
        assertNull(info.backingFile());
        assertTrue(info.safetyProblems().isEmpty());
    }

    @Test
    void theGivenFormatIsUsedNeverProbed() {
        Path image = dir.resolve("d.qcow2");
        qemuImg.create(image, "qcow2", GIB);
        QemuImgInfo asRaw = qemuImg.info(image, "raw");
        assertEquals("raw", asRaw.format());
        assertTrue(asRaw.virtualSize() < MIB, "a qcow2 read as raw is just its small file");
    }

    @Test
    void infoReportsBackingAndDataFilesAsProblems() {
        images.qemuImg("create", "-q", "-f", "qcow2", "-b", "/etc/passwd", "-F", "raw", "bf.qcow2");
        QemuImgInfo backed = qemuImg.info(images.path("bf.qcow2"), "qcow2");
        assertEquals("/etc/passwd", backed.backingFile());
        assertEquals("raw", backed.backingFormat());
        assertEquals(List.of("fmt=qcow2 backed by: /etc/passwd"), backed.safetyProblems());

        Path withData = images.create("df.qcow2", "qcow2", MIB, "data_file=" + images.path("data.raw"));
        assertEquals(images.path("data.raw").toString(), qemuImg.info(withData, "qcow2").dataFile());
    }

    @Test
    void infoReportsVmdkCreateType() {
        Path image = images.create("so.vmdk", "vmdk", GIB, "subformat=streamOptimized");
        assertEquals("streamOptimized", qemuImg.info(image, "vmdk").createType());
    }

    @Test
    void overlayOnASafeBase() throws IOException {
        Path base = images.raw("base.raw", 64 * MIB);
        Path overlay = dir.resolve("disk.qcow2");
        qemuImg.createOverlay(overlay, base, "raw");
        QemuImgInfo info = qemuImg.info(overlay, "qcow2");
        assertEquals(base.toAbsolutePath().toString(), info.backingFile());
        assertEquals("raw", info.backingFormat());
        assertEquals(64 * MIB, info.virtualSize());

        Path bigger = dir.resolve("bigger.qcow2");
        qemuImg.createOverlay(bigger, base, "raw", GIB);
        assertEquals(GIB, qemuImg.info(bigger, "qcow2").virtualSize());
    }

    @Test
    void overlayOnAnUnsafeOrMislabelledBaseIsRefused() throws IOException {
        images.qemuImg("create", "-q", "-f", "qcow2", "-b", "/etc/passwd", "-F", "raw", "bf.qcow2");
        Path overlay = dir.resolve("o.qcow2");
        NovaException e = assertThrows(NovaException.class,
                () -> qemuImg.createOverlay(overlay, images.path("bf.qcow2"), "qcow2"));
        assertEquals("InvalidDiskInfo", e.pythonClass());
        assertTrue(e.getMessage().contains("Base image failed safety check"), e::getMessage);

        Path raw = images.raw("base.raw", MIB);
        e = assertThrows(NovaException.class, () -> qemuImg.createOverlay(overlay, raw, "qcow2"));
        assertTrue(e.getMessage().contains("content is raw, expected qcow2"), e::getMessage);
        assertFalse(Files.exists(overlay));
    }

    @Test
    void convertQcow2ToRaw() throws IOException {
        Path source = dir.resolve("s.qcow2");
        qemuImg.create(source, "qcow2", 32 * MIB);
        Path target = dir.resolve("t.raw");
        qemuImg.convert(source, "qcow2", target, "raw");
        assertEquals(32 * MIB, Files.size(target));
        assertEquals("raw", qemuImg.info(target, "raw").format());
    }

    @Test
    void failedConvertIsImageUnacceptableWithQemusReason() throws IOException {
        Path raw = images.raw("r.raw", MIB);
        NovaException e = assertThrows(NovaException.class,
                () -> qemuImg.convert(raw, "qcow2", dir.resolve("out.raw"), "raw"));
        assertEquals("ImageUnacceptable", e.pythonClass());
        assertTrue(e.getMessage().contains("Unable to convert image to raw"), e::getMessage);
        assertTrue(e.getMessage().contains("Image is not in qcow2 format"), e::getMessage);
        assertTrue(e.getCause() instanceof QemuImgException);
    }

    @Test
    void resizeGrowsButNeverSilentlyShrinks() {
        Path image = dir.resolve("r.qcow2");
        qemuImg.create(image, "qcow2", 64 * MIB);
        qemuImg.resize(image, "qcow2", 128 * MIB);
        assertEquals(128 * MIB, qemuImg.info(image, "qcow2").virtualSize());
        QemuImgException e = assertThrows(QemuImgException.class, () -> qemuImg.resize(image, "qcow2", MIB));
        assertTrue(e.getMessage().contains("--shrink"), e::getMessage);
        assertEquals(1, e.exitCode());
        assertEquals(128 * MIB, qemuImg.info(image, "qcow2").virtualSize());
    }

    @Test
    void infoOnMissingOrUnreadableDisks() throws IOException {
        NovaException missing = assertThrows(NovaException.class, () -> qemuImg.info(dir.resolve("nope"), "raw"));
        assertEquals("DiskNotFound", missing.pythonClass());
        Path raw = images.raw("r.raw", MIB);
        NovaException wrong = assertThrows(NovaException.class, () -> qemuImg.info(raw, "qcow2"));
        assertEquals("InvalidDiskInfo", wrong.pythonClass());
        assertTrue(wrong.getMessage().contains("qemu-img failed to execute on " + raw), wrong::getMessage);
        assertTrue(wrong.getMessage().contains("Image is not in qcow2 format"), wrong::getMessage);
    }

    @Test
    void infoUnderATinyAddressSpaceLimitIsAbortedAndSaysSo() throws IOException {
        QemuImg starved = new QemuImg(QemuImgSettings.defaults().withInfoLimits(new ResourceLimits(16 * MIB, 30)));
        Path image = images.raw("r.raw", MIB);
        NovaException e = assertThrows(NovaException.class, () -> starved.info(image, "raw"));
        assertEquals("InvalidDiskInfo", e.pythonClass());
        assertTrue(e.getMessage().contains("qemu-img aborted by prlimits when inspecting"), e::getMessage);
    }

    @Test
    void aHungQemuImgIsKilledAtTheDeadline() throws IOException {
        Path fake = dir.resolve("slow-qemu-img");
        Files.writeString(fake, "#!/bin/sh\nsleep 30\n");
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwx------"));
        QemuImg slow = new QemuImg(QemuImgSettings.defaults().withQemuImgBinary(fake.toString())
                .withTimeouts(Duration.ofMillis(500), Duration.ofMillis(500)));
        long start = System.nanoTime();
        QemuImgException e = assertThrows(QemuImgException.class,
                () -> slow.create(dir.resolve("x.qcow2"), "qcow2", MIB));
        assertTrue(e.timedOut());
        assertTrue(e.getMessage().contains("timed out"), e::getMessage);
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 10);
        Path raw = images.raw("r.raw", MIB);
        NovaException info = assertThrows(NovaException.class, () -> slow.info(raw, "raw"));
        assertTrue(info.getMessage().contains("qemu-img timed out when inspecting"), info::getMessage);
    }

    @Test
    void aMissingQemuImgSaysHowToInstallIt() throws IOException {
        QemuImg absent = new QemuImg(QemuImgSettings.defaults().withQemuImgBinary("/nonexistent/qemu-img"));
        QemuImgException create = assertThrows(QemuImgException.class,
                () -> absent.create(dir.resolve("x.qcow2"), "qcow2", MIB));
        assertTrue(create.getMessage().contains("apt-get install -y qemu-utils"), create::getMessage);
        // info runs under prlimit, which reports the missing program differently; the hint must survive that.
        Path raw = images.raw("r.raw", MIB);
        QemuImgException info = assertThrows(QemuImgException.class, () -> absent.info(raw, "raw"));
        assertTrue(info.getMessage().contains("apt-get install -y qemu-utils"), info::getMessage);
    }

    @Test
    void formatsArePinnedToAnAllowList() throws IOException {
        Path raw = images.raw("r.raw", MIB);
        assertThrows(IllegalArgumentException.class, () -> qemuImg.info(raw, "nbd"));
        assertThrows(IllegalArgumentException.class, () -> qemuImg.info(raw, "vhd"));
        assertThrows(IllegalArgumentException.class, () -> qemuImg.info(raw, null));
        assertThrows(IllegalArgumentException.class, () -> qemuImg.create(raw, "raw", 0));
    }

    @Test
    void pathsAreArgumentsNeverShellText() throws IOException {
        Path odd = dir.resolve("a b;touch pwned$(touch pwned).qcow2");
        qemuImg.create(odd, "qcow2", MIB);
        assertEquals(MIB, qemuImg.info(odd, "qcow2").virtualSize());
        assertEquals(List.of(odd), Files.list(dir).toList(), "nothing but the image itself was created");
    }
}
