package org.computeworker.worker.image.service;

import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import org.computeworker.worker.errors.NovaErrors;

/**
 * Hashes image bytes as they stream past and, at the end, compares them with the image's md5
 * {@code checksum} and its {@code os_hash_value} (algorithm {@code os_hash_algo}). Where the
 * record has no checksum, a Content-MD5 header stands in, as python-glanceclient does.
 */
final class ImageDigests {
    private final String imageId;
    private final MessageDigest md5 = HashAlgorithms.md5();
    private final String expectedMd5;
    private final MessageDigest osHash;
    private final String expectedOsHash;

    private ImageDigests(String imageId, String expectedMd5, MessageDigest osHash, String expectedOsHash) {
        this.imageId = imageId;
        this.expectedMd5 = expectedMd5;
        this.osHash = osHash;
        this.expectedOsHash = expectedOsHash;
    }

    /** Refuses up front an image whose hash cannot be checked, before any byte is fetched. */
    static ImageDigests expecting(ImageRecord record, String contentMd5Header) {
        MessageDigest osHash = null;
        if (record.osHashValue() != null) {
            String algo = record.osHashAlgo();
            if (algo == null) {
                throw NovaErrors.imageUnacceptable(record.id(), "os_hash_value is set but os_hash_algo is not");
            }
            osHash = HashAlgorithms.forHashlibName(algo).orElseThrow(() -> NovaErrors.imageUnacceptable(
                    record.id(), "os_hash_algo " + algo + " is not supported, so the image cannot be verified"));
        }
        String md5 = record.checksum() != null ? record.checksum() : md5HexFromHeader(contentMd5Header);
        return new ImageDigests(record.id(), md5, osHash, record.osHashValue());
    }

    void update(byte[] buffer, int offset, int length) {
        md5.update(buffer, offset, length);
        if (osHash != null) {
            osHash.update(buffer, offset, length);
        }
    }

    /** Throws ImageUnacceptable with python-glanceclient's wording when a hash differs. */
    void verify() {
        if (osHash != null) {
            String computed = HexFormat.of().formatHex(osHash.digest());
            if (!computed.equalsIgnoreCase(expectedOsHash)) {
                throw NovaErrors.imageUnacceptable(imageId,
                        "Corrupt image download. Hash was " + computed + " expected " + expectedOsHash);
            }
        }
        if (expectedMd5 != null) {
            String computed = HexFormat.of().formatHex(md5.digest());
            if (!computed.equalsIgnoreCase(expectedMd5)) {
                throw NovaErrors.imageUnacceptable(imageId,
                        "Corrupt image download. Checksum was " + computed + " expected " + expectedMd5);
            }
        }
    }

    /** Glance sends the hex checksum as Content-MD5; RFC 1864 says base64. Either is taken. */
    static String md5HexFromHeader(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String value = header.trim();
        if (value.matches("[0-9a-fA-F]{32}")) {
            return value;
        }
        try {
            byte[] raw = Base64.getDecoder().decode(value);
            return raw.length == 16 ? HexFormat.of().formatHex(raw) : null;
        } catch (IllegalArgumentException notBase64) {
            return null;
        }
    }
}
