package org.computeworker.worker.image.cache;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** The file names nova gives cache templates, and which kind of template a name in the cache directory is. */
public final class CacheNames {
    private static final Pattern ORIGINAL = Pattern.compile("[0-9a-f]{40}");
    /** nova's legacy per-size copies ({@code <sha1>_<bytes>}) and pre-Folsom {@code <sha1>_sm} files. */
    private static final Pattern RESIZED = Pattern.compile("[0-9a-f]{40}_.{2,}");
    private static final Pattern SWAP = Pattern.compile("swap_[0-9]+");
    private static final Pattern EPHEMERAL = Pattern.compile("ephemeral_[0-9]+_[^_]{7}");

    /** How the manager ages a template: originals, swap and ephemeral by one minimum age, resized by another. */
    public enum Kind { ORIGINAL, RESIZED, SWAP, EPHEMERAL }

    private CacheNames() {
    }

    /** nova's {@code get_cache_fname}: the SHA-1 of the image id, in hex (for root, kernel and ramdisk images). */
    public static String forImage(String imageId) {
        return hex(digest("SHA-1", imageId));
    }

    /** {@code swap_<MiB>}. */
    public static String swap(int sizeMb) {
        return "swap_" + sizeMb;
    }

    /**
     * {@code ephemeral_<GiB>_<ext>}, where ext is the first 7 hex digits of the MD5 of the filesystem name, as nova
     * derives it in {@code get_file_extension_for_os_type}.
     */
    public static String ephemeral(int sizeGb, String fsType) {
        return "ephemeral_" + sizeGb + "_" + hex(digest("MD5", fsType)).substring(0, 7);
    }

    /** The kind of a cache entry, or null for a name the manager must leave alone. */
    public static Kind kindOf(String name) {
        if (ORIGINAL.matcher(name).matches()) {
            return Kind.ORIGINAL;
        }
        if (RESIZED.matcher(name).matches() && !name.endsWith(ImageCache.STAGING_SUFFIX)) {
            return Kind.RESIZED;
        }
        if (SWAP.matcher(name).matches()) {
            return Kind.SWAP;
        }
        if (EPHEMERAL.matcher(name).matches()) {
            return Kind.EPHEMERAL;
        }
        return null;
    }

    /** Whether {@code name} is the image's original template or one of nova's legacy variants of it. */
    public static boolean belongsToImage(String name, String fingerprint) {
        return name.equals(fingerprint) || name.startsWith(fingerprint + "_");
    }

    private static byte[] digest(String algorithm, String text) {
        try {
            return MessageDigest.getInstance(algorithm).digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is required of every JDK", e);
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
