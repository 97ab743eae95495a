#!/usr/bin/env bash
# Installs what building and running compute-worker needs on Debian 12, when missing:
#   base:  a JDK 17 and Maven (build), RabbitMQ (the private broker)
#   tests: python3-nova, python3-oslo.messaging and python3-placement (the real peers and a
#          whole nova control plane), qemu-utils (image tests)
# The libvirt and Ceph scripts under deploy/ install their own packages when they start.
set -euo pipefail
want=(openjdk-17-jdk-headless maven rabbitmq-server)
if [ "${1:-}" = "--tests" ]; then
    want+=(python3-nova python3-oslo.messaging python3-placement qemu-utils qemu-block-extra busybox-static cpio \
           libvirt0 libvirt-daemon libvirt-daemon-driver-qemu libvirt-clients qemu-system-x86 \
           ceph-mon ceph-osd ceph-mgr ceph-common librados2 librbd1)
fi
missing=()
for p in "${want[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "installing: ${missing[*]}" >&2
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo=sudo
    export DEBIAN_FRONTEND=noninteractive
    # Debian's rabbitmq-server package would start a system broker; the worker runs its own.
    if [ ! -e /usr/sbin/policy-rc.d ]; then
        printf '#!/bin/sh\nexit 101\n' | $sudo tee /usr/sbin/policy-rc.d >/dev/null
        $sudo chmod +x /usr/sbin/policy-rc.d
        trap '$sudo rm -f /usr/sbin/policy-rc.d' EXIT
    fi
    $sudo apt-get update -qq
    $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
