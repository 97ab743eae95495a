"""Drives nova's own SchedulerReportClient (python3-nova, Zed) through what a compute host does,
against the placement at argv[1], so a test can compare the requests it sends with the Java
client's. Prints "DONE" at the end; any failure is a traceback on stderr.

Usage: nova_report_client.py PLACEMENT_URL CONF_DIR RESOURCE_CLASS TRAIT
(a custom resource class and trait that placement does not know yet)
"""
import os
import sys
import uuid


def main():
    url, conf_dir, resource_class, trait = sys.argv[1:5]
    conf_file = os.path.join(conf_dir, "nova-report-client.conf")
    with open(conf_file, "w") as f:
        f.write("[placement]\nauth_type = admin_token\nendpoint = %s\ntoken = admin\n" % url)

    import nova.conf
    from nova import context
    from nova import exception
    from nova import objects
    from nova.scheduler.client import report

    nova.conf.CONF([], default_config_files=[conf_file])
    objects.register_all()
    ctx = context.get_admin_context()
    client = report.SchedulerReportClient()
    rp = str(uuid.uuid4())
    name = "host-" + rp

    # The resource tracker's first report: the provider is created.
    client._ensure_resource_provider(ctx, rp, name=name)
    # A later report once the associations went stale: everything is read again.
    client._association_refresh_time[rp] = 0
    client._ensure_resource_provider(ctx, rp, name=name)
    client.set_inventory_for_provider(ctx, rp, {resource_class: {
        "total": 8, "reserved": 0, "min_unit": 1, "max_unit": 8, "step_size": 1, "allocation_ratio": 16.0}})
    client.set_traits_for_provider(ctx, rp, ["COMPUTE_NODE", trait])

    # The scheduler's claim for a migration, then revert, delete, and a forced delete of nothing.
    migration, instance = str(uuid.uuid4()), str(uuid.uuid4())
    client.put("/allocations/" + migration, {
        "allocations": {rp: {"resources": {resource_class: 2}}}, "project_id": "p", "user_id": "u",
        "consumer_generation": None}, version="1.28")
    assert client.move_allocations(ctx, migration, instance)
    assert client.delete_allocation_for_instance(ctx, instance, force=False)
    assert not client.delete_allocation_for_instance(ctx, migration, force=True)

    # A second node under the same name.
    try:
        client._ensure_resource_provider(ctx, str(uuid.uuid4()), name=name)
        raise AssertionError("a duplicate name was accepted")
    except exception.ResourceProviderCreationFailed:
        pass
    print("DONE", flush=True)


if __name__ == "__main__":
    main()
