package org.computeworker.worker.keystone;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A keystoneauth Session and Adapter for one service section: finds the service's endpoint
 * ({@code endpoint_override}, else the plugin's fixed endpoint or the token's catalog), sends
 * X-Auth-Token, and on a 401 gets a new token and resends once, as keystoneauth does.
 * Every answer is returned whatever its status; only failing to get one is an exception.
 */
public final class KeystoneSession {
    static final String USER_AGENT = "compute-worker keystoneauth-java";
    private static final Logger LOG = LoggerFactory.getLogger(KeystoneSession.class);

    private final ServiceAuthOptions options;
    private final HttpClient http;
    private final AuthPlugin auth;

    KeystoneSession(ServiceAuthOptions options, HttpClient http, Clock clock) {
        this.options = options;
        this.http = http;
        this.auth = switch (options.authType()) {
            case PASSWORD -> new PasswordAuth(options.password(), http, options.timeout(), clock);
            case ADMIN_TOKEN -> new FixedEndpointAuth(options.token(), options.endpoint());
            case NONE -> new FixedEndpointAuth(null, options.endpoint());
        };
    }

    /** A session with its own HTTP client, with the section's timeout and TLS trust. */
    public static KeystoneSession open(ServiceAuthOptions options) {
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(options.timeout())
                .followRedirects(HttpClient.Redirect.NORMAL)
                .sslContext(TlsContexts.forOptions(options))
                .build();
        return new KeystoneSession(options, http, Clock.systemUTC());
    }

    /** The service type this session talks to, e.g. "placement": the name its errors carry. */
    public String service() {
        return options.endpointFilter().serviceType();
    }

    /** The service's base URL; with a password plugin this may authenticate to read the catalog. */
    public URI endpoint() {
        return options.endpointOverride() != null ? options.endpointOverride()
                : auth.endpoint(options.endpointFilter());
    }

    /**
     * Sends the request to the service and returns its answer, whatever the status.
     *
     * @throws ServiceUnavailableException no answer (connection, timeout, TLS), naming the service and URL
     * @throws AuthFailureException Keystone refused the credentials
     * @throws EndpointNotFoundException the catalog has no matching endpoint
     */
    public ServiceResponse send(ServiceRequest request) {
        URI url = URI.create(endpoint().toString().replaceAll("/+$", "") + request.path());
        Optional<String> token = auth.token();
        ServiceResponse response = exchange(request, url, token);
        if (response.status() == 401 && token.isPresent() && auth.invalidate()) {
            LOG.info("{} answered 401 to {} {}: getting a new token and sending once more", service(),
                    request.method(), url);
            response = exchange(request, url, auth.token());
        }
        return response;
    }

    private ServiceResponse exchange(ServiceRequest request, URI url, Optional<String> token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(url)
                .timeout(options.timeout())
                .header("User-Agent", USER_AGENT)
                .method(request.method(), request.body() == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(request.body()));
        if (request.body() != null) {
            b.header("Content-Type", "application/json");
        }
        for (Map.Entry<String, String> h : request.headers().entrySet()) {
            b.header(h.getKey(), h.getValue());
        }
        token.ifPresent(t -> b.header("X-Auth-Token", t));
        HttpRequest built = b.build();
        try {
            HttpResponse<byte[]> r;
            try {
                r = http.send(built, HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException e) {
                if (!closedWithoutAnswer(e)) {
                    throw e;
                }
                // a kept-alive connection the server had closed (WSGI servers do so without saying): the request
                // never reached it, so it is sent once more on a fresh connection, as urllib3 does
                LOG.debug("{} closed the connection before answering {} {}: sending once more", service(),
                        request.method(), url);
                r = http.send(built, HttpResponse.BodyHandlers.ofByteArray());
            }
            return new ServiceResponse(request.method(), url, r.statusCode(), r.headers(), r.body());
        } catch (IOException e) {
            throw ServiceUnavailableException.of(service(), url.toString(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServiceUnavailableException(service(), url.toString(), "interrupted", e);
        }
    }

    /** The JDK's words for a pooled connection found closed when the request went out on it. */
    private static boolean closedWithoutAnswer(IOException e) {
        String m = String.valueOf(e.getMessage());
        return m.contains("header parser received no bytes") || m.contains("Connection reset")
                || e instanceof java.io.EOFException;
    }

    @Override
    public String toString() {
        return "KeystoneSession[" + options + "]";
    }
}
