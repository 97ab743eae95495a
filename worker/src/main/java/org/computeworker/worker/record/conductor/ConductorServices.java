package org.computeworker.worker.record.conductor;

import java.util.Optional;
import org.computeworker.messages.objects.Service;
import org.computeworker.messages.rpc.RequestContext;
import org.computeworker.worker.record.ServiceRecord;

/** nova's Service methods through the conductor. */
public final class ConductorServices implements ServiceRecord {
    private final ConductorCalls conductor;

    public ConductorServices(ConductorCalls conductor) {
        this.conductor = conductor;
    }

    @Override
    public Optional<Service> getByHostAndBinary(RequestContext ctx, String host, String binary) {
        return Optional.ofNullable(Service.from(conductor.classAction(ctx, Service.OBJ_NAME, "get_by_host_and_binary",
                ConductorCalls.args(host, binary), ConductorCalls.kwargs())));
    }

    @Override
    public void create(RequestContext ctx, Service service) {
        conductor.action(ctx, service, "create", ConductorCalls.kwargs());
    }

    @Override
    public void save(RequestContext ctx, Service service) {
        conductor.action(ctx, service, "save", ConductorCalls.kwargs());
    }
}
