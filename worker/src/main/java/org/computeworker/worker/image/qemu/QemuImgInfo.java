package org.computeworker.worker.image.qemu;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;

/**
 * The parts of {@code qemu-img info --output=json} that nova acts on, plus the whole document for the rest.
 *
 * @param backingFile null when the image has none
 * @param dataFile    a qcow2 external data file, null when none
 * @param createType  a vmdk's create-type, null for other formats
 */
public record QemuImgInfo(String format, long virtualSize, long actualSize, long clusterSize, String backingFile,
                          String backingFormat, String dataFile, String createType, boolean dirty, JsonNode json) {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** @throws IllegalArgumentException when the text is not qemu-img's JSON for an image */
    static QemuImgInfo parse(String text) {
        JsonNode root;
        try {
            root = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("qemu-img info output is not JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject() || !root.path("format").isTextual()
                || !root.path("virtual-size").canConvertToLong()) {
            throw new IllegalArgumentException("qemu-img info output lacks format or virtual-size");
        }
        JsonNode specific = root.path("format-specific").path("data");
        return new QemuImgInfo(root.get("format").asText(), root.get("virtual-size").asLong(),
                root.path("actual-size").asLong(-1), root.path("cluster-size").asLong(-1),
                text(root.path("backing-filename")), text(root.path("backing-filename-format")),
                text(specific.path("data-file")), text(specific.path("create-type")),
                root.path("dirty-flag").asBoolean(false), root);
    }

    /** What nova's fetch_to_raw refuses after running qemu-img info: backing files and external data files. */
    public List<String> safetyProblems() {
        List<String> problems = new ArrayList<>();
        if (backingFile != null) {
            problems.add("fmt=" + format + " backed by: " + backingFile);
        }
        if (dataFile != null) {
            problems.add("fmt=" + format + " has data-file: " + dataFile);
        }
        return problems;
    }

    private static String text(JsonNode node) {
        return node.isTextual() ? node.asText() : null;
    }
}
