#!/usr/bin/python3
"""An oslo.messaging notification listener, as a billing consumer runs one.

usage: oslo_notification_listener.py TRANSPORT_URL EXCHANGE TOPIC[,TOPIC...] COUNT TIMEOUT_SECONDS

Prints READY once it consumes, then, after COUNT notifications (or the timeout), one JSON line per
notification: what oslo decoded (priority, publisher_id, event_type, payload, context) and, for a
versioned payload, whether it satisfies nova's own payload classes (every field present, known,
of its declared type, at the declared version).
"""
import json
import sys
import threading
import time

import oslo_messaging
from oslo_config import cfg


def nova_schema_problems(primitive):
    """Checks a versioned payload against nova's notification classes; returns problems."""
    from nova.objects import base
    from nova.objects import fields as nova_fields
    from oslo_versionedobjects import fields as ovo_fields

    problems = []

    def walk(prim, path):
        name = prim.get('nova_object.name')
        classes = base.NovaObjectRegistry.obj_classes().get(name)
        if not classes:
            problems.append('%s: nova has no class %s' % (path, name))
            return
        cls = classes[0]
        if prim.get('nova_object.version') != cls.VERSION:
            problems.append('%s: %s version %s, nova has %s' % (
                path, name, prim.get('nova_object.version'), cls.VERSION))
        data = prim.get('nova_object.data', {})
        obj = cls.__new__(cls)
        for field_name in set(data) - set(cls.fields):
            problems.append('%s.%s: not a field of %s' % (path, field_name, name))
        for field_name, field in cls.fields.items():
            where = '%s.%s' % (path, field_name)
            if field_name not in data:
                problems.append('%s: missing' % where)
                continue
            value = data[field_name]
            if value is None:
                if not field.nullable:
                    problems.append('%s: null but not nullable' % where)
                continue
            if isinstance(field, ovo_fields.ObjectField):
                walk(value, where)
            elif isinstance(field, ovo_fields.ListOfObjectsField):
                for i, item in enumerate(value):
                    walk(item, '%s[%d]' % (where, i))
            else:
                try:
                    field.coerce(obj, field_name, field.from_primitive(obj, field_name, value))
                except Exception as e:
                    problems.append('%s: %r rejected: %s' % (where, value, e))

    walk(primitive, '$')
    return problems


def main():
    url, exchange, topics, count, timeout = sys.argv[1:6]
    count, timeout = int(count), float(timeout)
    from nova import objects
    from nova.objects import base
    objects.register_all()
    import nova.notifications.objects.exception  # noqa: registers ExceptionPayload
    import nova.notifications.objects.instance  # noqa: registers the instance payloads
    base.NovaObjectRegistry.register_notification_objects()

    conf = cfg.ConfigOpts()
    conf([], project='listener')
    transport = oslo_messaging.get_notification_transport(conf, url=url)
    received = []
    done = threading.Event()

    class Endpoint(object):
        def _record(self, priority, ctxt, publisher_id, event_type, payload, metadata):
            entry = {'priority': priority, 'publisher_id': publisher_id, 'event_type': event_type,
                     'payload': payload, 'context': ctxt, 'message_id': metadata.get('message_id')}
            if isinstance(payload, dict) and 'nova_object.name' in payload:
                entry['nova_schema_problems'] = nova_schema_problems(payload)
            received.append(entry)
            if len(received) >= count:
                done.set()

        def info(self, ctxt, publisher_id, event_type, payload, metadata):
            self._record('INFO', ctxt, publisher_id, event_type, payload, metadata)

        def error(self, ctxt, publisher_id, event_type, payload, metadata):
            self._record('ERROR', ctxt, publisher_id, event_type, payload, metadata)

    targets = [oslo_messaging.Target(topic=t, exchange=exchange) for t in topics.split(',')]
    listener = oslo_messaging.get_notification_listener(transport, targets, [Endpoint()], executor='threading')
    listener.start()
    time.sleep(0.5)  # the listener declares and binds its queues as it starts consuming
    print('READY', flush=True)
    done.wait(timeout)
    listener.stop()
    listener.wait()
    for entry in received:
        print(json.dumps(entry), flush=True)
    print('END %d' % len(received), flush=True)


if __name__ == '__main__':
    main()
