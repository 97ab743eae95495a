package org.computeworker.worker.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import org.computeworker.messages.Json;
import org.computeworker.messages.objects.BlockDeviceMappingList;
import org.computeworker.messages.objects.Flavor;
import org.computeworker.messages.objects.Instance;
import org.computeworker.messages.objects.NovaObject;
import org.computeworker.messages.rpc.RequestContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The notifications the compute operations send, legacy and versioned, as nova-compute (Zed)
 * sends them. Each method mirrors one nova function and sends what it sends, in its order:
 *
 * <ul>
 * <li>{@link #prepResize} — ComputeManager._send_prep_resize_notifications: at START
 *     notify_usage_exists(current_period=True) first, then {@code compute.instance.resize.prep.*}
 *     (END adds new_instance_type / new_instance_type_id) and {@code instance.resize_prep.*}
 *     (notify_about_resize_prep_instance).</li>
 * <li>{@link #resize} — _send_resize_instance_notifications: {@code compute.instance.resize.*}
 *     with fixed_ips, {@code instance.resize.*} with the BDMs.</li>
 * <li>{@link #resizeError} — the error branch of _reschedule_resize_or_reraise:
 *     {@code compute.instance.resize.error} and {@code instance.resize.error}, with the fault.</li>
 * <li>{@link #finishResize} — _send_finish_resize_notifications:
 *     {@code compute.instance.finish_resize.*} with fixed_ips, {@code instance.resize_finish.*}.</li>
 * <li>{@link #confirmResize} — _confirm_resize: {@code compute.instance.resize.confirm.*}
 *     (fixed_ips at END only), {@code instance.resize_confirm.*}.</li>
 * <li>{@link #revertResizeAtDestination} — revert_resize (destination):
 *     notify_usage_exists(current_period=True).</li>
 * <li>{@link #finishRevertResize} — _finish_revert_resize (source):
 *     {@code compute.instance.resize.revert.*}, {@code instance.resize_revert.*} with the BDMs.</li>
 * <li>{@link #reboot} / {@link #rebootError} — _reboot_instance: {@code compute.instance.reboot.*},
 *     {@code instance.reboot.*} with the BDMs (ERROR with the fault when the guest still runs).</li>
 * <li>{@link #shutdown} / {@link #delete} — _shutdown_instance and _delete_instance:
 *     {@code compute.instance.shutdown|delete.*}, {@code instance.shutdown|delete.*} with the BDMs.</li>
 * <li>{@link #powerOn} / {@link #powerOff} — start_instance / stop_instance:
 *     {@code compute.instance.power_on|power_off.*}, {@code instance.power_on|power_off.*}.</li>
 * <li>{@link #createStart} / {@link #createEnd} / {@link #createError} — _build_and_run_instance:
 *     {@code compute.instance.create.*} (image_name at START, message "Success" and fixed_ips at END,
 *     the fault at ERROR) and notify_about_instance_create ({@code instance.create.*}).</li>
 * <li>{@link #exception} — nova.exception_wrapper.wrap_exception: legacy event named after the RPC
 *     method with {@code {"exception", "args"}}, and versioned {@code compute.exception}.</li>
 * <li>{@link #usageExists} — compute_utils.notify_usage_exists.</li>
 * </ul>
 *
 * <p>Error phases go out at priority ERROR, everything else at INFO. network_info always comes
 * from the instance's info cache. A notification that cannot be built is logged and skipped: it
 * never fails the operation.
 */
public final class Notifier {
    private static final Logger LOG = LoggerFactory.getLogger(Notifier.class);

    private final NotifierSettings settings;
    private final NotificationEmitter emitter;
    private final InstancePayloads versioned;
    private final ImageRefUrls imageUrls;
    private final LegacyCallArgs callArgs;
    private final Clock clock;

    public Notifier(NotifierSettings settings, NotificationSink sink) {
        this(settings, sink, Clock.systemUTC());
    }

    public Notifier(NotifierSettings settings, NotificationSink sink, Clock clock) {
        this.settings = settings;
        this.emitter = new NotificationEmitter(settings, sink);
        InstanceNames names = new InstanceNames(settings.instanceNameTemplate());
        this.versioned = new InstancePayloads(settings.bdmsInNotifications(), names);
        this.imageUrls = new ImageRefUrls(settings.glanceApiServer());
        this.callArgs = new LegacyCallArgs(names);
        this.clock = clock;
    }

    public void prepResize(RequestContext ctx, Instance instance, Phase phase, Flavor newFlavor) {
        guard("resize.prep." + phase.suffix(), () -> {
            if (phase == Phase.START) {
                sendUsageExists(ctx, instance, true);
            }
            if (emitter.legacyEnabled()) {
                ObjectNode legacy = legacyPayload(ctx, instance, false);
                if (phase == Phase.END) {
                    legacy.put("new_instance_type", newFlavor.name());
                    legacy.set("new_instance_type_id", newFlavor.isSet("id") ? newFlavor.field("id").deepCopy()
                            : Json.NODES.nullNode());
                }
                emitter.legacy(ctx, "compute.instance.resize.prep." + phase.suffix(), NotificationEmitter.INFO,
                        legacy, instance.uuid());
            }
            if (emitter.versionedEnabled()) {
                emitter.versioned(ctx, "instance.resize_prep." + phase.suffix(), NotificationEmitter.INFO,
                        versioned.resizePrep(ctx, instance, newFlavor), instance.uuid());
            }
        });
    }

    public void resize(RequestContext ctx, Instance instance, Phase phase, BlockDeviceMappingList bdms) {
        action(ctx, instance, InstanceAction.RESIZE, phase, bdms, null);
    }

    public void resizeError(RequestContext ctx, Instance instance, Throwable error) {
        action(ctx, instance, InstanceAction.RESIZE, Phase.ERROR, null, error);
    }

    public void finishResize(RequestContext ctx, Instance instance, Phase phase, BlockDeviceMappingList bdms) {
        action(ctx, instance, InstanceAction.RESIZE_FINISH, phase, bdms, null);
    }

    public void confirmResize(RequestContext ctx, Instance instance, Phase phase) {
        action(ctx, instance, InstanceAction.RESIZE_CONFIRM, phase, null, null);
    }

    public void revertResizeAtDestination(RequestContext ctx, Instance instance) {
        usageExists(ctx, instance, true);
    }

    public void finishRevertResize(RequestContext ctx, Instance instance, Phase phase,
                                   BlockDeviceMappingList bdms) {
        action(ctx, instance, InstanceAction.RESIZE_REVERT, phase, bdms, null);
    }

    public void reboot(RequestContext ctx, Instance instance, Phase phase, BlockDeviceMappingList bdms) {
        action(ctx, instance, InstanceAction.REBOOT, phase, bdms, null);
    }

    public void rebootError(RequestContext ctx, Instance instance, Throwable error, BlockDeviceMappingList bdms) {
        action(ctx, instance, InstanceAction.REBOOT, Phase.ERROR, bdms, error);
    }

    public void shutdown(RequestContext ctx, Instance instance, Phase phase, BlockDeviceMappingList bdms) {
        action(ctx, instance, InstanceAction.SHUTDOWN, phase, bdms, null);
    }

    public void delete(RequestContext ctx, Instance instance, Phase phase, BlockDeviceMappingList bdms) {
        action(ctx, instance, InstanceAction.DELETE, phase, bdms, null);
    }

    public void powerOn(RequestContext ctx, Instance instance, Phase phase) {
        action(ctx, instance, InstanceAction.POWER_ON, phase, null, null);
    }

    public void powerOff(RequestContext ctx, Instance instance, Phase phase) {
        action(ctx, instance, InstanceAction.POWER_OFF, phase, null, null);
    }

    /** @param imageName the image's name from the request's image dict (may be null) */
    public void createStart(RequestContext ctx, Instance instance, String imageName, BlockDeviceMappingList bdms) {
        ObjectNode extra = Json.object();
        extra.put("image_name", imageName);
        create(ctx, instance, Phase.START, extra, false, bdms, null);
    }

    public void createEnd(RequestContext ctx, Instance instance, BlockDeviceMappingList bdms) {
        ObjectNode extra = Json.object();
        extra.put("message", "Success");
        create(ctx, instance, Phase.END, extra, true, bdms, null);
    }

    public void createError(RequestContext ctx, Instance instance, Throwable error, BlockDeviceMappingList bdms) {
        create(ctx, instance, Phase.ERROR, Json.object(), false, bdms, error);
    }

    /**
     * wrap_exception: call after an RPC method failed, with the arguments it was called with (as
     * the objects stand now, like nova's call dict) and what it raised.
     */
    public void exception(RequestContext ctx, String method, ObjectNode rpcArgs, Throwable error) {
        guard(method + " (exception)", () -> {
            ExceptionFacts facts = ExceptionFacts.of(error);
            String key = orderingKey(rpcArgs, method);
            if (emitter.legacyEnabled()) {
                ObjectNode payload = Json.object();
                payload.put("exception", facts.repr());
                payload.set("args", callArgs.of(rpcArgs));
                emitter.legacy(ctx, method, NotificationEmitter.ERROR, payload, key);
            }
            emitter.versioned(ctx, "compute.exception", NotificationEmitter.ERROR, PayloadParts.exception(facts),
                    key);
        });
    }

    /** notify_usage_exists: the last completed audit period, or (current) from its end until now. */
    public void usageExists(RequestContext ctx, Instance instance, boolean currentPeriod) {
        guard("exists", () -> sendUsageExists(ctx, instance, currentPeriod));
    }

    private void sendUsageExists(RequestContext ctx, Instance instance, boolean currentPeriod) {
        AuditPeriod period = AuditPeriod.bounds(settings.auditPeriodUnit(), currentPeriod, clock.instant());
        if (emitter.legacyEnabled()) {
            ObjectNode legacy = legacyPayload(ctx, instance, false);
            period.putLegacy(legacy);
            emitter.legacy(ctx, "compute.instance.exists", NotificationEmitter.INFO, legacy, instance.uuid());
        }
        if (emitter.versionedEnabled()) {
            emitter.versioned(ctx, "instance.exists", NotificationEmitter.INFO,
                    versioned.exists(ctx, instance, period), instance.uuid());
        }
    }

    /** notify_about_instance_usage + notify_about_instance_action. */
    private void action(RequestContext ctx, Instance instance, InstanceAction action, Phase phase,
                        BlockDeviceMappingList bdms, Throwable error) {
        guard(action.legacy + "." + phase.suffix(), () -> {
            ExceptionFacts fault = error == null ? null : ExceptionFacts.of(error);
            String priority = phase == Phase.ERROR ? NotificationEmitter.ERROR : NotificationEmitter.INFO;
            if (emitter.legacyEnabled()) {
                ObjectNode legacy = legacyPayload(ctx, instance, action.networkInfo(phase));
                if (fault != null) {
                    legacy.setAll(fault.faultFields());
                }
                emitter.legacy(ctx, "compute.instance." + action.legacy + "." + phase.suffix(), priority, legacy,
                        instance.uuid());
            }
            if (emitter.versionedEnabled()) {
                emitter.versioned(ctx, "instance." + action.versioned + "." + phase.suffix(),
                        fault == null ? NotificationEmitter.INFO : NotificationEmitter.ERROR,
                        versioned.action(ctx, instance, fault, action.passesBdms ? bdms : null), instance.uuid());
            }
        });
    }

    private void create(RequestContext ctx, Instance instance, Phase phase, ObjectNode extra, boolean networkInfo,
                        BlockDeviceMappingList bdms, Throwable error) {
        guard("create." + phase.suffix(), () -> {
            ExceptionFacts fault = error == null ? null : ExceptionFacts.of(error);
            if (emitter.legacyEnabled()) {
                ObjectNode legacy = legacyPayload(ctx, instance, networkInfo);
                legacy.setAll(extra);
                if (fault != null) {
                    legacy.setAll(fault.faultFields());
                }
                String priority = phase == Phase.ERROR ? NotificationEmitter.ERROR : NotificationEmitter.INFO;
                emitter.legacy(ctx, "compute.instance.create." + phase.suffix(), priority, legacy,
                        instance.uuid());
            }
            if (emitter.versionedEnabled()) {
                emitter.versioned(ctx, "instance.create." + phase.suffix(),
                        fault == null ? NotificationEmitter.INFO : NotificationEmitter.ERROR,
                        versioned.create(ctx, instance, fault, bdms), instance.uuid());
            }
        });
    }

    private ObjectNode legacyPayload(RequestContext ctx, Instance instance, boolean withNetworkInfo) {
        return LegacyInstanceInfo.build(instance, imageUrls.of(instance.imageRef(), ctx),
                withNetworkInfo ? FixedIps.of(instance) : null);
    }

    /** The instance the failed call was about, so its error follows its other notifications. */
    private static String orderingKey(ObjectNode rpcArgs, String method) {
        JsonNode instance = rpcArgs == null ? null : rpcArgs.get("instance");
        if (NovaObject.isPrimitive(instance)) {
            JsonNode uuid = instance.path(NovaObject.DATA).get("uuid");
            if (uuid != null && uuid.isTextual()) {
                return uuid.textValue();
            }
        }
        return method;
    }

    private static void guard(String what, Runnable send) {
        try {
            send.run();
        } catch (RuntimeException e) {
            LOG.error("could not build the {} notification; the operation goes on without it", what, e);
        }
    }
}
