#!/usr/bin/python3
"""nova's database set-up in one process: what these four commands do, in this order,

    nova-manage api_db sync
    nova-manage cell_v2 map_cell0 --database_connection CELL0_URL
    nova-manage cell_v2 create_cell --name cell1 --database_connection CELL1_URL --transport-url URL
    nova-manage db sync                       (cell1's schema, and cell0's through its mapping)

usage: nova_db_setup.py NOVA_CONF CELL0_URL CELL1_URL TRANSPORT_URL

Then puts the SQLite files into WAL mode.

Each nova-manage run spends ~2.5 s of CPU importing nova before it does anything; on a 2-core
machine four of them were most of the control plane's start-up time. The same command classes
are called here, so the result is what nova-manage leaves.
"""
import sys


def main():
    conf_file, cell0_url, cell1_url, transport_url = sys.argv[1:5]
    from nova.cmd import manage
    from nova import config
    from nova import objects

    config.parse_args(['nova-manage', '--config-file', conf_file])
    objects.register_all()
    steps = [
        ('api_db sync', lambda: manage.ApiDbCommands().sync()),
        ('cell_v2 map_cell0', lambda: manage.CellV2Commands().map_cell0(
            database_connection=cell0_url)),
        ('cell_v2 create_cell', lambda: manage.CellV2Commands().create_cell(
            name='cell1', database_connection=cell1_url, transport_url=transport_url)),
        ('db sync', lambda: manage.DbCommands().sync()),
    ]
    for name, run in steps:
        rc = run()
        # the command methods return None or 0 on success, like nova-manage's exit code
        if rc not in (None, 0):
            sys.exit('nova-manage %s failed with %s' % (name, rc))
        print('nova-manage %s: done' % name, flush=True)
    # WAL: readers and the writer of another process no longer block each other (persistent
    # in the file, so every later connection uses it)
    for url in (config.CONF.api_database.connection, cell0_url, cell1_url):
        wal(url)


def wal(url):
    import sqlite3
    prefix = 'sqlite:///'
    if url.startswith(prefix):
        db = sqlite3.connect(url[len(prefix):])
        try:
            db.execute('pragma journal_mode=wal')
        finally:
            db.close()


if __name__ == '__main__':
    main()
