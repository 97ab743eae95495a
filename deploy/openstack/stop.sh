#!/usr/bin/env bash
# stop.sh DIR : stop everything start.sh, python-compute.sh and capture.sh started in DIR.
#
# Compute hosts and captures first (they talk to the rest), then the API services, then the
# broker. Waits for every process to exit (SIGKILL after a timeout), also the broker's own
# epmd, and warns about any process still naming DIR afterwards. Data stays in DIR.
set -euo pipefail
HERE=$(cd -- "$(dirname -- "$0")" && pwd -P)
# shellcheck source=../lib.sh
. "$HERE/../lib.sh"
# shellcheck source=common.sh
. "$HERE/common.sh"

(($# == 1)) || die "usage: $0 DIR"
[[ -d $1 ]] || die "no such directory: $1"
DIR=$(cd -- "$1" && pwd -P)
T0=$(now_ms)

shopt -s nullglob
# oslo.service stops a nova service gracefully on SIGTERM (RPC servers drained, timers
# stopped: 2-9 s each here) and exits at once on SIGINT. A dev plane being torn down has
# nothing to drain: SIGINT, unless STOP_GRACEFUL=1.
NOVA_SIG=INT
[[ ${STOP_GRACEFUL:-0} == 1 ]] && NOVA_SIG=TERM

# Whatever announced itself with a pid file in DIR/run: compute hosts (also a Java worker
# that writes run/compute-HOST.pid), captures, then the control plane. The marker (DIR in the
# command line) keeps a reused pid safe.
known=" "
for f in "$DIR"/run/compute-*.pid; do
    known+="$(tr -d ' \n' <"$f" 2>/dev/null || true) "
    stop_alive "$f" "$DIR" 30 "$NOVA_SIG" &
done
for f in "$DIR"/run/capture*.pid; do
    stop_alive "$f" "$DIR" 10 &
done
# Compute hosts started by others (a test's Java worker) run with DIR/compute.conf: they belong
# to this plane too and would otherwise retry a dead broker forever.
while IFS= read -r f; do
    pid=${f#/proc/}
    pid=${pid%/cmdline}
    [[ $pid != "$$" && $known != *" $pid "* ]] || continue
    printf '%s\n' "$pid" >"$DIR/run/foreign-$pid.pid"
    log "stopping compute host process $pid (runs with $DIR/compute.conf)"
    stop_alive "$DIR/run/foreign-$pid.pid" "$DIR/compute.conf" 30 &
done < <(grep -lsF -- "$DIR/compute.conf" /proc/[0-9]*/cmdline || true)
wait
phase "$T0" "compute hosts and captures stopped"
for s in api conductor scheduler; do
    stop_alive "$DIR/run/$s.pid" "$DIR" 20 "$NOVA_SIG" &
done
for s in placement neutron glance; do
    stop_alive "$DIR/run/$s.pid" "$DIR" 20 &
done
wait
phase "$T0" "control plane services stopped"

# RabbitMQ: SIGTERM to the Erlang VM is the same orderly shutdown as `rabbitmqctl stop` (which
# returns before the node is down anyway) without the CLI's own VM start. The launcher script
# exits with the VM; the node's epmd (on its private port) outlives both unless told.
if [[ -r $DIR/rabbit/ports ]]; then
    # shellcheck source=/dev/null
    . "$DIR/rabbit/ports"
    stop_alive "$DIR/rabbit/rabbit.pid" "$DIR" 60
    rm -f -- "$DIR/run/rabbit.pid"
    stop_alive "$DIR/run/rabbit-launcher.pid" "$DIR" 20
    # Our epmd by its pid (start.sh records it): once our ports are free another plane may
    # start its own epmd on the same port, and `epmd -kill` would stop that one.
    if [[ -e $DIR/run/epmd.pid ]]; then
        stop_alive "$DIR/run/epmd.pid" epmd 10
    elif [[ -n ${RABBIT_EPMD_PORT:-} ]] && port_listening "$RABBIT_EPMD_PORT" &&
        ! ERL_EPMD_PORT=$RABBIT_EPMD_PORT epmd -port "$RABBIT_EPMD_PORT" -names 2>/dev/null |
        grep -q '^name '; then
        # start failed before recording it; an epmd with no node registered is a leftover
        ERL_EPMD_PORT=$RABBIT_EPMD_PORT epmd -port "$RABBIT_EPMD_PORT" -kill >/dev/null 2>&1 || true
    fi
    phase "$T0" "rabbitmq stopped"
fi

# Anything still naming DIR in its command line was started from here and escaped the
# pid files: report it rather than guess.
# (Our ancestors may name DIR too: a caller's `bash -c "... DIR"`.)
ancestors=" "
a=$$
while [[ $a =~ ^[0-9]+$ ]] && ((a > 1)); do
    ancestors+="$a "
    a=$(awk '/^PPid:/ {print $2}' "/proc/$a/status" 2>/dev/null) || break
done
left=()
# one grep over every command line (a process per /proc entry took seconds on a busy box)
while IFS= read -r f; do
    pid=${f#/proc/}
    pid=${pid%/cmdline}
    [[ $ancestors == *" $pid "* ]] && continue
    # our own subshells (this loop's) carry our command line
    [[ $(awk '/^PPid:/ {print $2}' "/proc/$pid/status" 2>/dev/null) == "$$" ]] && continue
    not_running "$pid" || left+=("$pid")
done < <(grep -lsF -- "$DIR/" /proc/[0-9]*/cmdline || true)
if ((${#left[@]})); then
    log "WARNING: processes still naming $DIR: ${left[*]}"
    ps -o pid,ppid,args -p "$(IFS=,; echo "${left[*]}")" >&2 || true
    exit 1
fi
log "stopped everything in $DIR in $(elapsed_s "$T0")s"
