package org.computeworker.worker.placement;

import com.fasterxml.jackson.databind.JsonNode;
import org.computeworker.messages.MalformedMessageException;
import org.computeworker.worker.keystone.AuthFailureException;
import org.computeworker.worker.keystone.KeystoneSession;
import org.computeworker.worker.keystone.ServiceRequest;
import org.computeworker.worker.keystone.ServiceResponse;
import org.computeworker.worker.keystone.ServiceUnavailableException;

/**
 * Requests to placement as nova's report client sends them: Accept: application/json on every
 * request, a microversion header where nova asks for one. A 5xx or a refused token becomes the
 * typed error a caller retries later; every other answer goes back to the caller to judge.
 */
final class PlacementHttp {
    static final String SERVICE = "placement";
    /** Placement's structured error codes (placement/errors.py). */
    static final String INVENTORY_IN_USE = "placement.inventory.inuse";
    static final String CONCURRENT_UPDATE = "placement.concurrent_update";

    private final KeystoneSession session;

    PlacementHttp(KeystoneSession session) {
        this.session = session;
    }

    ServiceResponse get(String path, String version) {
        return send(ServiceRequest.get(path), version);
    }

    ServiceResponse put(String path, JsonNode body, String version) {
        return send(ServiceRequest.put(path, body), version);
    }

    ServiceResponse post(String path, JsonNode body, String version) {
        return send(ServiceRequest.post(path, body), version);
    }

    ServiceResponse delete(String path, String version) {
        return send(ServiceRequest.delete(path), version);
    }

    private ServiceResponse send(ServiceRequest request, String version) {
        ServiceRequest r = request.withHeader("Accept", "application/json");
        if (version != null) {
            r = r.withHeader("OpenStack-API-Version", "placement " + version);
        }
        ServiceResponse response = session.send(r);
        if (response.status() >= 500) {
            throw new ServiceUnavailableException(SERVICE, response.uri().toString(), "HTTP " + response.status()
                    + " to " + request.method() + ": " + response.text(), null);
        }
        if (response.status() == 401) {
            throw new AuthFailureException(SERVICE, response.uri().toString(), 401, response.text());
        }
        return response;
    }

    /** The body of a success that must be JSON; anything else is an answer nova would not expect. */
    static JsonNode json(ServiceResponse response, String what) {
        try {
            return response.json();
        } catch (MalformedMessageException e) {
            throw new UnexpectedPlacementResponseException(what + " (the body is not JSON)", response);
        }
    }

    /** errors[0].code of placement's error document; the default code when there is none. */
    static String errorCode(ServiceResponse response) {
        return firstError(response).path("code").asText("placement.undefined_code");
    }

    static String errorDetail(ServiceResponse response) {
        return firstError(response).path("detail").asText(response.text());
    }

    private static JsonNode firstError(ServiceResponse response) {
        try {
            return response.json().path("errors").path(0);
        } catch (MalformedMessageException e) {
            return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        }
    }
}
