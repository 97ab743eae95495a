#!/usr/bin/env bash
# Build a tiny bootable test guest for end-to-end tests:
#   OUTDIR/vmlinuz     Debian's kernel (from the linux-image-*-amd64 .deb, never
#                      installed: fetched with apt-get download, unpacked with dpkg-deb)
#   OUTDIR/initrd.img  busybox-static initramfs (cpio.gz) with a few kernel modules
#   OUTDIR/disk.raw    small raw disk image with an ext4 filesystem (the "Glance image")
#   OUTDIR/disk.qcow2  the same disk as qcow2
#   OUTDIR/kernel-version  the kernel's version string (e.g. 6.1.0-56-amd64)
#
# Boot with <os><kernel>OUTDIR/vmlinuz</kernel><initrd>OUTDIR/initrd.img</initrd>
# <cmdline>console=ttyS0</cmdline></os> and a serial port. The guest prints on
# ttyS0 (see deploy/README.md):
#   COMPUTE-WORKER-GUEST-MEMTOTAL-KB=<MemTotal of /proc/meminfo, kB>
#   COMPUTE-WORKER-GUEST-CPUS=<online CPUs>
#   COMPUTE-WORKER-GUEST-VDA-BYTES=<size of /dev/vda in bytes, 0 if absent>
#   COMPUTE-WORKER-GUEST-UP
# then stays alive; an ACPI power-button press (virsh shutdown) prints
#   COMPUTE-WORKER-GUEST-POWEROFF
# and powers the guest off cleanly.
#
# Usage: deploy/guest/build-test-guest.sh OUTDIR
# Environment: GUEST_CACHE_DIR (downloads and unpacked kernels; default
#   /var/cache/compute-worker-deploy/guest), GUEST_KERNEL_PKG (default: what
#   linux-image-amd64 depends on), GUEST_DISK_MB (default 64).
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=../lib.sh
. "$HERE/../lib.sh"

[[ $# -eq 1 ]] || die "usage: $0 OUTDIR"
OUT=$(abs_dir "$1")
CACHE=${GUEST_CACHE_DIR:-/var/cache/compute-worker-deploy/guest}
DISK_MB=${GUEST_DISK_MB:-64}
T0=$(now_ms)

need_pkg busybox-static e2fsprogs qemu-utils
need_cmd apt-get apt-cache dpkg-deb busybox mkfs.ext4 qemu-img gzip
mkdir -p "$CACHE"
exec 9>"$CACHE/.lock"
flock -w 600 9 || die "cannot lock $CACHE/.lock"

# ------------------------------------------------------------------ kernel
# Modules the guest loads (in this order, dependencies first): virtio for the
# disk and the balloon, button + evdev for the ACPI power button.
MODULES=(virtio_ring virtio virtio_pci_legacy_dev virtio_pci_modern_dev virtio_pci
    virtio_blk virtio_balloon button evdev)

kernel_pkg() {
    if [[ -n ${GUEST_KERNEL_PKG:-} ]]; then
        printf '%s\n' "$GUEST_KERNEL_PKG"
        return
    fi
    apt-cache depends linux-image-amd64 2>/dev/null |
        awk '$1 == "Depends:" && $2 ~ /^linux-image-[0-9].*-amd64$/ { print $2; exit }'
}
# apt-cache takes ~1-2 s: its answer is remembered for a day.
MEMO=$CACHE/kernel-pkg
if [[ -z ${GUEST_KERNEL_PKG:-} && -s $MEMO && -n $(find "$MEMO" -mmin -1440) ]]; then
    PKG=$(cat "$MEMO")
else
    PKG=$(kernel_pkg)
fi
if [[ -z $PKG ]]; then
    log "apt-cache knows no linux-image-amd64; running apt-get update"
    apt-get -q -o DPkg::Lock::Timeout=600 update >&2 || true
    PKG=$(kernel_pkg)
fi
if [[ -z $PKG ]]; then
    # Offline: fall back to the newest kernel already in the cache.
    PKG=$(find "$CACHE" -maxdepth 1 -type d -name 'linux-image-*' -printf '%f\n' | sort -V | tail -n1)
    [[ -n $PKG ]] || die "cannot determine the kernel package (apt-cache depends linux-image-amd64)"
    log "using cached $PKG"
fi
[[ -n ${GUEST_KERNEL_PKG:-} || $(cat "$MEMO" 2>/dev/null) == "$PKG" ]] || printf '%s\n' "$PKG" >"$MEMO"
KDIR=$CACHE/$PKG
if [[ ! -f $KDIR/.done ]]; then
    mkdir -p "$CACHE/debs"
    deb=$(find "$CACHE/debs" -name "${PKG}_*.deb" | sort -V | tail -n1)
    if [[ -z $deb ]]; then
        log "downloading $PKG"
        (cd "$CACHE/debs" && apt-get download -q -o APT::Sandbox::User=root "$PKG" >&2) ||
            die "apt-get download $PKG failed"
        deb=$(find "$CACHE/debs" -name "${PKG}_*.deb" | sort -V | tail -n1)
        [[ -n $deb ]] || die "apt-get download $PKG produced no .deb"
    fi
    log "extracting vmlinuz and modules from ${deb##*/}"
    rm -rf "$KDIR" "$KDIR.tmp"
    mkdir -p "$KDIR.tmp/x" "$KDIR.tmp/modules"
    pats=('./boot/vmlinuz-*')
    for m in "${MODULES[@]}"; do pats+=("*/$m.ko"); done
    # Only the members needed: all of the .deb (~450 MB of modules) is not.
    dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$KDIR.tmp/x" --wildcards "${pats[@]}" ||
        die "cannot extract vmlinuz/modules from $deb"
    vmlinuz=$(find "$KDIR.tmp/x/boot" -name 'vmlinuz-*' | head -n1)
    [[ -n $vmlinuz ]] || die "no vmlinuz in $deb"
    mv "$vmlinuz" "$KDIR.tmp/vmlinuz"
    basename "$vmlinuz" | sed 's/^vmlinuz-//' >"$KDIR.tmp/kernel-version"
    for m in "${MODULES[@]}"; do
        f=$(find "$KDIR.tmp/x/lib/modules" -name "$m.ko" | head -n1)
        [[ -n $f ]] || die "module $m.ko not found in $deb (built into the kernel now? adjust MODULES)"
        # Dependencies must come earlier in MODULES.
        deps=$(grep -a -o 'depends=[a-z0-9_,-]*' "$f" | head -n1 | cut -d= -f2 | tr ',' ' ')
        for d in $deps; do
            [[ -f $KDIR.tmp/modules/$d.ko ]] || die "$m needs $d: add it before $m in MODULES"
        done
        mv "$f" "$KDIR.tmp/modules/$m.ko"
    done
    rm -rf "$KDIR.tmp/x"
    touch "$KDIR.tmp/.done"
    mv "$KDIR.tmp" "$KDIR"
    # keep only the newest .deb
    find "$CACHE/debs" -name '*.deb' ! -name "${deb##*/}" -delete
fi
KVER=$(cat "$KDIR/kernel-version")

# Up to date already? (same kernel, same build script, same disk size)
STAMP="$PKG $DISK_MB $(cksum <"${BASH_SOURCE[0]}" | cut -d' ' -f1)"
outputs_present() {
    local f
    for f in vmlinuz initrd.img disk.raw disk.qcow2 kernel-version; do
        [[ -f $OUT/$f ]] || return 1
    done
}
if [[ -f $OUT/.stamp && $(cat "$OUT/.stamp") == "$STAMP" ]] && outputs_present; then
    log "guest in $OUT is up to date ($PKG)"
    exit 0
fi
rm -f "$OUT/.stamp"

# ------------------------------------------------------------------ initramfs
WORK=$(mktemp -d "$OUT/.build.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
R=$WORK/root
mkdir -p "$R"/{bin,sbin,etc,proc,sys,dev,tmp,lib/modules}
cp "$(command -v busybox)" "$R/bin/busybox"
for a in $("$R/bin/busybox" --list); do
    [[ $a == busybox ]] || ln -s busybox "$R/bin/$a"
done
for a in init poweroff reboot halt; do ln -sf ../bin/busybox "$R/sbin/$a"; done
cp "$KDIR"/modules/*.ko "$R/lib/modules/"
printf '%s\n' "${MODULES[@]}" >"$R/etc/modules"

cat >"$R/init" <<'EOF'
#!/bin/sh
# compute-worker test guest: PID 1 until it execs busybox init.
export PATH=/bin:/sbin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
for m in $(cat /etc/modules); do insmod "/lib/modules/$m.ko" 2>/dev/null; done
exec /sbin/init
EOF
cat >"$R/etc/inittab" <<'EOF'
::once:/bin/guest-main
::ctrlaltdel:/sbin/reboot
EOF
cat >"$R/bin/guest-main" <<'EOF'
#!/bin/sh
# Report what the guest sees, then wait for the ACPI power button.
out=/dev/ttyS0
i=0
while [ ! -e /sys/block/vda ] && [ $i -lt 20 ]; do usleep 100000; i=$((i + 1)); done
mem=$(awk '/^MemTotal:/ { print $2 }' /proc/meminfo)
cpus=$(grep -c '^processor' /proc/cpuinfo)
vda=0
[ -r /sys/block/vda/size ] && vda=$(( $(cat /sys/block/vda/size) * 512 ))
btn=
for e in /sys/class/input/event*; do
    [ "$(cat "$e/device/name" 2>/dev/null)" = "Power Button" ] && btn=/dev/input/${e##*/}
done
# Open the button before printing UP, so that no press after UP is missed.
[ -n "$btn" ] && exec 3<"$btn"
{
    echo "COMPUTE-WORKER-GUEST-MEMTOTAL-KB=$mem"
    echo "COMPUTE-WORKER-GUEST-CPUS=$cpus"
    echo "COMPUTE-WORKER-GUEST-VDA-BYTES=$vda"
    [ -n "$btn" ] || echo "COMPUTE-WORKER-GUEST-NO-POWER-BUTTON"
    echo "COMPUTE-WORKER-GUEST-UP"
} >"$out"
[ -n "$btn" ] || exit 0
# One input_event (24 bytes on x86_64) = the button was pressed.
dd bs=24 count=1 <&3 >/dev/null 2>&1
echo "COMPUTE-WORKER-GUEST-POWEROFF" >"$out"
# Nothing is mounted read-write: power off at once (busybox init's own shutdown
# sequence would add ~2 s of fixed sleeps).
sync
poweroff -f
EOF
chmod 755 "$R/init" "$R/bin/guest-main"
# Reproducible archive: fixed mtimes, sorted names, root-owned, gzip -n.
find "$R" -exec touch -h -d @0 {} +
(cd "$R" && find . -mindepth 1 | LC_ALL=C sort | busybox cpio -o -H newc -R 0:0 2>/dev/null) |
    gzip -9 -n >"$WORK/initrd.img" || die "cannot build the initramfs"

# ------------------------------------------------------------------ disk
mkdir -p "$WORK/fs/etc"
printf 'compute-worker test image\n' >"$WORK/fs/etc/compute-worker-test-image"
truncate -s "${DISK_MB}M" "$WORK/disk.raw"
mkfs.ext4 -q -F -L cw-test -U 6f6b6f6b-0000-4000-8000-000000000001 \
    -E root_owner=0:0 -d "$WORK/fs" "$WORK/disk.raw" || die "mkfs.ext4 failed"
qemu-img convert -f raw -O qcow2 "$WORK/disk.raw" "$WORK/disk.qcow2" || die "qemu-img convert failed"

cp "$KDIR/vmlinuz" "$WORK/vmlinuz"
printf '%s\n' "$KVER" >"$WORK/kernel-version"
for f in vmlinuz initrd.img disk.raw disk.qcow2 kernel-version; do
    mv -f "$WORK/$f" "$OUT/$f"
done
printf '%s\n' "$STAMP" >"$OUT/.stamp"
log "guest ($PKG, kernel $KVER) in $OUT, built in $(elapsed_s "$T0")s"
