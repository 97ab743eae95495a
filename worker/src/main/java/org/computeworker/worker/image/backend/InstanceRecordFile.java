package org.computeworker.worker.image.backend;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.computeworker.worker.errors.NovaErrors;
import org.computeworker.worker.image.cache.AtomicFiles;
import org.computeworker.worker.image.cache.CacheLock;

/**
 * A one-line JSON object of strings in an instance directory, updated atomically under a lock: nova's
 * {@code disk.info} (disk path to driver format, so a guest that writes a qcow2 header into its raw disk cannot
 * change how the disk is opened) and {@code disk.templates} (disk name to the cache template it was made from).
 */
final class InstanceRecordFile {
    static final String DISK_INFO = "disk.info";
    static final String DISK_TEMPLATES = "disk.templates";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, String>> MAP = new TypeReference<>() {
    };

    private final Path file;

    private InstanceRecordFile(Path file) {
        this.file = file;
    }

    static InstanceRecordFile diskInfo(Path instanceDirectory) {
        return new InstanceRecordFile(instanceDirectory.resolve(DISK_INFO));
    }

    static InstanceRecordFile diskTemplates(Path instanceDirectory) {
        return new InstanceRecordFile(instanceDirectory.resolve(DISK_TEMPLATES));
    }

    /** Everything recorded; empty when the file does not exist. */
    Map<String, String> read() {
        try {
            String line = Files.readString(file, StandardCharsets.UTF_8).strip();
            return line.isEmpty() ? new LinkedHashMap<>() : JSON.readValue(line, MAP);
        } catch (NoSuchFileException e) {
            return new LinkedHashMap<>();
        } catch (JsonProcessingException e) {
            throw NovaErrors.invalidDiskInfo("Could not load line from " + file + ", got error "
                    + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw NovaErrors.diskInfoReadWriteFail("cannot read " + file + ": " + e, e);
        }
    }

    void put(String key, String value) {
        update(map -> map.put(key, value));
    }

    void remove(String key) {
        update(map -> map.remove(key));
    }

    @SuppressWarnings("try") // the lock is held for the block, never read
    private void update(Consumer<Map<String, String>> change) {
        Path lockFile = file.resolveSibling("." + file.getFileName() + ".lock");
        try (CacheLock lock = CacheLock.acquire(lockFile)) {
            Map<String, String> map = read();
            change.accept(map);
            Path staging = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(staging, JSON.writeValueAsString(map) + "\n", StandardCharsets.UTF_8);
            AtomicFiles.commit(staging, file);
        } catch (IOException e) {
            throw NovaErrors.diskInfoReadWriteFail("cannot write " + file + ": " + e, e);
        }
    }
}
