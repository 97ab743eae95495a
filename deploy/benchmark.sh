#!/usr/bin/env bash
# Builds the worker and the benchmark, then runs every benchmark (see docs/performance.md).
# Arguments go to the benchmark: --quick, --only casts|calls|starts|resize|spawns.
# --only rbd instead times root-disk preparation on a private single-node Ceph (clone vs import);
# further arguments are image sizes in GiB (default 1 4).
# --only control-plane runs the same server lifecycle through a real nova control plane on two
# worker hosts and on two Debian nova-compute hosts (deploy/openstack/lifecycle_bench.py, whose
# options follow, e.g. --servers 20).
set -euo pipefail
cd "$(dirname "$0")/.."
deploy/install-prerequisites.sh
if [ "${1:-}" = "--only" ] && [ "${2:-}" = "control-plane" ]; then
    shift 2
    mvn -q -B -ntp -DskipTests package -pl worker,image-server -am
    exec /usr/bin/python3 deploy/openstack/lifecycle_bench.py "$@"
fi
if [ "${1:-}" = "--only" ] && [ "${2:-}" = "rbd" ]; then
    shift 2
    classpath=$(mktemp)
    trap 'rm -f "$classpath"' EXIT
    mvn -q -B -ntp -pl worker -am test-compile dependency:build-classpath \
        -Dmdep.includeScope=test -Dmdep.outputFile="$classpath"
    java -cp "worker/target/test-classes:worker/target/classes:$(cat "$classpath")" \
        org.computeworker.worker.image.backend.rbd.RbdRootDiskBenchmark "$@"
    exit
fi
mvn -q -B -ntp -DskipTests package -pl worker,benchmark -am
exec java -jar benchmark/target/compute-bench.jar --worker-jar worker/target/compute-worker.jar "$@"
