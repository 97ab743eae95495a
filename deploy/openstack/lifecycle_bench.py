#!/usr/bin/python3
"""The same server lifecycle through a real nova control plane, on two compute-worker hosts and
on two Debian nova-compute hosts, side by side (stdlib only).

usage: lifecycle_bench.py [--servers 20] [--warmup 10] [--warmup-rounds 3]
                          [--kinds worker,nova-compute] [--workdir /tmp/lifecycle-bench]
                          [--json FILE] [--compute-debug] ...      (--help for the rest)

For each kind, in one run: a fresh control plane (start.sh in WORKDIR/<kind>, a new directory
each), two compute hosts (hostA, hostB) of that kind, quotas lifted, warm-up lifecycles of 10
servers (at least 3 rounds, then until the compute CPU per round stops falling, at most 5; the
same rule for both kinds: the JIT for the JVM, which still compiled for half of the worker's
CPU after 4 servers; lazy imports and caches for Python; the control plane's own first
requests), an idle window, then the measured lifecycle of N servers:

  boot (m1.small, networks none) -> ACTIVE
  resize to m1.medium            -> VERIFY_RESIZE on the other host (allow_resize_to_same_host
                                    is false)
  confirmResize                  -> ACTIVE
  delete                         -> gone (out of the list, GET /servers/ID is 404)

Each phase sends its N requests in parallel (a thread each, as a user script backgrounding its
`openstack server ...` commands would) and ends when every server has reached the phase's status;
the next phase starts then. A server's step time is from its own request being sent to the
first poll that shows the status (with task_state None); the poll is one
`GET /servers/detail?changes-since=...` for all servers every --poll seconds (0.25 by default;
for delete the plain list, which a server leaves when GET /servers/ID turns 404), so step times
are upper bounds with that resolution, the same for both kinds.

CPU: utime+stime (plus reaped children) from /proc/PID/stat of the two compute processes (the
worker's JVM, nova-compute's python from DIR/run/compute-HOST.pid) and of every control-plane
process (RabbitMQ's Erlang VM, nova-api, conductor, scheduler, placement, Glance, Neutron) and
of this driver, read just before the first boot request and just after the last server is gone:
start-up and warm-up are excluded; the window closes once placement holds no allocation any
more. RSS (VmRSS) of the compute processes is sampled every 0.5 s.
The compute processes' CPU is also split by thread (/proc/PID/task: the JVM's compiler threads,
journal writer, ...). After the window, the instance actions of the measured servers give, per
step, when each event (conductor, compute) started and ended relative to the request.

The control plane keeps SQLite under its services: now and then the conductor's
_map_instance_to_cell fails with "database is locked" (no retry there) and a server stays in
BUILD. A phase fails when no server moved for --straggler seconds. A measurement that lost a
server so is void and made again on the same plane after one more warm-up round; any other
failure runs the kind again on a fresh plane (both up to --attempts times). Void measurements
and failed attempts are kept in the JSON (and failed planes' directories as KIND-attemptN).

The compute hosts read the plane's DIR/compute.conf. start.sh writes `debug = true` there; the
worker ignores that option (it logs at INFO, COMPUTE_WORKER_LOG_LEVEL), nova-compute would log
at DEBUG, which production does not, so by default this benchmark sets `debug = false` in the
compute hosts' compute.conf (the control plane keeps its own etc/nova.conf). --compute-debug
keeps start.sh's `debug = true` (one run: 13.8 s of nova-compute CPU, within the 9-14 s that
runs without it vary).

Prints the table on stdout (also WORKDIR/lifecycle-bench-TIME.txt) and writes everything
(per-server timings, per-process CPU, the event breakdown) to --json (default
WORKDIR/lifecycle-bench-TIME.json). Exits 1 when a lifecycle failed (a server in ERROR, a
timeout, a resize that did not move, allocations left). The planes are stopped at the end
(--keep leaves the last one running); their directories (logs: DIR/hostA.log ...) stay.
"""
import argparse
import concurrent.futures
import datetime
import json
import math
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

from plane_env import read_env

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
PY = '/usr/bin/python3'
TOKEN = 'admin:admin'
CLK_TCK = os.sysconf('SC_CLK_TCK')
# deploy/compute-worker's defaults
WORKER_JVM = ['-Xms64m', '-Xmx256m', '-XX:+UseSerialGC', '-XX:MaxMetaspaceSize=96m', '-Xss1m',
              '-XX:TieredStopAtLevel=1']
HOSTS = ('hostA', 'hostB')
KIND_LABEL = {'worker': 'compute-worker', 'nova-compute': 'nova-compute'}
CONTROL = (('rabbitmq', 'RABBIT_PID'), ('nova-api', 'API_PID'),
           ('nova-conductor', 'CONDUCTOR_PID'), ('nova-scheduler', 'SCHEDULER_PID'),
           ('placement', 'PLACEMENT_PID'), ('glance', 'GLANCE_PID'), ('neutron', 'NEUTRON_PID'))
STEPS = (('boot', 'ACTIVE'), ('resize', 'VERIFY_RESIZE'), ('confirm', 'ACTIVE'),
         ('delete', 'GONE'))
ACTION_OF_STEP = {'boot': 'create', 'resize': 'resize', 'confirm': 'confirmResize',
                  'delete': 'delete'}


class Failed(Exception):
    pass


def log(msg):
    sys.stderr.write('lifecycle_bench: %s\n' % msg)
    sys.stderr.flush()


# ---------------------------------------------------------------- /proc

def _stat(pid):
    """(ppid, starttime, utime+stime+cutime+cstime in ticks) of PID, or None."""
    try:
        with open('/proc/%d/stat' % pid, 'rb') as f:
            data = f.read().decode('ascii', 'replace')
    except OSError:
        return None
    fields = data[data.rindex(')') + 2:].split()
    # fields[0] is field 3 (state): ppid 4, utime 14, stime 15, cutime 16, cstime 17, start 22
    return (int(fields[1]), int(fields[19]),
            int(fields[11]) + int(fields[12]) + int(fields[13]) + int(fields[14]))


def _all_ppids():
    out = {}
    for name in os.listdir('/proc'):
        if name.isdigit():
            st = _stat(int(name))
            if st:
                out[int(name)] = st[0]
    return out


def tree(pid, ppids=None):
    """PID and its live descendants."""
    ppids = _all_ppids() if ppids is None else ppids
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        found.append(p)
        todo.extend(c for c, pp in ppids.items() if pp == p)
    return found


def cpu_snapshot(pids):
    """{name: {(pid, starttime): ticks}} over each named process tree."""
    ppids = _all_ppids()
    snap = {}
    for name, pid in pids.items():
        per = {}
        for p in tree(pid, ppids) if pid else []:
            st = _stat(p)
            if st:
                per[(p, st[1])] = st[2]
        snap[name] = per
    return snap


def cpu_delta(before, after):
    """CPU seconds per name between two snapshots (a child born in between counts whole; a
    child that died and was reaped is in its parent's cutime)."""
    out = {}
    for name, per in after.items():
        b = before.get(name, {})
        out[name] = round(sum(t - b.get(k, 0) for k, t in per.items()) / CLK_TCK, 3)
    return out


def thread_snapshot(pid):
    """{(tid, name): ticks} of PID's threads, named as in /proc (trailing numbers as N)."""
    out = {}
    try:
        tids = os.listdir('/proc/%d/task' % pid)
    except OSError:
        return out
    for tid in tids:
        try:
            with open('/proc/%d/task/%s/stat' % (pid, tid), 'rb') as f:
                data = f.read().decode('ascii', 'replace')
        except OSError:
            continue
        name = data[data.index('(') + 1:data.rindex(')')]
        fields = data[data.rindex(')') + 2:].split()
        out[(tid, re.sub(r'(?<=[-_ ])\d+|\d+$', 'N', name))] = int(fields[11]) + int(fields[12])
    return out


def thread_delta(before, after, top=12):
    """CPU seconds per thread name group, largest first."""
    groups = {}
    for key, t in after.items():
        groups[key[1]] = groups.get(key[1], 0) + t - before.get(key, 0)
    rows = sorted(groups.items(), key=lambda kv: -kv[1])
    return [[n, round(t / CLK_TCK, 3)] for n, t in rows[:top] if t > 0]


def rss_mib(pid):
    total = 0
    for p in tree(pid):
        try:
            with open('/proc/%d/status' % p, encoding='ascii') as f:
                for line in f:
                    if line.startswith('VmRSS:'):
                        total += int(line.split()[1])
        except OSError:
            pass
    return round(total / 1024, 1)


def hwm_mib(pid):
    try:
        with open('/proc/%d/status' % pid, encoding='ascii') as f:
            for line in f:
                if line.startswith('VmHWM:'):
                    return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return None


def self_cpu():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def loadavg():
    with open('/proc/loadavg', encoding='ascii') as f:
        return [float(x) for x in f.read().split()[:3]]


class RssSampler(threading.Thread):
    def __init__(self, pids, interval=0.5):
        super().__init__(daemon=True)
        self.pids, self.interval = pids, interval
        self.peak = {h: 0.0 for h in pids}
        self.halt = threading.Event()

    def run(self):
        while not self.halt.is_set():
            for h, pid in self.pids.items():
                self.peak[h] = max(self.peak[h], rss_mib(pid))
            self.halt.wait(self.interval)

    def stop(self):
        self.halt.set()
        self.join()
        for h, pid in self.pids.items():
            self.peak[h] = max(self.peak[h], rss_mib(pid))
        return self.peak


# ---------------------------------------------------------------- REST

class Api:
    def __init__(self, base, version_header):
        self.base = base.rstrip('/')
        self.version_header = version_header

    def call(self, method, path, body=None, ok=(200, 201, 202, 204), timeout=120):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.base + path, data=data, method=method, headers={
            'X-Auth-Token': TOKEN, 'Accept': 'application/json',
            'Content-Type': 'application/json', 'OpenStack-API-Version': self.version_header})
        try:
            with urllib.request.urlopen(req, timeout=timeout) as r:
                status, raw = r.status, r.read()
        except urllib.error.HTTPError as e:
            status, raw = e.code, e.read()
        doc = json.loads(raw) if raw else None
        if status not in ok:
            raise Failed('%s %s -> %s %s' % (method, path, status, doc))
        return status, doc


def utc_iso(t):
    return datetime.datetime.utcfromtimestamp(t).strftime('%Y-%m-%dT%H:%M:%S.%fZ')


def parse_utc(s):
    """nova's times (UTC, with or without offset / fraction) as epoch seconds."""
    if not s:
        return None
    s = s.replace('Z', '').replace(' ', 'T')
    s = re.sub(r'[+-]00:?00$', '', s)
    fmt = '%Y-%m-%dT%H:%M:%S.%f' if '.' in s else '%Y-%m-%dT%H:%M:%S'
    return datetime.datetime.strptime(s, fmt).replace(tzinfo=datetime.timezone.utc).timestamp()


def pct(values, p):
    """Nearest-rank percentile."""
    if not values:
        return None
    v = sorted(values)
    return v[max(0, math.ceil(p / 100 * len(v)) - 1)]


# ---------------------------------------------------------------- the lifecycle

class Lifecycle:
    """N servers through boot -> resize -> confirm -> delete, each phase in parallel."""

    def __init__(self, api, env, prefix, n, args):
        self.api, self.env, self.prefix, self.n = api, env, prefix, n
        self.concurrency = args.concurrency or n
        self.poll_interval, self.timeout = args.poll, args.phase_timeout
        self.straggler = args.straggler
        self.servers = {}  # id -> record
        self.phases = []
        self.polls = 0
        self.errors = []

    def _requests(self, items, fn):
        """fn(item) -> (server_id, t_sent, t_answered) in parallel; yields results as they come."""
        with concurrent.futures.ThreadPoolExecutor(self.concurrency) as pool:
            futures = {pool.submit(fn, it): it for it in items}
            for fut in concurrent.futures.as_completed(futures):
                try:
                    yield fut.result()
                except (Failed, OSError, ValueError) as e:
                    self.errors.append('%s: %s' % (futures[fut], e))

    def phase(self, name, target, items, send):
        """Send every request of the phase (in parallel, from a thread pool), poll until each
        server that got its request accepted shows `target`, record the times."""
        t0 = time.time()
        sent = {}  # id -> (t_sent, t_answered)
        reached = {}  # id -> (t, server view)
        lock = threading.Lock()
        done_sending = threading.Event()

        def sender():
            for sid, ts, ta in self._requests(items, send):
                with lock:
                    sent[sid] = (ts, ta)
            done_sending.set()
        th = threading.Thread(target=sender, daemon=True)
        th.start()
        since = t0 - 5
        deadline = t0 + self.timeout
        failed = {}
        polls = 0
        last_progress = t0
        while True:
            t_poll = time.time()
            with lock:
                accepted = set(sent)
            # No name filter: nova-api applies it as a regex in Python on SQLite (145 against
            # 65 ms of its CPU per poll of 20 servers); the plane has only this run's servers.
            # For GONE the plain list: a server leaves it when its row is destroyed, which is
            # when GET /servers/ID turns 404 (nova-compute saves vm_state DELETED, then frees
            # the placement allocation, then destroys the row). Otherwise changes-since: only
            # what changed lately.
            query = {} if target == 'GONE' else {'changes-since': utc_iso(since)}
            try:
                _, doc = self.api.call('GET', '/servers/detail?' + urllib.parse.urlencode(query))
            except (Failed, OSError, ValueError) as e:
                log('poll failed (retrying): %s' % e)
                time.sleep(self.poll_interval)
                continue
            t_seen = time.time()
            polls += 1
            # overlap: a row is stamped (updated_at) before its transaction commits; every
            # tenth poll looks back to the start of the phase
            since = t0 - 5 if polls % 10 == 9 else t_poll - 2
            n_reached = len(reached)
            listed = set()
            for s in doc['servers']:
                sid = s['id']
                listed.add(sid)
                if sid in reached or sid in failed or not s['name'].startswith(
                        self.prefix + '-'):
                    continue
                if s['status'] == 'ERROR':
                    failed[sid] = s.get('fault')
                elif target != 'GONE' and s['status'] == target and s.get(
                        'OS-EXT-STS:task_state') is None:
                    reached[sid] = (t_seen, s)
            if target == 'GONE':
                for sid in accepted - listed - set(reached):
                    reached[sid] = (t_seen, {})
            if len(reached) > n_reached:
                last_progress = t_seen
            with lock:
                pending = [sid for sid in sent if sid not in reached and sid not in failed]
            if done_sending.is_set() and not pending:
                break
            # a server that fell out of the lifecycle (e.g. the conductor's "database is
            # locked" in _map_instance_to_cell leaves it in BUILD for ever) fails the phase
            # once nothing has moved for --straggler seconds
            if t_seen > deadline or (done_sending.is_set() and
                                     t_seen - last_progress > self.straggler):
                self.errors.append('%s: %d servers not %s after %.0f s (%.0f s without '
                                   'progress): %s' % (name, len(pending), target, t_seen - t0,
                                                      t_seen - last_progress, pending))
                break
            time.sleep(max(0.0, self.poll_interval - (time.time() - t_poll)))
        th.join()
        self.polls += polls
        for sid, fault in failed.items():
            self.errors.append('%s: server %s went to ERROR: %s' % (name, sid, fault))
        steps, api_s = [], []
        for sid, (ts, ta) in sent.items():
            rec = self.servers.setdefault(sid, {'id': sid, 'steps': {}})
            step = {'t_sent': round(ts, 3), 'request_s': round(ta - ts, 3)}
            api_s.append(ta - ts)
            if sid in reached:
                t, s = reached[sid]
                step['t_reached'] = round(t, 3)
                step['seconds'] = round(t - ts, 3)
                step['host'] = s.get('OS-EXT-SRV-ATTR:host')
                step['flavor'] = (s.get('flavor') or {}).get('original_name')
                steps.append(t - ts)
            rec['steps'][name] = step
        end = max([t for t, _ in reached.values()] or [time.time()])
        summary = {'step': name, 'target': target, 'servers': len(sent),
                   'reached': len(reached), 'wall_s': round(end - t0, 3),
                   'median_s': round(statistics.median(steps), 3) if steps else None,
                   'p95_s': round(pct(steps, 95), 3) if steps else None,
                   'max_s': round(max(steps), 3) if steps else None,
                   'request_median_s': round(statistics.median(api_s), 3) if api_s else None,
                   'request_p95_s': round(pct(api_s, 95), 3) if api_s else None,
                   'polls': polls}
        self.phases.append(summary)
        log('  %-8s %2d/%-2d %-13s wall %6.2f s, per server median %s s, p95 %s s' % (
            name, len(reached), len(sent), target, summary['wall_s'], summary['median_s'],
            summary['p95_s']))
        return list(reached)

    def run(self):
        e = self.env
        t0 = time.time()

        def boot(i):
            ts = time.time()
            _, doc = self.api.call('POST', '/servers', {'server': {
                'name': '%s-%03d' % (self.prefix, i), 'imageRef': e['IMAGE_ID'],
                'flavorRef': e['FLAVOR_SMALL'], 'networks': 'none'}})
            return doc['server']['id'], ts, time.time()

        def action(body):
            def send(sid):
                ts = time.time()
                self.api.call('POST', '/servers/%s/action' % sid, body)
                return sid, ts, time.time()
            return send

        def delete(sid):
            ts = time.time()
            self.api.call('DELETE', '/servers/%s' % sid)
            return sid, ts, time.time()

        ids = self.phase('boot', 'ACTIVE', range(self.n), boot)
        ids = self.phase('resize', 'VERIFY_RESIZE', ids,
                         action({'resize': {'flavorRef': e['FLAVOR_MEDIUM']}}))
        moved = [sid for sid in ids
                 if self.servers[sid]['steps']['resize'].get('host')
                 == self.servers[sid]['steps']['boot'].get('host')]
        if moved:
            self.errors.append('resize did not move %d servers: %s' % (len(moved), moved))
        ids = self.phase('confirm', 'ACTIVE', ids, action({'confirmResize': None}))
        # every server the lifecycle created goes, also one that failed on the way
        self.phase('delete', 'GONE', list(self.servers), delete)
        self.wall_s = round(time.time() - t0, 3)
        hosts = {}
        for rec in self.servers.values():
            h = str(rec['steps'].get('boot', {}).get('host'))
            hosts[h] = hosts.get(h, 0) + 1
        self.boot_hosts = hosts
        return self

    def report(self):
        return {'servers': self.n, 'phases': self.phases, 'wall_s': self.wall_s,
                'polls': self.polls, 'boot_hosts': self.boot_hosts, 'errors': self.errors,
                'per_server': sorted(self.servers.values(), key=lambda r: r['id'])}


def event_breakdown(api, lifecycle):
    """Per step: the events nova recorded (conductor, scheduler, compute) relative to each
    server's request, from the instance actions (read after the measured window)."""
    acc = {}  # step -> event -> {'start': [], 'end': []}; plus '(action record)' and done
    for rec in lifecycle.servers.values():
        try:
            actions = api.call('GET', '/servers/%s/os-instance-actions' % rec['id'])[1][
                'instanceActions']
        except (Failed, OSError, ValueError):
            continue
        by_action = {a['action']: a for a in actions}
        for step, st in rec['steps'].items():
            a = by_action.get(ACTION_OF_STEP[step])
            if not a or 't_reached' not in st:
                continue
            try:
                detail = api.call('GET', '/servers/%s/os-instance-actions/%s' % (
                    rec['id'], a['request_id']))[1]['instanceAction']
            except (Failed, OSError, ValueError):
                continue
            ts = st['t_sent']
            d = acc.setdefault(step, {})
            base = parse_utc(a.get('start_time'))
            if base is not None:
                d.setdefault('(action recorded by nova-api)', {'start': [], 'end': []})[
                    'start'].append(base - ts)
            for ev in detail.get('events') or []:
                s, f = parse_utc(ev.get('start_time')), parse_utc(ev.get('finish_time'))
                x = d.setdefault(ev['event'], {'start': [], 'end': []})
                if s is not None:
                    x['start'].append(s - ts)
                if f is not None:
                    x['end'].append(f - ts)
            d.setdefault('(status seen through the API)', {'start': [], 'end': []})[
                'end'].append(st['t_reached'] - ts)
    out = {}
    for step, events in acc.items():
        rows = []
        for ev, x in events.items():
            rows.append({'event': ev, 'n': max(len(x['start']), len(x['end'])),
                         'start_median_s': round(statistics.median(x['start']), 3)
                         if x['start'] else None,
                         'end_median_s': round(statistics.median(x['end']), 3)
                         if x['end'] else None})
        rows.sort(key=lambda r: (r['start_median_s'] if r['start_median_s'] is not None
                                 else r['end_median_s']))
        out[step] = rows
    return out


# ---------------------------------------------------------------- one kind

def lost_in_build(error):
    """A boot that never left BUILD: the control plane lost it (see the module doc)."""
    return error.startswith('boot: ') and 'not ACTIVE' in error


def wait_placement_clean(placement, timeout):
    """Poll until no provider has usage; (time.time() when clean, {} ) or (now, leftovers)."""
    deadline = time.time() + timeout
    while True:
        left = {}
        rps = placement.call('GET', '/resource_providers')[1]['resource_providers']
        for rp in rps:
            u = placement.call('GET', '/resource_providers/%s/usages' % rp['uuid'])[1]['usages']
            if any(u.values()):
                left[rp['name']] = u
        now = time.time()
        if not left or now > deadline:
            return now, left
        time.sleep(0.25)


def sh(cmd, logfile, timeout):
    with open(logfile, 'ab') as lf:
        r = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=lf,
                           timeout=timeout, check=False)
    if r.returncode != 0:
        raise Failed('%s failed (exit %d), see %s' % (' '.join(cmd), r.returncode, logfile))
    return r.stdout.decode()


def start_worker(d, host, jar, java_opts):
    state = os.path.join(d, 'hosts', host)
    os.makedirs(state, exist_ok=True)
    conf = os.path.join(d, host + '.conf')
    with open(conf, 'w', encoding='utf-8') as f:
        f.write('[DEFAULT]\nhost = %s\nstate_path = %s\n[compute_worker]\n'
                'metrics_host = 127.0.0.1\nmetrics_port = 0\n' % (host, state))
    logf = open(os.path.join(d, host + '.log'), 'wb')
    p = subprocess.Popen(['java'] + WORKER_JVM + java_opts + [
        '-jar', jar, '--config-file', os.path.join(d, 'compute.conf'), '--config-file', conf],
        stdin=subprocess.DEVNULL, stdout=logf, stderr=subprocess.STDOUT, start_new_session=True)
    logf.close()
    # stop.sh stops every run/compute-*.pid (its command line names DIR)
    with open(os.path.join(d, 'run', 'compute-%s.pid' % host), 'w', encoding='ascii') as f:
        f.write('%d\n' % p.pid)
    return p.pid


def compute_pids(d, kind, hosts):
    pids = {}
    for h in hosts:
        with open(os.path.join(d, 'run', 'compute-%s.pid' % h), encoding='ascii') as f:
            pids[h] = int(f.read().strip())
        if _stat(pids[h]) is None:
            raise Failed('%s %s (pid %d) is not running' % (kind, h, pids[h]))
    return pids


def set_debug(conf, on):
    with open(conf, encoding='utf-8') as f:
        text = f.read()
    text = re.sub(r'(?m)^debug = (true|false)$', 'debug = %s' % ('true' if on else 'false'),
                  text, count=1)
    tmp = conf + '.tmp'
    with open(tmp, 'w', encoding='utf-8') as f:
        f.write(text)
    os.replace(tmp, conf)


def run_kind(kind, args, workdir):
    d = os.path.join(workdir, kind)
    stop = os.path.join(HERE, 'stop.sh')
    if os.path.isdir(os.path.join(d, 'run')):
        subprocess.run([stop, d], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, check=False)
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    res = {'kind': kind, 'dir': d, 'load_before': loadavg()}
    t = time.time()
    log('%s: starting a fresh control plane in %s' % (kind, d))
    sh([os.path.join(HERE, 'start.sh'), d], os.path.join(workdir, kind + '-start.log'), 300)
    res['plane_start_s'] = round(time.time() - t, 1)
    try:
        env = read_env(d)
        set_debug(os.path.join(d, 'compute.conf'), args.compute_debug)
        nova = Api(env['NOVA_API_URL'], 'compute %s' % args.microversion)
        placement = Api(env['PLACEMENT_URL'], 'placement 1.39')
        # default quotas (10 instances, 20 cores) would refuse N servers and their resizes;
        # the default class (os-quota-sets/PROJECT asks keystone about the project, none here)
        nova.call('PUT', '/os-quota-class-sets/default', {'quota_class_set': {
            'instances': -1, 'cores': -1, 'ram': -1}})
        t = time.time()
        if kind == 'worker':
            jar = os.path.join(d, 'compute-worker.jar')
            # a copy: a concurrent `mvn package` rewrites target/ under a running JVM
            shutil.copyfile(args.worker_jar, jar)
            for h in HOSTS:
                start_worker(d, h, jar, args.worker_java_opts.split())
            procs = [subprocess.Popen([PY, os.path.join(HERE, 'compute_ready.py'), d, h, '120'],
                                      stdout=subprocess.PIPE, stdin=subprocess.DEVNULL)
                     for h in HOSTS]
        else:
            procs = [subprocess.Popen([os.path.join(HERE, 'python-compute.sh'), d, h],
                                      stdout=subprocess.PIPE, stdin=subprocess.DEVNULL,
                                      stderr=open(os.path.join(d, 'start-%s.log' % h), 'wb'),
                                      env=dict(os.environ, COMPUTE_START_TIMEOUT='120'))
                     for h in HOSTS]
        for h, p in zip(HOSTS, procs):
            out, _ = p.communicate(timeout=300)
            if p.returncode != 0:
                raise Failed('%s %s not usable: %s (log %s)' % (
                    kind, h, out.decode().strip(), os.path.join(d, h + '.log')))
        res['hosts_ready_s'] = round(time.time() - t, 1)
        pids = compute_pids(d, kind, HOSTS)
        res['pids'] = pids
        control = {name: int(env[key]) for name, key in CONTROL if env.get(key)}
        log('%s: plane up in %.1f s, hosts usable in %.1f s (pids %s)' % (
            kind, res['plane_start_s'], res['hosts_ready_s'], pids))

        # warm-up: the same lifecycle with --warmup servers, at least --warmup-rounds times,
        # then until the compute processes' CPU per round no longer falls by more than 15%
        # (same rule for both kinds; at most --warmup-max-rounds). The JVM's JIT does not
        # settle at this rate (a method reaches C2 after thousands of calls; 80 lifecycles
        # still left it compiling a third of the time), so it is not waited for.
        res['warmup'] = []

        def warm_round(rnd):
            before = cpu_snapshot(pids)
            th0 = {h: thread_snapshot(p) for h, p in pids.items()}
            t = time.time()
            log('%s: warm-up round %d, %d servers' % (kind, rnd + 1, args.warmup))
            warm = Lifecycle(nova, env, 'lcb-warm%d' % rnd, args.warmup, args).run()
            _, left = wait_placement_clean(placement, args.straggler)
            cpu = cpu_delta(before, cpu_snapshot(pids))
            threads = {h: thread_delta(th0[h], thread_snapshot(p)) for h, p in pids.items()}
            total = sum(cpu.values())
            jit = sum(t for rows in threads.values() for n, t in rows if 'CompilerThre' in n)
            res['warmup'].append({
                'servers': args.warmup, 'wall_s': round(time.time() - t, 3),
                'phases': warm.phases, 'errors': warm.errors, 'compute_cpu_s': cpu,
                'compute_cpu_total_s': round(total, 3), 'jit_s': round(jit, 3),
                'compute_threads_cpu_s': threads})
            log('%s: warm-up round %d: compute CPU %.2f s (JIT %.2f s)' % (
                kind, rnd + 1, total, jit))
            # a server the control plane lost in BUILD (see above) is only logged here: the
            # rest of the round warmed the hosts up all the same
            lost = [e for e in warm.errors if lost_in_build(e)]
            if lost:
                log('%s: warm-up round %d lost a server in BUILD (control plane): %s' % (
                    kind, rnd + 1, lost))
            if [e for e in warm.errors if e not in lost] or left:
                raise Failed('warm-up failed: %s' % (warm.errors or left))
            return total

        prev = None
        for rnd in range(args.warmup_max_rounds):
            total = warm_round(rnd)
            if rnd + 1 >= args.warmup_rounds and prev is not None and total > 0.85 * prev:
                break
            prev = total
        time.sleep(args.settle)

        # idle: what the two hosts spend doing nothing (heartbeats, periodic tasks)
        if args.idle > 0:
            before = cpu_snapshot(pids)
            th0 = {h: thread_snapshot(p) for h, p in pids.items()}
            t = time.time()
            time.sleep(args.idle)
            idle = cpu_delta(before, cpu_snapshot(pids))
            res['idle'] = {'seconds': round(time.time() - t, 2), 'cpu_s': idle,
                           'ms_per_s': round(1000 * sum(idle.values()) / (time.time() - t), 1),
                           'threads_cpu_s': {h: thread_delta(th0[h], thread_snapshot(p))
                                             for h, p in pids.items()}}

        # the measured lifecycle; when the control plane lost a server in BUILD, the
        # measurement is void and made again on the same plane after one more warm-up round
        res['void_measurements'] = []
        allp = dict(pids, **control)
        for m in range(1, args.attempts + 1):
            meas = {'load_at_start': loadavg(),
                    'rss_before_mib': {h: rss_mib(p) for h, p in pids.items()}}
            sampler = RssSampler(pids)
            sampler.start()
            th0 = {h: thread_snapshot(p) for h, p in pids.items()}
            c0, s0, t0 = cpu_snapshot(allp), self_cpu(), time.time()
            log('%s: measured lifecycle, %d servers' % (kind, args.servers))
            lc = Lifecycle(nova, env, 'lcb-bench%d' % m, args.servers, args).run()
            # the lifecycle's work ends when placement holds nothing for it any more
            t_gone = time.time()
            clean_s, left = wait_placement_clean(placement, args.straggler)
            meas['placement_clean_after_s'] = None if left else round(clean_s - t_gone, 3)
            if left:
                lc.errors.append('placement usage left %.0f s after the last delete: %s' % (
                    args.straggler, left))
            c1, s1, t1 = cpu_snapshot(allp), self_cpu(), time.time()
            meas['compute_threads_cpu_s'] = {h: thread_delta(th0[h], thread_snapshot(p))
                                             for h, p in pids.items()}
            peak = sampler.stop()
            cpu = cpu_delta(c0, c1)
            meas.update({
                'window_s': round(t1 - t0, 3), 'load_at_end': loadavg(),
                'lifecycle': lc.report(),
                'compute_cpu_s': {h: cpu[h] for h in pids},
                'compute_cpu_total_s': round(sum(cpu[h] for h in pids), 3),
                'control_cpu_s': {n: cpu[n] for n in control},
                'control_cpu_total_s': round(sum(cpu[n] for n in control), 3),
                'driver_cpu_s': round(s1 - s0, 3), 'rss_peak_mib': peak,
                'rss_after_mib': {h: rss_mib(p) for h, p in pids.items()},
                'hwm_mib': {h: hwm_mib(p) for h, p in pids.items()},
                'errors': lc.errors, 'ok': not lc.errors, 'measurement': m})
            if lc.errors and m < args.attempts and all(lost_in_build(e) for e in lc.errors):
                log('%s: measurement %d void, the control plane lost a server in BUILD (%s);'
                    ' again on this plane after one more warm-up round' % (
                        kind, m, lc.errors))
                res['void_measurements'].append(
                    {k: v for k, v in meas.items() if k != 'lifecycle'})
                warm_round(len(res['warmup']))
                time.sleep(args.settle)
                continue
            break
        res.update(meas)
        # afterwards (outside the window): where the time went
        res['breakdown'] = event_breakdown(nova, lc)
        return res
    finally:
        if not (args.keep and kind == args.kinds[-1] and res.get('ok')):
            r = subprocess.run([stop, d], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, check=False)
            if r.returncode != 0:
                log('stop.sh %s: %s' % (d, r.stderr.decode()[-2000:]))


# ---------------------------------------------------------------- the table

def fmt(v, spec='%.2f'):
    return '-' if v is None else spec % v


def table(result):
    kinds = [k for k in KIND_LABEL if k in result['runs']]  # worker first, then nova-compute
    runs = [result['runs'][k] for k in kinds]
    labels = [KIND_LABEL[k] for k in kinds]
    both = len(runs) == 2 and all('compute_cpu_total_s' in r for r in runs)
    w = 16
    lines = []
    c = result['config']
    lines.append('control-plane lifecycle: %d servers (boot m1.small, resize to m1.medium on '
                 'the other host, confirm, delete) after warm-up rounds of %d servers, 2 hosts '
                 'per kind, compute debug logging %s' % (
                     c['servers'], c['warmup'], 'on' if c['compute_debug'] else 'off'))
    lines.append('machine: %d cores; %s' % (os.cpu_count(), result['started']))
    head = '%-44s' % '' + ''.join('%*s' % (w, lab) for lab in labels)
    if both:
        head += '%*s' % (w, 'worker/nova')
    lines.append(head)
    lines.append('-' * len(head))

    def row(label, vals, ratio=None, spec='%.2f'):
        s = '%-44s' % label + ''.join('%*s' % (w, fmt(v, spec)) for v in vals)
        if both and ratio is not None:
            s += '%*s' % (w, ratio)
        lines.append(s)

    def ratio(a, b):
        return None if not a or not b else '%.2f' % (a / b)

    cpus = [r.get('compute_cpu_total_s') for r in runs]
    row('compute CPU, both hosts, lifecycle (s)', cpus, ratio(*cpus) if both else None)
    for h in HOSTS:
        row('  %s' % h, [r.get('compute_cpu_s', {}).get(h) for r in runs])
    row('  of which JIT compiler threads',
        [sum(t for rows in r['compute_threads_cpu_s'].values() for n, t in rows
             if 'CompilerThre' in n) if 'compute_threads_cpu_s' in r else None for r in runs])
    per = [None if v is None else 1000 * v / c['servers'] for v in cpus]
    row('compute CPU per server lifecycle (ms)', per, ratio(*per) if both else None, '%.0f')
    lines.append('%-44s' % 'compute CPU, warm-up rounds (s)' + ''.join(
        '%*s' % (w, '/'.join('%.1f' % sum(x['compute_cpu_s'].values())
                            for x in r.get('warmup', [])) or '-') for r in runs))
    row('compute idle CPU, both hosts (ms/s)', [r.get('idle', {}).get('ms_per_s') for r in runs],
        None, '%.1f')
    for key, label in (('rss_before_mib', 'compute RSS before, per host (MiB)'),
                       ('rss_peak_mib', 'compute RSS peak during, per host (MiB)'),
                       ('rss_after_mib', 'compute RSS after, per host (MiB)')):
        vals = []
        for r in runs:
            x = r.get(key)
            vals.append(None if not x else '/'.join('%.0f' % x[h] for h in HOSTS))
        lines.append('%-44s' % label + ''.join('%*s' % (w, v or '-') for v in vals))
    lines.append('')
    lines.append('API-visible time per server, request -> status (s): median / p95; phase wall')
    for step, target in STEPS:
        ph = [next((p for p in r.get('lifecycle', {}).get('phases', []) if p['step'] == step),
                   None) for r in runs]
        vals = ['%s / %s' % (fmt(p['median_s']), fmt(p['p95_s'])) if p else '-' for p in ph]
        rr = None
        if both and all(ph) and ph[1]['median_s']:
            rr = '%.2f / %.2f' % (ph[0]['median_s'] / ph[1]['median_s'],
                                  ph[0]['p95_s'] / ph[1]['p95_s'])
        lines.append('%-44s' % ('  %s -> %s' % (step, target)) +
                     ''.join('%*s' % (w, v) for v in vals) + ('%*s' % (w, rr) if rr else ''))
        row('    phase wall (s)', [p['wall_s'] if p else None for p in ph],
            ratio(*[p['wall_s'] for p in ph]) if both and all(ph) else None)
    walls = [r.get('lifecycle', {}).get('wall_s') for r in runs]
    row('  whole lifecycle wall (s)', walls, ratio(*walls) if both else None)
    row('  placement empty after the last is gone (s)',
        [r.get('placement_clean_after_s') for r in runs])
    lines.append('')
    cp = [r.get('control_cpu_total_s') for r in runs]
    row('control-plane CPU, lifecycle (s)', cp, ratio(*cp) if both else None)
    for name, _ in CONTROL:
        row('  %s' % name, [r.get('control_cpu_s', {}).get(name) for r in runs])
    row('  this driver (requests, polls)', [r.get('driver_cpu_s') for r in runs])
    row('load average at start / end (1 min)',
        [('%.2f/%.2f' % (r['load_at_start'][0], r['load_at_end'][0]))
         if 'load_at_end' in r else None for r in runs], None, '%s')
    if both:
        lines.append('')
        a, b = runs
        cpu_ok = a['compute_cpu_total_s'] <= b['compute_cpu_total_s'] / 5
        slower = []
        for step, _ in STEPS:
            pa = next(p for p in a['lifecycle']['phases'] if p['step'] == step)
            pb = next(p for p in b['lifecycle']['phases'] if p['step'] == step)
            for k in ('median_s', 'p95_s', 'wall_s'):
                if pa[k] is not None and pb[k] is not None and pa[k] > pb[k]:
                    slower.append('%s %s %.2f > %.2f' % (step, k[:-2], pa[k], pb[k]))
        lines.append('target: worker CPU <= 1/5 of nova-compute: %s (%.2f s vs %.2f s, %.0f%%)' % (
            'met' if cpu_ok else 'MISSED', a['compute_cpu_total_s'], b['compute_cpu_total_s'],
            100 * a['compute_cpu_total_s'] / b['compute_cpu_total_s']))
        lines.append('target: no step slower through the API: %s' % (
            'met' if not slower else 'MISSED (%s)' % '; '.join(slower)))
    for r, lab in zip(runs, labels):
        if r.get('void_measurements') or r.get('failed_attempts'):
            lines.append('%s: measured on plane attempt %s (failed planes before: %d), '
                         'measurement %s (void ones before, a server lost in BUILD by the '
                         'control plane: %d)' % (
                             lab, r.get('attempt'), len(r.get('failed_attempts', [])),
                             r.get('measurement'), len(r.get('void_measurements', []))))
        if r.get('errors') or r.get('error'):
            lines.append('%s FAILED: %s' % (lab, r.get('error') or r.get('errors')))
    return '\n'.join(lines)


def threads_table(result, top=8):
    """The compute processes' CPU by thread (both hosts summed) during the lifecycle."""
    lines = []
    for k in KIND_LABEL:
        r = result['runs'].get(k, {})
        if not r.get('compute_threads_cpu_s'):
            continue
        tot = {}
        for rows in r['compute_threads_cpu_s'].values():
            for name, t in rows:
                tot[name] = tot.get(name, 0) + t
        rows = sorted(tot.items(), key=lambda kv: -kv[1])[:top]
        lines.append('%s threads, CPU s (both hosts): %s' % (
            KIND_LABEL[k], ', '.join('%s %.2f' % kv for kv in rows)))
    return ('\n' + '\n'.join(lines)) if lines else ''


def breakdown_table(result):
    """Per step, the events nova recorded, median start/end relative to the request."""
    kinds = [k for k in KIND_LABEL if k in result['runs'] and
             result['runs'][k].get('breakdown')]
    if not kinds:
        return ''
    lines = ['', 'where a step\'s time goes: instance-action events, median seconds after the '
                 'request (start - end)']
    lines.append('%-44s' % '' + ''.join('%22s' % KIND_LABEL[k] for k in kinds))
    for step, _ in STEPS:
        names = []
        for k in kinds:
            for ev in result['runs'][k]['breakdown'].get(step, []):
                if ev['event'] not in names:
                    names.append(ev['event'])
        if not names:
            continue
        lines.append('  %s' % step)
        for name in names:
            vals = []
            for k in kinds:
                ev = next((e for e in result['runs'][k]['breakdown'].get(step, [])
                           if e['event'] == name), None)
                if ev is None:
                    vals.append('-')
                elif ev['start_median_s'] is None:
                    vals.append('%.2f' % ev['end_median_s'])
                elif ev['end_median_s'] is None:
                    vals.append('%.2f' % ev['start_median_s'])
                else:
                    vals.append('%.2f - %.2f' % (ev['start_median_s'], ev['end_median_s']))
            lines.append('%-44s' % ('    ' + name[:40]) + ''.join('%22s' % v for v in vals))
    return '\n'.join(lines)


def main():
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--servers', type=int, default=20, help='servers in the measured lifecycle')
    p.add_argument('--warmup', type=int, default=10, help='servers per warm-up lifecycle')
    p.add_argument('--warmup-rounds', type=int, default=3, help='warm-up lifecycles, at least')
    p.add_argument('--warmup-max-rounds', type=int, default=5,
                   help='warm-up lifecycles, at most (see the warm-up rule above)')
    p.add_argument('--kinds', default='worker,nova-compute',
                   help='comma-separated, in the order run: worker, nova-compute')
    p.add_argument('--concurrency', type=int, default=0,
                   help='parallel requests per phase (default: all servers at once)')
    p.add_argument('--poll', type=float, default=0.25, help='seconds between status polls')
    p.add_argument('--phase-timeout', type=float, default=300)
    p.add_argument('--straggler', type=float, default=45,
                   help='a phase fails when no server moved for this long (s)')
    p.add_argument('--idle', type=float, default=10,
                   help='seconds of idle CPU measured after the warm-up (0: none)')
    p.add_argument('--settle', type=float, default=2, help='pause after the warm-up')
    p.add_argument('--microversion', default='2.93')
    p.add_argument('--compute-debug', action='store_true',
                   help="keep start.sh's debug = true for the compute hosts")
    p.add_argument('--workdir', default='/tmp/lifecycle-bench')
    p.add_argument('--worker-jar', default=os.path.join(REPO, 'worker', 'target',
                                                        'compute-worker.jar'))
    p.add_argument('--json', help='result file (default WORKDIR/lifecycle-bench-TIME.json)')
    p.add_argument('--keep', action='store_true', help='leave the last plane running')
    p.add_argument('--worker-java-opts', default='',
                   help='extra JVM options for the workers (diagnosis, e.g. -XX:+PrintCompilation)')
    p.add_argument('--attempts', type=int, default=3,
                   help='fresh planes per kind when a kind fails, and measurements per plane '
                        'when the control plane loses a server in BUILD (default 3)')
    args = p.parse_args()
    args.kinds = [k.strip() for k in args.kinds.split(',') if k.strip()]
    if not args.kinds or any(k not in KIND_LABEL for k in args.kinds):
        p.error('--kinds takes worker and/or nova-compute')
    if 'worker' in args.kinds and not os.path.isfile(args.worker_jar):
        p.error('%s not found: build it with mvn -DskipTests package' % args.worker_jar)
    workdir = os.path.abspath(args.workdir)
    if not re.match(r'^[A-Za-z0-9._/-]+$', workdir):
        p.error('--workdir may only contain [A-Za-z0-9._/-] (it goes into URLs and configs)')
    os.makedirs(workdir, exist_ok=True)
    stamp = time.strftime('%Y%m%d-%H%M%S')
    json_path = args.json or os.path.join(workdir, 'lifecycle-bench-%s.json' % stamp)
    result = {'started': time.strftime('%Y-%m-%d %H:%M:%S %Z'), 'kinds': args.kinds,
              'config': {'servers': args.servers, 'warmup': args.warmup,
                         'warmup_rounds': args.warmup_rounds,
                         'warmup_max_rounds': args.warmup_max_rounds,
                         'straggler_s': args.straggler,
                         'concurrency': args.concurrency or args.servers, 'poll_s': args.poll,
                         'idle_s': args.idle, 'microversion': args.microversion,
                         'compute_debug': args.compute_debug, 'worker_jvm': WORKER_JVM,
                         'hosts': list(HOSTS), 'cores': os.cpu_count()},
              'runs': {}}
    ok = True
    for kind in args.kinds:
        failed = []
        for attempt in range(1, args.attempts + 1):
            try:
                run = run_kind(kind, args, workdir)
            except (Failed, OSError, ValueError, KeyError, subprocess.SubprocessError) as e:
                log('%s: FAILED: %s' % (kind, e))
                run = {'kind': kind, 'ok': False, 'error': str(e)}
            run['attempt'] = attempt
            if run['ok'] or attempt == args.attempts:
                break
            # e.g. the control plane's SQLite: "database is locked" in the conductor's
            # _map_instance_to_cell (no retry there) leaves a server in ERROR
            kept = os.path.join(workdir, '%s-attempt%d' % (kind, attempt))
            shutil.rmtree(kept, ignore_errors=True)
            if os.path.isdir(os.path.join(workdir, kind)):
                os.rename(os.path.join(workdir, kind), kept)
                run['dir'] = kept
            log('%s: attempt %d failed (%s); again on a fresh plane (logs kept in %s)' % (
                kind, attempt, run.get('error') or run.get('errors'), kept))
            failed.append(run)
        run['failed_attempts'] = failed
        result['runs'][kind] = run
        ok = ok and run['ok']
    text = table(result) + threads_table(result) + breakdown_table(result) + '\n'
    result['table'] = text
    with open(json_path, 'w', encoding='utf-8') as f:
        json.dump(result, f, indent=1, sort_keys=True)
        f.write('\n')
    txt_path = re.sub(r'\.json$', '', json_path) + '.txt'
    with open(txt_path, 'w', encoding='utf-8') as f:
        f.write(text)
    sys.stdout.write(text + '(JSON: %s)\n' % json_path)
    sys.exit(0 if ok else 1)


if __name__ == '__main__':
    main()
