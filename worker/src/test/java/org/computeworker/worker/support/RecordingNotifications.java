package org.computeworker.worker.support;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.computeworker.messages.objects.Flavor;
import org.computeworker.messages.objects.Instance;
import org.computeworker.messages.rpc.RequestContext;
import org.computeworker.worker.compute.ComputeNotifications;

/** Records the event types a host announces, in order, as nova would name them. */
public final class RecordingNotifications implements ComputeNotifications {
    private final List<String> events = new ArrayList<>();

    public synchronized List<String> events() {
        return List.copyOf(events);
    }

    public synchronized List<String> eventsFor(String instanceUuid) {
        return events.stream().filter(e -> e.endsWith("@" + instanceUuid)).map(e -> e.substring(0, e.indexOf('@')))
                .toList();
    }

    public synchronized void clear() {
        events.clear();
    }

    private synchronized void add(String event, Instance i) {
        events.add(event + "@" + (i == null ? "-" : i.uuid()));
    }

    @Override
    public void usageExists(RequestContext ctx, Instance instance) {
        add("compute.instance.exists", instance);
        add("instance.exists", instance);
    }

    @Override
    public void usage(RequestContext ctx, Instance instance, String suffix, ObjectNode extra, Throwable fault) {
        add("compute.instance." + suffix, instance);
    }

    @Override
    public void action(RequestContext ctx, Instance instance, String action, String phase, Throwable fault) {
        add("instance." + action + "." + phase, instance);
    }

    @Override
    public void resizePrep(RequestContext ctx, Instance instance, String phase, Flavor newFlavor) {
        add("instance.resize_prep." + phase, instance);
    }

    @Override
    public void create(RequestContext ctx, Instance instance, String phase, Throwable fault) {
        add("instance.create." + phase, instance);
    }

    @Override
    public synchronized void exception(RequestContext ctx, String method, Throwable error, ObjectNode callArgs) {
        Object uuid = callArgs.path("instance").path("nova_object.data").path("uuid").asText("-");
        events.add(method + "@" + uuid);
        events.add("compute.exception@" + uuid);
    }
}
