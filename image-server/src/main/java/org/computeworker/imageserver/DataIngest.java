package org.computeworker.imageserver;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Streams incoming image bytes into a hidden staging file in the data directory while computing
 * size, md5 and sha512, as Glance does on upload; over the size cap it stops with 413 and, on
 * any failure, the staging file is removed.
 */
final class DataIngest {
    private static final int CHUNK = 1 << 20;

    private DataIngest() {
    }

    static IngestedData receive(InputStream in, Path dir, long sizeCap) throws IOException {
        Path staging = ImageStore.newHiddenFile(dir, ".incoming-", ".part");
        boolean done = false;
        try {
            MessageDigest md5 = digest("MD5");
            MessageDigest sha512 = digest("SHA-512");
            long size = 0;
            byte[] buffer = new byte[CHUNK];
            try (OutputStream out = Files.newOutputStream(staging)) {
                int n;
                while ((n = in.read(buffer)) != -1) {
                    size += n;
                    if (size > sizeCap) {
                        throw new GlanceHttpError(413, "Image exceeds the storage quota: more than "
                                + sizeCap + " bytes");
                    }
                    md5.update(buffer, 0, n);
                    sha512.update(buffer, 0, n);
                    out.write(buffer, 0, n);
                }
            }
            done = true;
            HexFormat hex = HexFormat.of();
            return new IngestedData(staging, size, hex.formatHex(md5.digest()), hex.formatHex(sha512.digest()));
        } finally {
            if (!done) {
                Files.deleteIfExists(staging);
            }
        }
    }

    private static MessageDigest digest(String name) {
        try {
            return MessageDigest.getInstance(name);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always provides " + name, e);
        }
    }
}
