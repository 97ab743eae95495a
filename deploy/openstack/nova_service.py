#!/usr/bin/python3
"""Run one nova service the way its console script would (python3-nova ships none).

usage: nova_service.py api|conductor|scheduler|compute [--after FILE] -- NOVA_ARGS...

--after FILE: import nova first, then wait until FILE exists before
starting. start.sh launches the services while the databases are still being created: the ~2.5 s
of CPU each spends importing nova then overlaps the schema migrations instead of following them.
"""
import importlib
import os
import sys
import time

# Only nova.cmd.<x> is imported early. Not the managers: their @periodic_task decorators read
# options (spacing=CONF.scheduler.discover_hosts_in_cells_interval, ...) when the module is
# imported, and before parse_args they would get the defaults (discovery off, for one).
SERVICES = {
    'api': 'nova.cmd.api_os_compute',
    'conductor': 'nova.cmd.conductor',
    'scheduler': 'nova.cmd.scheduler',
    'compute': 'nova.cmd.compute',
}


def sqlite_locked_is_a_deadlock():
    """Let nova retry SQLite's "database is locked" as it retries a MySQL deadlock.

    Several processes (api, conductor, scheduler) write the same SQLite files. A transaction
    that read and then writes (Instance.save's compare-and-swap on task_state does) gets
    SQLITE_BUSY at once, without waiting, when another process wrote meanwhile: nova-api
    answered 500 on a stop. nova's DB API already retries DBDeadlock around such transactions
    (wrap_db_retry(retry_on_deadlock=True)); oslo.db only never maps SQLite's error to it.
    """
    from oslo_db import exception as db_exc
    from oslo_db.sqlalchemy import exc_filters
    from sqlalchemy import exc as sqla_exc

    @exc_filters.filters('sqlite', sqla_exc.OperationalError, r'.*database is locked.*')
    def _locked(error, match, engine_name, is_disconnect):
        raise db_exc.DBDeadlock(error)


def retry_instance_mapping_saves():
    """The conductor maps a new instance to its cell (InstanceMapping._save_in_db) outside any
    retry: with 20 boots at once on SQLite, one in three runs lost a server to "database is
    locked" there (BUILD forever). The same retry nova's DB API puts elsewhere is put here.
    """
    from oslo_db import api as oslo_db_api
    from nova.objects import instance_mapping

    saved = instance_mapping.InstanceMapping._save_in_db
    instance_mapping.InstanceMapping._save_in_db = staticmethod(
        oslo_db_api.wrap_db_retry(max_retries=5, retry_on_deadlock=True)(saved))


def main():
    args = sys.argv[1:]
    if not args or args[0] not in SERVICES or '--' not in args:
        sys.exit(__doc__)
    name, sep = args[0], args.index('--')
    opts, nova_args = args[1:sep], args[sep + 1:]
    after = opts[1] if opts[:1] == ['--after'] and len(opts) == 2 else None
    cmd = importlib.import_module(SERVICES[name])  # nova.cmd monkey-patches eventlet first
    sqlite_locked_is_a_deadlock()
    retry_instance_mapping_saves()
    while after and not os.path.exists(after):
        time.sleep(0.05)
    # nova reads its options from sys.argv[1:]; argv[0] names the program in its logs
    sys.argv = ['nova-' + name] + nova_args
    sys.exit(cmd.main())


if __name__ == '__main__':
    main()
