package org.computeworker.worker.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import org.computeworker.messages.Json;
import org.computeworker.messages.objects.Instance;
import org.computeworker.messages.objects.NovaObject;

/**
 * The instance's keypairs for InstanceCreatePayload. Nova reads them from its database
 * (instance_extra) when the RPC'd instance lacks them; the worker has no database, so it rebuilds
 * the one keypair nova stored at boot from {@code key_name}/{@code key_data}, with nova's ssh
 * fingerprint (md5 of the key, colon-separated).
 */
final class InstanceKeypairs {
    private InstanceKeypairs() {
    }

    static ArrayNode payloads(Instance instance) {
        ArrayNode list = Json.array();
        ObjectNode loaded = instance.child("keypairs");
        if (loaded != null) {
            for (JsonNode kp : loaded.path(NovaObject.DATA).path("objects")) {
                list.add(PayloadParts.keypair(NovaObject.of(kp)));
            }
            return list;
        }
        String name = instance.string("key_name");
        if (name == null) {
            return list;
        }
        ObjectNode data = Json.object();
        data.put("user_id", instance.userId());
        data.put("name", name);
        String publicKey = instance.string("key_data");
        data.put("fingerprint", fingerprint(publicKey));
        data.put("public_key", publicKey);
        data.put("type", "ssh");
        list.add(VersionedPayload.of("KeypairPayload", "1.0", data));
        return list;
    }

    /** nova.crypto.generate_fingerprint; null for a key that is not valid base64. */
    static String fingerprint(String publicKey) {
        if (publicKey == null) {
            return null;
        }
        String[] parts = publicKey.trim().split(" ");
        if (parts.length < 2 || parts[1].length() % 4 != 0) { // python insists on padding
            return null;
        }
        try {
            byte[] raw = Base64.getDecoder().decode(parts[1].getBytes(StandardCharsets.US_ASCII));
            String hex = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(raw));
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < hex.length(); i += 2) {
                out.append(i == 0 ? "" : ":").append(hex, i, i + 2);
            }
            return out.toString();
        } catch (IllegalArgumentException | NoSuchAlgorithmException e) {
            return null;
        }
    }
}
