package org.computeworker.worker.virt.libvirt.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.computeworker.imageserver.ImageImporter;
import org.computeworker.imageserver.ImportRequest;
import org.computeworker.messages.Json;
import org.computeworker.messages.objects.Flavor;
import org.computeworker.messages.objects.ImageMeta;
import org.computeworker.messages.objects.Instance;
import org.computeworker.messages.objects.Migration;
import org.computeworker.worker.support.Conductor;
import org.computeworker.worker.support.NovaTestObjects;
import org.computeworker.worker.virt.PowerState;
import org.computeworker.worker.virt.libvirt.GuestConsole;

/**
 * One guest of the libvirt end-to-end tests as nova's API and conductor handle it: the image dict and the instance
 * the API creates to boot the test guest's root image with a kernel and a ramdisk of its own (the test guest has no
 * boot loader), and the casts the conductor sends for it. Each cast is built, as nova builds it, from the objects as
 * the host concerned holds them, with the task state or migration status the API sets first.
 */
final class DirectKernelBootGuest {
    private final Conductor conductor;
    private final ImageMeta image;
    private final Instance instance;

    private DirectKernelBootGuest(Conductor conductor, ImageMeta image, Instance instance) {
        this.conductor = conductor;
        this.image = image;
        this.instance = instance;
    }

    /**
     * Imports the test guest's kernel and ramdisk ({@code guestFiles}, as deploy/guest builds them) as
     * {@code <namePrefix>-kernel} and {@code -ramdisk}, and describes a {@code flavor} instance booting them with
     * {@code rootId}, already imported as {@code <namePrefix>-root} in {@code rootDiskFormat}.
     */
    static DirectKernelBootGuest create(Conductor conductor, Flavor flavor, ImageImporter importer, Path guestFiles,
                                        String namePrefix, String rootId, String rootDiskFormat) throws IOException {
        String kernel = importer.importFile(ImportRequest.of(guestFiles.resolve("vmlinuz"), "aki",
                namePrefix + "-kernel")).get("id").asText();
        String ramdisk = importer.importFile(ImportRequest.of(guestFiles.resolve("initrd.img"), "ari",
                namePrefix + "-ramdisk")).get("id").asText();
        return new DirectKernelBootGuest(conductor, imageMeta(rootId, namePrefix + "-root", rootDiskFormat),
                instance(flavor, rootId, rootDiskFormat, kernel, ramdisk));
    }

    /** The image dict nova's API hands to build_and_run_instance and prep_resize. */
    private static ImageMeta imageMeta(String id, String name, String diskFormat) {
        ObjectNode dict = Json.object();
        dict.put("id", id);
        dict.put("name", name);
        dict.put("status", "active");
        dict.put("disk_format", diskFormat);
        dict.put("container_format", "bare");
        dict.put("min_disk", 0);
        dict.put("min_ram", 0);
        dict.putObject("properties");
        return ImageMeta.from(dict);
    }

    /** The instance as the API creates it on hostA, where the tests build it, before scheduling is done. */
    private static Instance instance(Flavor flavor, String rootId, String diskFormat, String kernelId,
                                     String ramdiskId) {
        Instance i = NovaTestObjects.instance("hostA", "building", "scheduling", flavor);
        i.setField("image_ref", TextNode.valueOf(rootId));
        i.setField("kernel_id", TextNode.valueOf(kernelId));
        i.setField("ramdisk_id", TextNode.valueOf(ramdiskId));
        ObjectNode sys = Json.object();
        sys.put("image_base_image_ref", rootId);
        sys.put("image_disk_format", diskFormat);
        sys.put("image_container_format", "bare");
        sys.put("image_min_disk", "0");
        sys.put("image_min_ram", "0");
        sys.put("owner_user_name", "demo");
        sys.put("owner_project_name", "demo");
        i.setField("system_metadata", sys);
        i.resetChanges();
        return i;
    }

    ImageMeta image() {
        return image;
    }

    /** The instance as the API created it; what the hosts hold since is theirs to tell. */
    Instance instance() {
        return instance;
    }

    void buildOn(LibvirtWorkerHost host) {
        conductor.build(host.name(), instance, List.of(), image);
    }

    /** prep_resize to {@code flavor} on {@code dest}; returns the migration the conductor created for it. */
    Migration prepResize(LibvirtWorkerHost source, LibvirtWorkerHost dest, Flavor flavor) {
        Instance apiView = source.worker().instance(instance.uuid()).orElseThrow().copy();
        apiView.setTaskState("resize_prep");
        Migration migration = NovaTestObjects.migration(apiView, source.name(), dest.name(), flavor);
        conductor.prepResize(apiView, flavor, dest.name(), migration, List.of(), image);
        return migration;
    }

    /** confirm_resize of {@code atDest} (the resized instance) with the migration as {@code dest} holds it. */
    void confirmResize(LibvirtWorkerHost dest, Instance atDest, Migration migration) {
        Migration confirming = dest.worker().migration(migration.uuid()).orElseThrow().copy();
        confirming.setStatus("confirming");
        conductor.compute().confirmResize(Conductor.context(), atDest, confirming, true);
    }

    /** revert_resize of {@code atDest} (the resized instance) with the migration as {@code dest} holds it. */
    void revertResize(LibvirtWorkerHost dest, Instance atDest, Migration migration) {
        Instance reverting = atDest.copy();
        reverting.setTaskState("resize_reverting");
        Migration mReverting = dest.worker().migration(migration.uuid()).orElseThrow().copy();
        mReverting.setStatus("reverting");
        conductor.compute().revertResize(Conductor.context(), reverting, mReverting, NovaTestObjects.requestSpec());
    }

    void stopOn(LibvirtWorkerHost host) {
        Instance stopping = host.worker().instance(instance.uuid()).orElseThrow().copy();
        stopping.setTaskState("powering-off");
        conductor.compute().stopInstance(Conductor.context(), stopping, true, true);
    }

    void start(Instance stopped) {
        Instance starting = stopped.copy();
        starting.setTaskState("powering-on");
        conductor.compute().startInstance(Conductor.context(), starting);
    }

    /**
     * stop_instance then start_instance on {@code host}: a clean (ACPI) shutdown recorded as power_state 4, then a
     * new boot recorded as running; returns what the new boot reported on the console.
     */
    GuestConsole.Report stopThenStart(LibvirtWorkerHost host, Map<String, String> timings) throws Exception {
        long t = System.nanoTime();
        stopOn(host);
        Instance stopped = host.awaitSettled(instance, "stopped");
        timings.put("stop", seconds(t));
        assertEquals(PowerState.SHUTDOWN.code(), stopped.powerState());
        assertTrue(GuestConsole.text(host.console(instance)).contains(GuestConsole.POWEROFF),
                "a clean (ACPI) shutdown");

        t = System.nanoTime();
        start(stopped);
        Instance started = host.awaitSettled(instance, "active");
        assertEquals(PowerState.RUNNING.code(), started.powerState());
        GuestConsole.Report again = host.awaitUp(instance);
        timings.put("start to marker", seconds(t));
        return again;
    }

    static String seconds(long startNanos) {
        return String.format("%.1f", (System.nanoTime() - startNanos) / 1e9);
    }
}
