package org.computeworker.worker.image.service;

import static org.computeworker.worker.image.service.ImageFixtures.context;
import static org.computeworker.worker.image.service.ImageFixtures.filesIn;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.computeworker.messages.rpc.RequestContext;
import org.computeworker.worker.errors.NovaException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** LocalDirectoryImageService over a directory the image server's importer filled. */
class LocalDirectoryImageServiceTest {
    @TempDir
    Path tmp;

    private Path images;
    private Path downloads;
    private byte[] bytes;
    private String imageId;
    private LocalDirectoryImageService service;
    private final RequestContext ctx = context(null, false);

    @BeforeEach
    void setUp() throws IOException {
        images = tmp.resolve("images");
        downloads = Files.createDirectories(tmp.resolve("downloads"));
        bytes = ImageFixtures.randomBytes(ImageFixtures.IMAGE_SIZE, 11);
        imageId = ImageFixtures.importImage(images, tmp, bytes, "public");
        service = new LocalDirectoryImageService(images);
    }

    @Test
    void showAndDownloadVerifiedBytes() throws Exception {
        ImageRecord image = service.show(ctx, imageId);
        assertEquals(bytes.length, image.size());
        assertEquals("virtio", image.properties().get("hw_disk_bus"));
        service.download(ctx, imageId, downloads.resolve("base"), ImageService.NO_LIMIT);
        assertArrayEquals(bytes, Files.readAllBytes(downloads.resolve("base")));
    }

    @Test
    void corruptedChecksumIsRefusedAndLeavesNothing() throws Exception {
        ImageFixtures.editDocument(images, imageId, doc -> doc.put("checksum", "f".repeat(32)));
        NovaException e = assertThrows(NovaException.class,
                () -> service.download(ctx, imageId, downloads.resolve("base"), ImageService.NO_LIMIT));
        assertEquals("ImageUnacceptable", e.pythonClass());
        assertEquals(List.of(), filesIn(downloads));
    }

    @Test
    void maxSizeStopsTheCopyWhenTheRecordStatesNoSize() throws Exception {
        ImageFixtures.editDocument(images, imageId, doc -> doc.putNull("size"));
        NovaException e = assertThrows(NovaException.class,
                () -> service.download(ctx, imageId, downloads.resolve("base"), 1024 * 1024));
        assertTrue(e.getMessage().contains("exceeds the maximum of 1048576 bytes"), e.getMessage());
        assertEquals(List.of(), filesIn(downloads));
    }

    @Test
    void bytesLongerThanTheStatedSizeAreCorrupt() throws Exception {
        ImageFixtures.editDocument(images, imageId, doc -> doc.put("size", bytes.length - 1));
        NovaException e = assertThrows(NovaException.class,
                () -> service.download(ctx, imageId, downloads.resolve("base"), ImageService.NO_LIMIT));
        assertTrue(e.getMessage().contains("Corrupt image download"), e.getMessage());
        assertEquals(List.of(), filesIn(downloads));
    }

    @Test
    void unknownOrUnsafeIdsAreImageNotFound() {
        for (String id : List.of("00000000-0000-4000-8000-000000000000", "../images/" + imageId, "", ".hidden")) {
            NovaException e = assertThrows(NovaException.class, () -> service.show(ctx, id));
            assertEquals("ImageNotFound", e.pythonClass(), id);
        }
    }

    @Test
    void fileFieldNamesWhereTheBytesLie() throws Exception {
        Files.createDirectories(images.resolve("blobs"));
        Files.move(images.resolve(imageId), images.resolve("blobs/cirros.raw"));
        ImageFixtures.editDocument(images, imageId, doc -> doc.put("file", "blobs/cirros.raw"));
        service.download(ctx, imageId, downloads.resolve("base"), ImageService.NO_LIMIT);
        assertArrayEquals(bytes, Files.readAllBytes(downloads.resolve("base")));
    }

    @Test
    void malformedDocumentsAndMissingBytesAreImageUnacceptable() throws Exception {
        Files.delete(images.resolve(imageId));
        NovaException missing = assertThrows(NovaException.class,
                () -> service.download(ctx, imageId, downloads.resolve("base"), ImageService.NO_LIMIT));
        assertEquals("ImageUnacceptable", missing.pythonClass());
        assertTrue(missing.getMessage().contains("no associated data"), missing.getMessage());

        ImageFixtures.editDocument(images, imageId, doc -> doc.put("size", "big"));
        NovaException badField = assertThrows(NovaException.class, () -> service.show(ctx, imageId));
        assertTrue(badField.getMessage().contains("size must be a non-negative integer"), badField.getMessage());

        Files.writeString(images.resolve(imageId + ".json"), "{not json");
        NovaException notJson = assertThrows(NovaException.class, () -> service.show(ctx, imageId));
        assertEquals("ImageUnacceptable", notJson.pythonClass());
    }
}
