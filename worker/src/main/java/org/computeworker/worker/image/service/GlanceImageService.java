package org.computeworker.worker.image.service;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Supplier;
import org.computeworker.messages.Json;
import org.computeworker.messages.MalformedMessageException;
import org.computeworker.messages.rpc.RequestContext;
import org.computeworker.worker.errors.NovaErrors;
import org.computeworker.worker.errors.NovaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The image service backed by the Glance v2 API ({@code GET /v2/images/{id}} and its
 * {@code /file}), with nova's api_servers rotation, retries, error names and optional direct
 * RBD download; bytes stream to disk and are verified on the way.
 */
public final class GlanceImageService implements ImageService {
    private static final Logger LOG = LoggerFactory.getLogger(GlanceImageService.class);
    private static final int METADATA_LIMIT = 16 << 20;

    private final GlanceConfig config;
    private final GlanceRequester requester;
    private final RbdImageExporter rbd;

    public GlanceImageService(GlanceConfig config) {
        this(config, HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(config.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build(), RbdImageExporter.fromConfig(config));
    }

    public GlanceImageService(GlanceConfig config, HttpClient http, RbdImageExporter rbd) {
        this.config = Objects.requireNonNull(config, "config");
        this.requester = new GlanceRequester(config, http);
        this.rbd = rbd;
    }

    @Override
    public ImageRecord show(RequestContext context, String imageId) {
        String path = imagePath(imageId);
        JsonNode doc = call(imageId, () -> requester.get(context, path, "application/json",
                response -> readJson(imageId, response.body())));
        ImageRecord record = ImageRecordJson.parse(doc, imageId);
        if (!ImageVisibility.availableTo(context, record)) {
            throw NovaErrors.imageNotFound(imageId);
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
        ImageDigests.expecting(record, null); // an unverifiable hash algorithm fails here, before any transfer
        try (StagedImageFile staged = StagedImageFile.beside(dest)) {
            if (!(config.enableRbdDownload() && rbd != null && fetchedFromRbd(record, staged, maxBytes))) {
                fetchOverHttp(context, record, staged, maxBytes);
            }
            staged.commit();
            return record;
        } catch (IOException e) {
            throw NovaErrors.couldNotFetchImage(imageId, e);
        }
    }

    private void fetchOverHttp(RequestContext context, ImageRecord record, StagedImageFile staged,
                               long maxBytes) {
        String path = imagePath(record.id()) + "/file";
        call(record.id(), () -> requester.get(context, path, "application/octet-stream",
                response -> receive(record, response, staged, maxBytes)));
    }

    private long receive(ImageRecord record, HttpResponse<InputStream> response, StagedImageFile staged,
                         long maxBytes) throws IOException {
        if (response.statusCode() == 204) {
            throw NovaErrors.imageUnacceptable(record.id(), "Image has no associated data");
        }
        long announced = response.headers().firstValueAsLong("Content-Length").orElse(-1);
        if (announced >= 0) {
            ImageStreamCopier.checkAnnouncedSize(record, announced, maxBytes);
        }
        ImageDigests digests = ImageDigests.expecting(record,
                response.headers().firstValue("Content-MD5").orElse(null));
        OutputStream out;
        try {
            out = staged.restart();
        } catch (IOException e) {
            throw NovaErrors.couldNotFetchImage(record.id(), e); // a local disk failure: retrying Glance won't help
        }
        long copied;
        try (InputStream in = new IdleTimeoutInputStream(response.body(), config.readTimeout())) {
            copied = ImageStreamCopier.copy(record, in, out, digests, maxBytes);
        }
        if (announced >= 0 && copied != announced) {
            throw new IOException("connection closed after " + copied + " of " + announced + " bytes");
        }
        digests.verify();
        return copied;
    }

    /** nova's _get_transfer_method for "rbd": any failure is logged and HTTP takes over. */
    private boolean fetchedFromRbd(ImageRecord record, StagedImageFile staged, long maxBytes) {
        for (ImageLocation location : record.allLocations()) {
            if (!location.scheme().equals("rbd")) {
                continue;
            }
            try {
                RbdLocation rbdLocation = RbdLocation.parse(location.url());
                rbd.export(rbdLocation, staged.pathForExternalWriter());
                verifyFile(record, staged.path(), maxBytes);
                LOG.info("Image {} transferred using rbd from {}", record.id(), location.url());
                return true;
            } catch (IOException | RuntimeException e) {
                LOG.warn("Direct rbd download of image {} from {} failed, falling back to HTTP: {}",
                        record.id(), location.url(), e.toString());
            }
        }
        return false;
    }

    private static void verifyFile(ImageRecord record, Path file, long maxBytes) throws IOException {
        ImageDigests digests = ImageDigests.expecting(record, null);
        try (InputStream in = Files.newInputStream(file)) {
            ImageStreamCopier.copy(record, in, OutputStream.nullOutputStream(), digests, maxBytes);
        }
        digests.verify();
    }

    private static JsonNode readJson(String imageId, InputStream body) throws IOException {
        byte[] bytes = body.readNBytes(METADATA_LIMIT + 1);
        if (bytes.length > METADATA_LIMIT) {
            throw NovaErrors.imageUnacceptable(imageId, "image metadata is larger than " + METADATA_LIMIT + " bytes");
        }
        try {
            return Json.parse(bytes);
        } catch (MalformedMessageException e) {
            throw NovaErrors.imageUnacceptable(imageId, "glance returned unreadable image metadata: "
                    + e.getMessage());
        }
    }

    /** Runs a Glance call, turning non-retryable HTTP answers into nova's image exceptions. */
    private static <T> T call(String imageId, Supplier<T> glanceCall) {
        try {
            return glanceCall.get();
        } catch (GlanceHttpStatusException e) {
            throw translate(imageId, e);
        }
    }

    /** nova's _translate_image_exception. */
    private static NovaException translate(String imageId, GlanceHttpStatusException e) {
        return switch (e.status()) {
            case 401, 403 -> NovaErrors.imageNotAuthorized(imageId);
            case 404 -> NovaErrors.imageNotFound(imageId);
            case 400 -> NovaErrors.imageBadRequest(imageId, e.body());
            case 413 -> NovaErrors.imageQuotaExceeded(imageId);
            default -> new NovaException("Glance server " + e.server() + " answered HTTP " + e.status()
                    + " for image " + imageId + ": " + e.body());
        };
    }

    private static String imagePath(String imageId) {
        if (imageId == null || imageId.isBlank()) {
            throw NovaErrors.imageNotFound(String.valueOf(imageId));
        }
        return "/v2/images/" + URLEncoder.encode(imageId, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
