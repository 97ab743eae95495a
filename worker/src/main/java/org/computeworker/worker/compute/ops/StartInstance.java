package org.computeworker.worker.compute.ops;

import static org.computeworker.worker.compute.interceptors.Decorator.WRAP_EXCEPTION;
import static org.computeworker.worker.compute.interceptors.Decorator.REVERTS_TASK_STATE;
import static org.computeworker.worker.compute.interceptors.Decorator.WRAP_INSTANCE_EVENT;
import static org.computeworker.worker.compute.interceptors.Decorator.WRAP_INSTANCE_FAULT;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.computeworker.messages.objects.Instance;
import org.computeworker.worker.compute.ComputeServices;
import org.computeworker.worker.compute.Invocation;
import org.computeworker.worker.compute.interceptors.NovaDecorators;
import org.computeworker.worker.compute.States;
import org.computeworker.worker.notify.Phase;

/** nova's start_instance: power the guest on, refresh its power state, active, no task. */
@NovaDecorators({WRAP_EXCEPTION, REVERTS_TASK_STATE, WRAP_INSTANCE_EVENT, WRAP_INSTANCE_FAULT})
public final class StartInstance extends OperationSupport {
    public StartInstance(ComputeServices services) {
        super(services);
    }

    @Override
    public String method() {
        return "start_instance";
    }

    @Override
    public void admit(Invocation inv) {
        s.admission().instanceStep(inv, States.POWERING_ON);
    }

    @Override
    public JsonNode run(Invocation inv) {
        Instance instance = inv.instance();
        s.notifier().powerOn(inv.context(), instance, Phase.START);
        s.driver().powerOn(inv.context(), instance, networkInfo(instance));
        instance.setPowerState(powerState(instance));
        instance.setVmState(States.ACTIVE);
        instance.setTaskState(null);
        s.instances().save(inv.context(), instance, List.of(States.POWERING_ON));
        s.notifier().powerOn(inv.context(), instance, Phase.END);
        return null;
    }
}
