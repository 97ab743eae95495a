#!/usr/bin/python3
"""Wait until a compute host is usable by the control plane of DIR (stdlib only).

usage: compute_ready.py DIR HOST [TIMEOUT_S]

Usable means everything a boot or a move onto HOST needs, whatever implements the compute
(Debian's nova-compute or the Java worker):
  1. os-services: nova-compute on HOST is enabled and "up" (its heartbeat reached the database);
  2. os-hypervisors: a compute node with hypervisor_hostname HOST, state up;
  3. placement: a resource provider named HOST with VCPU, MEMORY_MB and DISK_GB inventory
     (without it the scheduler finds no allocation candidates: NoValidHost);
  4. the API database maps HOST to a cell (done by the scheduler's discover_hosts every 2 s;
     without it the conductor cannot build on HOST, and no REST call shows it).
Prints one JSON line with what was found and how long it took; exits 1 on timeout, naming
the conditions still unmet.
"""
import json
import os
import sqlite3
import sys
import time
import urllib.error
import urllib.request

from plane_env import read_env

TOKEN = 'admin:admin'


def get(url, version_header):
    req = urllib.request.Request(url, headers={'X-Auth-Token': TOKEN,
                                               'OpenStack-API-Version': version_header,
                                               'Accept': 'application/json'})
    with urllib.request.urlopen(req, timeout=10) as r:
        return json.load(r)


def check(d, env, host):
    facts, unmet = {}, []
    api, placement = env['NOVA_API_URL'], env['PLACEMENT_URL']
    svcs = get(api + '/os-services?binary=nova-compute&host=' + host,
               'compute latest')['services']
    svc = next((s for s in svcs if s['host'] == host), None)
    facts['service'] = svc and {k: svc[k] for k in ('id', 'state', 'status', 'updated_at')}
    if not svc or svc['state'] != 'up' or svc['status'] != 'enabled':
        unmet.append('os-services up/enabled')
    # the index, not /detail: from microversion 2.88 the detail view asks every compute for
    # its uptime (an RPC call, get_host_uptime), which a poll loop should not do
    try:
        hyps = get(api + '/os-hypervisors?hypervisor_hostname_pattern=' + host,
                   'compute latest')['hypervisors']
    except urllib.error.HTTPError as e:  # a pattern matching nothing is a 404
        if e.code != 404:
            raise
        hyps = []
    hyp = next((h for h in hyps if h['hypervisor_hostname'] == host), None)
    facts['hypervisor'] = hyp and {k: hyp.get(k) for k in ('id', 'state', 'status')}
    if not hyp or hyp['state'] != 'up':
        unmet.append('os-hypervisors')
    rps = get(placement + '/resource_providers?name=' + host,
              'placement latest')['resource_providers']
    if rps:
        inv = get(placement + '/resource_providers/%s/inventories' % rps[0]['uuid'],
                  'placement latest')['inventories']
        facts['resource_provider'] = {'uuid': rps[0]['uuid'], 'inventories': sorted(inv)}
        if not {'VCPU', 'MEMORY_MB', 'DISK_GB'} <= set(inv):
            unmet.append('placement inventory')
    else:
        facts['resource_provider'] = None
        unmet.append('placement resource provider')
    db = sqlite3.connect('file:%s?mode=ro' % os.path.join(d, 'db', 'nova_api.sqlite'), uri=True,
                         timeout=5)
    try:
        row = db.execute('select cell_id from host_mappings where host = ?', (host,)).fetchone()
    finally:
        db.close()
    facts['host_mapping_cell_id'] = row and row[0]
    if not row:
        unmet.append('host mapped to a cell')
    return facts, unmet


def main():
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__)
    d, host = os.path.abspath(sys.argv[1]), sys.argv[2]
    timeout = float(sys.argv[3]) if len(sys.argv) == 4 else 60
    env = read_env(d)
    start = time.time()
    unmet, facts = ['nothing checked yet'], {}
    while time.time() - start < timeout:
        try:
            facts, unmet = check(d, env, host)
        except (OSError, ValueError, sqlite3.Error) as e:
            unmet = ['error: %s' % e]
        if not unmet:
            facts.update(host=host, ready_after_s=round(time.time() - start, 2))
            print(json.dumps(facts, sort_keys=True))
            return
        time.sleep(0.2)
    print(json.dumps({'host': host, 'timeout_s': timeout, 'unmet': unmet, 'facts': facts},
                     sort_keys=True))
    sys.exit(1)


if __name__ == '__main__':
    main()
