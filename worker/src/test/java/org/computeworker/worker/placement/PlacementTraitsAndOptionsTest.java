package org.computeworker.worker.placement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.computeworker.messages.config.ConfigException;
import org.computeworker.messages.config.OsloConfigFile;
import org.computeworker.worker.config.OptionReader;
import org.junit.jupiter.api.Test;

/** The pure parts: which traits a node gets, what [compute] options say, when the cache goes stale. */
class PlacementTraitsAndOptionsTest {
    private static final String ADMIN = "[placement]\nauth_type = admin_token\nendpoint = http://p\ntoken = t\n";

    @Test
    void capabilitiesBecomeTraitsAndExcludedImageTypesAreUnsupported() {
        Map<String, Boolean> traits = CapabilityTraits.of(Map.of("supports_image_type_qcow2", true,
                "supports_image_type_raw", true, "supports_extend_volume", false, "has_imagecache", true),
                List.of("qcow2"));
        assertEquals(Map.of("COMPUTE_IMAGE_TYPE_QCOW2", false, "COMPUTE_IMAGE_TYPE_RAW", true,
                "COMPUTE_VOLUME_EXTEND", false), traits);
        assertEquals(27, Set.copyOf(CapabilityTraits.allTraits()).size());
    }

    @Test
    void nodeTraitsKeepForeignOnesAndFollowTheServiceState() {
        Set<String> current = Set.of("CUSTOM_GPU_RACK", "COMPUTE_VOLUME_EXTEND", "COMPUTE_STATUS_DISABLED",
                "COMPUTE_REMOTE_MANAGED_PORTS");
        Map<String, Boolean> caps = Map.of("COMPUTE_VOLUME_EXTEND", false, "COMPUTE_IMAGE_TYPE_RAW", true,
                "COMPUTE_REMOTE_MANAGED_PORTS", true);
        assertEquals(Set.of("CUSTOM_GPU_RACK", "COMPUTE_IMAGE_TYPE_RAW", "COMPUTE_NODE"),
                ComputeNodeTraits.wanted(current, caps, false));
        assertEquals(Set.of("CUSTOM_GPU_RACK", "COMPUTE_IMAGE_TYPE_RAW", "COMPUTE_NODE", "COMPUTE_STATUS_DISABLED"),
                ComputeNodeTraits.wanted(current, caps, true));
    }

    @Test
    void computeSectionOptionsWithNovasDefaults() {
        PlacementOptions defaults = PlacementOptions.read(new OptionReader(OsloConfigFile.parse(ADMIN)));
        assertEquals(Duration.ofSeconds(300), defaults.associationRefresh());
        assertEquals(List.of(), defaults.imageTypeExcludeList());
        PlacementOptions set = PlacementOptions.read(new OptionReader(OsloConfigFile.parse(ADMIN
                + "[compute]\nresource_provider_association_refresh = 0\nimage_type_exclude_list = vhd, qcow2\n")));
        assertEquals(Duration.ZERO, set.associationRefresh());
        assertEquals(List.of("vhd", "qcow2"), set.imageTypeExcludeList());
        String bad = assertThrows(ConfigException.class, () -> PlacementOptions.read(new OptionReader(
                OsloConfigFile.parse(ADMIN + "[compute]\nimage_type_exclude_list = qcow3\n")))).getMessage();
        assertTrue(bad.contains("[compute] image_type_exclude_list") && bad.contains("qcow3"), bad);
    }

    @Test
    void cachedProvidersGoStaleAfterTheIntervalOrNeverWhenItIsZero() {
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        ProviderCache cache = new ProviderCache(Duration.ofSeconds(300));
        assertTrue(cache.stale("rp", t0));
        cache.refreshed(ProviderRecord.created("rp", "h", 0), t0);
        assertFalse(cache.stale("rp", t0.plusSeconds(300)));
        assertTrue(cache.stale("rp", t0.plusSeconds(301)));
        cache.written(ProviderRecord.created("rp", "h", 1));
        assertTrue(cache.stale("rp", t0.plusSeconds(301)), "a write is not a full read");

        ProviderCache never = new ProviderCache(Duration.ZERO);
        never.refreshed(ProviderRecord.created("rp", "h", 0), t0);
        assertFalse(never.stale("rp", t0.plus(Duration.ofDays(365))));
        never.forget("rp");
        assertTrue(never.stale("rp", t0));
    }
}
