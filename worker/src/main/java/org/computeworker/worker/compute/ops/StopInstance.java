package org.computeworker.worker.compute.ops;

import static org.computeworker.worker.compute.interceptors.Decorator.WRAP_EXCEPTION;
import static org.computeworker.worker.compute.interceptors.Decorator.REVERTS_TASK_STATE;
import static org.computeworker.worker.compute.interceptors.Decorator.WRAP_INSTANCE_EVENT;
import static org.computeworker.worker.compute.interceptors.Decorator.WRAP_INSTANCE_FAULT;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.computeworker.messages.objects.Instance;
import org.computeworker.worker.compute.ComputeServices;
import org.computeworker.worker.compute.Invocation;
import org.computeworker.worker.compute.interceptors.NovaDecorators;
import org.computeworker.worker.compute.States;
import org.computeworker.worker.notify.Phase;
import org.computeworker.worker.virt.PowerState;

/** nova's stop_instance: power the guest off (cleanly when asked), stopped, no task. */
@NovaDecorators({WRAP_EXCEPTION, REVERTS_TASK_STATE, WRAP_INSTANCE_EVENT, WRAP_INSTANCE_FAULT})
public final class StopInstance extends OperationSupport {
    public StopInstance(ComputeServices services) {
        super(services);
    }

    @Override
    public String method() {
        return "stop_instance";
    }

    @Override
    public void admit(Invocation inv) {
        s.admission().instanceStep(inv, States.POWERING_OFF);
    }

    @Override
    public JsonNode run(Invocation inv) {
        stop(inv, inv.args().bool("clean_shutdown", true));
        return null;
    }

    /** The stop itself, also used by finish_revert_resize for an instance that was stopped. */
    void stop(Invocation inv, boolean cleanShutdown) {
        Instance instance = inv.instance();
        int current = powerState(instance);
        List<String> expected = new ArrayList<>();
        expected.add(States.POWERING_OFF);
        if (current == PowerState.NOSTATE.code() || current == PowerState.SHUTDOWN.code()
                || current == PowerState.CRASHED.code()) {
            expected.add(null); // already off in the hypervisor
        }
        s.notifier().powerOff(inv.context(), instance, Phase.START);
        Duration[] values = powerOffValues(instance, cleanShutdown);
        s.driver().powerOff(instance, values[0], values[1]);
        instance.setPowerState(powerState(instance));
        instance.setVmState(States.STOPPED);
        instance.setTaskState(null);
        s.instances().save(inv.context(), instance, expected);
        s.notifier().powerOff(inv.context(), instance, Phase.END);
    }
}
