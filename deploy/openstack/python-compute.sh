#!/usr/bin/env bash
# python-compute.sh DIR HOST : Debian's nova-compute (fake.FakeDriver) as compute host HOST of
# the control plane in DIR (deploy/openstack/start.sh DIR).
#
# Runs with --config-file DIR/compute.conf --config-file DIR/HOST.conf (written here: host,
# state_path, lock_path), logs to DIR/HOST.log, pid in DIR/run/compute-HOST.pid, and returns
# once the host is usable (compute_ready.py: service up, hypervisor listed, placement
# inventory, host mapped to cell1). Prints that readiness report (JSON) on stdout.
# Idempotent: a running HOST is only waited for. stop.sh DIR stops it with the rest.
set -euo pipefail
HERE=$(cd -- "$(dirname -- "$0")" && pwd -P)
# shellcheck source=../lib.sh
. "$HERE/../lib.sh"
# shellcheck source=common.sh
. "$HERE/common.sh"

(($# == 2)) || die "usage: $0 DIR HOST"
[[ -d $1 ]] || die "no such directory: $1"
DIR=$(cd -- "$1" && pwd -P)
HOST=$2
[[ $HOST =~ ^[A-Za-z0-9][A-Za-z0-9._-]*$ ]] || die "HOST must be [A-Za-z0-9._-]: $HOST"
# fake.FakeDriver names its node "fake-mini" on a host called "compute", not the host name
[[ $HOST != compute ]] || die "host name 'compute' makes fake.FakeDriver call its node fake-mini; pick another"
load_env "$DIR"
T0=$(now_ms)
TIMEOUT=${COMPUTE_START_TIMEOUT:-60}
PIDFILE=$DIR/run/compute-$HOST.pid
LOGFILE=$DIR/$HOST.log

if ! alive "$PIDFILE" "$DIR" >/dev/null; then
    mkdir -p "$DIR/hosts/$HOST/lock"
    cat >"$DIR/$HOST.conf" <<EOF
[DEFAULT]
host = $HOST
state_path = $DIR/hosts/$HOST

[oslo_concurrency]
lock_path = $DIR/hosts/$HOST/lock
EOF
    : >"$LOGFILE"
    spawn "$PIDFILE" "$LOGFILE" "$PY" "$HERE/nova_service.py" compute -- \
        --config-file "$DIR/compute.conf" --config-file "$DIR/$HOST.conf"
    log "nova-compute $HOST starting (pid $(cat "$PIDFILE"), log $LOGFILE)"
fi

if ! report=$("$PY" "$HERE/compute_ready.py" "$DIR" "$HOST" "$TIMEOUT"); then
    printf '%s\n' "$report" >&2
    tail -n 40 "$LOGFILE" >&2 || true
    alive "$PIDFILE" "$DIR" >/dev/null || die "nova-compute $HOST exited (log: $LOGFILE)"
    die "nova-compute $HOST not usable after ${TIMEOUT}s (log: $LOGFILE)"
fi
log "+$(elapsed_s "$T0")s nova-compute $HOST usable"
printf '%s\n' "$report"
