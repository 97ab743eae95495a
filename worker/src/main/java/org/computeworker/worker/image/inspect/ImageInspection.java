package org.computeworker.worker.image.inspect;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one format inspector read from an image's own header: the format, the virtual disk size the guest
 * would see, the facts that matter for safety, and every reason the image must not be used.
 *
 * @param virtualSize bytes; 0 when the header is too damaged to say (there is then a violation)
 * @param facts       header facts keyed by the constants below, in the order they were read
 * @param violations  human-readable reasons the image is unsafe; empty when it passed every check
 */
public record ImageInspection(ImageFormat format, long virtualSize, Map<String, String> facts,
                              List<String> violations) {
    public static final String BACKING_FILE = "backing-file";
    public static final String BACKING_FORMAT = "backing-format";
    public static final String DATA_FILE = "data-file";
    public static final String VERSION = "version";
    public static final String CREATE_TYPE = "create-type";
    /** VMDK extent lines, newline separated, as written in the descriptor. */
    public static final String EXTENTS = "extents";
    public static final String PARENT = "parent";
    public static final String DISK_TYPE = "disk-type";
    public static final String ENCRYPTED = "encrypted";
    public static final String PARTITION_TABLE = "partition-table";
    public static final String VOLUME_SIZE = "volume-size";

    public ImageInspection {
        facts = Collections.unmodifiableMap(new LinkedHashMap<>(facts));
        violations = List.copyOf(violations);
    }

    public boolean safe() {
        return violations.isEmpty();
    }

    public Optional<String> fact(String key) {
        return Optional.ofNullable(facts.get(key));
    }

    static Builder builder(ImageFormat format) {
        return new Builder(format);
    }

    /** Lets an inspector record facts and violations as it walks a header. */
    static final class Builder {
        private final ImageFormat format;
        private long virtualSize;
        private final Map<String, String> facts = new LinkedHashMap<>();
        private final List<String> violations = new ArrayList<>();

        private Builder(ImageFormat format) {
            this.format = format;
        }

        Builder virtualSize(long bytes) {
            this.virtualSize = bytes;
            return this;
        }

        Builder fact(String key, Object value) {
            facts.put(key, String.valueOf(value));
            return this;
        }

        Builder violation(String reason) {
            violations.add(reason);
            return this;
        }

        ImageInspection build() {
            return new ImageInspection(format, virtualSize, facts, violations);
        }
    }
}
