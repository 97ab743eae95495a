#!/usr/bin/python3
"""Placement (python3-placement) served by a threaded wsgiref server, every request logged.

usage: placement_server.py PORT REQUEST_LOG      (OS_PLACEMENT_CONFIG_DIR names the conf dir)

python3-placement is a library only: no uwsgi/apache config comes with it, and at this load
(a few computes, one scheduler) the standard library's server is enough. Each request is also
appended to REQUEST_LOG as one JSON line (time, method, path, query, the microversion header,
user agent, request id, request body, status, response body), because what a nova-compute asks
placement is part of the wire contract a reimplementation must honour.
"""
import io
import json
import socketserver
import sys
import threading
import time
from wsgiref import simple_server

from placement import wsgi as placement_wsgi

MAX_LOGGED_RESPONSE = 16384


class ThreadingWSGIServer(socketserver.ThreadingMixIn, simple_server.WSGIServer):
    daemon_threads = True
    # a burst of computes starting at once must not be refused
    request_queue_size = 64


class QuietHandler(simple_server.WSGIRequestHandler):
    def log_message(self, fmt, *args):  # one line per request in the service log
        sys.stderr.write('%s %s\n' % (self.address_string(), fmt % args))


def _json_or_text(raw):
    if not raw:
        return None
    try:
        return json.loads(raw)
    except ValueError:
        return raw.decode('utf-8', 'replace')


class RequestLogger:
    """WSGI middleware: records request and response of every call in REQUEST_LOG."""

    def __init__(self, app, path):
        self.app = app
        self.out = open(path, 'a', buffering=1, encoding='utf-8')
        self.lock = threading.Lock()
        self.serial = threading.Lock()

    def __call__(self, environ, start_response):
        started = time.time()
        length = int(environ.get('CONTENT_LENGTH') or 0)
        body = environ['wsgi.input'].read(length) if length else b''
        environ['wsgi.input'] = io.BytesIO(body)
        status = {}

        def capture_start(st, headers, exc_info=None):
            status['status'] = st
            status['headers'] = headers
            return start_response(st, headers, exc_info)

        # One request at a time into placement: its threads would each hold a SQLite
        # connection, and a read-then-write transaction (an allocation with its generation
        # check) fails at once with "database is locked" when another thread wrote.
        with self.serial:
            chunks = list(self.app(environ, capture_start))
        response = b''.join(chunks)
        headers = dict((k.lower(), v) for k, v in status.get('headers', []))
        record = {
            't': round(started, 3),
            'ms': round((time.time() - started) * 1000, 1),
            'method': environ.get('REQUEST_METHOD'),
            'path': environ.get('PATH_INFO'),
            'query': environ.get('QUERY_STRING') or None,
            'microversion': environ.get('HTTP_OPENSTACK_API_VERSION'),
            'user_agent': environ.get('HTTP_USER_AGENT'),
            'request_id': environ.get('HTTP_X_OPENSTACK_REQUEST_ID'),
            'body': _json_or_text(body),
            'status': status.get('status'),
            'response_microversion': headers.get('openstack-api-version'),
            'response': (_json_or_text(response) if len(response) <= MAX_LOGGED_RESPONSE
                         else {'truncated_bytes': len(response)}),
        }
        with self.lock:
            self.out.write(json.dumps(record, sort_keys=True) + '\n')
        return [response]


def main():
    port, request_log = int(sys.argv[1]), sys.argv[2]
    app = RequestLogger(placement_wsgi.init_application(), request_log)
    server = simple_server.make_server('127.0.0.1', port, app, server_class=ThreadingWSGIServer,
                                       handler_class=QuietHandler)
    sys.stderr.write('placement listening on http://127.0.0.1:%d\n' % port)
    sys.stderr.flush()
    server.serve_forever()


if __name__ == '__main__':
    main()
