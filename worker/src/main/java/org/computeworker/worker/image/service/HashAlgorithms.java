package org.computeworker.worker.image.service;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns Glance's {@code os_hash_algo} values, which are Python hashlib names, into JCA digests. */
final class HashAlgorithms {
    private static final Pattern SHA3 = Pattern.compile("sha3_(224|256|384|512)");
    private static final Pattern SHA512_TRUNCATED = Pattern.compile("sha512_(224|256)");
    private static final Pattern SHA2 = Pattern.compile("sha(224|256|384|512)");

    private HashAlgorithms() {
    }

    /** A fresh digest for a hashlib name such as "sha512" or "sha3_256"; empty when the JDK lacks it. */
    static Optional<MessageDigest> forHashlibName(String name) {
        String jca = jcaName(name.trim().toLowerCase(Locale.ROOT));
        if (jca == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(MessageDigest.getInstance(jca));
        } catch (NoSuchAlgorithmException e) {
            return Optional.empty();
        }
    }

    static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always provides MD5", e);
        }
    }

    private static String jcaName(String hashlib) {
        Matcher m;
        if (hashlib.equals("md5")) {
            return "MD5";
        } else if (hashlib.equals("sha1")) {
            return "SHA-1";
        } else if ((m = SHA3.matcher(hashlib)).matches()) {
            return "SHA3-" + m.group(1);
        } else if ((m = SHA512_TRUNCATED.matcher(hashlib)).matches()) {
            return "SHA-512/" + m.group(1);
        } else if ((m = SHA2.matcher(hashlib)).matches()) {
            return "SHA-" + m.group(1);
        }
        return null;
    }
}
