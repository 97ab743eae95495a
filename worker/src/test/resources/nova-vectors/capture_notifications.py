#!/usr/bin/python3
"""Run nova's own notification code on the RPC vectors' objects; write notif_more_*.json.

Run with Debian's interpreter (python3-nova lives there), from this directory:

    /usr/bin/python3 capture_notifications.py

The notif_messagingv2_* files next to this one were captured from a real broker and cover
resize_prep, finish_resize and power_on. This script covers the other events the worker sends
(power_off, resize, resize error, confirm, revert, create, wrap_exception) without a broker:
nova's helpers run unchanged through nova's rpc.init() notifiers on oslo.messaging's 'fake'
transport, and every notification is taken where the transport would put it on the wire
(NotificationTransport._send_notification), then JSON round-tripped as the driver does.

Inputs come from the rpc_cast_*.json vectors (instance, flavors, context), changed only as the
manager changes them between phases; each output file records those changes under "inputs" so
the Java golden test rebuilds exactly the same objects.
"""

import datetime
import hashlib
import base64
import json
import os
import sys

BASE = os.path.dirname(os.path.abspath(__file__))
HOST = 'hostA'

NOVA_CONF = """\
[DEFAULT]
transport_url = fake:/
control_exchange = nova
host = %s

[notifications]
notification_format = both
versioned_notifications_topics = versioned_notifications
bdms_in_notifications = false

[oslo_messaging_notifications]
driver = messagingv2
topics = notifications

[glance]
api_servers = http://glance.example.org:9292
""" % HOST


def load_rpc(name):
    with open(os.path.join(BASE, name)) as f:
        return json.load(f)['request']['oslo_message']


def main():
    conf_path = os.path.join(BASE, '.capture-nova.conf')
    with open(conf_path, 'w') as f:
        f.write(NOVA_CONF)
    import nova.conf
    from nova import config
    config.parse_args(['capture'], default_config_files=[conf_path])
    os.unlink(conf_path)

    import oslo_messaging
    from oslo_serialization import jsonutils
    from nova import context as nova_context
    from nova import exception
    from nova import exception_wrapper
    from nova import objects
    from nova import rpc
    from nova.compute import utils as compute_utils
    from nova.objects import base as objects_base
    from nova.objects import fields

    objects.register_all()
    CONF = nova.conf.CONF
    rpc.init(CONF)

    sent = []

    def capture(self, target, ctxt, message, version, retry=None):
        wire = dict(jsonutils.loads(jsonutils.dumps(message)))
        for k, v in jsonutils.loads(jsonutils.dumps(ctxt)).items():
            wire['_context_' + k] = v
        sent.append({'routing_key': target.topic, 'envelope_version': version,
                     'oslo_message': wire})

    oslo_messaging.transport.NotificationTransport._send_notification = capture

    def context_of(msg):
        d = {k[len('_context_'):]: v for k, v in msg.items() if k.startswith('_context_')}
        return nova_context.RequestContext.from_dict(d)

    def instance_of(msg):
        inst = objects.Instance.obj_from_primitive(msg['args']['instance'])
        inst.obj_reset_changes(recursive=True)
        return inst

    def apply(inst, changes):
        for k, v in changes.items():
            if k == 'flavor_from':
                flavor = getattr(inst, v)
                inst.instance_type_id = flavor.id
                inst.memory_mb = flavor.memory_mb
                inst.vcpus = flavor.vcpus
                inst.root_gb = flavor.root_gb
                inst.ephemeral_gb = flavor.ephemeral_gb
                inst.flavor = flavor
            elif k == 'old_flavor_from':
                inst.old_flavor = getattr(inst, v)
            elif k == 'launched_at':
                inst.launched_at = datetime.datetime.strptime(
                    v, '%Y-%m-%dT%H:%M:%SZ').replace(tzinfo=datetime.timezone.utc)
            else:
                setattr(inst, k, v)
        inst.obj_reset_changes()

    def bdm_list(instance_uuid, with_volume):
        bdms = [objects.BlockDeviceMapping(
            id=101, instance_uuid=instance_uuid, source_type='image',
            destination_type='local', image_id='aabb6b40-2c29-5809-b832-71666db048e2',
            boot_index=0, delete_on_termination=True, device_name='/dev/vda',
            volume_id=None, tag=None)]
        if with_volume:
            bdms.append(objects.BlockDeviceMapping(
                id=102, instance_uuid=instance_uuid, source_type='volume',
                destination_type='volume', image_id=None, boot_index=None,
                delete_on_termination=False, device_name='/dev/vdb',
                volume_id='6dc6e7a0-613e-57a3-b3b9-baee0143c5bd', tag='data'))
        return objects.BlockDeviceMappingList(objects=bdms)

    def record(name, summary, invocation, inputs, emit):
        del sent[:]
        emit()
        out = {'kind': 'notification', 'summary': summary,
               'nova_invocation': invocation, 'inputs': inputs,
               'notification_format': 'both', 'notifier_driver': 'messagingv2',
               'messages': list(sent),
               'event_types': [m['oslo_message']['event_type'] for m in sent]}
        with open(os.path.join(BASE, 'notif_more_%s.json' % name), 'w') as f:
            json.dump(out, f, indent=2)
            f.write('\n')
        print(name, out['event_types'])

    notifier = rpc.get_notifier('compute', HOST)
    NA = fields.NotificationAction

    def usage(ctxt, inst, suffix, **kw):
        compute_utils.notify_about_instance_usage(notifier, ctxt, inst, suffix, **kw)

    # --- power_off (stop_instance) -------------------------------------
    msg = load_rpc('rpc_cast_stop_instance.json')
    for phase, changes in (('start', {}),
                           ('end', {'vm_state': 'stopped', 'task_state': None, 'power_state': 4})):
        ctxt, inst = context_of(msg), instance_of(msg)
        apply(inst, changes)

        def emit():
            usage(ctxt, inst, 'power_off.%s' % phase)
            compute_utils.notify_about_instance_action(ctxt, inst, HOST, action=NA.POWER_OFF, phase=phase)
        record('power_off_%s' % phase, 'stop_instance: power_off.%s' % phase,
               'notify_about_instance_usage("power_off.%s") + notify_about_instance_action(POWER_OFF)' % phase,
               {'rpc_vector': 'rpc_cast_stop_instance.json', 'instance_changes': changes}, emit)

    # --- resize (resize_instance on the source) -------------------------
    msg = load_rpc('rpc_cast_resize_instance.json')
    for phase, changes in (('start', {'task_state': 'resize_migrating'}),
                           ('end', {'task_state': 'resize_migrated', 'host': 'hostB',
                                    'node': 'hostB.example.org', 'old_flavor_from': 'flavor'})):
        ctxt, inst = context_of(msg), instance_of(msg)
        apply(inst, changes)
        bdms = bdm_list(inst.uuid, True)

        def emit():
            usage(ctxt, inst, 'resize.%s' % phase, network_info=inst.get_network_info())
            compute_utils.notify_about_instance_action(ctxt, inst, HOST, action=NA.RESIZE, phase=phase,
                                                       bdms=bdms)
        record('resize_%s' % phase, 'resize_instance: resize.%s' % phase,
               'ComputeManager._send_resize_instance_notifications(ctxt, instance, bdms, network_info, "%s")'
               % phase,
               {'rpc_vector': 'rpc_cast_resize_instance.json', 'instance_changes': changes,
                'bdms': bdms.obj_to_primitive()}, emit)

    # --- resize error (_reschedule_resize_or_reraise) -------------------
    msg = load_rpc('rpc_cast_prep_resize.json')
    ctxt, inst = context_of(msg), instance_of(msg)
    fault = exception.MigrationError(reason='no valid host for the retry')

    def emit_resize_error():
        try:
            raise fault
        except exception.MigrationError as e:
            usage(ctxt, inst, 'resize.error', fault=e)
            compute_utils.notify_about_instance_action(ctxt, inst, HOST, action=NA.RESIZE,
                                                       phase='error', exception=e)
    record('resize_error', 'prep_resize failure: resize.error',
           'notify_about_instance_usage("resize.error", fault=e) + notify_about_instance_action(RESIZE, '
           'ERROR, exception=e)',
           {'rpc_vector': 'rpc_cast_prep_resize.json', 'instance_changes': {},
            'exception': {'nova_class': 'MigrationError', 'code': 500,
                          'message': str(fault), 'kwargs': {'reason': 'no valid host for the retry'}}},
           emit_resize_error)

    # --- confirm (confirm_resize on the source) -------------------------
    msg = load_rpc('rpc_cast_confirm_resize.json')
    for phase, changes in (('start', {}), ('end', {'vm_state': 'active'})):
        ctxt, inst = context_of(msg), instance_of(msg)
        apply(inst, changes)

        def emit():
            if phase == 'end':
                usage(ctxt, inst, 'resize.confirm.end', network_info=inst.get_network_info())
            else:
                usage(ctxt, inst, 'resize.confirm.start')
            compute_utils.notify_about_instance_action(ctxt, inst, HOST, action=NA.RESIZE_CONFIRM, phase=phase)
        record('resize_confirm_%s' % phase, 'ComputeManager._confirm_resize: resize.confirm.%s' % phase,
               'notify_about_instance_usage("resize.confirm.%s"%s) + notify_about_instance_action(RESIZE_CONFIRM)'
               % (phase, ', network_info' if phase == 'end' else ''),
               {'rpc_vector': 'rpc_cast_confirm_resize.json', 'instance_changes': changes}, emit)

    # --- revert: exists on the destination, then revert start/end on the source
    msg = load_rpc('rpc_cast_revert_resize.json')
    ctxt, inst = context_of(msg), instance_of(msg)
    record('resize_revert_dest_exists', 'revert_resize (destination): notify_usage_exists(current_period=True)',
           'compute_utils.notify_usage_exists(notifier, ctxt, instance, host, current_period=True)',
           {'rpc_vector': 'rpc_cast_revert_resize.json', 'instance_changes': {}},
           lambda: compute_utils.notify_usage_exists(notifier, ctxt, inst, HOST, current_period=True))
    msg = load_rpc('rpc_cast_finish_revert_resize.json')
    for phase, changes in (('start', {}),
                           ('end', {'host': 'hostA', 'node': 'hostA.example.org', 'flavor_from': 'old_flavor',
                                    'vm_state': 'active', 'task_state': None,
                                    'launched_at': '2024-05-14T10:00:00Z'})):
        ctxt, inst = context_of(msg), instance_of(msg)
        apply(inst, changes)
        bdms = bdm_list(inst.uuid, True)

        def emit():
            usage(ctxt, inst, 'resize.revert.%s' % phase)
            compute_utils.notify_about_instance_action(ctxt, inst, HOST, action=NA.RESIZE_REVERT, phase=phase,
                                                       bdms=bdms)
        record('resize_revert_%s' % phase, 'ComputeManager._finish_revert_resize: resize.revert.%s' % phase,
               'notify_about_instance_usage("resize.revert.%s") + notify_about_instance_action(RESIZE_REVERT, '
               'bdms=bdms)' % phase,
               {'rpc_vector': 'rpc_cast_finish_revert_resize.json', 'instance_changes': changes,
                'bdms': bdms.obj_to_primitive()}, emit)

    # --- create (build_and_run_instance) --------------------------------
    msg = load_rpc('rpc_cast_build_and_run_instance.json')
    image_name = msg['args']['image']['name']
    build_bdms = objects.BlockDeviceMappingList.obj_from_primitive(msg['args']['block_device_mapping'])
    for phase, changes in (('start', {'task_state': None}),
                           ('end', {'vm_state': 'active', 'task_state': None, 'power_state': 1,
                                    'launched_at': '2024-05-14T09:31:00Z'}),
                           ('error', {'task_state': 'spawning'})):
        ctxt, inst = context_of(msg), instance_of(msg)
        apply(inst, changes)
        # The compute host loads keypairs from the database (instance_extra); here they are rebuilt
        # from key_name/key_data, which is what the worker does when the primitive lacks them.
        # nova.crypto.generate_fingerprint; a key that is not valid base64 (the vectors' probe
        # key) has no fingerprint.
        try:
            md5 = hashlib.md5(base64.b64decode(inst.key_data.split(' ')[1], validate=True)).hexdigest()
            fingerprint = ':'.join(a + b for a, b in zip(md5[::2], md5[1::2]))
        except Exception:
            fingerprint = None
        inst.keypairs = objects.KeyPairList(objects=[objects.KeyPair(
            name=inst.key_name, user_id=inst.user_id, public_key=inst.key_data, type='ssh',
            fingerprint=fingerprint)])
        inst.obj_reset_changes()
        fault = exception.BuildAbortException(instance_uuid=inst.uuid, reason='disk full')

        def emit():
            if phase == 'start':
                usage(ctxt, inst, 'create.start', extra_usage_info={'image_name': image_name})
                compute_utils.notify_about_instance_create(ctxt, inst, HOST, phase='start', bdms=build_bdms)
            elif phase == 'end':
                usage(ctxt, inst, 'create.end', extra_usage_info={'message': 'Success'},
                      network_info=inst.get_network_info())
                compute_utils.notify_about_instance_create(ctxt, inst, HOST, phase='end', bdms=build_bdms)
            else:
                try:
                    raise fault
                except exception.BuildAbortException as e:
                    usage(ctxt, inst, 'create.error', fault=e)
                    compute_utils.notify_about_instance_create(ctxt, inst, HOST, phase='error', exception=e,
                                                               bdms=build_bdms)
        inputs = {'rpc_vector': 'rpc_cast_build_and_run_instance.json', 'instance_changes': changes}
        if phase == 'error':
            inputs['exception'] = {'nova_class': 'BuildAbortException', 'code': 500, 'message': str(fault),
                                   'kwargs': {'instance_uuid': inst.uuid, 'reason': 'disk full'}}
        record('create_%s' % phase, '_build_and_run_instance: create.%s' % phase,
               'notify_about_instance_usage("create.%s") + notify_about_instance_create(%s)' % (phase, phase),
               inputs, emit)

    # --- wrap_exception (legacy <method> + versioned compute.exception) ---
    msg = load_rpc('rpc_cast_start_instance.json')

    class Manager(object):
        @exception_wrapper.wrap_exception(service='compute', binary='nova-compute')
        def start_instance(self, context, instance):
            raise self.error

    for name, error, described in (
            ('nova', exception.InstancePowerOnFailure(reason='guest refused to boot'),
             {'nova_class': 'InstancePowerOnFailure', 'code': 400,
              'message': 'Failed to power on instance: guest refused to boot',
              'kwargs': {'reason': 'guest refused to boot'}}),
            ('builtin', ValueError("bad 'value'"), {'builtin_class': 'ValueError', 'args': ["bad 'value'"]})):
        ctxt, inst = context_of(msg), instance_of(msg)
        manager = Manager()
        manager.error = error

        def emit():
            try:
                manager.start_instance(ctxt, instance=inst)
            except Exception:
                pass
        record('wrap_exception_%s' % name, 'wrap_exception around start_instance raising %s' % type(error).__name__,
               'nova.exception_wrapper.wrap_exception(service="compute", binary="nova-compute")',
               {'rpc_vector': 'rpc_cast_start_instance.json', 'instance_changes': {}, 'method': 'start_instance',
                'exception': described}, emit)


if __name__ == '__main__':
    sys.exit(main())
