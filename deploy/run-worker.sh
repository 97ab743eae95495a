#!/usr/bin/env bash
# Builds compute-worker when needed, starts it with deploy/dev/nova.conf (fake driver, state in
# ./state, a private RabbitMQ it starts itself), shows one call and one cast from compute-rpc,
# then follows the worker's log until Ctrl-C, which stops it cleanly.
set -euo pipefail
cd "$(dirname "$0")/.."
deploy/install-prerequisites.sh
if [ ! -f worker/target/compute-worker.jar ] || [ ! -f rpc-client/target/compute-rpc.jar ]; then
    echo "building (first run: Maven downloads dependencies)..." >&2
    mvn -q -B -ntp -DskipTests package
fi
conf=deploy/dev/nova.conf
mkdir -p state
deploy/compute-worker --config "$conf" > state/worker.log 2>&1 &
worker=$!
trap 'kill -TERM $worker 2>/dev/null; wait $worker 2>/dev/null; echo "worker stopped" >&2' EXIT
echo "starting the worker (log: state/worker.log)..." >&2
for _ in $(seq 1 120); do
    if curl -sf http://127.0.0.1:9180/healthz >/dev/null 2>&1; then break; fi
    if ! kill -0 $worker 2>/dev/null; then cat state/worker.log >&2; exit 1; fi
    sleep 0.5
done

rpc() { java -jar rpc-client/target/compute-rpc.jar "$@" --config "$conf"; }
uuid=$(cat /proc/sys/kernel/random/uuid)
sed "s/6e0b7d5a-2a7c-4c1e-9d31-3c9a7e1e0d01/$uuid/g" deploy/dev/demo-build-args.json > state/demo-build-args.json

echo; echo "== a call: nova's baseapi ping"
rpc ping devhost
echo; echo "== a cast: build_and_run_instance of instance $uuid"
rpc cast devhost build_and_run_instance --args @state/demo-build-args.json
sleep 2
echo; echo "== a call: what the worker now holds about it"
rpc instance-state devhost "$uuid"
echo; echo "worker running: metrics on http://127.0.0.1:9180/metrics; Ctrl-C stops it"
tail -n 5 -f state/worker.log
