package org.computeworker.worker.image.inspect;

import static org.computeworker.worker.image.inspect.TestImages.GIB;
import static org.computeworker.worker.image.inspect.TestImages.MIB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.computeworker.worker.errors.NovaException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageSafetyCheckTest {
    private static final String IMAGE_ID = "c1f1a1d2-0000-4000-8000-000000000001";

    @TempDir
    Path dir;
    private TestImages images;
    private final ImageSafetyCheck check = new ImageSafetyCheck();

    @BeforeAll
    static void qemuImgInstalled() {
        TestImages.requireQemuImg();
    }

    @BeforeEach
    void setUp() {
        images = new TestImages(dir);
    }

    /** Verifies, then proves qemu-img agrees when told the format the check chose. */
    private VerifiedImage accepted(Path image, String diskFormat) {
        VerifiedImage verified = check.verify(image, IMAGE_ID, diskFormat, 2 * GIB);
        assertEquals(verified.qemuFormat(), images.qemuInfo(image, verified.qemuFormat()).get("format").asText());
        return verified;
    }

    private NovaException refused(Path image, String diskFormat, String... expectedInReason) {
        return refused(image, diskFormat, 2 * GIB, expectedInReason);
    }

    private NovaException refused(Path image, String diskFormat, long maxSize, String... expectedInReason) {
        NovaException e = assertThrows(NovaException.class, () -> check.verify(image, IMAGE_ID, diskFormat, maxSize));
        assertEquals("ImageUnacceptable", e.pythonClass(), e::getMessage);
        assertTrue(e.getMessage().startsWith("Image " + IMAGE_ID + " is unacceptable: "), e::getMessage);
        for (String expected : expectedInReason) {
            assertTrue(e.getMessage().contains(expected), () -> "'" + expected + "' not in: " + e.getMessage());
        }
        return e;
    }

    @Test
    void acceptsEachSupportedFormatAsDeclared() throws IOException {
        assertEquals("raw", accepted(images.raw("d.raw", 64 * MIB), "raw").qemuFormat());
        VerifiedImage qcow2 = accepted(images.create("d.qcow2", "qcow2", GIB), "qcow2");
        assertEquals(GIB, qcow2.virtualSize());
        assertEquals("vmdk", accepted(images.create("s.vmdk", "vmdk", GIB), "vmdk").qemuFormat());
        accepted(images.create("so.vmdk", "vmdk", GIB, "subformat=streamOptimized"), "vmdk");
        assertEquals("vpc", accepted(images.create("d.vhd", "vpc", GIB), "vhd").qemuFormat());
        accepted(images.create("d.vhdx", "vhdx", GIB), "vhdx");
        accepted(images.create("d.vdi", "vdi", GIB), "vdi");
        VerifiedImage iso = accepted(images.iso("cd.iso", 1000), "iso");
        assertEquals(ImageFormat.ISO, iso.format());
        assertEquals("raw", iso.qemuFormat());
    }

    @Test
    void qcow2WithBackingFileIsRefused() {
        images.qemuImg("create", "-q", "-f", "qcow2", "-b", "/etc/passwd", "-F", "raw", "bf.qcow2");
        refused(images.path("bf.qcow2"), "qcow2", "does not pass safety check", "backing file (/etc/passwd)");
        // Declaring it raw does not help: safety is checked on what the bytes are, not on what glance says.
        refused(images.path("bf.qcow2"), "raw", "backing file (/etc/passwd)");
    }

    @Test
    void qcow2WithExternalDataFileIsRefused() {
        Path image = images.create("df.qcow2", "qcow2", MIB, "data_file=" + images.path("data.raw"));
        refused(image, "qcow2", "external data file", images.path("data.raw").toString());
    }

    @Test
    void qcow2DataFileBitIsRefusedEvenWithoutTheNamingExtension() throws IOException {
        Path image = images.create("bit.qcow2", "qcow2", MIB, "data_file=" + images.path("d2.raw"));
        TestImages.patch(image, 112, new byte[8]); // turn the data-file extension into the end marker
        refused(image, "qcow2", "external data file (name not in header)");
    }

    @Test
    void qcow2WithUnknownIncompatibleFeatureIsRefused() throws IOException {
        Path image = images.create("f.qcow2", "qcow2", MIB);
        TestImages.patch(image, 72, ByteBuffer.allocate(8).putLong(1L << 40).array());
        refused(image, "qcow2", "unknown incompatible feature bits");
    }

    @Test
    void vmdkMonolithicFlatDescriptorIsRefused() {
        images.create("flat.vmdk", "vmdk", 10 * MIB, "subformat=monolithicFlat");
        refused(images.path("flat.vmdk"), "vmdk", "bare descriptor file",
                "createType 'monolithicFlat' is not allowed");
    }

    @Test
    void handWrittenDescriptorNamingAHostFileIsRefused() throws IOException {
        Path image = images.file("evil.vmdk", TestImages.ascii("""
                # Disk DescriptorFile
                version=1
                CID=12345678
                parentCID=ffffffff
                createType="monolithicSparse"
                RW 2048 FLAT "/etc/passwd" 0
                """));
        refused(image, "vmdk", "extent names a path", "/etc/passwd");
    }

    @Test
    void sparseVmdkWhoseEmbeddedDescriptorNamesAPathIsRefused() throws IOException {
        Path image = images.create("emb.vmdk", "vmdk", 10 * MIB);
        rewriteEmbeddedDescriptor(image, """
                # Disk DescriptorFile
                version=1
                CID=12345678
                parentCID=ffffffff
                createType="monolithicSparse"
                RW 20480 SPARSE "emb.vmdk"
                RW 2048 FLAT "/etc/shadow" 0
                """);
        refused(image, "vmdk", "extent names a path", "/etc/shadow");
    }

    @Test
    void sparseVmdkWithAParentIsRefused() throws IOException {
        Path image = images.create("child.vmdk", "vmdk", 10 * MIB);
        rewriteEmbeddedDescriptor(image, """
                version=1
                CID=12345678
                parentCID=87654321
                createType="monolithicSparse"
                parentFileNameHint="/etc/passwd"
                RW 20480 SPARSE "child.vmdk"
                """);
        refused(image, "vmdk", "names a parent disk", "child disk");
    }

    @Test
    void vmdkCreateTypeOutsideTheAllowedListIsRefused() throws IOException {
        Path image = images.create("twogb.vmdk", "vmdk", 10 * MIB, "subformat=streamOptimized");
        ImageSafetyCheck sparseOnly = new ImageSafetyCheck(ImageFormatDetector.standard(), Set.of("monolithicSparse"));
        NovaException e = assertThrows(NovaException.class, () -> sparseOnly.verify(image, IMAGE_ID, "vmdk", 0));
        assertTrue(e.getMessage().contains("createType 'streamOptimized' is not allowed"), e::getMessage);
        ImageSafetyCheck noVmdk = new ImageSafetyCheck(ImageFormatDetector.standard(), Set.of());
        e = assertThrows(NovaException.class, () -> noVmdk.verify(image, IMAGE_ID, "vmdk", 0));
        assertTrue(e.getMessage().contains("VMDK images are not allowed"), e::getMessage);
    }

    @Test
    void contentMustMatchTheDeclaredFormat() throws IOException {
        refused(images.raw("plain.raw", MIB), "qcow2", "does not match disk_format", "content is raw",
                "disk_format is qcow2");
        refused(images.create("real.qcow2", "qcow2", MIB), "raw", "content is qcow2, disk_format is raw");
        refused(images.create("real.vdi", "vdi", MIB), "vhd", "content is vdi, disk_format is vhd");
    }

    @Test
    void virtualSizeBeyondTheFlavorIsRefused() {
        Path huge = images.create("huge.qcow2", "qcow2", 1024 * GIB);
        NovaException e = assertThrows(NovaException.class, () -> check.verify(huge, IMAGE_ID, "qcow2", GIB));
        assertEquals("FlavorDiskSmallerThanImage", e.pythonClass());
        assertTrue(e.getMessage().contains("Flavor disk is 1073741824 bytes, image is 1099511627776 bytes"),
                e::getMessage);
        assertEquals(1024 * GIB, check.verify(huge, IMAGE_ID, "qcow2", ImageSafetyCheck.NO_SIZE_LIMIT).virtualSize());
    }

    @Test
    void truncatedHeaderIsRefusedByName() throws IOException {
        Path image = images.create("cut.qcow2", "qcow2", GIB);
        TestImages.truncate(image, 64);
        refused(image, "qcow2", "qcow2 header is truncated");
    }

    @Test
    void isoCarryingAQcow2HeaderIsRefusedAsAmbiguous() throws IOException {
        Path image = images.create("cd.iso", "qcow2", GIB);
        TestImages.writeIsoDescriptor(image, 1000);
        refused(image, "iso", "matches several formats (qcow2, iso)");
        refused(image, "qcow2", "matches several formats");
    }

    @Test
    void hybridIsoIsAcceptedOnlyAsAnIso() throws IOException {
        Path image = images.iso("hybrid.iso", 2000);
        TestImages.patch(image, 0, TestImages.mbr(TestImages.partition(0x80, 0x17, 0, 1, 0, 4000)));
        assertEquals(ImageFormat.ISO, accepted(image, "iso").format());
        refused(image, "raw", "matches several formats");
    }

    @Test
    void partitionedDiskRegisteredAsRawIsAccepted() throws IOException {
        Path disk = images.raw("disk.img", 16 * MIB);
        TestImages.patch(disk, 0, TestImages.protectiveMbr(16 * MIB / 512));
        VerifiedImage verified = accepted(disk, "raw");
        assertEquals(ImageFormat.GPT, verified.format());
        assertEquals("raw", verified.qemuFormat());
    }

    @Test
    void malformedProtectiveMbrIsRefused() throws IOException {
        Path disk = images.raw("bad-gpt.img", 16 * MIB);
        TestImages.patch(disk, 0, TestImages.mbr(TestImages.partition(0, 0xEE, 0, 2, 1, 1000),
                TestImages.partition(0x42, 0x83, 0, 1, 2048, 1000)));
        refused(disk, "raw", "invalid boot flag", "protective MBR defines extra partitions");
    }

    @Test
    void differencingVhdIsRefused() throws IOException {
        Path image = images.create("diff.vhd", "vpc", GIB);
        TestImages.patch(image, 60, new byte[] {0, 0, 0, 4});
        refused(image, "vhd", "differencing disk");
    }

    @Test
    void unknownOrUnsupportedDeclaredFormatsAreRefused() throws IOException {
        Path raw = images.raw("x.img", MIB);
        refused(raw, "ploop", "Image not in a supported format", "'ploop'");
        refused(raw, null, "Image not in a supported format");
        refused(raw, "qed", "Image not in a supported format");
        refused(images.create("d.qed", "qed", MIB), "raw", "qed images are not supported");
    }

    @Test
    void amiImagesMustBeRawContent() throws IOException {
        assertEquals("raw", check.verify(images.raw("k.aki", MIB), IMAGE_ID, "aki", 0).qemuFormat());
        refused(images.create("q.ami", "qcow2", MIB), "ami", "content is qcow2, disk_format is ami");
    }

    @Test
    void unreadableImageIsRefusedClearly() {
        refused(dir.resolve("missing.img"), "raw", "could not be read for inspection", "missing.img");
    }

    @Test
    void backingFileCheckRefusesUnsafeOrMismatchedBases() throws IOException {
        images.qemuImg("create", "-q", "-f", "qcow2", "-b", "/etc/passwd", "-F", "raw", "bf.qcow2");
        NovaException e = assertThrows(NovaException.class,
                () -> check.verifyBackingFile(images.path("bf.qcow2"), "qcow2"));
        assertEquals("InvalidDiskInfo", e.pythonClass());
        assertTrue(e.getMessage().contains("Base image failed safety check: qcow2 image has a backing file"));
        Path raw = images.raw("base.raw", MIB);
        e = assertThrows(NovaException.class, () -> check.verifyBackingFile(raw, "qcow2"));
        assertTrue(e.getMessage().contains("content is raw, expected qcow2"), e::getMessage);
        assertEquals(ImageFormat.RAW, check.verifyBackingFile(raw, "raw").format());
    }

    /** Replaces a qemu-made sparse VMDK's embedded descriptor (sector 1 onward) with {@code text}. */
    private static void rewriteEmbeddedDescriptor(Path image, String text) throws IOException {
        byte[] area = new byte[20 * 512]; // qemu-img reserves 20 sectors for it
        byte[] bytes = TestImages.ascii(text);
        System.arraycopy(bytes, 0, area, 0, bytes.length);
        TestImages.patch(image, 512, area);
        assertTrue(Files.size(image) > 512 + area.length);
    }
}
