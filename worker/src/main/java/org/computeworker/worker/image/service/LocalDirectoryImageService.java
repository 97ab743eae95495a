package org.computeworker.worker.image.service;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.regex.Pattern;
import org.computeworker.messages.Json;
import org.computeworker.messages.MalformedMessageException;
import org.computeworker.messages.rpc.RequestContext;
import org.computeworker.worker.errors.NovaErrors;

/**
 * A development image source: {@code <dir>/<id>.json} holds the Glance image document and the
 * bytes are in {@code <dir>/<id>}, or in the file its {@code file} field names (relative to the
 * directory). The image server's data directory has this layout, so either can serve it.
 */
public final class LocalDirectoryImageService implements ImageService {
    /** Ids are file names here, so nothing that could climb out of the directory is accepted. */
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    private final Path dir;

    public LocalDirectoryImageService(Path dir) {
        this.dir = Objects.requireNonNull(dir, "dir").toAbsolutePath();
    }

    @Override
    public ImageRecord show(RequestContext context, String imageId) {
        Path metadata = metadataPath(imageId);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(metadata);
        } catch (NoSuchFileException e) {
            throw NovaErrors.imageNotFound(imageId);
        } catch (IOException e) {
            throw NovaErrors.couldNotFetchImage(imageId, e);
        }
        JsonNode doc;
        try {
            doc = Json.parse(bytes);
        } catch (MalformedMessageException e) {
            throw NovaErrors.imageUnacceptable(imageId, metadata + " is not valid JSON: " + e.getMessage());
        }
        ImageRecord record = ImageRecordJson.parse(doc, imageId);
        if (!record.id().equals(imageId)) {
            throw NovaErrors.imageUnacceptable(imageId, metadata + " describes image " + record.id());
        }
        return record;
    }

    @Override
    public ImageRecord download(RequestContext context, String imageId, Path dest, long maxBytes) {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be positive, got " + maxBytes);
        }
        ImageRecord record = show(context, imageId);
        if (record.size() != null) {
            ImageStreamCopier.checkAnnouncedSize(record, record.size(), maxBytes);
        }
        Path data = dataPath(record);
        if (!Files.isRegularFile(data)) {
            throw NovaErrors.imageUnacceptable(imageId, "Image has no associated data (" + data + " is missing)");
        }
        ImageDigests digests = ImageDigests.expecting(record, null);
        try (StagedImageFile staged = StagedImageFile.beside(dest)) {
            try (InputStream in = Files.newInputStream(data)) {
                OutputStream out = staged.restart();
                ImageStreamCopier.copy(record, in, out, digests, maxBytes);
            }
            digests.verify();
            staged.commit();
            return record;
        } catch (IOException e) {
            throw NovaErrors.couldNotFetchImage(imageId, e);
        }
    }

    private Path metadataPath(String imageId) {
        if (imageId == null || !SAFE_ID.matcher(imageId).matches()) {
            throw NovaErrors.imageNotFound(String.valueOf(imageId));
        }
        return dir.resolve(imageId + ".json");
    }

    /**
     * The {@code file} field, unless it is Glance's own API path for the data, which says
     * nothing about where the bytes lie on disk.
     */
    private Path dataPath(ImageRecord record) {
        String file = record.file();
        if (file == null || file.isBlank() || file.startsWith("/v2/images/")) {
            return dir.resolve(record.id());
        }
        return dir.resolve(file);
    }
}
