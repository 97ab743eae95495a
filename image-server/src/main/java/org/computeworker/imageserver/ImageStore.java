package org.computeworker.imageserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.computeworker.messages.Json;
import org.computeworker.messages.MalformedMessageException;

/**
 * The images of one directory: {@code <id>.json} is the image document and {@code <id>} its
 * bytes. Every read goes to disk and every write replaces a file atomically, so an import run
 * beside a serving process is seen at once and a crash never leaves half a document.
 */
final class ImageStore {
    private static final System.Logger LOG = System.getLogger(ImageStore.class.getName());
    private static final int LOCK_STRIPES = 64;

    private final Path dir;
    private final Clock clock;
    private final Object[] locks = new Object[LOCK_STRIPES];

    ImageStore(Path dir, Clock clock) throws IOException {
        this.dir = Files.createDirectories(dir).toAbsolutePath();
        this.clock = clock;
        for (int i = 0; i < LOCK_STRIPES; i++) {
            locks[i] = new Object();
        }
    }

    Path dir() {
        return dir;
    }

    Clock clock() {
        return clock;
    }

    /** Serialises changes to one image within this process. */
    Object lockFor(String imageId) {
        return locks[Math.floorMod(imageId.hashCode(), LOCK_STRIPES)];
    }

    Optional<ObjectNode> find(String imageId) throws IOException {
        if (!ImageDocuments.isUuid(imageId)) {
            return Optional.empty();
        }
        try {
            return Optional.of(parse(metadataPath(imageId)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    ObjectNode get(String imageId) throws IOException {
        return find(imageId).orElseThrow(() -> GlanceHttpError.noImage(imageId));
    }

    /** Newest first, as glance lists by default; unreadable documents are logged and skipped. */
    List<ObjectNode> list() throws IOException {
        List<ObjectNode> images = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : (Iterable<Path>) files.filter(this::isMetadataFile).sorted()::iterator) {
                try {
                    images.add(parse(file));
                } catch (IOException | MalformedMessageException e) {
                    LOG.log(System.Logger.Level.WARNING, "skipping unreadable image document " + file + ": " + e);
                }
            }
        }
        images.sort(Comparator.comparing((ObjectNode d) -> d.path("created_at").asText()).reversed());
        return images;
    }

    void create(ObjectNode doc) throws IOException {
        String id = doc.get("id").asText();
        synchronized (lockFor(id)) {
            if (Files.exists(metadataPath(id))) {
                throw GlanceHttpError.conflict("Image with identifier " + id + " already exists!");
            }
            save(doc);
        }
    }

    void save(ObjectNode doc) throws IOException {
        String id = doc.get("id").asText();
        Path staging = newHiddenFile(dir, "." + id + ".", ".json.part");
        try {
            Files.write(staging, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(doc));
            moveIntoPlace(staging, metadataPath(id));
        } finally {
            Files.deleteIfExists(staging);
        }
    }

    /** Makes ingested bytes the image's data and the document active with Glance's size and hashes. */
    ObjectNode activate(ObjectNode doc, IngestedData data) throws IOException {
        String id = doc.get("id").asText();
        ObjectNode active = doc.deepCopy();
        active.put("size", data.size());
        active.put("checksum", data.md5());
        active.put("os_hash_algo", "sha512");
        active.put("os_hash_value", data.sha512());
        Long virtualSize = VirtualSizes.of(doc.path("disk_format").asText(null), data.staging(), data.size());
        if (virtualSize == null) {
            active.putNull("virtual_size");
        } else {
            active.put("virtual_size", virtualSize);
        }
        active.put("status", "active");
        active.put("updated_at", ImageDocuments.timestamp(clock));
        moveIntoPlace(data.staging(), dataPath(id));
        save(active);
        return active;
    }

    /** Removes the document first, so the image vanishes at once; the bytes follow. */
    void delete(String imageId) throws IOException {
        Files.deleteIfExists(metadataPath(imageId));
        Files.deleteIfExists(dataPath(imageId));
    }

    Path dataPath(String imageId) {
        return dir.resolve(imageId);
    }

    boolean hasData(String imageId) {
        return Files.isRegularFile(dataPath(imageId));
    }

    /** The stored locations (rbd), else a file:// location for the local bytes, else none. */
    ArrayNode effectiveLocations(ObjectNode doc) {
        JsonNode stored = doc.get(ImageDocuments.LOCATIONS);
        if (stored != null && stored.isArray() && stored.size() > 0) {
            return (ArrayNode) stored.deepCopy();
        }
        ArrayNode locations = Json.array();
        String id = doc.path("id").asText();
        if ("active".equals(doc.path("status").asText()) && hasData(id)) {
            ObjectNode location = locations.addObject();
            location.put("url", dataPath(id).toUri().toString());
            location.putObject("metadata");
        }
        return locations;
    }

    /**
     * A new hidden file with the umask's mode; createTempFile's owner-only mode would stick to
     * the documents and bytes, which other users (a worker reading the directory) may need.
     */
    static Path newHiddenFile(Path dir, String prefix, String suffix) throws IOException {
        return Files.createFile(dir.resolve(prefix + UUID.randomUUID() + suffix));
    }

    private Path metadataPath(String imageId) {
        return dir.resolve(imageId + ".json");
    }

    private boolean isMetadataFile(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".json") && ImageDocuments.isUuid(name.substring(0, name.length() - 5));
    }

    private static ObjectNode parse(Path file) throws IOException {
        JsonNode node = Json.parse(Files.readAllBytes(file));
        if (!node.isObject()) {
            throw new MalformedMessageException(file + " does not hold a JSON object");
        }
        return (ObjectNode) node;
    }

    private static void moveIntoPlace(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
