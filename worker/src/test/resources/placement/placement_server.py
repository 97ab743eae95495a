"""Runs OpenStack Placement (Debian's python3-placement) for the worker's tests.

Usage: placement_server.py STATE_DIR

Writes STATE_DIR/placement.conf (noauth2: X-Auth-Token "admin" is an admin; SQLite in
STATE_DIR), creates the schema with placement-manage's db sync, then serves
placement.wsgi.init_application() on a free 127.0.0.1 port with a threaded wsgiref server.
stdout carries only "LISTENING <port>" and one "ACCESS <method> <path> <status> <microversion>"
line per request ("placement=1.14", or "-" when the request named none), which the tests read; placement's own log goes to STATE_DIR/placement.log.
It exits when its stdin closes, so a killed test JVM leaves no server behind.
"""
import os
import socketserver
import subprocess
import sys
import threading
from wsgiref import simple_server

CONF = """[DEFAULT]
debug = false
log_file = {dir}/placement.log

[api]
auth_strategy = noauth2

[placement_database]
connection = sqlite:///{dir}/placement.sqlite
"""

_stdout_lock = threading.Lock()


def say(line):
    with _stdout_lock:
        sys.stdout.write(line + "\n")
        sys.stdout.flush()


class ThreadedServer(socketserver.ThreadingMixIn, simple_server.WSGIServer):
    daemon_threads = True


class ClosingServerHandler(simple_server.ServerHandler):
    """wsgiref answers in HTTP/1.0 and closes every connection, but says nothing about it, so
    a client that pools connections (Java's HttpClient does) may send its next request into a
    socket being closed. Saying Connection: close makes it open a new one instead."""

    def cleanup_headers(self):
        super().cleanup_headers()
        self.headers["Connection"] = "close"


# WSGIRequestHandler.handle() builds its handler from this module-level name.
simple_server.ServerHandler = ClosingServerHandler


class AccessLogHandler(simple_server.WSGIRequestHandler):
    def log_request(self, code="-", size="-"):
        version = self.headers.get("OpenStack-API-Version", "-").replace(" ", "=")
        say("ACCESS %s %s %s %s" % (self.command, self.path, code, version))

    def log_message(self, fmt, *args):
        sys.stderr.write((fmt % args) + "\n")


def exit_with_parent():
    """The test JVM holds our stdin: when it goes away, however it died, so do we."""
    while sys.stdin.buffer.read(4096):
        pass
    os._exit(0)


def main():
    threading.Thread(target=exit_with_parent, daemon=True).start()
    state = os.path.abspath(sys.argv[1])
    conf = os.path.join(state, "placement.conf")
    with open(conf, "w") as f:
        f.write(CONF.format(dir=state))
    # placement-manage db sync, run as its console script runs it.
    subprocess.run([sys.executable, "-c", "import sys; from placement.cmd.manage import main; sys.exit(main())",
                    "--config-file", conf, "db", "sync"], check=True)
    os.environ["OS_PLACEMENT_CONFIG_DIR"] = state
    from placement import wsgi
    app = wsgi.init_application()
    httpd = simple_server.make_server("127.0.0.1", 0, app, server_class=ThreadedServer,
                                      handler_class=AccessLogHandler)
    say("LISTENING %d" % httpd.server_address[1])
    httpd.serve_forever()


if __name__ == "__main__":
    main()
