package org.computeworker.imageserver;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Set;
import org.computeworker.messages.Json;

/**
 * Adds a local file to an image directory as an active image, computing what Glance computes on
 * upload, and optionally stores it in Ceph as Glance's rbd store would. Nothing becomes visible
 * until every step has worked; a failure leaves neither a document nor stray bytes behind.
 */
public final class ImageImporter {
    /** Base attributes that have their own import option or no string form; never custom properties. */
    private static final Set<String> OWN_FLAGS = Set.of("id", "name", "disk_format",
            "container_format", "visibility", "min_disk", "min_ram", "protected", "os_hidden", "tags", "owner");

    private final ImageStore store;
    private final ImageServerOptions options;

    public ImageImporter(Path dir, ImageServerOptions options) throws IOException {
        this.store = new ImageStore(dir, Clock.systemUTC());
        this.options = options;
    }

    /** Imports into the local directory only; returns the image as the API shows it. */
    public ObjectNode importFile(ImportRequest request) throws IOException {
        return importFile(request, null);
    }

    /** With {@code rbd} non-null the image is also stored in Ceph and its rbd location recorded. */
    public ObjectNode importFile(ImportRequest request, RbdStore rbd) throws IOException {
        if (!Files.isRegularFile(request.file()) || !Files.isReadable(request.file())) {
            throw new IllegalArgumentException(request.file() + " is not a readable file");
        }
        ObjectNode doc;
        try {
            doc = ImageDocuments.newImage(createBody(request), store.clock());
        } catch (GlanceHttpError e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        String id = doc.get("id").asText();
        if (store.find(id).isPresent()) {
            throw new IllegalArgumentException("image " + id + " already exists in " + store.dir());
        }
        String fsid = rbd == null ? null : rbd.clusterFsid();
        IngestedData data;
        try (InputStream in = Files.newInputStream(request.file())) {
            data = DataIngest.receive(in, store.dir(), options.imageSizeCap());
        } catch (GlanceHttpError e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        boolean inCeph = false;
        try {
            if (rbd != null) {
                String url = rbd.store(data.staging(), id, fsid);
                inCeph = true;
                ObjectNode location = doc.putArray(ImageDocuments.LOCATIONS).addObject();
                location.put("url", url);
                location.set("metadata", Json.object());
            }
            ObjectNode active = activateUnlessTaken(doc, data);
            inCeph = false;
            return ImageDocuments.render(active, store.effectiveLocations(active), options);
        } finally {
            Files.deleteIfExists(data.staging());
            if (inCeph) {
                rbd.remove(id);
            }
        }
    }

    private ObjectNode activateUnlessTaken(ObjectNode doc, IngestedData data) throws IOException {
        String id = doc.get("id").asText();
        synchronized (store.lockFor(id)) {
            if (store.find(id).isPresent()) {
                throw new IllegalArgumentException("image " + id + " appeared in " + store.dir()
                        + " during the import");
            }
            return store.activate(doc, data);
        }
    }

    private static ObjectNode createBody(ImportRequest request) {
        ObjectNode body = Json.object();
        request.properties().forEach((key, value) -> {
            if (OWN_FLAGS.contains(key)) {
                throw new IllegalArgumentException("'" + key + "' is an image attribute, not a property; "
                        + "use its own option instead of --property " + key + "=...");
            }
            body.put(key, value);
        });
        if (request.id() != null) {
            body.put("id", request.id());
        }
        if (request.name() != null) {
            body.put("name", request.name());
        }
        body.put("disk_format", request.diskFormat());
        body.put("container_format", request.containerFormat());
        body.put("visibility", request.visibility());
        body.put("min_disk", request.minDisk());
        body.put("min_ram", request.minRam());
        return body;
    }
}
