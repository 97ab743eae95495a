#!/usr/bin/python3
"""The user scenario, through nova's public REST API only (stdlib only).

usage: scenario.py DIR [--boot-host HOST] [--microversion 2.93] [--timeout 60] [--out FILE]
       scenario.py DIR --boot-only NAME       (boot one server, wait ACTIVE, print its id)
       scenario.py DIR --delete-only ID       (delete a server, wait for 404)

DIR is a control plane from start.sh (URLs, image and flavors come from DIR/env) with at least
two usable compute hosts, whatever implements them. Steps: boot (networks "none", m1.small) ->
ACTIVE; resize to m1.medium -> VERIFY_RESIZE on another host; confirm -> ACTIVE there; stop ->
SHUTOFF; start -> ACTIVE; reboot SOFT and HARD -> ACTIVE; resize to m1.large -> VERIFY_RESIZE;
revert -> ACTIVE with m1.medium on the host it had; then instance actions with their events,
os-services, os-hypervisors/detail, placement usages per provider and the migrations; delete ->
404 and no placement allocation left for the server or its migrations.

Each step is printed on stderr with its duration; the facts (JSON) go to stdout and, with
--out, to FILE. Each step records its wall-clock interval and the request id nova-api answered
with, so a wire capture can be cut by step. Exits 1 when a check failed (facts still printed).

Microversion: 2.93 (Zed's newest) by default, fixed so the response shapes do not move: the
server shows its host (admin), its flavor inline (2.47) and the action events (admin); boot may
name a host (2.74); the hypervisor detail view (2.88) makes nova-api call get_host_uptime on
every compute.
"""
import argparse
import json
import sys
import time
import urllib.error
import urllib.request

from plane_env import read_env

TOKEN = 'admin:admin'


class Failed(Exception):
    pass


class Api:
    def __init__(self, base, version_header):
        self.base = base.rstrip('/')
        self.version_header = version_header

    def call(self, method, path, body=None, ok=(200, 201, 202, 204)):
        data = None if body is None else json.dumps(body).encode()
        url = path if path.startswith('http') else self.base + path
        req = urllib.request.Request(url, data=data, method=method, headers={
            'X-Auth-Token': TOKEN, 'Accept': 'application/json',
            'Content-Type': 'application/json', 'OpenStack-API-Version': self.version_header})
        try:
            with urllib.request.urlopen(req, timeout=60) as r:
                status, headers, raw = r.status, r.headers, r.read()
        except urllib.error.HTTPError as e:
            status, headers, raw = e.code, e.headers, e.read()
        doc = json.loads(raw) if raw else None
        if status not in ok:
            raise Failed('%s %s -> %s %s' % (method, path, status, doc))
        return status, doc, headers.get('X-OpenStack-Request-Id') or headers.get(
            'X-Compute-Request-Id')


class Scenario:
    def __init__(self, args):
        self.env = read_env(args.dir)
        self.nova = Api(self.env['NOVA_API_URL'], 'compute %s' % args.microversion)
        self.placement = Api(self.env['PLACEMENT_URL'], 'placement 1.39')
        self.timeout = args.timeout
        self.boot_host = args.boot_host
        self.facts = {'microversion': args.microversion, 'steps': [], 'checks': [],
                      'nova_api_url': self.env['NOVA_API_URL']}
        self.server_id = None
        self.t0 = time.time()

    # ---------------------------------------------------------------- helpers
    def check(self, what, ok, detail=None):
        self.facts['checks'].append({'check': what, 'ok': bool(ok), 'detail': detail})
        if not ok:
            raise Failed('check failed: %s (%s)' % (what, detail))

    def server(self):
        return self.nova.call('GET', '/servers/%s' % self.server_id)[1]['server']

    def wait_status(self, status):
        deadline = time.time() + self.timeout
        while True:
            s = self.server()
            if s['status'] == 'ERROR':
                raise Failed('server went to ERROR: %s' % s.get('fault'))
            if s['status'] == status and s.get('OS-EXT-STS:task_state') is None:
                return s
            if time.time() > deadline:
                raise Failed('server not %s after %ss: status %s task_state %s' % (
                    status, self.timeout, s['status'], s.get('OS-EXT-STS:task_state')))
            time.sleep(0.1)

    def step(self, name, fn):
        start = time.time()
        sys.stderr.write('scenario: %-28s ... ' % name)
        sys.stderr.flush()
        record = {'step': name, 't_start': round(start, 3)}
        self.facts['steps'].append(record)
        try:
            result = fn(record)
        finally:
            record['t_end'] = round(time.time(), 3)
            record['seconds'] = round(record['t_end'] - start, 3)
            sys.stderr.write('%.3f s\n' % record['seconds'])
        return result

    def action(self, record, body):
        _, _, req_id = self.nova.call('POST', '/servers/%s/action' % self.server_id, body)
        record['request_id'] = req_id

    @staticmethod
    def where(s):
        return {'status': s['status'], 'host': s.get('OS-EXT-SRV-ATTR:host'),
                'node': s.get('OS-EXT-SRV-ATTR:hypervisor_hostname'),
                'flavor': s['flavor'].get('original_name'),
                'power_state': s.get('OS-EXT-STS:power_state'),
                'vm_state': s.get('OS-EXT-STS:vm_state')}

    def provider_usages(self):
        rps = self.placement.call('GET', '/resource_providers')[1]['resource_providers']
        out = {}
        for rp in rps:
            usages = self.placement.call('GET', '/resource_providers/%s/usages' % rp['uuid'])[1]
            out[rp['name']] = {'uuid': rp['uuid'], 'generation': rp['generation'],
                               'usages': usages['usages']}
        return out

    def allocations(self, consumer):
        return self.placement.call('GET', '/allocations/%s' % consumer)[1]['allocations']

    # ---------------------------------------------------------------- the scenario
    def run(self):
        e = self.env
        small, medium = e['FLAVOR_SMALL'], e['FLAVOR_MEDIUM']
        large = e.get('FLAVOR_LARGE', '103')
        hosts_up = [s['host'] for s in self.nova.call(
            'GET', '/os-services?binary=nova-compute')[1]['services'] if s['state'] == 'up']
        self.facts['compute_hosts_up'] = sorted(hosts_up)
        self.check('at least two compute hosts up', len(hosts_up) >= 2, hosts_up)

        def boot(record):
            server = {'name': 'scenario-vm', 'imageRef': e['IMAGE_ID'], 'flavorRef': small,
                      'networks': 'none'}
            if self.boot_host:
                server['host'] = self.boot_host
            _, doc, req_id = self.nova.call('POST', '/servers', {'server': server})
            self.server_id = doc['server']['id']
            record['request_id'] = req_id
            self.facts['server_id'] = self.server_id
            s = self.wait_status('ACTIVE')
            record['server'] = self.where(s)
            return s
        s = self.step('boot', boot)
        first_host = s['OS-EXT-SRV-ATTR:host']
        if self.boot_host:
            self.check('booted on the requested host', first_host == self.boot_host, first_host)
        self.check('booted with m1.small', s['flavor']['original_name'] == 'm1.small')

        def resize_to(flavor):
            def run(record):
                self.action(record, {'resize': {'flavorRef': flavor}})
                s = self.wait_status('VERIFY_RESIZE')
                record['server'] = self.where(s)
                return s
            return run

        def act(body, status):
            def run(record):
                self.action(record, body)
                s = self.wait_status(status)
                record['server'] = self.where(s)
                return s
            return run

        s = self.step('resize to m1.medium', resize_to(medium))
        second_host = s['OS-EXT-SRV-ATTR:host']
        self.check('resize moved the server to another host', second_host != first_host,
                   [first_host, second_host])
        self.check('resized flavor is m1.medium', s['flavor']['original_name'] == 'm1.medium')
        s = self.step('confirm resize', act({'confirmResize': None}, 'ACTIVE'))
        self.check('confirmed on the new host', s['OS-EXT-SRV-ATTR:host'] == second_host)
        self.step('stop', act({'os-stop': None}, 'SHUTOFF'))
        self.step('start', act({'os-start': None}, 'ACTIVE'))
        self.step('reboot SOFT', act({'reboot': {'type': 'SOFT'}}, 'ACTIVE'))
        self.step('reboot HARD', act({'reboot': {'type': 'HARD'}}, 'ACTIVE'))
        s = self.step('resize to m1.large', resize_to(large))
        self.check('second resize went to another host', s['OS-EXT-SRV-ATTR:host'] != second_host,
                   s['OS-EXT-SRV-ATTR:host'])
        s = self.step('revert resize', act({'revertResize': None}, 'ACTIVE'))
        self.check('reverted to m1.medium', s['flavor']['original_name'] == 'm1.medium',
                   s['flavor'])
        self.check('reverted to the host it had', s['OS-EXT-SRV-ATTR:host'] == second_host,
                   s['OS-EXT-SRV-ATTR:host'])
        # (revert is done for the API when the server is ACTIVE; the source host's claim and
        # the migration's allocation are dropped by then, as the checks below show)

        def facts_step(record):
            self.facts['instance_actions'] = self.instance_actions()
            self.facts['services'] = [
                {k: x.get(k) for k in ('binary', 'host', 'state', 'status', 'zone',
                                       'forced_down')}
                for x in self.nova.call('GET', '/os-services')[1]['services']]
            self.facts['hypervisors'] = [
                {k: h.get(k) for k in ('hypervisor_hostname', 'state', 'status', 'host_ip',
                                       'hypervisor_type', 'uptime')}
                for h in self.nova.call('GET', '/os-hypervisors/detail')[1]['hypervisors']]
            self.facts['placement_usages_before_delete'] = self.provider_usages()
            self.facts['server_allocations_before_delete'] = self.allocations(self.server_id)
            self.facts['migrations'] = [
                {k: m.get(k) for k in ('uuid', 'migration_type', 'status', 'source_compute',
                                       'dest_compute', 'old_instance_type_id',
                                       'new_instance_type_id')}
                for m in self.nova.call('GET', '/os-migrations?instance_uuid=%s'
                                        % self.server_id)[1]['migrations']]
        self.step('read actions, services, usages', facts_step)
        allocs = self.facts['server_allocations_before_delete']
        self.check('server allocation only on its host', len(allocs) == 1, allocs)
        self.check('no migration allocation left', all(
            not self.allocations(m['uuid']) for m in self.facts['migrations']),
            self.facts['migrations'])

        def delete(record):
            _, _, req_id = self.nova.call('DELETE', '/servers/%s' % self.server_id)
            record['request_id'] = req_id
            deadline = time.time() + self.timeout
            while True:
                status, _, _ = self.nova.call('GET', '/servers/%s' % self.server_id,
                                              ok=(200, 404))
                if status == 404:
                    return
                if time.time() > deadline:
                    raise Failed('server still there %ss after delete' % self.timeout)
                time.sleep(0.1)
        self.step('delete', delete)
        self.facts['instance_actions_after_delete'] = [
            {'action': a['action'], 'request_id': a['request_id']}
            for a in self.nova.call('GET', '/servers/%s/os-instance-actions'
                                    % self.server_id)[1]['instanceActions']]
        left = self.allocations(self.server_id)
        self.facts['server_allocations_after_delete'] = left
        self.check('no allocation left for the server', not left, left)
        usages = self.provider_usages()
        self.facts['placement_usages_after_delete'] = usages
        self.check('no usage left on any provider', all(
            not any(u['usages'].values()) for u in usages.values()), usages)

    def single(self, boot_name, delete_id):
        """One server for other tools (capture.sh keeps one running while it records)."""
        if boot_name:
            server = {'name': boot_name, 'imageRef': self.env['IMAGE_ID'],
                      'flavorRef': self.env['FLAVOR_SMALL'], 'networks': 'none'}
            if self.boot_host:
                server['host'] = self.boot_host
            self.server_id = self.nova.call('POST', '/servers', {'server': server})[1][
                'server']['id']
            self.wait_status('ACTIVE')
            print(self.server_id)
            return
        self.server_id = delete_id
        self.nova.call('DELETE', '/servers/%s' % delete_id)
        deadline = time.time() + self.timeout
        while self.nova.call('GET', '/servers/%s' % delete_id, ok=(200, 404))[0] != 404:
            if time.time() > deadline:
                raise Failed('server %s still there after %ss' % (delete_id, self.timeout))
            time.sleep(0.1)

    def instance_actions(self):
        actions = self.nova.call('GET', '/servers/%s/os-instance-actions'
                                 % self.server_id)[1]['instanceActions']
        out = []
        for a in sorted(actions, key=lambda a: a['start_time']):
            detail = self.nova.call('GET', '/servers/%s/os-instance-actions/%s'
                                    % (self.server_id, a['request_id']))[1]['instanceAction']
            out.append({'action': a['action'], 'request_id': a['request_id'],
                        'message': a.get('message'),
                        'events': [{k: ev.get(k) for k in ('event', 'result', 'host')}
                                   for ev in sorted(detail.get('events', []),
                                                    key=lambda ev: ev['start_time'])]})
        return out


def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('dir')
    p.add_argument('--boot-host', help='boot on this compute host (microversion >= 2.74)')
    p.add_argument('--microversion', default='2.93')
    p.add_argument('--timeout', type=float, default=60, help='seconds per step')
    p.add_argument('--out', help='also write the facts (JSON) to this file')
    p.add_argument('--boot-only', metavar='NAME')
    p.add_argument('--delete-only', metavar='ID')
    args = p.parse_args()
    sc = Scenario(args)
    if args.boot_only or args.delete_only:
        sc.single(args.boot_only, args.delete_only)
        return
    ok = True
    try:
        sc.run()
    except (Failed, OSError, KeyError, ValueError) as e:
        ok = False
        sc.facts['error'] = '%s: %s' % (type(e).__name__, e)
        sys.stderr.write('\nscenario: FAILED: %s\n' % e)
        if sc.server_id:
            try:
                sc.facts['instance_actions'] = sc.instance_actions()
            except (Failed, OSError, KeyError, ValueError):
                pass
    sc.facts['ok'] = ok
    sc.facts['total_seconds'] = round(time.time() - sc.t0, 3)
    text = json.dumps(sc.facts, indent=2, sort_keys=True)
    if args.out:
        with open(args.out, 'w', encoding='utf-8') as f:
            f.write(text + '\n')
    print(text)
    sys.stderr.write('scenario: %s in %.3f s\n' % ('passed' if ok else 'FAILED',
                                                   sc.facts['total_seconds']))
    sys.exit(0 if ok else 1)


if __name__ == '__main__':
    main()
