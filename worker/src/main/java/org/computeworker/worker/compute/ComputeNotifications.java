package org.computeworker.worker.compute;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.computeworker.messages.objects.Flavor;
import org.computeworker.messages.objects.Instance;
import org.computeworker.messages.rpc.RequestContext;

/**
 * The notifications the compute operations emit, named after the nova helpers they mirror. The
 * notify package decides format (legacy, versioned, both), envelope and topics.
 */
public interface ComputeNotifications {
    /** notify_usage_exists: compute.instance.exists and instance.exists. */
    void usageExists(RequestContext ctx, Instance instance);

    /** notify_about_instance_usage: legacy compute.instance.{@code suffix}; {@code fault} for *.error. */
    void usage(RequestContext ctx, Instance instance, String suffix, ObjectNode extra, Throwable fault);

    /** notify_about_instance_action: versioned instance.{@code action}.{@code phase}. */
    void action(RequestContext ctx, Instance instance, String action, String phase, Throwable fault);

    /** notify_about_resize_prep_instance: versioned instance.resize_prep.{@code phase} with the new flavor. */
    void resizePrep(RequestContext ctx, Instance instance, String phase, Flavor newFlavor);

    /** notify_about_instance_create: versioned instance.create.{@code phase}. */
    void create(RequestContext ctx, Instance instance, String phase, Throwable fault);

    /** wrap_exception: legacy {@code method} at ERROR with the exception and call args; versioned compute.exception. */
    void exception(RequestContext ctx, String method, Throwable error, ObjectNode callArgs);
}
