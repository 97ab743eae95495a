package org.computeworker.worker.keystone;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.computeworker.messages.Json;

/** A service's answer, whatever its status (keystoneauth's raise_exc=False, which nova's clients use). */
public record ServiceResponse(String method, URI uri, int status, HttpHeaders headers, byte[] body) {
    private static final int EXCERPT_LIMIT = 4096;

    public boolean isSuccess() {
        return status >= 200 && status < 300;
    }

    public Optional<String> header(String name) {
        return headers.firstValue(name);
    }

    /** The body as JSON; a body that is not JSON is an unexpected answer, reported with its text. */
    public JsonNode json() {
        return Json.parse(body);
    }

    /** The start of the body as text, for logs and error messages. */
    public String text() {
        return excerpt(body);
    }

    static String excerpt(byte[] body) {
        if (body == null) {
            return "";
        }
        int length = Math.min(body.length, EXCERPT_LIMIT);
        return new String(body, 0, length, StandardCharsets.UTF_8).strip();
    }

    @Override
    public String toString() {
        return method + " " + uri + " -> HTTP " + status;
    }
}
