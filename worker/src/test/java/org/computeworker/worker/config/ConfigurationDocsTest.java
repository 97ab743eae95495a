package org.computeworker.worker.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.computeworker.messages.config.OsloConfigFile;
import org.computeworker.worker.image.backend.rbd.RbdOptions;
import org.computeworker.worker.image.cache.ImageCacheOptions;
import org.computeworker.worker.image.service.GlanceOptions;
import org.computeworker.worker.keystone.ServiceAuthOptions;
import org.computeworker.worker.notify.NotifierSettings;
import org.computeworker.worker.notify.PublisherOptions;
import org.computeworker.worker.placement.PlacementOptions;
import org.junit.jupiter.api.Test;

/**
 * Every nova.conf option the worker reads is documented (docs/configuration.md and
 * docs/libvirt-and-images.md), and every documented option is read: an operator's guide that
 * neither misses nor invents one. What is read is what the option readers ask the parsed file for,
 * over configurations that take every branch (keystone password and admin_token, RBD on).
 */
class ConfigurationDocsTest {
    private static final Path DOCS = Path.of("..", "docs");
    /** The deprecated names of the image cache options, which libvirt-and-images.md lists in a sentence. */
    private static final Set<String> DOCUMENTED_IN_PROSE = Set.of("[DEFAULT] image_cache_subdirectory_name",
            "[DEFAULT] image_cache_manager_interval", "[DEFAULT] remove_unused_base_images",
            "[DEFAULT] remove_unused_original_minimum_age_seconds",
            "[libvirt] remove_unused_resized_minimum_age_seconds");

    @Test
    void everyOptionReadIsDocumentedAndEveryDocumentedOptionIsRead() throws Exception {
        Set<String> read = new TreeSet<>();
        read.addAll(readAll("""
                [DEFAULT]
                host = h
                state_path = /tmp/cw-docs
                [glance]
                api_servers = http://g:9292
                enable_rbd_download = true
                [placement]
                auth_type = password
                auth_url = http://k:5000
                username = nova
                password = p
                [libvirt]
                images_type = rbd
                """));
        read.addAll(readAll("""
                [DEFAULT]
                host = h
                state_path = /tmp/cw-docs
                [glance]
                auth_type = admin_token
                endpoint = http://g:9292
                token = t
                [placement]
                auth_type = admin_token
                endpoint = http://p:8778
                token = t
                """));
        Set<String> documented = documented();
        Set<String> undocumented = new TreeSet<>(read);
        undocumented.removeAll(documented);
        undocumented.removeAll(DOCUMENTED_IN_PROSE);
        // "[glance] takes the same options when it has no api_servers" (the [placement] table)
        undocumented.removeIf(o -> o.startsWith("[glance] ")
                && documented.contains(o.replace("[glance] ", "[placement] ")));
        Set<String> unread = new TreeSet<>(documented);
        unread.removeAll(read);
        assertEquals(Set.of(), undocumented, "read but not documented");
        assertEquals(Set.of(), unread, "documented but never read");
    }

    private static Set<String> readAll(String text) {
        OsloConfigFile conf = OsloConfigFile.parse(text);
        WorkerConfig config = WorkerConfig.from(conf);
        OptionReader r = new OptionReader(conf);
        LibvirtWorkerOptions.read(r);
        ImageCacheOptions.read(r);
        RbdOptions.read(r);
        PlacementOptions.read(r);
        NotifierSettings.from(config);
        PublisherOptions.from(config);
        try {
            GlanceOptions.read(r);
        } catch (RuntimeException e) {
            // with admin_token the session would be opened; what it asked for is what counts here
            ServiceAuthOptions.read(r, "glance", "image");
        }
        return conf.optionsAsked();
    }

    /** "[section] option" for every option the docs' tables name (first column), under the section of their heading. */
    private static Set<String> documented() throws Exception {
        Set<String> out = new TreeSet<>();
        for (String doc : List.of("configuration.md", "libvirt-and-images.md")) {
            String section = null;
            for (String line : Files.readAllLines(DOCS.resolve(doc))) {
                if (line.startsWith("#")) {
                    Matcher m = Pattern.compile("\\[([a-z_A-Z]+)\\]").matcher(line);
                    section = m.find() ? m.group(1) : null;
                    continue;
                }
                if (!line.startsWith("| ") || line.startsWith("| option") || line.startsWith("|---")
                        || line.startsWith("| ---")) {
                    continue;
                }
                String cell = line.substring(2, line.indexOf(" |", 1)).replace("`", "").strip();
                String cellSection = section;
                Matcher inCell = Pattern.compile("^\\[([a-z_A-Z]+)\\] (.*)$").matcher(cell);
                if (inCell.matches()) {
                    cellSection = inCell.group(1);
                    cell = inCell.group(2);
                }
                if (cellSection == null) {
                    continue;
                }
                for (String name : names(cell)) {
                    out.add("[" + cellSection + "] " + name);
                }
            }
        }
        return out;
    }

    /** "a, b / c" and "cpu/ram/disk_allocation_ratio" spell several options. */
    private static List<String> names(String cell) {
        List<String> out = new ArrayList<>();
        for (String part : cell.split(",|\\s/\\s")) {
            String p = part.strip().replaceAll("\\s.*$", "");
            Matcher slash = Pattern.compile("^([a-z_]*?)([a-z]+(?:/[a-z]+)+)(_[a-z_]+)$").matcher(p);
            if (slash.matches()) {
                for (String alt : slash.group(2).split("/")) {
                    out.add(slash.group(1) + alt + slash.group(3));
                }
            } else if (p.matches("[a-z_][a-z0-9_]*")) {
                out.add(p);
            }
        }
        return out;
    }
}
