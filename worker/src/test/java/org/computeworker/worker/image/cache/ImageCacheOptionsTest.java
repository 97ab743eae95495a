package org.computeworker.worker.image.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import org.computeworker.messages.config.ConfigException;
import org.computeworker.messages.config.OsloConfigFile;
import org.computeworker.worker.config.OptionReader;
import org.junit.jupiter.api.Test;

class ImageCacheOptionsTest {
    @Test
    void defaultsAreNovas() {
        ImageCacheOptions options = ImageCacheOptions.read(reader(""));
        assertEquals(ImageCacheOptions.defaults(), options);
        assertEquals("_base", options.subdirectoryName());
        assertTrue(options.removeUnusedBaseImages());
        assertEquals(Duration.ofSeconds(86400), options.removeUnusedOriginalMinimumAge());
        assertEquals(Duration.ofSeconds(3600), options.removeUnusedResizedMinimumAge());
        assertEquals(Optional.of(Duration.ofSeconds(2400)), options.managerInterval());
    }

    @Test
    void readsTheImageCacheSection() {
        ImageCacheOptions options = ImageCacheOptions.read(reader("""
                [image_cache]
                subdirectory_name = cache
                remove_unused_base_images = false
                remove_unused_original_minimum_age_seconds = 60
                remove_unused_resized_minimum_age_seconds = 30
                manager_interval = -1
                """));
        assertEquals(new ImageCacheOptions("cache", false, Duration.ofSeconds(60), Duration.ofSeconds(30), -1),
                options);
        assertEquals(Optional.empty(), options.managerInterval());
    }

    @Test
    void deprecatedNamesStillCountWhenTheNewOnesAreUnset() {
        ImageCacheOptions options = ImageCacheOptions.read(reader("""
                [DEFAULT]
                image_cache_subdirectory_name = old_base
                image_cache_manager_interval = 0
                remove_unused_original_minimum_age_seconds = 10
                [libvirt]
                remove_unused_resized_minimum_age_seconds = 20
                [image_cache]
                remove_unused_original_minimum_age_seconds = 99
                """));
        assertEquals("old_base", options.subdirectoryName());
        assertEquals(Duration.ofSeconds(99), options.removeUnusedOriginalMinimumAge(), "the new name wins");
        assertEquals(Duration.ofSeconds(20), options.removeUnusedResizedMinimumAge());
        assertEquals(Optional.of(ImageCacheOptions.DEFAULT_PERIODIC_INTERVAL), options.managerInterval());
    }

    @Test
    void theCacheMustBeOneDirectoryUnderInstancesPath() {
        for (String bad : new String[] {"../elsewhere", "/var/tmp", "locks", ".."}) {
            assertThrows(ConfigException.class,
                    () -> ImageCacheOptions.read(reader("[image_cache]\nsubdirectory_name = " + bad + "\n")), bad);
        }
    }

    private static OptionReader reader(String text) {
        return new OptionReader(OsloConfigFile.parse(text));
    }
}
