#!/usr/bin/env bash
# Stop the private libvirtd + virtlogd started by deploy/libvirt/start.sh DIR.
# Running guests are destroyed first (libvirtd leaves them running on SIGTERM);
# persistent domain definitions stay in DIR/etc/qemu for the next start.
# A DIR with nothing running is fine (exit 0).
#
# Usage: deploy/libvirt/stop.sh DIR
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
URI="qemu+unix:///system?socket=$DIR/run/libvirt-sock"

exec 9>"$DIR/.lock"
flock -w 120 9 || die "cannot lock $DIR/.lock (another start/stop running?)"

# 1. Destroy running guests while libvirtd can still do it cleanly.
if running "$DIR/run/libvirtd.pid" libvirtd && command -v virsh >/dev/null; then
    while read -r dom; do
        [[ -n $dom ]] || continue
        log "destroying guest $dom"
        timeout 60 virsh -q -c "$URI" destroy "$dom" >/dev/null 2>&1 ||
            log "virsh destroy $dom failed; its QEMU is killed below"
    done < <(timeout 30 virsh -q -c "$URI" list --name 2>/dev/null || true)
fi

# 2. The daemons.
stop_pidfile "$DIR/run/libvirtd.pid" libvirtd 30

# 3. Any QEMU left behind (destroy failed, or libvirtd had died earlier).
for pf in "$DIR"/run/qemu/*.pid; do
    [[ -e $pf ]] || continue
    pid=$(tr -d ' \n' <"$pf" 2>/dev/null) || continue
    if [[ $pid =~ ^[0-9]+$ && $(cat "/proc/$pid/comm" 2>/dev/null) == qemu-system* ]]; then
        log "killing leftover QEMU pid $pid ($pf)"
        kill -KILL "$pid" 2>/dev/null || true
        wait_for 20 "QEMU pid $pid to exit" not_running "$pid" || die "cannot kill QEMU pid $pid"
    fi
done

stop_pidfile "$DIR/run/virtlogd.pid" virtlogd 20
rm -f "$DIR"/run/libvirt-sock* "$DIR/run/libvirt-admin-sock" "$DIR"/run/virtlogd*-sock
log "stopped in $(elapsed_s "$T0")s"
