#!/usr/bin/python3
"""nova's own ComputeAPI and BaseAPI against one Java compute worker (issue 2 interop).

usage: compute_api_steps.py TRANSPORT_URL HOST WORKDIR

Drives the worker on HOST the way nova-api and nova-conductor do, one step at a time, and prints
one line 'REPORT {json}' with, per step: ok, the result or the exception as nova's caller sees it
(class, the class oslo rebuilt it from, message, kwargs), and what the worker held afterwards
(get_instance_state). Progress and oslo's warnings go to stderr. Exits 0 when every step ran,
whatever its outcome: the Java test judges the report.
"""
import sys

import nova_peer as peer

INSTANCE = peer.det_uuid('compute-api/instance-1')
NEVER_BUILT = peer.det_uuid('compute-api/instance-never-built')


def main():
    url, host, workdir = sys.argv[1:4]
    peer.configure(url, workdir)

    import oslo_messaging as messaging
    from nova import baserpc
    from nova import rpc
    from nova.compute import rpcapi as compute_rpcapi
    from nova.objects import base as objects_base

    compute_api = compute_rpcapi.ComputeAPI()
    state = peer.WorkerState()
    # ComputeAPI refuses to exceed its 6.1 cap and only knows nova's methods: the dispatcher
    # errors need a plain oslo client with nova's serializer, as capture.py made the vectors.
    raw = rpc.get_client(messaging.Target(topic='compute', server=host, version='6.0'),
                         serializer=objects_base.NovaObjectSerializer())
    report = {'host': host, 'instance_uuid': INSTANCE, 'never_built_uuid': NEVER_BUILT,
              'image_id': peer.IMAGE_ID, 'user_id': peer.USER_ID, 'project_id': peer.PROJECT_ID,
              'request_ids': {}, 'steps': []}

    def ctx(name):
        c = peer.context(name)
        report['request_ids'][name] = c.request_id
        return c

    def inst(vm_state, task_state, power_state, uuid=INSTANCE, iid=1):
        return peer.instance(admin, uuid, iid, 'interop-vm-%d' % iid, host, vm_state, task_state,
                             power_state, peer.small())

    admin = peer.context('poll')

    def build():
        # the conductor casts after scheduling; the scheduler also left hostB as an alternate
        peer.build(compute_api, ctx('build'), inst('building', 'scheduling', 0), host,
                   alternates=['hostB'])
        return state.wait(admin, host, INSTANCE, 'active',
                          lambda i: i['vm_state'] == 'active' and i['task_state'] is None)

    def stop_call():
        # the API's stop with do_cast=False: the call returns when the guest is off
        result = compute_api.stop_instance(ctx('stop'), inst('active', 'powering-off', 1),
                                           do_cast=False, clean_shutdown=True)
        return {'returned': result, 'state_on_return': state.get(admin, host, INSTANCE)}

    def start_cast():
        compute_api.start_instance(ctx('start'), inst('stopped', 'powering-on', 4))
        return state.wait(admin, host, INSTANCE, 'active again',
                          lambda i: i['vm_state'] == 'active' and i['task_state'] is None)

    def ping():
        return baserpc.BaseAPI('compute').ping(ctx('ping'), {'probe': 'hello', 'n': 1}, timeout=15)

    def no_such_method():
        return raw.prepare(version='6.0', timeout=15).call(
            ctx('frobnicate'), 'frobnicate_instance', instance=inst('active', None, 1))

    def unsupported_version():
        # a real stop request at 6.2: the dispatcher must refuse it before anything is applied
        return raw.prepare(version='6.2', timeout=15).call(
            ctx('stop-6.2'), 'stop_instance', instance=inst('active', 'powering-off', 1),
            clean_shutdown=True)

    def stale_start_call():
        # the API's view is out of date: it still sees the instance stopped, but the worker has
        # already started it. nova-compute's instance.save(expected_task_state=...) raises
        # UnexpectedTaskStateError here; ComputeAPI only casts start_instance, so call it raw.
        return raw.prepare(version='6.0', timeout=15).call(
            ctx('stale-start'), 'start_instance', instance=inst('stopped', 'powering-on', 4))

    def stop_never_built():
        # a guest the hypervisor does not have: nova's driver raises InstanceNotFound
        return compute_api.stop_instance(
            ctx('stop-never-built'), inst('active', 'powering-off', 1, uuid=NEVER_BUILT, iid=2),
            do_cast=False, clean_shutdown=True)

    for name, action in (('build_and_run_instance', build),
                         ('stop_instance_call', stop_call),
                         ('start_instance_cast', start_cast),
                         ('baseapi_ping', ping),
                         ('no_such_method', no_such_method),
                         ('unsupported_version', unsupported_version),
                         ('stale_start_instance_call', stale_start_call),
                         ('stop_instance_never_built', stop_never_built)):
        peer.run_step(report, name, action)

    report['final_state'] = state.get(admin, host, INSTANCE)
    report['final_state_never_built'] = state.get(admin, host, NEVER_BUILT)
    peer.emit(report)
    rpc.cleanup()


if __name__ == '__main__':
    main()
