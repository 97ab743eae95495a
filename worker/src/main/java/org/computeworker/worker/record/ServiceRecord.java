package org.computeworker.worker.record;

import java.util.Optional;
import org.computeworker.messages.objects.Service;
import org.computeworker.messages.rpc.RequestContext;

/** nova's Service object as nova-compute's service start-up and heartbeat use it. */
public interface ServiceRecord {
    /** {@code Service.get_by_host_and_binary}; empty when the host never registered. */
    Optional<Service> getByHostAndBinary(RequestContext ctx, String host, String binary);

    /** {@code service.create()}: the service takes its id, uuid and what the record set. */
    void create(RequestContext ctx, Service service);

    /** {@code service.save()}: the heartbeat and version updates. */
    void save(RequestContext ctx, Service service);
}
