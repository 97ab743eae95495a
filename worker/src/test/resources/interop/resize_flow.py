#!/usr/bin/python3
"""One full resize across two Java workers, driven with nova's ComputeAPI (issue 3 interop).

usage: resize_flow.py TRANSPORT_URL SOURCE DEST WORKDIR

Does what nova-conductor and nova-api do, with nova's own objects:
  1. build_and_run_instance on SOURCE (as the conductor after scheduling), wait until active;
  2. the API's resize: task_state resize_prep, a pre-migrating Migration (SOURCE -> DEST,
     c1.small -> c1.medium), and the conductor's prep_resize cast to DEST; the workers then cast
     resize_instance and finish_resize between themselves; wait until DEST holds it resized;
  3. the API's confirm: migration 'confirming', the instance as DEST left it, confirm_resize cast
     to the source (migration.source_compute); wait until SOURCE confirmed it.
Each API action has its own request id. Prints 'REPORT {json}' (steps and the workers' states);
exits 0 when every step ran, whatever its outcome.
"""
import sys

import nova_peer as peer

INSTANCE = peer.det_uuid('resize/instance-1')
MIGRATION = peer.det_uuid('resize/migration-1')


def migration(source, dest, status, dest_node=None):
    """The Migration row the conductor creates (and the API later moves to 'confirming')."""
    from nova import objects
    m = objects.Migration(
        id=7, uuid=MIGRATION, instance_uuid=INSTANCE, source_compute=source, dest_compute=dest,
        source_node=source, dest_node=dest_node or dest, dest_host=None, old_instance_type_id=1,
        new_instance_type_id=2, status=status, migration_type='resize', hidden=False,
        cross_cell_move=False, user_id=peer.USER_ID, project_id=peer.PROJECT_ID,
        memory_total=None, memory_processed=None, memory_remaining=None, disk_total=None,
        disk_processed=None, disk_remaining=None, created_at=peer.T0, updated_at=None,
        deleted=False, deleted_at=None)
    m.obj_reset_changes(recursive=True)
    return m


def main():
    url, source, dest, workdir = sys.argv[1:5]
    peer.configure(url, workdir)

    from nova import rpc
    from nova.compute import rpcapi as compute_rpcapi

    compute_api = compute_rpcapi.ComputeAPI()
    state = peer.WorkerState()
    admin = peer.context('poll')
    report = {'source': source, 'dest': dest, 'instance_uuid': INSTANCE,
              'migration_uuid': MIGRATION, 'request_ids': {}, 'steps': []}

    def ctx(name):
        c = peer.context(name)
        report['request_ids'][name] = c.request_id
        return c

    def build():
        inst = peer.instance(admin, INSTANCE, 1, 'resize-vm-1', source, 'building', 'scheduling',
                             0, peer.small())
        peer.build(compute_api, ctx('build'), inst, source)
        return state.wait(admin, source, INSTANCE, 'active',
                          lambda i: i['vm_state'] == 'active' and i['task_state'] is None)

    def prep_resize():
        # nova-api: instance.task_state = resize_prep; nova-conductor's MigrationTask: a
        # pre-migrating Migration, then prep_resize to the host the scheduler chose (no alternates)
        inst = peer.instance(admin, INSTANCE, 1, 'resize-vm-1', source, 'active', 'resize_prep', 1,
                             peer.small())
        new_flavor = peer.medium()
        spec = peer.request_spec(INSTANCE, new_flavor, ignore_hosts=[source])
        compute_api.prep_resize(
            ctx('resize'), inst, peer.image_meta(), new_flavor, dest,
            migration(source, dest, 'pre-migrating'), spec, spec.to_legacy_filter_properties_dict(),
            dest, True, [])
        at_dest = state.wait(admin, dest, INSTANCE, 'resized',
                             lambda i: i['vm_state'] == 'resized' and i['task_state'] is None)
        return {'dest': at_dest, 'source': state.get(admin, source, INSTANCE)}

    def confirm_resize():
        # nova-api reads the instance as the destination saved it and the 'finished' migration,
        # moves the migration to 'confirming' and casts to migration.source_compute
        held = state.get(admin, dest, INSTANCE)['instance']
        inst = peer.instance(admin, INSTANCE, 1, 'resize-vm-1', dest, 'resized', None,
                             held['power_state'], peer.medium(), old_flavor=peer.small(),
                             new_flavor=peer.medium(), node=held['node'])
        inst.system_metadata['old_vm_state'] = 'active'
        inst.obj_reset_changes(recursive=True)
        mig = migration(source, dest, 'confirming', dest_node=held['node'])
        compute_api.confirm_resize(ctx('confirm'), inst, mig, mig.source_compute, cast=True)
        at_source = state.wait(
            admin, source, INSTANCE, 'confirmed',
            lambda i: i['task_state'] is None and i['old_flavor'] is None)
        return {'source': at_source, 'dest': state.get(admin, dest, INSTANCE)}

    for name, action in (('build_and_run_instance', build),
                         ('prep_resize', prep_resize),
                         ('confirm_resize', confirm_resize)):
        if not peer.run_step(report, name, action)['ok']:
            break  # later steps would only be refused: the report shows where it stopped
    peer.emit(report)
    rpc.cleanup()


if __name__ == '__main__':
    main()
