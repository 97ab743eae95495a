#!/usr/bin/env bash
# End-to-end check of the deploy/ scripts: private libvirtd, two Ceph clusters side
# by side, restart keeping data, the test guest booting from a file and from an
# RBD clone, and that stop leaves no daemon behind. Ends with "N passed, N failed".
# Takes ~1-2 minutes on 2 cores and ~1 GB of memory.
#
# Usage: deploy/selftest.sh [WORKDIR]   (default: a fresh temporary directory,
#                                        removed at the end)
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib.sh
. "$HERE/lib.sh"
need_root
need_pkg procps

if [[ $# -ge 1 ]]; then
    W=$(abs_dir "$1")
    KEEP=1
else
    W=$(mktemp -d /tmp/cw-deploy-selftest.XXXXXX)
    KEEP=0
fi
LV=$W/libvirt C1=$W/ceph1 C2=$W/ceph2 G=$W/guest
passed=0 failed=0
T0=$(now_ms)

cleanup() {
    "$HERE/libvirt/stop.sh" "$LV" 2>/dev/null || true
    "$HERE/ceph/stop.sh" "$C1" 2>/dev/null || true
    "$HERE/ceph/stop.sh" "$C2" 2>/dev/null || true
    ((KEEP)) || rm -rf "$W"
}
trap cleanup EXIT

check() {
    local what=$1
    shift
    local t
    t=$(now_ms)
    if "$@" >"$W/last.out" 2>&1; then
        passed=$((passed + 1))
        log "PASS $what ($(elapsed_s "$t")s)"
    else
        failed=$((failed + 1))
        log "FAIL $what ($(elapsed_s "$t")s); last output:"
        tail -n 20 "$W/last.out" >&2
    fi
}

# Helpers run as "if helper": errexit is off there, so every step says || return 1.
lv_start() {
    local uri
    uri=$("$HERE/libvirt/start.sh" "$LV") || return 1
    [[ $uri == "qemu+unix:///system?socket=$LV/run/libvirt-sock" ]] || return 1
    [[ $(cat "$LV/uri") == "$uri" ]] || return 1
    virsh -c "$uri" version
}
ceph_start() {
    local fsid
    fsid=$("$HERE/ceph/start.sh" "$1") || return 1
    [[ -n $fsid && $(cat "$1/fsid") == "$fsid" ]]
}
rbd_os() {
    local d=$1
    shift
    timeout 60 rbd -c "$d/ceph.conf" --id openstack "$@"
}
ceph_usable() {
    rbd_os "$1" ls vms || return 1
    rbd_os "$1" ls images || return 1
    timeout 60 ceph -c "$1/ceph.conf" df -f json | grep -Eq '"total_bytes":[1-9]'
}
distinct_clusters() {
    [[ $(cat "$C1/ports") != "$(cat "$C2/ports")" ]] || return 1
    [[ $(cat "$C1/fsid") != "$(cat "$C2/fsid")" ]] || return 1
    rbd_os "$C1" create --size 16M vms/selftest-c1 || return 1
    if rbd_os "$C2" ls vms | grep -qx selftest-c1; then return 1; fi
}
ceph_restart_keeps_data() {
    "$HERE/ceph/stop.sh" "$C1" || return 1
    if running "$C1/run/mon.a.pid" ceph-mon; then return 1; fi
    ceph_start "$C1" || return 1
    rbd_os "$C1" ls vms | grep -qx selftest-c1
}
no_daemons_left() {
    "$HERE/libvirt/stop.sh" "$LV" || return 1
    "$HERE/ceph/stop.sh" "$C1" || return 1
    "$HERE/ceph/stop.sh" "$C2" || return 1
    local f
    for f in "$LV"/run/*.pid "$C1"/run/*.pid "$C2"/run/*.pid; do
        if [[ -e $f ]]; then echo "pid file left: $f"; return 1; fi
    done
    if pgrep -af "$W/"; then return 1; fi
}

check "libvirt: fresh start prints the URI and answers" lv_start
check "libvirt: start again is a no-op" lv_start
check "ceph: fresh cluster 1" ceph_start "$C1"
check "ceph: client.openstack can use images/vms, ceph df has numbers" ceph_usable "$C1"
check "ceph: start again is a no-op" ceph_start "$C1"
check "ceph: fresh cluster 2 beside cluster 1" ceph_start "$C2"
check "ceph: the two clusters use their own ports and data" distinct_clusters
check "ceph: stop + start keeps data" ceph_restart_keeps_data
check "guest: build" "$HERE/guest/build-test-guest.sh" "$G"
check "guest: boots from a file disk under libvirt" "$HERE/guest/smoke-test.sh" "$LV" "$G"
check "guest: boots from an RBD clone under libvirt" \
    env SMOKE_CEPH_DIR="$C1" "$HERE/guest/smoke-test.sh" "$LV" "$G"
check "stop: no daemon left" no_daemons_left

log "total $(elapsed_s "$T0")s"
echo "selftest: $passed passed, $failed failed"
((failed == 0))
