package org.computeworker.worker.compute;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.computeworker.messages.Json;
import org.computeworker.messages.MalformedMessageException;
import org.computeworker.messages.objects.BlockDeviceMappingList;
import org.computeworker.messages.objects.Flavor;
import org.computeworker.messages.objects.ImageMeta;
import org.computeworker.messages.objects.Instance;
import org.computeworker.messages.objects.Migration;
import org.computeworker.messages.objects.RequestSpec;
import org.computeworker.messages.objects.Selection;

/** The keyword arguments of a compute RPC, read as nova's types; a wrong type names the argument. */
public final class ComputeArgs {
    private final ObjectNode args;

    public ComputeArgs(ObjectNode args) {
        this.args = args;
    }

    public ObjectNode raw() {
        return args;
    }

    public JsonNode get(String name) {
        JsonNode v = args.get(name);
        return v == null || v.isNull() ? null : v;
    }

    public Instance instance() {
        return typed("instance", true, Instance::from);
    }

    public Instance optionalInstance() {
        return typed("instance", false, Instance::from);
    }

    public Migration migration() {
        return typed("migration", false, Migration::from);
    }

    public Flavor flavor(String name) {
        return typed(name, false, Flavor::from);
    }

    public ImageMeta image() {
        return typed("image", false, ImageMeta::from);
    }

    public RequestSpec requestSpec() {
        return typed("request_spec", false, RequestSpec::from);
    }

    public BlockDeviceMappingList blockDeviceMapping() {
        return blockDeviceMappingList("block_device_mapping");
    }

    /** A BlockDeviceMappingList argument by name (build_and_run_instance's block_device_mapping, terminate's bdms). */
    public BlockDeviceMappingList blockDeviceMappingList(String name) {
        return typed(name, false, BlockDeviceMappingList::from);
    }

    public List<Selection> hostList() {
        List<Selection> out = new ArrayList<>();
        JsonNode v = get("host_list");
        if (v == null) {
            return out;
        }
        if (!v.isArray()) {
            throw new MalformedMessageException("argument 'host_list' must be a list of Selection, got " + v.getNodeType());
        }
        for (JsonNode s : v) {
            out.add(typedValue("host_list", s, Selection::from));
        }
        return out;
    }

    public ObjectNode dict(String name) {
        JsonNode v = get(name);
        if (v == null) {
            return Json.object();
        }
        if (!v.isObject()) {
            throw new MalformedMessageException("argument '" + name + "' must be a dict, got " + v.getNodeType());
        }
        return (ObjectNode) v;
    }

    public String string(String name) {
        JsonNode v = get(name);
        if (v == null) {
            return null;
        }
        if (!v.isTextual()) {
            throw new MalformedMessageException("argument '" + name + "' must be a string, got " + v.getNodeType());
        }
        return v.textValue();
    }

    public boolean bool(String name, boolean fallback) {
        JsonNode v = get(name);
        if (v == null) {
            return fallback;
        }
        if (!v.isBoolean()) {
            throw new MalformedMessageException("argument '" + name + "' must be a boolean, got " + v.getNodeType());
        }
        return v.booleanValue();
    }

    private <T> T typed(String name, boolean required, java.util.function.Function<JsonNode, T> reader) {
        JsonNode v = get(name);
        if (v == null) {
            if (required) {
                throw new MalformedMessageException("argument '" + name + "' is missing");
            }
            return null;
        }
        return typedValue(name, v, reader);
    }

    private static <T> T typedValue(String name, JsonNode v, java.util.function.Function<JsonNode, T> reader) {
        try {
            return reader.apply(v);
        } catch (MalformedMessageException e) {
            throw new MalformedMessageException("argument '" + name + "': " + e.getMessage());
        }
    }
}
