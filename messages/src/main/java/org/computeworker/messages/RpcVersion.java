package org.computeworker.messages;

/** An oslo.messaging "major.minor" version and its compatibility rule. */
public record RpcVersion(int major, int minor) implements Comparable<RpcVersion> {

    public static RpcVersion parse(String text) {
        if (text == null) {
            throw new MalformedMessageException("version is missing");
        }
        String[] parts = text.split("\\.", -1);
        if (parts.length < 1 || parts.length > 3) {
            throw new MalformedMessageException("version '" + text + "' is not major.minor");
        }
        try {
            int major = Integer.parseInt(parts[0]);
            int minor = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
            if (major < 0 || minor < 0) {
                throw new NumberFormatException();
            }
            return new RpcVersion(major, minor);
        } catch (NumberFormatException e) {
            throw new MalformedMessageException("version '" + text + "' is not major.minor");
        }
    }

    /** oslo's {@code version_is_compatible(imp, requested)}: same major, requested minor not above. */
    public boolean isServedBy(RpcVersion endpoint) {
        return major == endpoint.major && minor <= endpoint.minor;
    }

    @Override
    public int compareTo(RpcVersion o) {
        return major != o.major ? Integer.compare(major, o.major) : Integer.compare(minor, o.minor);
    }

    @Override
    public String toString() {
        return major + "." + minor;
    }
}
