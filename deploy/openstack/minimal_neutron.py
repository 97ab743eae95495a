#!/usr/bin/python3
"""A minimal Neutron API: just enough for nova with servers booted with networks "none".

usage: minimal_neutron.py PORT REQUEST_LOG

There is no network at all: every list is empty and every single resource is 404 in Neutron's
error format. nova-api still asks Neutron on a boot and on every server GET (extensions, ports of
the device for security groups, networks), and nova-compute asks for the ports of an instance
when it builds, moves or deletes it. Every request is appended to REQUEST_LOG as one JSON line,
and anything this server does not know is marked "unknown": true so a new caller shows up.
"""
import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

# Collections nova (Zed) lists; each answers an empty list under its underscore name.
COLLECTIONS = {
    'ports', 'networks', 'subnets', 'security-groups', 'floatingips', 'extensions',
    'trunks', 'qos/policies', 'network-segment-ranges', 'segments', 'routers',
    'address-scopes', 'subnetpools',
}


class Handler(BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'
    server_version = 'minimal-neutron/1'
    log_lock = threading.Lock()
    log_file = None

    def log_message(self, fmt, *args):
        sys.stderr.write('%s %s\n' % (self.address_string(), fmt % args))

    def _record(self, status, unknown, body):
        rec = {'t': round(time.time(), 3), 'method': self.command, 'path': self.path,
               'status': status, 'unknown': unknown,
               'user_agent': self.headers.get('User-Agent'),
               'request_id': self.headers.get('X-Openstack-Request-Id')}
        if body:
            rec['body'] = body.decode('utf-8', 'replace')
        with self.log_lock:
            self.log_file.write(json.dumps(rec, sort_keys=True) + '\n')
        if unknown:
            sys.stderr.write('UNKNOWN REQUEST %s %s\n' % (self.command, self.path))

    def _send(self, status, doc):
        data = json.dumps(doc).encode()
        self.send_response(status)
        self.send_header('Content-Type', 'application/json')
        self.send_header('Content-Length', str(len(data)))
        self.send_header('X-Openstack-Request-Id', 'req-minimal-neutron')
        self.end_headers()
        self.wfile.write(data)

    def _body(self):
        n = int(self.headers.get('Content-Length') or 0)
        return self.rfile.read(n) if n else b''

    def _not_found(self, what):
        return 404, {'NeutronError': {'type': 'HTTPNotFound', 'detail': '',
                                      'message': 'The resource could not be found: %s' % what}}

    def _route(self):
        url = urlsplit(self.path)
        path = url.path.rstrip('/')
        if path.endswith('.json'):
            path = path[:-len('.json')]
        if path in ('', '/'):
            return False, 200, {'versions': [{'id': 'v2.0', 'status': 'CURRENT', 'links': [
                {'rel': 'self', 'href': 'http://%s/v2.0/' % self.headers.get('Host')}]}]}
        if path == '/v2.0':
            return False, 200, {'resources': []}
        if not path.startswith('/v2.0/'):
            return (True,) + self._not_found(path)
        rest = path[len('/v2.0/'):]
        if self.command == 'GET' and rest in COLLECTIONS:
            key = rest.split('/')[-1].replace('-', '_')
            return False, 200, {key: []}
        for coll in COLLECTIONS:
            if rest.startswith(coll + '/'):
                # one named resource of a collection that is always empty
                return (self.command != 'GET',) + self._not_found(path)
        return (True,) + self._not_found(path)

    def _handle(self):
        body = self._body()
        unknown, status, doc = self._route()
        self._record(status, unknown, body)
        self._send(status, doc)

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _handle


def main():
    port, log_path = int(sys.argv[1]), sys.argv[2]
    Handler.log_file = open(log_path, 'a', buffering=1, encoding='utf-8')
    server = ThreadingHTTPServer(('127.0.0.1', port), Handler)
    server.daemon_threads = True
    sys.stderr.write('minimal neutron listening on http://127.0.0.1:%d\n' % port)
    sys.stderr.flush()
    server.serve_forever()


if __name__ == '__main__':
    main()
