#!/usr/bin/python3
"""An oslo.messaging notification listener reading the worker's notifications as nova's consumers do.

usage: notification_listener.py TRANSPORT_URL EXCHANGE POOL

Listens on topics 'notifications' (legacy) and 'versioned_notifications' on EXCHANGE, each in its
own listener pool (POOL-legacy, POOL-versioned: queues of our own, bound to the same routing keys,
so nothing other consumers or earlier tests left in the shared queues reaches us), one thread
each. Prints READY once consuming, then one line 'NOTIFICATION {json}' per notification in the
order its queue delivered it, with what nova's code makes of it:
  * the context, rebuilt with nova's RequestContextSerializer (nova.context.RequestContext);
  * a versioned payload, rebuilt with nova's own classes (as NovaObject.obj_from_primitive does,
    through nova's object registry; see rebuild()), checked strictly: the version nova Zed emits, every field set, no key
    nova does not know, and obj_to_primitive() of the rebuilt object equal to what was received.
Stops when stdin closes and prints 'END <count>'.
"""
import json
import sys
import threading
import time

import oslo_messaging
from oslo_config import cfg

LOCK = threading.Lock()


def register_nova_payload_classes():
    """nova registers its notification payload classes only on request (docs and tests do so)."""
    from nova import objects
    from nova.objects import base
    objects.register_all()
    import nova.notifications.objects.exception  # noqa: F401 ExceptionPayload
    import nova.notifications.objects.instance  # noqa: F401 the instance payloads
    base.NovaObjectRegistry.register_notification_objects()


def strict_problems(obj, primitive, path):
    """What a nova-made payload would not show: wrong version, unset fields, unknown keys."""
    problems = []
    cls = type(obj)
    if primitive.get('nova_object.version') != cls.VERSION:
        problems.append('%s: %s version %s, nova Zed emits %s' % (
            path, cls.obj_name(), primitive.get('nova_object.version'), cls.VERSION))
    data = primitive.get('nova_object.data', {})
    for key in sorted(set(data) - set(cls.fields)):
        problems.append('%s.%s: not a field of %s' % (path, key, cls.obj_name()))
    for name in sorted(cls.fields):
        if not obj.obj_attr_is_set(name):
            problems.append('%s.%s: missing' % (path, name))
            continue
        value = getattr(obj, name)
        if hasattr(value, 'obj_to_primitive') and isinstance(data.get(name), dict):
            problems.extend(strict_problems(value, data[name], '%s.%s' % (path, name)))
        elif isinstance(value, list) and isinstance(data.get(name), list):
            for i, (item, prim) in enumerate(zip(value, data[name])):
                if hasattr(item, 'obj_to_primitive') and isinstance(prim, dict):
                    problems.extend(strict_problems(item, prim, '%s.%s[%d]' % (path, name, i)))
    return problems


def differences(ours, theirs, path='$'):
    """Paths where the rebuilt payload's primitive differs from the received one."""
    if isinstance(ours, dict) and isinstance(theirs, dict):
        out = []
        for key in sorted(set(ours) | set(theirs)):
            if key not in theirs:
                out.append('%s.%s: received but dropped by nova' % (path, key))
            elif key not in ours:
                out.append('%s.%s: nova adds %r' % (path, key, theirs[key]))
            else:
                out.extend(differences(ours[key], theirs[key], '%s.%s' % (path, key)))
        return out
    if isinstance(ours, list) and isinstance(theirs, list) and len(ours) == len(theirs):
        out = []
        for i, (a, b) in enumerate(zip(ours, theirs)):
            out.extend(differences(a, b, '%s[%d]' % (path, i)))
        return out
    if path.endswith('.auto_disk_config') and (ours, theirs) == ('MANUAL', 'AUTO'):
        # nova's own quirk: DiskConfig.coerce maps any truthy value, the string 'MANUAL'
        # included, to 'AUTO'; nova's own payloads (nova-vectors) come back the same way
        return []
    # 1 and 1.0 are one number to nova's fields, but True is not 1
    if ours != theirs or isinstance(ours, bool) != isinstance(theirs, bool):
        return ['%s: received %r, nova writes %r' % (path, ours, theirs)]
    return []


def is_object(value):
    return isinstance(value, dict) and 'nova_object.name' in value


def rebuild(primitive):
    """NovaObject.obj_from_primitive, step for step: the class from nova's registry by name and
    version, then every field through its from_primitive and coerce. One difference: nova's
    payload classes are created without running their constructors, which take (context,
    instance, ...) to fill themselves from an Instance a consumer does not have (plain
    obj_from_primitive calls cls() and so raises TypeError for every nova payload)."""
    from nova.objects import base
    from oslo_versionedobjects import base as ovo_base
    if primitive.get('nova_object.namespace') != base.NovaObject.OBJ_PROJECT_NAMESPACE:
        raise ValueError('namespace %r is not nova' % primitive.get('nova_object.namespace'))
    version = primitive['nova_object.version']
    cls = base.NovaObject.obj_class_from_name(primitive['nova_object.name'], version)
    obj = cls.__new__(cls)
    ovo_base.VersionedObject.__init__(obj)
    obj.VERSION = version
    data = primitive['nova_object.data']
    for name, field in cls.fields.items():
        if name not in data:
            continue
        value = data[name]
        if is_object(value):
            value = rebuild(value)
        elif isinstance(value, list):
            value = [rebuild(v) if is_object(v) else v for v in value]
        setattr(obj, name, field.from_primitive(obj, name, value))
    obj.obj_reset_changes(recursive=False)
    return obj


def read_versioned(payload):
    """Rebuilds a versioned payload with nova's classes, as a consumer written against nova does."""
    try:
        obj = rebuild(payload)
    except Exception as e:
        return {'payload_class': None,
                'payload_problems': ['rebuilding with nova\'s classes: %s: %s' % (type(e).__name__, e)]}
    problems = strict_problems(obj, payload, '$')
    problems.extend(differences(payload, obj.obj_to_primitive()))
    return {'payload_class': type(obj).__module__ + '.' + type(obj).__name__,
            'payload_problems': problems}


def read_context(ctxt):
    """The context as nova's RPC serializer rebuilds it on the consumer side."""
    from nova import rpc
    try:
        context = rpc.RequestContextSerializer(None).deserialize_context(ctxt)
        return {'context_class': type(context).__module__ + '.' + type(context).__name__,
                'request_id': context.request_id, 'user_id': context.user_id,
                'project_id': context.project_id}
    except Exception as e:
        return {'context_class': None, 'context_problem': '%s: %s' % (type(e).__name__, e)}


class Endpoint(object):
    """One per topic; oslo calls the method named after the notification's priority."""

    def __init__(self, topic):
        self.topic = topic

    def _record(self, priority, ctxt, publisher_id, event_type, payload, metadata):
        entry = {'topic': self.topic, 'priority': priority, 'publisher_id': publisher_id,
                 'event_type': event_type, 'message_id': metadata.get('message_id'),
                 'timestamp': metadata.get('timestamp'), 'payload': payload}
        entry.update(read_context(ctxt))
        if isinstance(payload, dict) and 'nova_object.name' in payload:
            entry.update(read_versioned(payload))
        with LOCK:
            print('NOTIFICATION ' + json.dumps(entry, default=str), flush=True)

    def audit(self, ctxt, publisher_id, event_type, payload, metadata):
        self._record('AUDIT', ctxt, publisher_id, event_type, payload, metadata)

    def debug(self, ctxt, publisher_id, event_type, payload, metadata):
        self._record('DEBUG', ctxt, publisher_id, event_type, payload, metadata)

    def info(self, ctxt, publisher_id, event_type, payload, metadata):
        self._record('INFO', ctxt, publisher_id, event_type, payload, metadata)

    def warn(self, ctxt, publisher_id, event_type, payload, metadata):
        self._record('WARN', ctxt, publisher_id, event_type, payload, metadata)

    def error(self, ctxt, publisher_id, event_type, payload, metadata):
        self._record('ERROR', ctxt, publisher_id, event_type, payload, metadata)

    def critical(self, ctxt, publisher_id, event_type, payload, metadata):
        self._record('CRITICAL', ctxt, publisher_id, event_type, payload, metadata)


def delete_queues(conf, url, names):
    """oslo declares the pool queues to outlive their listeners: remove ours, so they do not
    collect every later notification on a shared broker."""
    import kombu
    parsed = oslo_messaging.TransportURL.parse(conf, url)
    host = parsed.hosts[0]
    with kombu.Connection(hostname=host.hostname, port=host.port, userid=host.username,
                          password=host.password,
                          virtual_host=parsed.virtual_host or '/') as connection:
        channel = connection.channel()
        for name in names:
            channel.queue_delete(name)


def main():
    url, exchange, pool = sys.argv[1:4]
    register_nova_payload_classes()
    # oslo dispatches notifications to a pool of 64 threads by default: endpoints then run (and
    # print) out of delivery order. One thread per listener keeps each queue's order, which is
    # what the test checks.
    with open('notification_listener.conf', 'w') as f:
        f.write('[DEFAULT]\nexecutor_thread_pool_size = 1\n')
    conf = cfg.ConfigOpts()
    conf(['--config-file', 'notification_listener.conf'], project='interop-listener')
    transport = oslo_messaging.get_notification_transport(conf, url=url)
    listeners = []
    pools = []
    for topic, suffix in (('notifications', 'legacy'), ('versioned_notifications', 'versioned')):
        pools.append('%s-%s' % (pool, suffix))
        listener = oslo_messaging.get_notification_listener(
            transport, [oslo_messaging.Target(topic=topic, exchange=exchange)], [Endpoint(topic)],
            executor='threading', pool=pools[-1])
        listener.start()
        listeners.append(listener)
    assert conf.executor_thread_pool_size == 1, conf.executor_thread_pool_size
    time.sleep(1.0)  # the listeners declare and bind their queues as they start consuming
    print('READY', flush=True)
    sys.stdin.read()
    for listener in listeners:
        listener.stop()
        listener.wait()
    transport.cleanup()
    delete_queues(conf, url, pools)
    print('END', flush=True)


if __name__ == '__main__':
    main()
