#!/usr/bin/env bash
# Stop the Ceph daemons started by deploy/ceph/start.sh DIR and wait for them to
# exit. Data stays in DIR (start.sh DIR restarts the cluster); remove DIR to
# throw the cluster away. A DIR with nothing running is fine (exit 0).
#
# Usage: deploy/ceph/stop.sh DIR
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=../lib.sh
. "$HERE/../lib.sh"

[[ $# -eq 1 ]] || die "usage: $0 DIR"
if [[ ! -d $1 ]]; then
    log "$1 does not exist; nothing to stop"
    exit 0
fi
need_root
DIR=$(cd -- "$1" && pwd -P)
T0=$(now_ms)

# start.sh calls us on a half-initialised DIR while it holds the lock.
if [[ -z ${_CEPH_DIR_LOCKED:-} ]]; then
    exec 9>"$DIR/.lock"
    flock -w 300 9 || die "cannot lock $DIR/.lock (another start/stop running?)"
fi

# mgr and OSD first, in parallel (the OSD tells the mon it goes down, so the mon
# must still be there), then the mon.
stop_pidfile "$DIR/run/mgr.x.pid" ceph-mgr 30 &
mgr_stop=$!
stop_pidfile "$DIR/run/osd.0.pid" ceph-osd 30 &
osd_stop=$!
rc=0
wait "$mgr_stop" || rc=1
wait "$osd_stop" || rc=1
stop_pidfile "$DIR/run/mon.a.pid" ceph-mon 30 || rc=1
((rc == 0)) || die "some daemon did not stop"
rm -f "$DIR"/run/*.asok
log "stopped in $(elapsed_s "$T0")s"
