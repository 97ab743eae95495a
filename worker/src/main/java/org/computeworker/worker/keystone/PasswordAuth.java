package org.computeworker.worker.keystone;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;
import java.util.Optional;
import org.computeworker.messages.Json;
import org.computeworker.messages.MalformedMessageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * keystoneauth's password plugin against Keystone v3: one token at a time, issued on first use,
 * renewed when less than {@link KeystoneToken#MIN_TOKEN_LIFE} remains or after the service
 * answered 401. Threads share the token; only one of them asks Keystone for a new one.
 */
final class PasswordAuth implements AuthPlugin {
    private static final Logger LOG = LoggerFactory.getLogger(PasswordAuth.class);
    private static final String KEYSTONE = "keystone";

    private final PasswordCredentials credentials;
    private final HttpClient http;
    private final Duration timeout;
    private final Clock clock;
    private KeystoneToken current;

    PasswordAuth(PasswordCredentials credentials, HttpClient http, Duration timeout, Clock clock) {
        this.credentials = credentials;
        this.http = http;
        this.timeout = timeout;
        this.clock = clock;
    }

    @Override
    public Optional<String> token() {
        return Optional.of(access().id());
    }

    @Override
    public synchronized boolean invalidate() {
        boolean had = current != null;
        current = null;
        return had;
    }

    @Override
    public URI endpoint(EndpointFilter filter) {
        return access().catalog().endpoint(filter)
                .orElseThrow(() -> new EndpointNotFoundException(credentials.tokenUrl().toString(), filter));
    }

    private synchronized KeystoneToken access() {
        if (current == null || current.willExpireSoon(clock.instant())) {
            boolean renewal = current != null;
            current = issue();
            LOG.info("{} token from {} for {}, expires at {}", renewal ? "Renewed" : "Obtained",
                    credentials.tokenUrl(), credentials.username() != null ? credentials.username()
                            : credentials.userId(), current.expiresAt());
        }
        return current;
    }

    private KeystoneToken issue() {
        URI url = credentials.tokenUrl();
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(timeout)
                .header("Accept", "application/json")
                .header("Content-Type", "application/json")
                .header("User-Agent", KeystoneSession.USER_AGENT)
                .POST(HttpRequest.BodyPublishers.ofString(credentials.requestBody().toString()))
                .build();
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw ServiceUnavailableException.of(KEYSTONE, url.toString(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServiceUnavailableException(KEYSTONE, url.toString(), "interrupted", e);
        }
        int status = response.statusCode();
        String excerpt = ServiceResponse.excerpt(response.body());
        if (status >= 500) {
            throw new ServiceUnavailableException(KEYSTONE, url.toString(), "HTTP " + status + ": " + excerpt, null);
        }
        if (status < 200 || status >= 300) {
            throw new AuthFailureException(KEYSTONE, url.toString(), status, excerpt);
        }
        return parse(url, response, excerpt);
    }

    private static KeystoneToken parse(URI url, HttpResponse<byte[]> response, String excerpt) {
        String id = response.headers().firstValue("X-Subject-Token").orElse(null);
        try {
            JsonNode token = Json.parse(response.body()).path("token");
            String expires = token.path("expires_at").asText(null);
            if (id == null || id.isEmpty() || expires == null) {
                throw invalid(url, "no X-Subject-Token header or no token.expires_at", null);
            }
            return new KeystoneToken(id, instant(expires), ServiceCatalog.fromToken(token));
        } catch (MalformedMessageException | DateTimeParseException e) {
            throw invalid(url, e.getMessage() + ": " + excerpt, e);
        }
    }

    private static ServiceUnavailableException invalid(URI url, String what, Throwable cause) {
        return new ServiceUnavailableException(KEYSTONE, url.toString(), "not a Keystone v3 token: " + what, cause);
    }

    /** Keystone writes expires_at in UTC, with a Z and microseconds; an offset-less time is UTC too. */
    private static Instant instant(String text) {
        TemporalAccessor t = DateTimeFormatter.ISO_DATE_TIME.parseBest(text, OffsetDateTime::from,
                LocalDateTime::from);
        return t instanceof OffsetDateTime odt ? odt.toInstant() : ((LocalDateTime) t).toInstant(ZoneOffset.UTC);
    }
}
