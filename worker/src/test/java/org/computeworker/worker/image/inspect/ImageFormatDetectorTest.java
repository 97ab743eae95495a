package org.computeworker.worker.image.inspect;

import static org.computeworker.worker.image.inspect.TestImages.GIB;
import static org.computeworker.worker.image.inspect.TestImages.MIB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFormatDetectorTest {
    @TempDir
    Path dir;
    private TestImages images;
    private final ImageFormatDetector detector = ImageFormatDetector.standard();

    @BeforeAll
    static void qemuImgInstalled() {
        TestImages.requireQemuImg();
    }

    @BeforeEach
    void setUp() {
        images = new TestImages(dir);
    }

    /** Detects {@code image} as exactly {@code format}, safe, with the virtual size qemu-img itself reports. */
    private ImageInspection assertDetected(Path image, ImageFormat format) throws IOException {
        Detection detection = detector.detect(image);
        assertFalse(detection.ambiguous(), detection::formatNames);
        ImageInspection inspection = detection.single();
        assertEquals(format, inspection.format());
        assertTrue(inspection.safe(), () -> "unexpected violations " + inspection.violations());
        long qemuSize = images.qemuInfo(image, format.qemuDriver()).get("virtual-size").asLong();
        assertEquals(qemuSize, inspection.virtualSize(), "virtual size must agree with qemu-img");
        return inspection;
    }

    @Test
    void rawSparseFileIsRawWithItsLengthAsVirtualSize() throws IOException {
        assertEquals(10 * MIB, assertDetected(images.raw("disk.raw", 10 * MIB), ImageFormat.RAW).virtualSize());
    }

    @Test
    void qcow2VersionsTwoAndThree() throws IOException {
        ImageInspection v3 = assertDetected(images.create("v3.qcow2", "qcow2", GIB), ImageFormat.QCOW2);
        assertEquals("3", v3.facts().get(ImageInspection.VERSION));
        assertEquals(GIB, v3.virtualSize());
        ImageInspection v2 = assertDetected(images.create("v2.qcow2", "qcow2", 5 * MIB, "compat=0.10"),
                ImageFormat.QCOW2);
        assertEquals("2", v2.facts().get(ImageInspection.VERSION));
    }

    @Test
    void vmdkSparseVariantsReportTheirCreateType() throws IOException {
        ImageInspection sparse = assertDetected(images.create("s.vmdk", "vmdk", GIB), ImageFormat.VMDK);
        assertEquals("monolithicSparse", sparse.facts().get(ImageInspection.CREATE_TYPE));
        ImageInspection stream = assertDetected(
                images.create("so.vmdk", "vmdk", GIB, "subformat=streamOptimized"), ImageFormat.VMDK);
        assertEquals("streamOptimized", stream.facts().get(ImageInspection.CREATE_TYPE));
        assertTrue(stream.facts().get(ImageInspection.EXTENTS).contains("SPARSE \"so.vmdk\""));
    }

    @Test
    void vhdSizedByGeometryOrByFooterAsQemuDoes() throws IOException {
        // qemu-img's default VHD rounds 1 GiB to CHS geometry; force_size makes it a "qem2" footer-sized disk.
        assertEquals(1073995776L, assertDetected(images.create("chs.vhd", "vpc", GIB), ImageFormat.VHD).virtualSize());
        assertEquals(GIB, assertDetected(images.create("sz.vhd", "vpc", GIB, "force_size=on"), ImageFormat.VHD)
                .virtualSize());
    }

    @Test
    void vhdxVdiAndLuks() throws IOException {
        assertDetected(images.create("d.vhdx", "vhdx", GIB), ImageFormat.VHDX);
        assertDetected(images.create("d.vdi", "vdi", GIB), ImageFormat.VDI);
        images.qemuImg("create", "-q", "--object", "secret,id=sec0,data=test", "-f", "luks",
                "-o", "key-secret=sec0,iter-time=10", "d.luks", Long.toString(4 * MIB));
        assertEquals("1", assertDetected(images.path("d.luks"), ImageFormat.LUKS).facts().get(ImageInspection.VERSION));
    }

    @Test
    void isoIsDetectedAndSizedAsQemuReadsItRaw() throws IOException {
        ImageInspection iso = assertDetected(images.iso("cd.iso", 600), ImageFormat.ISO);
        assertEquals(600 * 2048L, iso.virtualSize());
        assertEquals(Long.toString(600 * 2048L), iso.facts().get(ImageInspection.VOLUME_SIZE));
    }

    @Test
    void gptDiskIsDetectedAsGpt() throws IOException {
        Path disk = images.raw("gpt.img", 8 * MIB);
        TestImages.patch(disk, 0, TestImages.protectiveMbr(8 * MIB / 512));
        ImageInspection gpt = assertDetected(disk, ImageFormat.GPT);
        assertEquals("gpt", gpt.facts().get(ImageInspection.PARTITION_TABLE));
    }

    @Test
    void readsOnlyHeadersOfALargeImage() throws IOException {
        Detection raw = detector.detect(images.raw("big.raw", 4 * GIB));
        assertEquals(ImageFormat.RAW, raw.single().format());
        assertEquals(4 * GIB, raw.single().virtualSize());
        assertTrue(raw.bytesRead() < 256 * 1024, "read " + raw.bytesRead() + " bytes");
        Detection vhdx = detector.detect(images.create("big.vhdx", "vhdx", 64 * GIB));
        assertTrue(vhdx.bytesRead() < 512 * 1024, "read " + vhdx.bytesRead() + " bytes");
    }

    @Test
    void emptyTinyAndRandomFilesAreRaw() throws IOException {
        assertEquals(ImageFormat.RAW, detector.detect(images.file("empty", new byte[0])).single().format());
        assertEquals(ImageFormat.RAW, detector.detect(images.file("tiny", new byte[] {'Q'})).single().format());
        byte[] noise = new byte[(int) MIB];
        new Random(42).nextBytes(noise);
        noise[510] = 0; // keep the noise from carrying an MBR signature by chance
        ImageInspection random = detector.detect(images.file("noise", noise)).single();
        assertEquals(ImageFormat.RAW, random.format());
        assertEquals(MIB, random.virtualSize());
    }

    @Test
    void truncatedHeadersAreNamedNotPassedAsRaw() throws IOException {
        Path qcow2 = images.create("t.qcow2", "qcow2", GIB);
        TestImages.truncate(qcow2, 50);
        assertViolation(qcow2, ImageFormat.QCOW2, "qcow2 header is truncated");

        Path vmdk = images.create("t.vmdk", "vmdk", GIB);
        TestImages.truncate(vmdk, 700);
        assertViolation(vmdk, ImageFormat.VMDK, "VMDK descriptor is truncated");

        Path vhdx = images.create("t.vhdx", "vhdx", GIB);
        TestImages.truncate(vhdx, 64 * 1024);
        assertViolation(vhdx, ImageFormat.VHDX, "VHDX region table is missing or truncated");

        Path vdi = images.create("t.vdi", "vdi", GIB);
        TestImages.truncate(vdi, 0x100);
        assertViolation(vdi, ImageFormat.VDI, "vdi header is truncated");

        Path vhd = images.create("t.vhd", "vpc", GIB);
        TestImages.truncate(vhd, 100);
        assertViolation(vhd, ImageFormat.VHD, "vhd header is truncated");
    }

    @Test
    void garbageAfterAMagicIsRefusedNotThrown() throws IOException {
        byte[] hostile = new byte[4096];
        Arrays.fill(hostile, (byte) 0xFF);
        System.arraycopy(TestImages.ascii("KDMV"), 0, hostile, 0, 4);
        hostile[4] = 1; // version 1, then an all-ones header
        hostile[5] = hostile[6] = hostile[7] = 0;
        Detection detection = detector.detect(images.file("ff.vmdk", hostile));
        assertEquals(ImageFormat.VMDK, detection.single().format());
        assertFalse(detection.single().safe());

        ImageInspection ff = detection.single();
        assertTrue(ff.violations().stream().noneMatch(v -> v.contains("could not be parsed")), ff::toString);

        byte[] qcow = new byte[4096];
        Arrays.fill(qcow, (byte) 0xFF);
        System.arraycopy(new byte[] {'Q', 'F', 'I', (byte) 0xFB, 0, 0, 0, 3}, 0, qcow, 0, 8);
        assertFalse(detector.detect(images.file("ff.qcow2", qcow)).single().safe());
    }

    @Test
    void formatsQemuWouldProbeButWeRefuseAreRecognised() throws IOException {
        assertViolation(images.create("old.qcow", "qcow", MIB), ImageFormat.QCOW, "qcow version 1");
        assertViolation(images.create("d.qed", "qed", MIB), ImageFormat.QED, "qed images are not supported");
        assertViolation(images.file("d.hdd", TestImages.ascii("WithoutFreeSpace\0\0\0\0")), ImageFormat.PARALLELS,
                "parallels images are not supported");
    }

    @Test
    void bareVmdkDescriptorFileIsRecognisedAsVmdk() throws IOException {
        images.create("flat.vmdk", "vmdk", 10 * MIB, "subformat=monolithicFlat");
        ImageInspection flat = detector.detect(images.path("flat.vmdk")).single();
        assertEquals(ImageFormat.VMDK, flat.format());
        assertEquals("monolithicFlat", flat.facts().get(ImageInspection.CREATE_TYPE));
        assertEquals(10 * MIB, flat.virtualSize());
        assertFalse(flat.safe());
    }

    @Test
    void filesThatMissTheirMagicByAByteAreRaw() throws IOException {
        Path qcow2 = images.create("x.qcow2", "qcow2", MIB);
        TestImages.patch(qcow2, 3, new byte[] {0});
        assertEquals(ImageFormat.RAW, detector.detect(qcow2).single().format());
        assertTrue(Files.size(qcow2) > 0);
    }

    private void assertViolation(Path image, ImageFormat format, String expected) throws IOException {
        ImageInspection inspection = detector.detect(image).single();
        assertEquals(format, inspection.format());
        assertTrue(inspection.violations().stream().anyMatch(v -> v.contains(expected)),
                () -> "expected a violation containing '" + expected + "', got " + inspection.violations());
    }
}
