package org.computeworker.messages.objects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/** nova.objects.RequestSpec: what the scheduler was asked for. */
public final class RequestSpec extends NovaObject {
    public static final String OBJ_NAME = "RequestSpec";

    public RequestSpec(ObjectNode primitive) {
        super(checkPrimitive(primitive, OBJ_NAME));
    }

    public static RequestSpec from(JsonNode node) {
        return node == null || node.isNull() ? null : new RequestSpec(checkPrimitive(node, OBJ_NAME));
    }

    public String instanceUuid() {
        return string("instance_uuid");
    }

    public Flavor flavor() {
        return Flavor.from(child("flavor"));
    }

    public ImageMeta image() {
        return ImageMeta.from(child("image"));
    }

    public int numInstances() {
        return integer("num_instances", 1);
    }

    public List<String> ignoreHosts() {
        List<String> hosts = new ArrayList<>();
        JsonNode v = field("ignore_hosts");
        if (v != null && v.isArray()) {
            v.forEach(h -> hosts.add(h.asText()));
        }
        return hosts;
    }

    public String availabilityZone() {
        return string("availability_zone");
    }
}
