#!/usr/bin/env bash
# Give a libvirtd the cephx key QEMU needs to open RBD disks: a persistent secret
# of usage type ceph, named "client.<user> secret", holding the key of the
# keyring's (first) client entity. Prints the secret's UUID on stdout: that is
# what nova.conf's [libvirt] rbd_secret_uuid must say, on every compute host.
#
# Usage: deploy/libvirt/define-ceph-secret.sh LIBVIRT_DIR|URI KEYRING [UUID]
#   LIBVIRT_DIR  a directory given to deploy/libvirt/start.sh (its uri file is read)
#   URI          or a libvirt URI
#   KEYRING      e.g. CEPH_DIR/ceph.client.openstack.keyring of deploy/ceph/start.sh
#   UUID         the secret's UUID; give the same on every host (default: the UUID of
#                an existing secret for this user, else a new one)
# Idempotent: running it again (also with a changed key) updates the value. The key
# never appears on a command line (ps): virsh reads it from a mode-600 file.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=../lib.sh
. "$HERE/../lib.sh"

[[ $# -ge 2 && $# -le 3 ]] || die "usage: $0 LIBVIRT_DIR|URI KEYRING [UUID]"
if [[ -d $1 ]]; then
    [[ -s $1/uri ]] || die "$1/uri missing: run deploy/libvirt/start.sh $1 first"
    URI=$(cat "$1/uri")
else
    URI=$1
fi
KEYRING=$2
WANTED=${3:-}
need_cmd virsh
V=(virsh -q -c "$URI")

[[ -r $KEYRING ]] || die "cannot read keyring $KEYRING"
# A keyring is ini-like: "[client.openstack]" then "key = AQ...==".
ENTITY=$(sed -n 's/^[[:space:]]*\[\(client\.[^]]*\)\][[:space:]]*$/\1/p' "$KEYRING" | head -n1)
KEY=$(sed -n 's/^[[:space:]]*key[[:space:]]*=[[:space:]]*\([^[:space:]]*\).*/\1/p' "$KEYRING" | head -n1)
[[ -n $ENTITY ]] || die "$KEYRING has no [client.*] section"
[[ -n $KEY ]] || die "$KEYRING has no key for $ENTITY"
[[ $KEY =~ ^[A-Za-z0-9+/]+=*$ ]] || die "the key of $ENTITY in $KEYRING is not base64"
[[ -z $WANTED || $WANTED =~ ^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$ ]] ||
    die "not a UUID: $WANTED"
"${V[@]}" version >/dev/null 2>&1 || die "libvirt at $URI does not answer"

USAGE="$ENTITY secret"
# libvirt allows one secret per usage name: find ours, if any. secret-list prints
# "UUID  ceph <usage name>" per secret.
EXISTING=$("${V[@]}" secret-list 2>/dev/null | awk -v usage="ceph $USAGE" '
    { uuid = $1; $1 = ""; sub(/^ +/, ""); if ($0 == usage) { print uuid; exit } }') ||
    die "virsh secret-list failed"

if [[ -n $EXISTING && -n $WANTED && ${EXISTING,,} != "${WANTED,,}" ]]; then
    die "libvirt at $URI already has secret $EXISTING for '$USAGE'; undefine it" \
        "(virsh -c '$URI' secret-undefine $EXISTING) or pass that UUID"
fi
UUID=${EXISTING:-${WANTED:-$(cat /proc/sys/kernel/random/uuid)}}
UUID=${UUID,,}

WORK=$(mktemp -d "${TMPDIR:-/tmp}/cw-secret.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
chmod 700 "$WORK"
if [[ -z $EXISTING ]]; then
    cat >"$WORK/secret.xml" <<XML
<secret ephemeral='no' private='no'>
  <uuid>$UUID</uuid>
  <usage type='ceph'><name>$USAGE</name></usage>
</secret>
XML
    "${V[@]}" secret-define "$WORK/secret.xml" >/dev/null || die "virsh secret-define failed"
fi
(umask 077 && printf '%s' "$KEY" >"$WORK/key")
"${V[@]}" secret-set-value "$UUID" --file "$WORK/key" >/dev/null || die "virsh secret-set-value failed"
log "secret $UUID ('$USAGE') holds the key of $ENTITY at $URI"
printf '%s\n' "$UUID"
