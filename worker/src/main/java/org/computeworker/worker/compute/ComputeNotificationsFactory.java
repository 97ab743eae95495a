package org.computeworker.worker.compute;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.computeworker.messages.objects.Flavor;
import org.computeworker.messages.objects.Instance;
import org.computeworker.messages.rpc.RequestContext;
import org.computeworker.worker.WorkerRuntime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds the notifier the configuration asks for. */
final class ComputeNotificationsFactory {
    private static final Logger LOG = LoggerFactory.getLogger(ComputeNotificationsFactory.class);

    private ComputeNotificationsFactory() {
    }

    static ComputeNotifications create(WorkerRuntime runtime) {
        LOG.warn("notifications are not wired yet in this build: none will be sent");
        return new ComputeNotifications() {
            @Override
            public void usageExists(RequestContext ctx, Instance instance) {
            }

            @Override
            public void usage(RequestContext ctx, Instance instance, String suffix, ObjectNode extra, Throwable fault) {
            }

            @Override
            public void action(RequestContext ctx, Instance instance, String action, String phase, Throwable fault) {
            }

            @Override
            public void resizePrep(RequestContext ctx, Instance instance, String phase, Flavor newFlavor) {
            }

            @Override
            public void create(RequestContext ctx, Instance instance, String phase, Throwable fault) {
            }

            @Override
            public void exception(RequestContext ctx, String method, Throwable error, ObjectNode callArgs) {
            }
        };
    }
}
