#!/usr/bin/env bash
# Runs the whole test suite: installs what the tests need (Debian packages; Maven fetches the
# rest), then builds and tests every module. Tests start their own RabbitMQ, libvirtd and Ceph.
set -euo pipefail
cd "$(dirname "$0")/.."
deploy/install-prerequisites.sh --tests
mvn -B -ntp verify "$@"
