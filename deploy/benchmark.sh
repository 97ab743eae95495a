#!/usr/bin/env bash
# Builds the worker and the benchmark, then runs every benchmark (see docs/performance.md).
# Arguments go to the benchmark: --quick, --only casts|calls|starts|resize.
set -euo pipefail
cd "$(dirname "$0")/.."
deploy/install-prerequisites.sh
mvn -q -B -ntp -DskipTests package -pl worker,benchmark -am
exec java -jar benchmark/target/compute-bench.jar --worker-jar worker/target/compute-worker.jar "$@"
