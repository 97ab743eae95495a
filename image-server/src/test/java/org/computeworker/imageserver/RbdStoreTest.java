package org.computeworker.imageserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Ceph side of import without a cluster: the exact rbd/ceph argument vectors, Glance's
 * location format, the fsid sources, and the whole import run against stand-in rbd/ceph
 * executables that record how they were called.
 */
class RbdStoreTest {
    private static final String FSID = "b2d3c0a1-5e6f-4a7b-8c9d-0e1f2a3b4c5d";
    private static final String ID = "0c1e5d3a-7b2f-4e8a-9c6d-1f2e3d4c5b6a";

    @TempDir
    Path tmp;

    @Test
    void argvMatchesGlancesRbdLayoutAndNovasCephArgs() {
        RbdStore rbd = new RbdStore("images", "/etc/ceph/c.conf", "glance");
        assertEquals(List.of("rbd", "import", "--image-format", "2", "--image-feature", "layering",
                "--object-size", "8M", "--no-progress", "/data/x", "images/" + ID,
                "--id", "glance", "--conf", "/etc/ceph/c.conf"), rbd.importArgv(Path.of("/data/x"), ID));
        assertEquals(List.of("rbd", "snap", "create", "images/" + ID + "@snap", "--id", "glance",
                "--conf", "/etc/ceph/c.conf"), rbd.snapCreateArgv(ID));
        assertEquals(List.of("rbd", "snap", "protect", "images/" + ID + "@snap", "--id", "glance",
                "--conf", "/etc/ceph/c.conf"), rbd.snapProtectArgv(ID));
        assertEquals(List.of("ceph", "fsid", "--id", "glance", "--conf", "/etc/ceph/c.conf"), rbd.fsidArgv());
        assertEquals(List.of("rbd", "rm", "--no-progress", "images/" + ID),
                new RbdStore("images", null, null).removeArgv(ID));
    }

    @Test
    void locationIsGlancesRbdUrl() {
        assertEquals("rbd://" + FSID + "/images/" + ID + "/snap", RbdStore.locationUrl(FSID, "images", ID, "snap"));
        assertEquals("rbd://f/my%20pool/i/snap", RbdStore.locationUrl("f", "my pool", "i", "snap"));
    }

    @Test
    void poolMustBeAPlainName() {
        assertThrows(IllegalArgumentException.class, () -> new RbdStore("images/ns", null, null));
        assertThrows(IllegalArgumentException.class, () -> new RbdStore(" ", null, null));
    }

    @Test
    void fsidIsReadFromTheGlobalSectionOfCephConf() throws IOException {
        Path conf = tmp.resolve("ceph.conf");
        Files.writeString(conf, "[client.glance]\nfsid = 00000000-0000-4000-8000-000000000000\n"
                + "[global]\n  mon host = 10.0.0.1 # monitors\n  fsid = " + FSID.toUpperCase() + "  ; cluster\n");
        assertEquals(FSID, CephFsid.fromConf(conf).orElseThrow());
        Files.writeString(conf, "[global]\nfsid = not-a-uuid\n");
        assertThrows(IllegalStateException.class, () -> CephFsid.fromConf(conf));
        assertTrue(CephFsid.fromConf(tmp.resolve("absent.conf")).isEmpty());
    }

    @Test
    void importStoresInCephSnapshotsProtectsAndRecordsTheLocation() throws IOException {
        Path log = tmp.resolve("calls.log");
        RbdStore rbd = new RbdStore("images", null, "glance", script("rbd", log, ""),
                script("ceph", log, "echo " + FSID), Duration.ofSeconds(30));
        Path file = tmp.resolve("disk.raw");
        Files.write(file, ImageServerHttpTest.randomBytes(4096));

        ObjectNode image = new ImageImporter(tmp.resolve("images"), ImageServerOptions.defaults()
                .withLocationsShown(true, true)).importFile(ImportRequest.of(file, "raw", "cirros").withId(ID), rbd);

        String url = "rbd://" + FSID + "/images/" + ID + "/snap";
        assertEquals(url, image.get("direct_url").asText());
        assertEquals(url, image.get("locations").get(0).get("url").asText());
        List<String> calls = Files.readAllLines(log);
        assertEquals("ceph fsid --id glance", calls.get(0));
        assertTrue(calls.get(1).startsWith("rbd import --image-format 2 --image-feature layering"), calls.get(1));
        assertTrue(calls.get(1).endsWith(" images/" + ID + " --id glance"), calls.get(1));
        assertEquals("rbd snap create images/" + ID + "@snap --id glance", calls.get(2));
        assertEquals("rbd snap protect images/" + ID + "@snap --id glance", calls.get(3));
        assertEquals(4, calls.size());
        assertTrue(Files.exists(tmp.resolve("images").resolve(ID)), "the bytes are also kept for GET /file");
    }

    @Test
    void failedProtectRemovesTheCephImageAndRecordsNothing() throws IOException {
        Path log = tmp.resolve("calls.log");
        RbdStore rbd = new RbdStore("images", null, null,
                script("rbd", log, "case \"$*\" in *'snap protect'*) echo 'EPERM' >&2; exit 1;; esac"),
                script("ceph", log, "echo " + FSID), Duration.ofSeconds(30));
        Path file = tmp.resolve("disk.raw");
        Files.write(file, new byte[100]);
        Path images = tmp.resolve("images");

        IOException failure = assertThrows(IOException.class, () -> new ImageImporter(images,
                ImageServerOptions.defaults()).importFile(ImportRequest.of(file, "raw", "x").withId(ID), rbd));

        assertTrue(failure.getMessage().contains("EPERM"), failure.getMessage());
        List<String> calls = Files.readAllLines(log);
        assertEquals(List.of("rbd snap unprotect images/" + ID + "@snap", "rbd snap rm images/" + ID + "@snap",
                "rbd rm --no-progress images/" + ID), calls.subList(calls.size() - 3, calls.size()));
        try (var left = Files.list(images)) {
            assertEquals(0, left.count(), "neither document nor bytes may remain");
        }
    }

    @Test
    void unknownFsidStopsTheImportBeforeCephIsTouched() throws IOException {
        Path log = tmp.resolve("calls.log");
        RbdStore rbd = new RbdStore("images", tmp.resolve("no.conf").toString(), null, script("rbd", log, ""),
                script("ceph", log, "exit 1"), Duration.ofSeconds(30));
        Path file = tmp.resolve("disk.raw");
        Files.write(file, new byte[100]);
        assertThrows(IOException.class, () -> new ImageImporter(tmp.resolve("images"), ImageServerOptions.defaults())
                .importFile(ImportRequest.of(file, "raw", "x"), rbd));
        assertFalse(Files.readString(log).contains("rbd "));
    }

    /** A stand-in executable that logs "name args..." and then runs {@code body}. */
    private String script(String name, Path log, String body) throws IOException {
        Path path = tmp.resolve("bin").resolve(name);
        Files.createDirectories(path.getParent());
        Files.writeString(path, "#!/bin/sh\necho \"" + name + " $*\" >> '" + log + "'\n" + body + "\nexit 0\n");
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
        return path.toString();
    }
}
