#!/usr/bin/python3
"""A real oslo.messaging RPC server for the Java client's interop test.

Usage: /usr/bin/python3 oslo_rpc_server.py TRANSPORT_URL CONTROL_EXCHANGE HOST

Serves, with nova's own RequestContextSerializer(NovaObjectSerializer) as nova-compute does:
  * Target(topic='compute', server=HOST): a stand-in ComputeManager (target 6.1) whose methods
    record what arrived (argument classes after nova's deserialisation, whether the kwargs bind to
    the real ComputeManager method's signature) plus nova's BaseRPCAPI ('baseapi' namespace);
  * Target(topic='conductor', server=HOST): a stand-in ComputeTaskManager ('compute_task', 1.24)
    recording the same for migrate_server and build_instances;
  * a 'probe' namespace (1.0) on both to read and clear the records.
Prints READY when serving; stops when stdin closes.
"""
import inspect
import sys
import threading
import time

import oslo_messaging as messaging
from oslo_config import cfg
from oslo_messaging.rpc import dispatcher as rpc_dispatcher

from nova import baserpc
from nova import exception
from nova import objects
from nova import rpc as nova_rpc
from nova.compute import manager as compute_manager
from nova.conductor import manager as conductor_manager
from nova.objects import base as objects_base

RECORDS = []
LOCK = threading.Lock()


def describe(value):
    if isinstance(value, list):
        return [describe(v) for v in value]
    return type(value).__module__ + '.' + type(value).__name__


def recorder(name, real_class):
    real = getattr(real_class, name)

    def method(self, context, **kwargs):
        entry = {
            'service': self.service, 'method': name,
            'context_class': describe(context),
            'request_id': context.request_id, 'is_admin': context.is_admin,
            'user_id': context.user_id, 'project_id': context.project_id,
            'kwargs': {k: describe(v) for k, v in sorted(kwargs.items())},
        }
        try:
            inspect.signature(real).bind(None, context, **kwargs)
            entry['binds'] = True
        except TypeError as e:
            entry['binds'] = False
            entry['bind_error'] = str(e)
        instance = kwargs.get('instance')
        if instance is not None:
            entry['instance_uuid'] = instance.uuid
            entry['instance_host'] = instance.host
        with LOCK:
            RECORDS.append(entry)
        return None
    method.__name__ = name
    return method


class ComputeStandIn(object):
    target = messaging.Target(version='6.1')
    service = 'compute'

    def fail_invalid_state(self, context, instance_uuid):
        raise exception.InstanceInvalidState(
            attr='power_state', instance_uuid=instance_uuid, state='shutdown', method='stop')

    def slow(self, context, seconds):
        time.sleep(seconds)
        return {'slept': seconds}


for _name in ('prep_resize', 'resize_instance', 'finish_resize', 'confirm_resize', 'revert_resize',
              'finish_revert_resize', 'start_instance', 'stop_instance', 'build_and_run_instance'):
    setattr(ComputeStandIn, _name, recorder(_name, compute_manager.ComputeManager))


class ConductorStandIn(object):
    target = messaging.Target(namespace='compute_task', version='1.24')
    service = 'conductor'


for _name in ('migrate_server', 'build_instances'):
    setattr(ConductorStandIn, _name, recorder(_name, conductor_manager.ComputeTaskManager))


class Probe(object):
    target = messaging.Target(namespace='probe', version='1.0')

    def records(self, context):
        with LOCK:
            return list(RECORDS)

    def clear(self, context):
        with LOCK:
            del RECORDS[:]


def main():
    url, exchange, host = sys.argv[1:4]
    conf = cfg.ConfigOpts()
    conf([], project='interop')
    messaging.set_transport_defaults(control_exchange=exchange)
    objects.register_all()
    transport = messaging.get_rpc_transport(conf, url=url)
    serializer = nova_rpc.RequestContextSerializer(objects_base.NovaObjectSerializer())
    servers = []
    for topic, endpoints in (('compute', [ComputeStandIn(), baserpc.BaseRPCAPI('compute', None), Probe()]),
                             ('conductor', [ConductorStandIn(), Probe()])):
        server = messaging.get_rpc_server(
            transport, messaging.Target(topic=topic, server=host), endpoints, executor='threading',
            serializer=serializer, access_policy=rpc_dispatcher.DefaultRPCAccessPolicy)
        server.start()
        servers.append(server)
    print('READY', flush=True)
    sys.stdin.read()
    for server in servers:
        server.stop()
        server.wait()
    transport.cleanup()


if __name__ == '__main__':
    main()
