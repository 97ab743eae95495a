#!/usr/bin/env bash
# capture.sh DIR OUTDIR [COMPUTE_CMD] : record the wire traffic of a compute host's start-up and
# of the user scenario, on a fresh control plane in DIR.
#
#   1. start.sh DIR afresh (an earlier plane in DIR is stopped and replaced);
#   2. firehose on, then `COMPUTE_CMD DIR hostA`; recorded until hostA has sent its first
#      heartbeat and then stayed quiet for 2 s            -> OUTDIR/startup.jsonl
#   3. `COMPUTE_CMD DIR hostB` (not recorded), then scenario.py DIR, recorded from before the
#      first request until 2 s after the last            -> OUTDIR/scenario.jsonl
#   4. one server left ACTIVE, recorded until both hosts ran their periodic
#      update_available_resource and sync_instance_info (~2 min; heartbeats kept)
#                                                         -> OUTDIR/periodic.jsonl
# plus, per phase, the placement and neutron requests ({placement,neutron}-<phase>.jsonl),
# the scenario's facts (scenario-facts.json) and readable summaries (*.summary.txt).
# COMPUTE_CMD defaults to python-compute.sh (Debian's nova-compute); any command taking
# DIR HOST and returning once HOST is usable works (compute_ready.py tells when).
# The plane keeps running afterwards (stop.sh DIR). Prints OUTDIR on stdout.
set -euo pipefail
HERE=$(cd -- "$(dirname -- "$0")" && pwd -P)
# shellcheck source=../lib.sh
. "$HERE/../lib.sh"
# shellcheck source=common.sh
. "$HERE/common.sh"

(($# == 2 || $# == 3)) || die "usage: $0 DIR OUTDIR [COMPUTE_CMD]"
DIR=$(safe_dir "$1")
OUT=$(abs_dir "$2")
COMPUTE=${3:-$HERE/python-compute.sh}
T0=$(now_ms)
step() { log "+$(elapsed_s "$T0")s $*"; }

# Without DIR/env start.sh does not reuse a running plane: it stops it and builds a fresh
# one, in which no compute has run yet.
rm -f -- "$DIR/env"
"$HERE/start.sh" "$DIR" >/dev/null
step "control plane up"
RAW=$DIR/capture
mkdir -p "$RAW"

# record NAME : start the firehose recorder and wait until it sees its own marker
record() {
    rm -f -- "$RAW/$1.raw.jsonl" "$DIR/run/capture-$1.ready"
    spawn "$DIR/run/capture-$1.launch.pid" "$DIR/log/capture-$1.log" \
        "$PY" "$HERE/firehose.py" record "$DIR" "$RAW/$1.raw.jsonl" "$1"
    wait_for 30 "firehose $1 ready" test -e "$DIR/run/capture-$1.ready" ||
        { tail "$DIR/log/capture-$1.log" >&2; die "firehose recorder $1 did not start"; }
}
# end NAME : stop the recorder (it drains for 1 s after SIGTERM)
end() {
    stop_alive "$DIR/run/capture-$1.pid" "$DIR" 20
    stop_alive "$DIR/run/capture-$1.launch.pid" "$DIR" 5
}
# The HTTP request logs of placement and neutron, cut per phase by line counts.
HTTP_LOGS=("$DIR/placement-requests.log" "$DIR/log/neutron-requests.log")
http_mark() { wc -l <"${HTTP_LOGS[0]}"; wc -l <"${HTTP_LOGS[1]}"; }
# http_since PHASE MARK... : the requests logged since the marks -> OUT/{placement,neutron}-PHASE.jsonl
http_since() {
    tail -n +"$(($2 + 1))" "${HTTP_LOGS[0]}" >"$OUT/placement-$1.jsonl"
    tail -n +"$(($3 + 1))" "${HTTP_LOGS[1]}" >"$OUT/neutron-$1.jsonl"
}

# ---------------------------------------------------------------- start-up of hostA
record startup
mapfile -t MARK < <(http_mark)
"$COMPUTE" "$DIR" hostA >/dev/null
step "hostA usable; waiting for its first heartbeat and quiet"
"$PY" "$HERE/firehose.py" wait-startup "$RAW/startup.raw.jsonl" hostA 60 >&2
end startup
http_since startup "${MARK[@]}"
step "start-up recorded"

# ---------------------------------------------------------------- the scenario
"$COMPUTE" "$DIR" hostB >/dev/null
step "hostB usable"
record scenario
mapfile -t MARK < <(http_mark)
"$PY" "$HERE/scenario.py" "$DIR" --out "$OUT/scenario-facts.json" >/dev/null ||
    die "the scenario failed (facts in $OUT/scenario-facts.json)"
sleep 2
end scenario
http_since scenario "${MARK[@]}"
for f in "$OUT"/{placement,neutron}-scenario.jsonl; do
    "$PY" "$HERE/firehose.py" label-http "$f" "$OUT/scenario-facts.json"
done
step "scenario recorded"

# ---------------------------------------------------------------- periodic tasks
# Steady state with one server on a host: heartbeats, the periodic update_available_resource
# (every 60 s) and the scheduler's sync_instance_info fanout (every 120 s after start).
SERVER=$("$PY" "$HERE/scenario.py" "$DIR" --boot-only periodic-vm)
record periodic
mapfile -t MARK < <(http_mark)
step "server $SERVER ACTIVE; recording until both hosts ran their periodic tasks (~2 min)"
"$PY" "$HERE/firehose.py" wait-periodic "$RAW/periodic.raw.jsonl" 200 hostA hostB >&2
end periodic
http_since periodic "${MARK[@]}"
"$PY" "$HERE/scenario.py" "$DIR" --delete-only "$SERVER"
step "periodic tasks recorded"

"$PY" "$HERE/firehose.py" cut "$RAW/periodic.raw.jsonl" "$OUT/periodic.jsonl" >&2
"$PY" "$HERE/firehose.py" summary "$OUT/periodic.jsonl" >"$OUT/periodic.summary.txt"
"$PY" "$HERE/firehose.py" cut "$RAW/startup.raw.jsonl" "$OUT/startup.jsonl" --dedupe-heartbeats >&2
"$PY" "$HERE/firehose.py" cut "$RAW/scenario.raw.jsonl" "$OUT/scenario.jsonl" \
    --facts "$OUT/scenario-facts.json" --dedupe-heartbeats >&2
"$PY" "$HERE/firehose.py" summary "$OUT/startup.jsonl" >"$OUT/startup.summary.txt"
"$PY" "$HERE/firehose.py" summary "$OUT/scenario.jsonl" >"$OUT/scenario.summary.txt"
step "written to $OUT"
printf '%s\n' "$OUT"
