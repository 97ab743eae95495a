package org.computeworker.worker.virt.libvirt.xml;

/**
 * Characters XML 1.0 cannot carry at all, not even escaped (most C0 controls, lone surrogates,
 * U+FFFE/U+FFFF): libvirt would reject a document that contains them.
 */
public final class XmlText {
    private XmlText() {
    }

    /** Free text (a display name): characters XML cannot carry are dropped; null stays null. */
    public static String cleaned(String value) {
        if (value == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(value.length());
        value.codePoints().filter(XmlText::allowed).forEach(out::appendCodePoint);
        return out.toString();
    }

    /** A value that must reach libvirt unchanged (a path, a pool name): refused if XML cannot carry it. */
    public static String checked(String value) {
        if (value == null || !value.codePoints().allMatch(XmlText::allowed)) {
            throw new IllegalArgumentException("value cannot be written into libvirt XML: "
                    + (value == null ? "null" : value.codePoints().filter(c -> !allowed(c))
                    .mapToObj(c -> String.format("U+%04X", c)).findFirst().orElse("")));
        }
        return value;
    }

    static boolean allowed(int c) {
        return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD)
                || (c >= 0x10000 && c <= 0x10FFFF);
    }
}
