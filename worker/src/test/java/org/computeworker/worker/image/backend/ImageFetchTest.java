package org.computeworker.worker.image.backend;

import static org.computeworker.worker.image.backend.BackendKit.GIB;
import static org.computeworker.worker.image.backend.BackendKit.MIB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.computeworker.messages.objects.Instance;
import org.computeworker.worker.errors.NovaException;
import org.computeworker.worker.image.cache.CacheNames;
import org.computeworker.worker.image.inspect.ImageSafetyCheck;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.computeworker.worker.config.LibvirtImageOptions;
import org.computeworker.worker.config.RemoteHost;

class ImageFetchTest {
    @TempDir
    Path dir;
    private BackendKit kit;
    private Path out;

    @BeforeEach
    void setUp() throws Exception {
        kit = new BackendKit(dir.resolve("host"), LibvirtImageOptions.defaults());
        out = Files.createDirectories(dir.resolve("out"));
    }

    @Test
    void aQcow2ImageArrivesAsRaw() throws Exception {
        String imageId = kit.importImage(kit.qcow2File("cirros.qcow2", 32 * MIB), "qcow2");
        Path target = out.resolve("base");

        assertEquals("raw", kit.fetch.fetchToRaw(kit.context, imageId, target, GIB));

        assertEquals(32 * MIB, Files.size(target));
        BackendKit.assertStartsWithMarker(BackendKit.head(target, 64));
        assertEquals(List.of("base"), BackendKit.listNames(out), "no .part or .converted is left");
    }

    @Test
    void withoutForceRawTheImageKeepsItsFormat() throws Exception {
        ImageFetch keep = new ImageFetch(kit.images, kit.qemuImg, kit.storage.safety(), false);
        String imageId = kit.importImage(kit.qcow2File("cirros.qcow2", 32 * MIB), "qcow2");
        Path target = out.resolve("base");

        assertEquals("qcow2", keep.fetchToRaw(kit.context, imageId, target, ImageSafetyCheck.NO_SIZE_LIMIT));

        assertEquals("qcow2", kit.info(target, "qcow2").get("format").asText());
    }

    @Test
    void aBackingFileIsRefusedAndNothingIsLeft() throws Exception {
        kit.files.qemuImg("create", "-q", "-f", "qcow2", "-b", "/etc/passwd", "-F", "raw", "evil.qcow2", "1G");
        String imageId = kit.importImage(kit.files.path("evil.qcow2"), "qcow2");

        NovaException e = assertThrows(NovaException.class,
                () -> kit.fetch.fetchToRaw(kit.context, imageId, out.resolve("base"), GIB));

        assertEquals("ImageUnacceptable", e.pythonClass());
        assertEquals(List.of(), BackendKit.listNames(out));
        assertEquals(List.of(), hidden(out));
    }

    @Test
    void contentThatDisagreesWithDiskFormatIsRefused() throws Exception {
        String imageId = kit.importImage(kit.qcow2File("sneaky.qcow2", 32 * MIB), "raw");

        NovaException e = assertThrows(NovaException.class,
                () -> kit.fetch.fetchToRaw(kit.context, imageId, out.resolve("base"), GIB));

        assertEquals("ImageUnacceptable", e.pythonClass());
        assertTrue(e.getMessage().contains("does not match disk_format"), e.getMessage());
        assertEquals(List.of(), BackendKit.listNames(out));
    }

    @Test
    void aFailedFetchLeavesAnExistingTargetAlone() throws Exception {
        Path target = Files.writeString(out.resolve("base"), "keep me");
        assertThrows(NovaException.class, () -> kit.fetch.fetchToRaw(kit.context, "no-such-image", target, GIB));
        assertEquals("keep me", Files.readString(target));
    }

    @Test
    void imageNotFoundWithoutAFallbackHostPropagates() {
        InstanceDisk disk = kit.backend().disk(BackendKit.instance(), "disk");
        NovaException e = assertThrows(NovaException.class,
                () -> kit.templates.root(kit.context, "deleted-image", 1, null).applyTo(disk));
        assertEquals("ImageNotFound", e.pythonClass());
    }

    @Test
    void imageNotFoundFallsBackToTheSourceHostsTemplate() throws Exception {
        Path sourceRoot = dir.resolve("source-host");
        String name = CacheNames.forImage("deleted-image");
        Path onSource = sourceRoot.resolve(kit.storage.cache().pathOf(name).toString().substring(1));
        Files.createDirectories(onSource.getParent());
        Files.copy(kit.rawFile("from-source.raw", 16 * MIB), onSource);
        DiskCopier copier = new LocalDiskCopier(Map.of("source", sourceRoot));
        BackendKit here = new BackendKit(dir.resolve("host"), LibvirtImageOptions.defaults(), copier);
        Instance instance = BackendKit.instance();
        InstanceDisk disk = here.backend().disk(instance, "disk");

        here.templates.root(here.context, "deleted-image", 1, new RemoteHost("source")).applyTo(disk);

        assertEquals(GIB, disk.virtualSize());
        BackendKit.assertStartsWithMarker(here.guestHead(((DiskSource.File) disk.source()).path(), "qcow2", 64));
        assertEquals(List.of(name), here.cacheEntries());
    }

    @Test
    void aHostileTemplateCopiedFromTheSourceHostIsStillRefused() throws Exception {
        Path sourceRoot = dir.resolve("source-host");
        String name = CacheNames.forImage("deleted-image");
        Path onSource = sourceRoot.resolve(kit.storage.cache().pathOf(name).toString().substring(1));
        Files.createDirectories(onSource.getParent());
        kit.files.qemuImg("create", "-q", "-f", "qcow2", "-b", "/etc/passwd", "-F", "raw", onSource.toString());
        BackendKit here = new BackendKit(dir.resolve("host"), LibvirtImageOptions.defaults(),
                new LocalDiskCopier(Map.of("source", sourceRoot)));
        InstanceDisk disk = here.backend().disk(BackendKit.instance(), "disk");

        NovaException e = assertThrows(NovaException.class, () -> here.templates.root(here.context,
                "deleted-image", 1, new RemoteHost("source")).applyTo(disk));

        assertEquals("InvalidDiskInfo", e.pythonClass());
        assertTrue(e.getMessage().contains("Base image failed safety check"), e.getMessage());
        assertEquals(false, disk.exists());
        assertEquals(List.of(), here.cacheEntries(), "the refused copy never became a template");
    }

    private static List<String> hidden(Path directory) throws Exception {
        try (var entries = Files.list(directory)) {
            return entries.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".")).toList();
        }
    }
}
