package org.computeworker.worker.record.local;

import java.util.Optional;
import java.util.UUID;
import org.computeworker.messages.objects.NovaTime;
import org.computeworker.messages.objects.Service;
import org.computeworker.messages.rpc.RequestContext;
import org.computeworker.worker.record.ServiceRecord;
import org.computeworker.worker.state.RecordObjectStore;

/** Standalone: the service record is kept in the state file, as nova's services table would hold it. */
public final class LocalServices implements ServiceRecord {
    private final RecordObjectStore store;

    public LocalServices(RecordObjectStore store) {
        this.store = store;
    }

    private static String key(String host, String binary) {
        return host + "/" + binary;
    }

    @Override
    public Optional<Service> getByHostAndBinary(RequestContext ctx, String host, String binary) {
        return store.find(Service.OBJ_NAME, key(host, binary)).map(Service::from);
    }

    @Override
    public synchronized void create(RequestContext ctx, Service service) {
        if (service.id() == null) {
            service.setField("id", org.computeworker.messages.Json.NODES.numberNode(1));
        }
        if (service.uuid() == null) {
            service.setField("uuid", org.computeworker.messages.Json.NODES.textNode(UUID.randomUUID().toString()));
        }
        if (!service.isSet("disabled")) {
            service.setDisabled(false, null);
        }
        service.setField("forced_down", org.computeworker.messages.Json.NODES.booleanNode(false));
        save(ctx, service);
    }

    @Override
    public void save(RequestContext ctx, Service service) {
        service.setField("updated_at", org.computeworker.messages.Json.NODES.textNode(
                NovaTime.objectField(NovaTime.nowSeconds())));
        service.resetChanges();
        store.put(key(service.host(), service.binary()), service);
    }
}
