package org.computeworker.messages.config;

/** A configuration problem, phrased to name the file, section and option at fault. */
public class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
