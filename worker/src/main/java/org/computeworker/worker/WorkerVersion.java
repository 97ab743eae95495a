package org.computeworker.worker;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The worker's version, from the build. */
public final class WorkerVersion {
    private WorkerVersion() {
    }

    public static String get() {
        try (InputStream in = WorkerVersion.class.getResourceAsStream("version.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
