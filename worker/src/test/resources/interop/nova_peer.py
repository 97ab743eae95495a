"""Shared helpers for the interop scripts: nova's own code as the Java worker's peer.

Imported by compute_api_steps.py and resize_flow.py (run with Debian's /usr/bin/python3, where
python3-nova lives). Nothing here talks to a database: nova is configured like
messages/src/test/resources/nova-vectors/capture.py does it ([upgrade_levels] compute = 6.1, so
ComputeAPI never asks the database for the minimum service version), and every object is built
from nova's own classes with fixed UUIDs, as the API and the conductor would hand them over.
"""
import datetime
import json
import logging
import os
import sys
import time
import uuid as uuidlib

NOVA_CONF = """\
[DEFAULT]
transport_url = %(url)s
control_exchange = nova
host = %(host)s
rpc_response_timeout = 30

[upgrade_levels]
compute = 6.1

[notifications]
notification_format = both

[oslo_messaging_notifications]
driver = noop

[glance]
api_servers = http://glance.example.org:9292
"""

USER_ID = '6f0b1d7e3c2a4e58b9d4a1c2e3f40516'
PROJECT_ID = '9c8b7a6d5e4f40312a1b0c9d8e7f6a5b'
T0 = datetime.datetime(2024, 5, 14, 9, 30, 0)


def det_uuid(name):
    """Fixed UUIDs: every run sends the same objects."""
    return str(uuidlib.uuid5(uuidlib.NAMESPACE_URL, 'compute-worker-interop/' + name))


IMAGE_ID = det_uuid('image-cirros')
NETWORK_ID = det_uuid('network-private')
PORT_ID = det_uuid('port-1')


def log(fmt, *args):
    """Progress goes to stderr: the Java test puts it in its failure message."""
    print(time.strftime('%H:%M:%S ') + (fmt % args), file=sys.stderr, flush=True)


def configure(transport_url, workdir, host='api'):
    """nova.config.parse_args on a nova.conf of our own, then returns nova's modules we use."""
    logging.basicConfig(stream=sys.stderr, level=logging.WARNING,
                        format='%(asctime)s %(levelname)s %(name)s %(message)s')
    conf_file = os.path.join(workdir, 'nova.conf')
    with open(conf_file, 'w') as f:
        f.write(NOVA_CONF % {'url': transport_url, 'host': host})
    from nova import config as nova_config
    from nova import objects
    nova_config.parse_args(['interop', '--config-file', conf_file], default_config_files=[],
                           configure_db=False, init_rpc=True)
    objects.register_all()


def context(request_name):
    """A user's RequestContext as nova-api builds it; the request id names the API action."""
    from nova import context as nova_context
    return nova_context.RequestContext(
        user_id=USER_ID, project_id=PROJECT_ID, is_admin=False, roles=['member', 'reader'],
        request_id='req-' + det_uuid('request/' + request_name),
        global_request_id='req-' + det_uuid('global-request/' + request_name),
        user_name='demo', project_name='demo', user_domain_id='default',
        project_domain_id='default', remote_address='192.0.2.10', timestamp=T0,
        auth_token='gAAAAABInteropTokenNotARealKeystoneToken0123456789',
        service_catalog=[{'type': 'volumev3', 'name': 'cinderv3', 'endpoints': [
            {'region': 'RegionOne', 'interface': 'public',
             'url': 'http://192.0.2.1/volume/v3/' + PROJECT_ID}]}])


def flavor(fid, name, mem, vcpus, root, swap=0):
    from nova import objects
    f = objects.Flavor(
        id=fid, flavorid=name, name=name, memory_mb=mem, vcpus=vcpus, root_gb=root, ephemeral_gb=0,
        swap=swap, rxtx_factor=1.0, vcpu_weight=0, disabled=False, is_public=True, description=None,
        extra_specs={'hw:cpu_policy': 'shared'}, created_at=T0, updated_at=None, deleted=False,
        deleted_at=None)
    f.obj_reset_changes(recursive=True)
    return f


def small():
    return flavor(1, 'c1.small', 2048, 1, 20)


def medium():
    return flavor(2, 'c1.medium', 4096, 2, 40, swap=512)


IMAGE = {
    'id': IMAGE_ID, 'name': 'cirros-0.6.2-x86_64-disk', 'status': 'active',
    'container_format': 'bare', 'disk_format': 'qcow2', 'min_disk': 0, 'min_ram': 0,
    'size': 21430272, 'virtual_size': 117440512, 'checksum': 'c8fc807773e5354afe61636071771906',
    'owner': PROJECT_ID, 'visibility': 'public', 'protected': False, 'tags': [],
    'properties': {'hw_disk_bus': 'virtio', 'os_distro': 'cirros', 'hw_architecture': 'x86_64'},
}


def image_meta():
    from nova import objects
    return objects.ImageMeta.from_dict(dict(IMAGE, created_at='2024-05-01T10:00:00Z',
                                            updated_at='2024-05-01T10:00:05Z'))


def image_for_build():
    """The glance image dict the conductor hands to build_and_run_instance (datetimes as such)."""
    return dict(IMAGE, created_at=datetime.datetime(2024, 5, 1, 10, 0, 0),
                updated_at=datetime.datetime(2024, 5, 1, 10, 0, 5), deleted=False, deleted_at=None)


def network_info():
    from nova.network import model as network_model
    return network_model.NetworkInfo([network_model.VIF(
        id=PORT_ID, address='fa:16:3e:4c:2c:30', type='ovs', devname='tap' + PORT_ID[:11],
        ovs_interfaceid=PORT_ID, active=True, vnic_type='normal', profile={},
        details={'port_filter': True, 'bridge_name': 'br-int'},
        network=network_model.Network(
            id=NETWORK_ID, bridge='br-int', label='private',
            meta={'injected': False, 'tenant_id': PROJECT_ID, 'mtu': 1442},
            subnets=[network_model.Subnet(
                cidr='10.0.0.0/26', version=4, routes=[],
                gateway=network_model.IP(address='10.0.0.1', type='gateway'),
                dns=[network_model.IP(address='10.0.0.2', type='dns')],
                ips=[network_model.FixedIP(address='10.0.0.5', type='fixed', version=4)])]))])


def instance(ctxt, uuid, iid, name, host, vm_state, task_state, power_state, flavor_obj,
             old_flavor=None, new_flavor=None, node=None):
    """An Instance as the API reads it from the database before casting to a compute host."""
    from nova import objects
    launched = vm_state != 'building'
    inst = objects.Instance(
        id=iid, uuid=uuid, user_id=USER_ID, project_id=PROJECT_ID, display_name=name,
        display_description=name, hostname=name, host=host, node=node or host,
        launched_on=host if launched else None, image_ref=IMAGE_ID, kernel_id='', ramdisk_id='',
        flavor=flavor_obj, old_flavor=old_flavor, new_flavor=new_flavor,
        instance_type_id=flavor_obj.id, memory_mb=flavor_obj.memory_mb, vcpus=flavor_obj.vcpus,
        root_gb=flavor_obj.root_gb, ephemeral_gb=flavor_obj.ephemeral_gb,
        vm_state=vm_state, task_state=task_state, power_state=power_state,
        launched_at=T0 if launched else None, terminated_at=None, created_at=T0, updated_at=T0,
        deleted_at=None, deleted=False, reservation_id='r-' + uuid[:8], launch_index=0,
        key_name=None, key_data=None, availability_zone='nova', cell_name=None,
        architecture='x86_64', os_type='linux', vm_mode=None, root_device_name='/dev/vda',
        default_ephemeral_device=None, default_swap_device=None, config_drive='',
        access_ip_v4=None, access_ip_v6=None, auto_disk_config=False, progress=0,
        shutdown_terminate=False, disable_terminate=False, locked=False, locked_by=None,
        hidden=False, cleaned=False, ephemeral_key_uuid=None, user_data=None,
        metadata={'role': 'interop'},
        system_metadata={'image_base_image_ref': IMAGE_ID, 'image_disk_format': 'qcow2',
                         'image_container_format': 'bare', 'image_min_disk': '20',
                         'image_min_ram': '0', 'owner_user_name': 'demo',
                         'owner_project_name': 'demo'},
        info_cache=objects.InstanceInfoCache(instance_uuid=uuid, network_info=network_info()),
        security_groups=objects.SecurityGroupList(),
        pci_requests=objects.InstancePCIRequests(instance_uuid=uuid, requests=[]),
        tags=objects.TagList(objects=[]), numa_topology=None, trusted_certs=None, resources=None,
        migration_context=None, device_metadata=None, vcpu_model=None)
    inst.obj_reset_changes(recursive=True)
    inst._context = ctxt
    return inst


def request_spec(instance_uuid, flavor_obj, ignore_hosts=None):
    from nova import objects
    return objects.RequestSpec(
        instance_uuid=instance_uuid, project_id=PROJECT_ID, user_id=USER_ID, flavor=flavor_obj,
        image=image_meta(), num_instances=1, availability_zone='nova', ignore_hosts=ignore_hosts,
        force_hosts=None, force_nodes=None, retry=None,
        limits=objects.SchedulerLimits(numa_topology=None, vcpu=None, disk_gb=None, memory_mb=None),
        scheduler_hints={}, instance_group=None, requested_destination=None, is_bfv=False,
        numa_topology=None, pci_requests=objects.InstancePCIRequests(instance_uuid=instance_uuid,
                                                                     requests=[]),
        security_groups=objects.SecurityGroupList(), requested_resources=[],
        request_level_params=objects.RequestLevelParams(),
        network_metadata=objects.NetworkMetadata(physnets=set(), tunneled=True))


def selection(host):
    from nova import objects
    cn = det_uuid('compute-node/' + host)
    return objects.Selection(
        service_host=host, nodename=host, compute_node_uuid=cn, cell_uuid=det_uuid('cell1'),
        limits=objects.SchedulerLimits(numa_topology=None, vcpu=None, disk_gb=None, memory_mb=None),
        allocation_request=json.dumps({'allocations': {cn: {'resources': {
            'VCPU': 1, 'MEMORY_MB': 2048, 'DISK_GB': 20}}}, 'mappings': {}}),
        allocation_request_version='1.36', availability_zone='nova')


def root_bdm(instance_uuid):
    from nova import objects
    bdms = objects.BlockDeviceMappingList(objects=[objects.BlockDeviceMapping(
        id=101, uuid=det_uuid('bdm-root/' + instance_uuid), instance_uuid=instance_uuid,
        source_type='image', destination_type='local', image_id=IMAGE_ID, boot_index=0,
        delete_on_termination=True, device_name='/dev/vda', device_type='disk', disk_bus=None,
        guest_format=None, volume_id=None, snapshot_id=None, volume_size=None, volume_type=None,
        connection_info=None, no_device=False, tag=None, attachment_id=None, encrypted=False,
        encryption_secret_uuid=None, encryption_format=None, encryption_options=None,
        created_at=T0, updated_at=None, deleted=False, deleted_at=None)])
    bdms.obj_reset_changes(recursive=True)
    return bdms


def build(compute_api, ctxt, inst, host, alternates=()):
    """ComputeAPI.build_and_run_instance as the conductor casts it after scheduling."""
    from nova import objects
    rs = request_spec(inst.uuid, inst.flavor)
    filter_properties = rs.to_legacy_filter_properties_dict()
    filter_properties['retry'] = {'num_attempts': 1, 'hosts': [[host, host]]}
    compute_api.build_and_run_instance(
        ctxt, inst, host, image_for_build(), rs, filter_properties, admin_password=None,
        injected_files=[], security_groups=['default'],
        requested_networks=objects.NetworkRequestList(objects=[
            objects.NetworkRequest(network_id=NETWORK_ID, address=None, port_id=None,
                                   pci_request_id=None, tag=None)]),
        block_device_mapping=root_bdm(inst.uuid), node=host,
        limits=objects.SchedulerLimits(numa_topology=None, vcpu=None, disk_gb=None, memory_mb=None),
        host_list=[selection(h) for h in alternates], accel_uuids=[])


class WorkerState(object):
    """The worker's own get_instance_state RPC (namespace computeworker 1.0), through oslo."""

    def __init__(self):
        import oslo_messaging as messaging
        from nova import rpc
        self.client = rpc.get_client(messaging.Target(
            topic='compute', namespace='computeworker', version='1.0'))

    def get(self, ctxt, host, instance_uuid):
        return self.client.prepare(server=host, timeout=15).call(
            ctxt, 'get_instance_state', instance_uuid=instance_uuid)

    def wait(self, ctxt, host, instance_uuid, what, condition, timeout=30.0):
        """Polls until condition(instance view) holds; raises with the last view otherwise."""
        deadline = time.time() + timeout
        state = None
        while time.time() < deadline:
            state = self.get(ctxt, host, instance_uuid)
            inst = state.get('instance')
            if inst is not None and condition(inst):
                return state
            time.sleep(0.1)
        raise AssertionError('%s: instance %s never became %s; last state: %s' % (
            host, instance_uuid, what, json.dumps(state)))


def exception_report(e):
    """What a nova caller can tell about an exception an RPC raised."""
    import oslo_messaging as messaging
    from nova import exception
    report = {
        'class': type(e).__module__ + '.' + type(e).__name__,
        # oslo rebuilds a remote exception as a subclass of the original, named <Name>_Remote
        # in module <module>_Remote; its bases tell which class it was rebuilt from.
        'bases': [b.__module__ + '.' + b.__name__ for b in type(e).__mro__[1:4]],
        'message': str(e).split('\n')[0],
        'is_nova_exception': isinstance(e, exception.NovaException),
        'is_remote_error': isinstance(e, messaging.RemoteError),
    }
    if isinstance(e, exception.NovaException):
        report['kwargs'] = {k: (v if isinstance(v, (str, int, float, bool, type(None))) else repr(v))
                            for k, v in e.kwargs.items()}
        report['code'] = e.code
        report['format_message'] = e.format_message()
    if isinstance(e, messaging.RemoteError):
        report['exc_type'] = e.exc_type
        report['value'] = e.value
    return report


def run_step(report, name, action):
    """Runs one step, recording its result or the exception it raised; never raises."""
    log('step %s', name)
    entry = {'name': name}
    try:
        result = action()
        entry['ok'] = True
        entry['result'] = result
    except Exception as e:
        entry['ok'] = False
        entry['exception'] = exception_report(e)
        log('step %s raised %s', name, entry['exception']['class'])
    report['steps'].append(entry)
    return entry


def emit(report):
    """The report is the last stdout line, prefixed, so nothing else oslo prints can break it."""
    print('REPORT ' + json.dumps(report, default=str), flush=True)
