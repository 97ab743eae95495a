#!/usr/bin/env bash
# Prove the test guest boots under a (private) libvirtd: define + start a
# <domain type='qemu'> with direct kernel boot, serial to a file and a copy of
# disk.raw as virtio vda; wait for COMPUTE-WORKER-GUEST-UP; check the reported
# memory, vCPUs and disk size; shut it down via ACPI (falls back to destroy,
# which fails the test); undefine. Prints timings.
#
# Usage: deploy/guest/smoke-test.sh LIBVIRT_DIR|URI [GUEST_DIR]
#   LIBVIRT_DIR  a directory given to deploy/libvirt/start.sh (its uri file is read)
#   URI          or a libvirt URI
#   GUEST_DIR    output of build-test-guest.sh; built (or refreshed) when not given:
#                default ${TMPDIR:-/tmp}/compute-worker-test-guest
# With SMOKE_CEPH_DIR=DIR (a cluster of deploy/ceph/start.sh) the root disk is
# on RBD, laid out the way Glance and Nova's rbd image backend do it: disk.raw is
# imported as images/<id> with a protected snapshot "snap", cloned to
# vms/<uuid>_disk, resized to SMOKE_RBD_DISK_MIB (128) and attached as vda
# through a libvirt ceph secret holding client.openstack's key.
# Environment: SMOKE_MEMORY_MIB (256), SMOKE_VCPUS (2), SMOKE_BOOT_TIMEOUT (180 s),
#   SMOKE_CMDLINE (kernel command line, default console=ttyS0), SMOKE_KEEP=1 keeps
#   the work directory (domain XML, serial log).
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=../lib.sh
. "$HERE/../lib.sh"

[[ $# -ge 1 && $# -le 2 ]] || die "usage: $0 LIBVIRT_DIR|URI [GUEST_DIR]"
if [[ -d $1 ]]; then
    [[ -s $1/uri ]] || die "$1/uri missing: run deploy/libvirt/start.sh $1 first"
    URI=$(cat "$1/uri")
else
    URI=$1
fi
MEM_MIB=${SMOKE_MEMORY_MIB:-256}
VCPUS=${SMOKE_VCPUS:-2}
BOOT_TIMEOUT=${SMOKE_BOOT_TIMEOUT:-180}
need_cmd virsh
V=(virsh -q -c "$URI")
T0=$(now_ms)

"${V[@]}" version >/dev/null 2>&1 || die "libvirt at $URI does not answer"

if [[ $# -eq 2 ]]; then
    GUEST=$(abs_dir "$2")
else
    GUEST=$(abs_dir "${TMPDIR:-/tmp}/compute-worker-test-guest")
fi
"$HERE/build-test-guest.sh" "$GUEST" >&2
for f in vmlinuz initrd.img disk.raw; do
    [[ -f $GUEST/$f ]] || die "$GUEST/$f missing"
done
t_build=$(elapsed_s "$T0")

WORK=$(mktemp -d "${TMPDIR:-/tmp}/cw-smoke.XXXXXX")
NAME=cw-smoke-$$-${RANDOM}
SERIAL=$WORK/serial.log
cleanup() {
    "${V[@]}" destroy "$NAME" >/dev/null 2>&1 || true
    "${V[@]}" undefine "$NAME" >/dev/null 2>&1 || true
    if [[ -n ${SECRET:-} ]]; then "${V[@]}" secret-undefine "$SECRET" >/dev/null 2>&1 || true; fi
    if [[ -n ${INSTANCE:-} ]]; then
        timeout 60 "${R[@]}" rm "vms/${INSTANCE}_disk" >/dev/null 2>&1 || true
        timeout 60 "${R[@]}" snap unprotect "images/$IMAGE_ID@snap" >/dev/null 2>&1 || true
        timeout 60 "${R[@]}" snap purge "images/$IMAGE_ID" >/dev/null 2>&1 || true
        timeout 60 "${R[@]}" rm "images/$IMAGE_ID" >/dev/null 2>&1 || true
    fi
    if [[ ${SMOKE_KEEP:-0} == 1 ]]; then log "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
CEPH_DIR=${SMOKE_CEPH_DIR:-}
if [[ -z $CEPH_DIR ]]; then
    cp --sparse=always "$GUEST/disk.raw" "$WORK/disk.raw"
    DISK_BYTES=$(stat -c %s "$WORK/disk.raw")
    DISK_XML="<disk type='file' device='disk'>
      <driver name='qemu' type='raw'/>
      <source file='$WORK/disk.raw'/>
      <target dev='vda' bus='virtio'/>
    </disk>"
else
    [[ -f $CEPH_DIR/ceph.conf && -f $CEPH_DIR/ports ]] || die "$CEPH_DIR is no deploy/ceph cluster"
    need_cmd rbd
    # shellcheck source=/dev/null
    . "$CEPH_DIR/ports"
    R=(rbd -c "$CEPH_DIR/ceph.conf" --id openstack)
    IMAGE_ID=$(cat /proc/sys/kernel/random/uuid)
    INSTANCE=$(cat /proc/sys/kernel/random/uuid)
    DISK_BYTES=$((${SMOKE_RBD_DISK_MIB:-128} * 1024 * 1024))
    t=$(now_ms)
    # "Glance": format 2 image, protected snapshot "snap".
    upload() {
        timeout 60 "${R[@]}" import --no-progress --image-format 2 "$GUEST/disk.raw" \
            "images/$IMAGE_ID" || return 1
        timeout 60 "${R[@]}" snap create --no-progress "images/$IMAGE_ID@snap" || return 1
        timeout 60 "${R[@]}" snap protect "images/$IMAGE_ID@snap"
    }
    upload || die "cannot upload the image to images/$IMAGE_ID"
    t_upload=$(elapsed_s "$t")
    t=$(now_ms)
    # "Nova": clone to vms/<uuid>_disk, grow it to the flavor's root disk.
    clone() {
        timeout 60 "${R[@]}" clone "images/$IMAGE_ID@snap" "vms/${INSTANCE}_disk" || return 1
        timeout 60 "${R[@]}" resize --no-progress --size "${DISK_BYTES}B" "vms/${INSTANCE}_disk"
    }
    clone || die "cannot clone images/$IMAGE_ID@snap to vms/${INSTANCE}_disk"
    t_clone=$(elapsed_s "$t")
    SECRET=$(cat /proc/sys/kernel/random/uuid)
    cat >"$WORK/secret.xml" <<XML
<secret ephemeral='no' private='no'>
  <uuid>$SECRET</uuid>
  <usage type='ceph'><name>client.openstack $NAME</name></usage>
</secret>
XML
    "${V[@]}" secret-define "$WORK/secret.xml" >/dev/null || die "virsh secret-define failed"
    awk '$1 == "key" { print $3 }' "$CEPH_DIR/ceph.client.openstack.keyring" >"$WORK/key"
    "${V[@]}" secret-set-value "$SECRET" --file "$WORK/key" >/dev/null ||
        die "virsh secret-set-value failed"
    DISK_XML="<disk type='network' device='disk'>
      <driver name='qemu' type='raw' cache='writeback' discard='unmap'/>
      <auth username='openstack'><secret type='ceph' uuid='$SECRET'/></auth>
      <source protocol='rbd' name='vms/${INSTANCE}_disk'>
        <host name='127.0.0.1' port='$MON_V1_PORT'/>
      </source>
      <target dev='vda' bus='virtio'/>
    </disk>"
    log "rbd: images/$IMAGE_ID@snap uploaded in ${t_upload}s;" \
        "cloned and resized to vms/${INSTANCE}_disk in ${t_clone}s"
fi

cat >"$WORK/domain.xml" <<EOF
<domain type='qemu'>
  <name>$NAME</name>
  <memory unit='MiB'>$MEM_MIB</memory>
  <vcpu>$VCPUS</vcpu>
  <os>
    <type arch='x86_64' machine='pc'>hvm</type>
    <kernel>$GUEST/vmlinuz</kernel>
    <initrd>$GUEST/initrd.img</initrd>
    <cmdline>${SMOKE_CMDLINE:-console=ttyS0}</cmdline>
  </os>
  <features>
    <acpi/>
    <tcg><tb-cache unit='MiB'>32</tb-cache></tcg>
  </features>
  <on_poweroff>destroy</on_poweroff>
  <on_reboot>restart</on_reboot>
  <on_crash>destroy</on_crash>
  <devices>
    $DISK_XML
    <serial type='file'>
      <source path='$SERIAL'/>
      <target port='0'/>
    </serial>
    <memballoon model='virtio'/>
  </devices>
</domain>
EOF

t=$(now_ms)
"${V[@]}" define "$WORK/domain.xml" >/dev/null || die "virsh define failed"
t_define=$(elapsed_s "$t")
t=$(now_ms)
"${V[@]}" start "$NAME" >/dev/null || die "virsh start failed"
t_start=$(elapsed_s "$t")
t=$(now_ms)
if ! wait_for "$BOOT_TIMEOUT" "COMPUTE-WORKER-GUEST-UP on the serial console" \
    grep -q '^COMPUTE-WORKER-GUEST-UP' "$SERIAL"; then
    tail -n 30 "$SERIAL" >&2 2>/dev/null || true
    die "guest did not boot within ${BOOT_TIMEOUT}s"
fi
t_boot=$(elapsed_s "$t")

value() { tr -d '\r' <"$SERIAL" | sed -n "s/^COMPUTE-WORKER-GUEST-$1=\([0-9]*\).*/\1/p" | tail -n1; }
mem_kb=$(value MEMTOTAL-KB)
cpus=$(value CPUS)
vda=$(value VDA-BYTES)
log "guest reports MemTotal ${mem_kb} kB, ${cpus} CPUs, vda ${vda} bytes"
fail=()
# MemTotal is the RAM minus what the kernel keeps for itself (~10-25% here).
((mem_kb > MEM_MIB * 1024 * 6 / 10 && mem_kb <= MEM_MIB * 1024)) ||
    fail+=("MemTotal $mem_kb kB not in (60%, 100%] of $MEM_MIB MiB")
((cpus == VCPUS)) || fail+=("CPUs $cpus != $VCPUS")
((vda == DISK_BYTES)) || fail+=("vda $vda bytes != $DISK_BYTES")
grep -q '^COMPUTE-WORKER-GUEST-NO-POWER-BUTTON' "$SERIAL" && fail+=("guest found no ACPI power button")

# Clean shutdown through the ACPI power button.
t=$(now_ms)
"${V[@]}" shutdown "$NAME" >/dev/null || die "virsh shutdown failed"
is_off() { [[ $("${V[@]}" domstate "$NAME" 2>/dev/null) == "shut off" ]]; }
if wait_for 60 "the guest to power off after an ACPI shutdown" is_off; then
    t_shutdown=$(elapsed_s "$t")
    grep -q '^COMPUTE-WORKER-GUEST-POWEROFF' "$SERIAL" ||
        fail+=("powered off without COMPUTE-WORKER-GUEST-POWEROFF")
else
    t_shutdown=timeout
    fail+=("ACPI shutdown ignored")
    t=$(now_ms)
    "${V[@]}" destroy "$NAME" >/dev/null || die "virsh destroy failed"
    log "destroyed in $(elapsed_s "$t")s"
fi
t=$(now_ms)
"${V[@]}" undefine "$NAME" >/dev/null || die "virsh undefine failed"
t_undefine=$(elapsed_s "$t")

log "timings (s): guest build/check $t_build, define $t_define, start $t_start," \
    "boot to marker $t_boot, ACPI shutdown $t_shutdown, undefine $t_undefine, total $(elapsed_s "$T0")"
if ((${#fail[@]})); then
    tail -n 30 "$SERIAL" >&2 || true
    die "smoke test failed: ${fail[*]}"
fi
log "smoke test passed"
