#!/usr/bin/python3
"""Record every message published in the control plane's vhost (RabbitMQ's firehose).

usage:
  firehose.py record DIR RAW.jsonl NAME       until SIGTERM; pid in DIR/run/capture-NAME.pid
  firehose.py wait-startup RAW.jsonl HOST [TIMEOUT_S]
  firehose.py wait-periodic RAW.jsonl TIMEOUT_S HOST...
  firehose.py cut RAW.jsonl OUT.jsonl [--facts SCENARIO.json] [--dedupe-heartbeats]
  firehose.py label-http HTTP_LOG.jsonl SCENARIO.json
  firehose.py summary CAPTURE.jsonl

record: start.sh turns tracing on for the vhost (advanced.config, trace_vhosts), so the broker
copies each published message to the topic exchange amq.rabbitmq.trace with routing key
"publish.<exchange>". A queue of our own bound there with "publish.#" sees everything: RPC
calls, casts, fanouts, replies (default exchange) and notifications, with the publisher's
properties in the copy's headers. Each line of RAW.jsonl is one message: receive time,
exchange, routing keys, properties, the publishing connection and the process behind it
(found through /proc: needs to run on the broker's machine as root or as the same user), the
body, and for oslo envelopes the decoded oslo.message.

wait-startup: returns when HOST has sent its first heartbeat (Service.save with report_count)
and then nothing for 2 s.

wait-periodic: returns when every HOST has run its periodic update_available_resource (seen
as MigrationList.get_in_progress_and_error) and sent sync_instance_info, then 2 s of quiet.

cut: keeps what a test wants: drops the ready marker and the copies of heartbeats after the
first per host (and their replies), labels each message with the scenario step whose request
id it carries (or in whose time window it was published), and numbers them.

label-http: adds "step" (and "action_request": whether the request carried the step's own
request id) to the lines of placement_server.py's or minimal_neutron.py's request log.

summary: a readable count of what is in a capture (methods, objects, notifications per step).
"""
import collections
import json
import os
import re
import signal
import socket
import sys
import time
import urllib.parse

from plane_env import read_env

# ---------------------------------------------------------------------------- record


def plain(v):
    """AMQP table values (bytes, datetimes, nested tables) as JSON-able values."""
    if isinstance(v, bytes):
        try:
            return v.decode('utf-8')
        except UnicodeDecodeError:
            return {'hex': v.hex()}
    if isinstance(v, dict):
        return {str(k): plain(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [plain(x) for x in v]
    if hasattr(v, 'isoformat'):
        return v.isoformat()
    return v


class Processes:
    """Which process owns the client end of a broker connection ("127.0.0.1:P -> ...")."""

    def __init__(self, plane_dir):
        self.dir = plane_dir
        self.cache = {}

    def label(self, connection):
        if connection in self.cache:
            return self.cache[connection]
        m = re.match(r'127\.0\.0\.1:(\d+) -> ', connection or '')
        result = None
        if m:
            result = self._find(int(m.group(1)))
        self.cache[connection] = result
        return result

    def _find(self, port):
        inode = None
        for table in ('/proc/net/tcp', '/proc/net/tcp6'):
            try:
                with open(table) as f:
                    next(f)
                    for line in f:
                        parts = line.split()
                        if int(parts[1].split(':')[1], 16) == port:
                            inode = parts[9]
                            break
            except OSError:
                continue
            if inode:
                break
        if not inode:
            return None
        target = 'socket:[%s]' % inode
        for pid in filter(str.isdigit, os.listdir('/proc')):
            try:
                fds = os.listdir('/proc/%s/fd' % pid)
            except OSError:
                continue
            for fd in fds:
                try:
                    if os.readlink('/proc/%s/fd/%s' % (pid, fd)) == target:
                        return self._describe(int(pid))
                except OSError:
                    continue
        return None

    def _describe(self, pid):
        try:
            with open('/proc/%d/cmdline' % pid, 'rb') as f:
                argv = [a.decode('utf-8', 'replace') for a in f.read().split(b'\0') if a]
        except OSError:
            return {'pid': pid}
        text = ' '.join(argv)
        # a compute host is named by its own config file (DIR/HOST.conf after compute.conf)
        confs = [argv[i + 1] for i, a in enumerate(argv[:-1]) if a in ('--config-file', '--config')]
        host = next((os.path.basename(c)[:-len('.conf')] for c in reversed(confs)
                     if c.endswith('.conf')
                     and os.path.basename(c) not in ('compute.conf', 'nova.conf')), None)
        name = os.path.basename(argv[0]) if argv else '?'
        m = re.search(r'nova_service\.py (\w+)', text)
        if m:
            name = 'nova-' + m.group(1)
        elif name == 'java':
            jar = re.search(r'-jar (\S+)', text)
            main = next((a for a in argv if re.match(r'^[a-z]+(\.[a-z0-9_]+)+\.[A-Z]\w*$', a)), None)
            name = 'java:' + (os.path.basename(jar.group(1)) if jar else
                              main.rsplit('.', 2)[-2] + '.' + main.rsplit('.', 1)[-1] if main else '?')
        if host and (name == 'nova-compute' or name.startswith('java:')):
            name += ':' + host
        return {'pid': pid, 'process': name}


def decode_body(raw):
    out = {}
    try:
        body = json.loads(raw)
    except ValueError:
        out['body_text'] = raw.decode('utf-8', 'replace') if isinstance(raw, bytes) else raw
        return out
    if isinstance(body, dict) and 'oslo.message' in body:
        out['envelope'] = {k: v for k, v in body.items() if k != 'oslo.message'}
        out['message'] = json.loads(body['oslo.message'])
    else:
        out['body'] = body
    return out


def record(plane_dir, out_path, name):
    import amqp
    env = read_env(plane_dir)
    url = urllib.parse.urlsplit(env['TRANSPORT_URL'])
    conn = amqp.Connection(host='%s:%d' % (url.hostname, url.port),
                           userid=urllib.parse.unquote(url.username),
                           password=urllib.parse.unquote(url.password),
                           virtual_host=urllib.parse.unquote(url.path[1:]) or '/',
                           client_properties={'connection_name': 'firehose-' + name})
    conn.connect()
    ch = conn.channel()
    queue = 'firehose.%s.%d' % (name, os.getpid())
    ch.queue_declare(queue, exclusive=True, auto_delete=True)
    ch.queue_bind(queue, 'amq.rabbitmq.trace', 'publish.#')
    procs = Processes(plane_dir)
    out = open(out_path, 'a', encoding='utf-8')
    # what the broker calls our own connection, to leave our marker out
    own = '127.0.0.1:%d -> ' % conn.transport.sock.getsockname()[1]
    marker = 'firehose-marker-%s-%d' % (name, os.getpid())
    seen_marker = []
    stop = []
    signal.signal(signal.SIGTERM, lambda *a: stop.append(time.time()))
    signal.signal(signal.SIGINT, lambda *a: stop.append(time.time()))

    def on_message(msg):
        h = plain(msg.properties.get('application_headers') or {})
        connection = h.get('connection') or ''
        if connection.startswith(own):
            if marker in (h.get('routing_keys') or []):
                seen_marker.append(True)
            return
        raw = msg.body if isinstance(msg.body, bytes) else msg.body.encode('utf-8')
        rec = {'t': round(time.time(), 6), 'exchange': h.get('exchange_name'),
               'routing_keys': h.get('routing_keys'), 'properties': h.get('properties'),
               'connection': connection, 'publisher': procs.label(connection),
               'routed_queues': h.get('routed_queues'), 'body_bytes': len(raw)}
        rec.update(decode_body(raw))
        out.write(json.dumps(rec, sort_keys=True) + '\n')
        out.flush()

    ch.basic_consume(queue, no_ack=True, callback=on_message)
    with open(os.path.join(plane_dir, 'run', 'capture-%s.pid' % name), 'w') as f:
        f.write('%d\n' % os.getpid())
    # Our own message coming back through the firehose proves the binding is live; only then
    # is the capture ready (the ready file).
    ch.basic_publish(amqp.Message('marker'), exchange='', routing_key=marker)
    sys.stderr.write('firehose %s: recording to %s\n' % (name, out_path))
    ready = os.path.join(plane_dir, 'run', 'capture-%s.ready' % name)
    while True:
        if stop and time.time() - stop[0] > 1.0:  # drain what is in flight, then end
            break
        try:
            conn.drain_events(timeout=0.2)
        except socket.timeout:
            pass
        if seen_marker and not os.path.exists(ready):
            open(ready, 'w').close()
    out.close()
    conn.close()
    for p in (ready, os.path.join(plane_dir, 'run', 'capture-%s.pid' % name)):
        if os.path.exists(p):
            os.unlink(p)


# ---------------------------------------------------------------------------- analysis


def load(path):
    with open(path, encoding='utf-8') as f:
        return [json.loads(line) for line in f if line.strip()]


def ctx_request_id(m):
    msg = m.get('message') or {}
    return msg.get('_context_request_id') or msg.get('_context_global_request_id')


def is_reply(m):
    """oslo replies go to the default exchange, routing key reply_<uuid>."""
    return (m['exchange'] in ('', 'amq.default')
            and (m.get('routing_keys') or [''])[0].startswith('reply_'))


def heartbeat_host(m):
    msg = m.get('message') or {}
    if msg.get('method') != 'object_action':
        return None
    args = msg.get('args') or {}
    inst = args.get('objinst') or {}
    if (args.get('objmethod') == 'save' and inst.get('nova_object.name') == 'Service'
            and 'report_count' in (inst.get('nova_object.changes') or [])):
        return (inst.get('nova_object.data') or {}).get('host')
    return None


def wait_startup(raw_path, host, timeout):
    deadline = time.time() + timeout
    beat_at = None
    while time.time() < deadline:
        msgs = load(raw_path) if os.path.exists(raw_path) else []
        if beat_at is None:
            beat_at = next((m['t'] for m in msgs if heartbeat_host(m) == host), None)
        if beat_at is not None and msgs and time.time() - msgs[-1]['t'] >= 2.0:
            print(json.dumps({'heartbeat_at': beat_at, 'messages': len(msgs)}))
            return
        time.sleep(0.3)
    sys.exit('firehose: no heartbeat from %s (or never idle) within %ss' % (host, timeout))


def periodic_marks(m):
    """(host, what) for the messages that show a compute's periodic tasks ran."""
    msg = m.get('message') or {}
    args = msg.get('args') or {}
    if msg.get('method') == 'sync_instance_info':
        return args.get('host_name'), 'sync_instance_info'
    if (msg.get('method') == 'object_class_action_versions'
            and args.get('objname') == 'MigrationList'
            and args.get('objmethod') == 'get_in_progress_and_error'):
        # only update_available_resource asks this (at start-up and then every 60 s)
        host_args = args.get('args') or []
        return (host_args[0] if host_args else None), 'update_available_resource'
    return None, None


def wait_periodic(raw_path, hosts, timeout):
    deadline = time.time() + timeout
    want = {(h, w) for h in hosts for w in ('sync_instance_info', 'update_available_resource')}
    while time.time() < deadline:
        msgs = load(raw_path) if os.path.exists(raw_path) else []
        seen = {periodic_marks(m) for m in msgs}
        if want <= seen and time.time() - msgs[-1]['t'] >= 2.0:
            print(json.dumps({'messages': len(msgs)}))
            return
        time.sleep(0.5)
    sys.exit('firehose: not all of %s seen within %ss' % (sorted(want - seen), timeout))


def cut(raw_path, out_path, facts_path, dedupe):
    msgs = load(raw_path)
    steps = []
    if facts_path:
        with open(facts_path, encoding='utf-8') as f:
            steps = json.load(f).get('steps', [])
    by_req = {s['request_id']: s['step'] for s in steps if s.get('request_id')}

    def step_at(t):
        # the last step begun by then (a step's casts and notifications trail its API call)
        begun = [s for s in steps if s['t_start'] <= t]
        return begun[-1]['step'] if begun else None

    seen_beat, dropped, kept, call_step, calls = set(), set(), [], {}, {}
    for m in msgs:
        msg = m.get('message') or {}
        host = heartbeat_host(m)
        if host and dedupe:
            if host in seen_beat:
                dropped.add(msg.get('_msg_id'))
                continue
            seen_beat.add(host)
        if is_reply(m) and msg.get('_msg_id') in dropped:
            continue  # the reply to a dropped heartbeat
        if host:
            m['heartbeat'] = host
        m['kind'], m['what'] = describe(m, calls)
        if steps:
            if is_reply(m):
                m['step'] = call_step.get(msg.get('_msg_id'))
            else:
                m['step'] = by_req.get(ctx_request_id(m)) or step_at(m['t'])
                if msg.get('_reply_q'):
                    call_step[msg.get('_msg_id')] = m['step']
        kept.append(m)
    answered = {(m.get('message') or {}).get('_msg_id') for m in kept if is_reply(m)}
    with open(out_path, 'w', encoding='utf-8') as f:
        for i, m in enumerate(kept):
            m['seq'] = i
            if m['kind'] == 'call' and m['message'].get('_msg_id') not in answered:
                m['reply_not_captured'] = True  # the recording ended first
            f.write(json.dumps(m, sort_keys=True) + '\n')
    print(json.dumps({'in': len(msgs), 'out': len(kept), 'heartbeat_copies_dropped': len(dropped)}))


def describe(m, calls):
    """(kind, what): call / cast / fanout / reply / notification, and a short description."""
    msg = m.get('message') or {}
    ex, rk = m['exchange'], (m.get('routing_keys') or [''])[0]
    if 'event_type' in msg:
        fmt = 'versioned' if rk.startswith('versioned_') else 'legacy'
        return 'notification', '%s %s (%s, %s)' % (fmt, msg['event_type'], msg.get('priority'),
                                                   msg.get('publisher_id'))
    if 'method' in msg:
        args = msg.get('args') or {}
        kind = 'call' if msg.get('_reply_q') else ('fanout' if ex.endswith('_fanout') else 'cast')
        what = msg['method']
        if msg['method'] in ('object_action', 'object_class_action_versions'):
            obj = args.get('objinst', {}).get('nova_object.name') or args.get('objname')
            what += ' %s.%s' % (obj, args.get('objmethod'))
        if kind == 'call':
            calls[msg.get('_msg_id')] = what
        ns = msg.get('namespace')
        return kind, '%s -> %s:%s v%s%s' % (what, ex, rk, msg.get('version'),
                                           ' ns=' + ns if ns else '')
    if is_reply(m):
        req = calls.get(msg.get('_msg_id'), '?')
        shape = 'failure' if msg.get('failure') else 'result'
        if not msg.get('ending'):
            shape += ', not ending'
        return 'reply', '(%s) to %s' % (shape, req)
    return 'other', '%s:%s' % (ex, rk)


def label_http(log_path, facts_path):
    """Label the placement / neutron request log records (in place) with the scenario step."""
    with open(facts_path, encoding='utf-8') as f:
        steps = json.load(f).get('steps', [])
    by_req = {s['request_id']: s['step'] for s in steps if s.get('request_id')}
    recs = load(log_path)
    for r in recs:
        begun = [s for s in steps if s['t_start'] <= r['t']]
        r['step'] = by_req.get(r.get('request_id')) or (begun[-1]['step'] if begun else None)
        # the request id is the action's own when the call came from the action's services
        r['action_request'] = r.get('request_id') in by_req
    with open(log_path, 'w', encoding='utf-8') as f:
        for r in recs:
            f.write(json.dumps(r, sort_keys=True) + '\n')


def summary(path):
    msgs = load(path)
    by_step = collections.OrderedDict()
    for m in msgs:
        who = (m.get('publisher') or {}).get('process', '?')
        key = (who, m.get('kind'), m.get('what'))
        by_step.setdefault(m.get('step') or '-', collections.Counter())[key] += 1
    for step, counter in by_step.items():
        print('== %s' % step)
        for (who, kind, what), n in counter.items():
            print('%4d  %-20s %-12s %s' % (n, who, kind, what))


def main():
    a = sys.argv[1:]
    if a[:1] == ['record'] and len(a) == 4:
        record(os.path.abspath(a[1]), a[2], a[3])
    elif a[:1] == ['wait-startup'] and len(a) in (3, 4):
        wait_startup(a[1], a[2], float(a[3]) if len(a) == 4 else 60)
    elif a[:1] == ['wait-periodic'] and len(a) >= 4:
        wait_periodic(a[1], a[3:], float(a[2]))
    elif a[:1] == ['cut'] and len(a) >= 3:
        facts = a[a.index('--facts') + 1] if '--facts' in a else None
        cut(a[1], a[2], facts, '--dedupe-heartbeats' in a)
    elif a[:1] == ['label-http'] and len(a) == 3:
        label_http(a[1], a[2])
    elif a[:1] == ['summary'] and len(a) == 2:
        summary(a[1])
    else:
        sys.exit(__doc__)


if __name__ == '__main__':
    main()
