package org.computeworker.worker.placement;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.computeworker.messages.Json;
import org.computeworker.worker.keystone.KeystoneSession;
import org.computeworker.worker.keystone.ServiceRequest;
import org.computeworker.worker.keystone.ServiceResponse;

/**
 * Someone else using the same placement: the scheduler claiming resources, an operator setting
 * traits. Plain requests with their microversions, nothing cached.
 */
final class OtherWriter {
    private final KeystoneSession session;

    OtherWriter(RealPlacement placement) {
        this.session = KeystoneSession.open(PlacementOptions.read(placement.novaConf("")).auth());
    }

    ServiceResponse send(ServiceRequest request, String version) {
        return session.send(request.withHeader("Accept", "application/json")
                .withHeader("OpenStack-API-Version", "placement " + version));
    }

    JsonNode get(String path, String version) {
        ServiceResponse r = send(ServiceRequest.get(path), version);
        assertEquals(200, r.status(), r + " " + r.text());
        return r.json();
    }

    int generation(String rp) {
        return get("/resource_providers/" + rp, "1.14").path("generation").asInt();
    }

    /** PUT /resource_providers/{uuid}/traits at the provider's current generation: a concurrent change. */
    void setTraits(String rp, List<String> traits) {
        for (String t : traits) {
            if (t.startsWith("CUSTOM_")) {
                send(ServiceRequest.put("/traits/" + t, null), "1.6");
            }
        }
        ObjectNode body = Json.object().put("resource_provider_generation", generation(rp));
        body.set("traits", Json.MAPPER.valueToTree(traits));
        ServiceResponse r = send(ServiceRequest.put("/resource_providers/" + rp + "/traits", body), "1.6");
        assertEquals(200, r.status(), r.text());
    }

    /** PUT /allocations/{consumer} at 1.28 for a new consumer, as the scheduler's claim_resources does. */
    void claim(String consumer, String rp, Map<String, Integer> resources, String project, String user) {
        ObjectNode res = Json.object();
        resources.forEach(res::put);
        ObjectNode body = Json.object();
        body.set("allocations", Json.object().set(rp, Json.object().set("resources", res)));
        body.put("project_id", project).put("user_id", user);
        body.putNull("consumer_generation");
        ServiceResponse r = send(ServiceRequest.put("/allocations/" + consumer, body), "1.28");
        assertEquals(204, r.status(), r.text());
    }
}
