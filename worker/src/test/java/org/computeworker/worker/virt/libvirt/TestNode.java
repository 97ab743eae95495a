package org.computeworker.worker.virt.libvirt;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A private libvirt test:/// driver: its own node file gives it its own state (the default
 * test:///default is shared by every connection in the JVM and starts with a running guest).
 */
public final class TestNode {
    public static final int CPUS = 8;
    static final long MEMORY_KIB = 16L * 1024 * 1024;

    private TestNode() {
    }

    /** Writes a node file into {@code dir} and returns its test:/// URI. */
    public static String uri(Path dir) {
        Path node = dir.resolve("node.xml");
        String xml = """
                <node>
                  <cpu>
                    <mhz>2000</mhz>
                    <model>x86_64</model>
                    <active>%d</active>
                    <max>%d</max>
                    <nodes>1</nodes>
                    <sockets>1</sockets>
                    <cores>%d</cores>
                    <threads>1</threads>
                  </cpu>
                  <memory>%d</memory>
                </node>
                """.formatted(CPUS, CPUS, CPUS, MEMORY_KIB);
        try {
            Files.writeString(node, xml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return "test://" + node.toAbsolutePath();
    }
}
