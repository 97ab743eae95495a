package org.computeworker.worker.placement;

import java.time.Duration;
import java.util.List;
import org.computeworker.worker.config.OptionReader;
import org.computeworker.worker.keystone.ServiceAuthOptions;

/**
 * The options nova's report client reads: the {@code [placement]} keystoneauth options and, from
 * {@code [compute]}, how often cached provider associations are re-read and which image types
 * not to advertise as traits.
 */
public record PlacementOptions(ServiceAuthOptions auth, Duration associationRefresh, List<String> imageTypeExcludeList) {
    static final String SECTION = "placement";
    private static final List<String> IMAGE_TYPES = List.of("aki", "ami", "ari", "iso", "qcow2", "raw", "vdi", "vhd",
            "vhdx", "vmdk", "ploop");

    public PlacementOptions {
        imageTypeExcludeList = List.copyOf(imageTypeExcludeList);
    }

    public static PlacementOptions read(OptionReader r) {
        ServiceAuthOptions auth = ServiceAuthOptions.read(r, SECTION, "placement");
        int refresh = r.integer("compute", "resource_provider_association_refresh", 300, 0, Integer.MAX_VALUE);
        List<String> exclude = r.list("compute", "image_type_exclude_list", List.of());
        for (String type : exclude) {
            if (!IMAGE_TYPES.contains(type)) {
                throw r.invalid("compute", "image_type_exclude_list", type, "image types among "
                        + String.join(", ", IMAGE_TYPES));
            }
        }
        return new PlacementOptions(auth, Duration.ofSeconds(refresh), exclude);
    }
}
