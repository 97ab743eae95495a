package org.computeworker.worker.compute;

import org.computeworker.messages.objects.Instance;
import org.computeworker.messages.objects.Migration;
import org.computeworker.messages.rpc.RequestContext;
import org.computeworker.worker.dispatch.RpcCall;

/** One compute method running: its call, typed arguments, and the instance and migration it works on. */
public final class Invocation {
    private final RpcCall call;
    private final ComputeArgs args;
    private Instance instance;
    private Migration migration;

    public Invocation(RpcCall call) {
        this(call, call.args());
    }

    /** The call with {@code args} in place of its own (a retry starts again from the message as it arrived). */
    public Invocation(RpcCall call, com.fasterxml.jackson.databind.node.ObjectNode args) {
        this.call = call;
        this.args = new ComputeArgs(args);
        this.instance = this.args.optionalInstance();
        this.migration = this.args.migration();
    }

    public String method() {
        return call.method();
    }

    public RequestContext context() {
        return call.context();
    }

    public ComputeArgs args() {
        return args;
    }

    /** The instance the method works on; a method without one (external_instance_event) must not ask. */
    public Instance instance() {
        if (instance == null) {
            throw new org.computeworker.messages.MalformedMessageException("argument 'instance' is missing");
        }
        return instance;
    }

    public void instance(Instance instance) {
        this.instance = instance;
    }

    public Migration migration() {
        return migration;
    }

    public void migration(Migration migration) {
        this.migration = migration;
    }

    public RpcCall call() {
        return call;
    }
}
