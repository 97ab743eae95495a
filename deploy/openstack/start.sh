#!/usr/bin/env bash
# start.sh DIR [--glance-url URL] : a whole nova control plane (Zed, Debian 12) in DIR.
#
# RabbitMQ (private node, vhost "nova"), placement, nova-api (osapi_compute, noauth2),
# nova-conductor, nova-scheduler, a Glance v2 endpoint (the project's image-server, or the
# one given) and a minimal Neutron, all on 127.0.0.1 with free ports, SQLite databases and
# everything (configs, data, logs, pids) under DIR. Compute hosts join with
# python-compute.sh DIR HOST (Debian's nova-compute) or any compute that reads DIR/compute.conf
# plus its own [DEFAULT] host / state_path file.
#
# Prints DIR/env (KEY=VALUE, shell-sourceable) on stdout; progress and timings on stderr.
# When the plane of DIR already runs, prints DIR/env and does nothing else. Otherwise whatever
# is left of an earlier plane is stopped and the plane is created afresh (new databases, new
# broker data): compute hosts of an earlier plane must be started again.
set -euo pipefail
HERE=$(cd -- "$(dirname -- "$0")" && pwd -P)
# shellcheck source=../lib.sh
. "$HERE/../lib.sh"
# shellcheck source=common.sh
. "$HERE/common.sh"

usage() { die "usage: $0 DIR [--glance-url URL]"; }
(($# >= 1)) || usage
DIR=$(safe_dir "$1")
shift
GLANCE_ARG=
while (($#)); do
    case $1 in
        --glance-url) (($# >= 2)) || usage; GLANCE_ARG=${2%/}; shift 2 ;;
        *) usage ;;
    esac
done

T0=$(now_ms)
step() { log "+$(elapsed_s "$T0")s $*"; }

need_pkg python3-nova python3-placement python3-oslo.messaging rabbitmq-server curl
[[ -x $RABBIT_SERVER ]] || die "$RABBIT_SERVER missing (rabbitmq-server package broken?)"
# find_spec only locates the packages (importing nova here would cost a second of CPU)
$PY -c 'import importlib.util as u, sys
sys.exit(0 if all(u.find_spec(m) for m in ("nova", "placement", "oslo_messaging")) else 1)' ||
    die "$PY cannot import nova, placement and oslo_messaging"

JAR=$HERE/../../image-server/target/image-server.jar
if [[ -z $GLANCE_ARG ]]; then
    [[ -f $JAR ]] || die "no Glance: give --glance-url URL, or build the image server first:" \
        "mvn -pl image-server -am package -DskipTests"
    need_cmd java
fi

# ---------------------------------------------------------------- already running?
plane_up() {
    [[ -r $DIR/env ]] || return 1
    # shellcheck source=/dev/null
    (. "$DIR/env"
     for s in rabbit placement api conductor scheduler neutron; do
         alive "$DIR/run/$s.pid" "$DIR" >/dev/null || exit 1
     done
     [[ -z ${GLANCE_PID:-} ]] || alive "$DIR/run/glance.pid" "$DIR" >/dev/null || exit 1
     curl -fsS --max-time 5 -o /dev/null "$NOVA_API_URL/") || return 1
}
if plane_up; then
    step "control plane of $DIR already runs"
    cat "$DIR/env"
    exit 0
fi
if [[ -d $DIR/run ]]; then
    step "stopping what is left of an earlier plane in $DIR"
    "$HERE/stop.sh" "$DIR" || die "stop.sh $DIR failed"
fi

# Fresh state; the image store (glance/images) is kept: the image has a fixed id.
rm -rf -- "${DIR:?}"/{rabbit,db,etc,run,log,state,lock,hosts,capture,env,compute.conf,placement-requests.log,rabbitmqctl}
mkdir -p "$DIR"/{rabbit/mnesia,rabbit/log,db,etc/placement,run,log,state,lock,glance/images}

# ---------------------------------------------------------------- ports and names
# All ports in one go under the machine-wide lock, claimed for as long as this script runs
# (see claim_port); $$ is this shell's pid in the subshell too.
pick_ports() {
    local r d e pl a n g=
    r=$(claim_port 5700)
    d=$(claim_port 25700 "$r")
    e=$(claim_port 4400 "$r" "$d")
    pl=$(claim_port 8778 "$r" "$d" "$e")
    a=$(claim_port 8774 "$r" "$d" "$e" "$pl")
    n=$(claim_port 9696 "$r" "$d" "$e" "$pl" "$a")
    [[ -n $GLANCE_ARG ]] || g=$(claim_port 9292 "$r" "$d" "$e" "$pl" "$a" "$n")
    echo "$r $d $e $pl $a $n $g"
}
read -r RABBIT_PORT RABBIT_DIST_PORT RABBIT_EPMD_PORT PLACEMENT_PORT API_PORT NEUTRON_PORT \
    GLANCE_PORT < <(with_port_lock pick_ports)
[[ -n $NEUTRON_PORT ]] || die "could not choose ports"
RABBIT_NODE=novacp@localhost
RABBIT_VHOST=nova
RABBIT_USER=nova
RABBIT_PASSWORD=$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')
TRANSPORT_URL="rabbit://$RABBIT_USER:$RABBIT_PASSWORD@127.0.0.1:$RABBIT_PORT/$RABBIT_VHOST"
PLACEMENT_URL=http://127.0.0.1:$PLACEMENT_PORT
NOVA_API_URL=http://127.0.0.1:$API_PORT/v2.1
NEUTRON_URL=http://127.0.0.1:$NEUTRON_PORT
IMAGE_ID=2b0e5c57-6f2c-4d3a-9c1b-c1a55e5f0001
IMAGE_NAME=cirros
if [[ -n $GLANCE_ARG ]]; then
    GLANCE_URL=$GLANCE_ARG
else
    GLANCE_URL=http://127.0.0.1:$GLANCE_PORT
fi

# ---------------------------------------------------------------- RabbitMQ
# The vhost, its user and tracing (the firehose, for wire captures) come from the config
# files: no rabbitmqctl round trips (each costs ~1 s of CPU for an Erlang VM).
R=$DIR/rabbit
cat >"$R/rabbitmq.conf" <<EOF
listeners.tcp.1 = 127.0.0.1:$RABBIT_PORT
default_vhost = $RABBIT_VHOST
default_user = $RABBIT_USER
default_pass = $RABBIT_PASSWORD
default_user_tags.administrator = true
default_permissions.configure = .*
default_permissions.read = .*
default_permissions.write = .*
# a dev broker on a busy machine must not block publishers
disk_free_limit.absolute = 50MB
vm_memory_high_watermark.relative = 0.6
EOF
printf '[{rabbit, [{trace_vhosts, [<<"%s">>]}]}].\n' "$RABBIT_VHOST" >"$R/advanced.config"
echo '[].' >"$R/enabled_plugins"
# stop.sh needs these even when start fails before DIR/env is written
printf 'RABBIT_NODE=%s\nRABBIT_PORT=%s\nRABBIT_DIST_PORT=%s\nRABBIT_EPMD_PORT=%s\n' \
    "$RABBIT_NODE" "$RABBIT_PORT" "$RABBIT_DIST_PORT" "$RABBIT_EPMD_PORT" >"$R/ports"
mapfile -t RENV < <(rabbit_env "$DIR")
# rabbitmqctl for this node (e.g. DIR/rabbitmqctl list_queues -p nova), for people debugging
{
    echo '#!/bin/sh'
    echo '# rabbitmqctl against the private node of this control plane'
    printf 'exec'
    printf " '%s'" "${RENV[@]}" "$RABBIT_CTL" -n "$RABBIT_NODE"
    printf ' "$@"\n'
} >"$DIR/rabbitmqctl"
chmod +x "$DIR/rabbitmqctl"
spawn "$DIR/run/rabbit-launcher.pid" "$R/log/console.log" \
    "${RENV[@]}" "RABBITMQ_ADVANCED_CONFIG_FILE=$R/advanced.config" "$RABBIT_SERVER"
step "rabbitmq starting (amqp $RABBIT_PORT, epmd $RABBIT_EPMD_PORT, dist $RABBIT_DIST_PORT)"

# ---------------------------------------------------------------- configuration
cat >"$DIR/etc/placement/placement.conf" <<EOF
[DEFAULT]
debug = false
[api]
auth_strategy = noauth2
[placement_database]
connection = sqlite:///$DIR/db/placement.sqlite
# a dev plane: commits need not reach the disk
sqlite_synchronous = false
EOF

# [placement] and [neutron]: keystoneauth's auth_type=none sends no token and noauth2 answers
# 401; admin_token sends "admin:admin" to a fixed endpoint, which every noauth2 service takes.
ks_section() {
    cat <<EOF
auth_type = admin_token
endpoint = $2
token = $TOKEN
endpoint_override = $2
EOF
}

# What every nova process shares: broker, endpoints, notifications.
common_conf() {
    cat <<EOF
[DEFAULT]
transport_url = $TRANSPORT_URL
my_ip = 127.0.0.1
debug = true
# nova's default delays the first periodic task run by up to 60 s (a new compute would wait
# that long to be discovered and to report its resources)
periodic_fuzzy_delay = 0

[placement]
$(ks_section placement "$PLACEMENT_URL")

[glance]
api_servers = $GLANCE_URL

[neutron]
$(ks_section neutron "$NEUTRON_URL")

[oslo_messaging_notifications]
driver = messagingv2

[notifications]
# legacy (notifications.*) and versioned (versioned_notifications.*) events side by side
notification_format = both

[vnc]
enabled = false
EOF
}

# the control plane (api, conductor, scheduler)
{
    common_conf
    cat <<EOF

[DEFAULT]
host = control
state_path = $DIR/state
enabled_apis = osapi_compute
osapi_compute_listen = 127.0.0.1
osapi_compute_listen_port = $API_PORT
osapi_compute_workers = 1
allow_resize_to_same_host = false

[wsgi]
api_paste_config = $DIR/etc/api-paste.ini

[api]
auth_strategy = noauth2

# SQLite, several writing processes: commits need not reach the disk (shorter lock windows);
# nova_db_setup.py puts the files in WAL mode, nova_service.py retries "database is locked"
[api_database]
connection = sqlite:///$DIR/db/nova_api.sqlite
sqlite_synchronous = false

[database]
connection = sqlite:///$DIR/db/nova_cell1.sqlite
sqlite_synchronous = false

[conductor]
workers = 1

[scheduler]
workers = 1
# a new compute is mapped to its cell (and schedulable) 2 s after it registered
discover_hosts_in_cells_interval = 2

[oslo_concurrency]
lock_path = $DIR/lock
EOF
} >"$DIR/etc/nova.conf"

# what a compute host runs with (Debian's nova-compute and the Java worker alike)
{
    common_conf
    cat <<EOF

[DEFAULT]
compute_driver = fake.FakeDriver
report_interval = 10
EOF
} >"$DIR/compute.conf"

# nova ships its api-paste.ini with nova-api's package only; this is its osapi_compute part
# with the noauth2 pipeline, plus token_context (see nova_token_context.py).
cat >"$DIR/etc/api-paste.ini" <<'EOF'
[composite:osapi_compute]
use = call:nova.api.openstack.urlmap:urlmap_factory
/: oscomputeversions
/v2.1: oscomputeversion_v2
/v2.1/+: openstack_compute_api_v21

[composite:openstack_compute_api_v21]
use = call:nova.api.auth:pipeline_factory_v21
noauth2 = http_proxy_to_wsgi compute_req_id faultwrap request_log sizelimit noauth2 token_context osapi_compute_app_v21

[filter:request_log]
paste.filter_factory = nova.api.openstack.requestlog:RequestLog.factory

[filter:compute_req_id]
paste.filter_factory = nova.api.compute_req_id:ComputeReqIdMiddleware.factory

[filter:faultwrap]
paste.filter_factory = nova.api.openstack:FaultWrapper.factory

[filter:noauth2]
paste.filter_factory = nova.api.openstack.auth:NoAuthMiddleware.factory

[filter:token_context]
paste.filter_factory = nova_token_context:filter_factory

[filter:sizelimit]
paste.filter_factory = oslo_middleware:RequestBodySizeLimiter.factory

[filter:http_proxy_to_wsgi]
paste.filter_factory = oslo_middleware.http_proxy_to_wsgi:HTTPProxyToWSGI.factory

[app:osapi_compute_app_v21]
paste.app_factory = nova.api.openstack.compute:APIRouterV21.factory

[pipeline:oscomputeversions]
pipeline = faultwrap request_log http_proxy_to_wsgi oscomputeversionapp

[pipeline:oscomputeversion_v2]
pipeline = compute_req_id faultwrap request_log http_proxy_to_wsgi oscomputeversionapp_v2

[app:oscomputeversionapp]
paste.app_factory = nova.api.openstack.compute.versions:Versions.factory

[app:oscomputeversionapp_v2]
paste.app_factory = nova.api.openstack.compute.versions:VersionsV2.factory
EOF

NOVA_CONF=(--config-file "$DIR/etc/nova.conf")

# ---------------------------------------------------------------- databases (in parallel)
# nova's schema chain (API database, cell0 and cell1 mapped in it, cell schemas) in one
# process, placement's schema beside it. DIR/run/db-ready releases the services below.
rm -f -- "$DIR/run/db-ready"
( "$PY" "$HERE/nova_db_setup.py" "$DIR/etc/nova.conf" "sqlite:///$DIR/db/nova_cell0.sqlite" \
      "sqlite:///$DIR/db/nova_cell1.sqlite" "$TRANSPORT_URL" && touch "$DIR/run/db-ready"
) >"$DIR/log/nova-manage.log" 2>&1 &
NOVA_DB_JOB=$!
mapfile -t PMANAGE < <(py_main placement.cmd.manage)
{ "${PMANAGE[@]}" --config-file "$DIR/etc/placement/placement.conf" db sync &&
  "$PY" -c 'import sqlite3, sys; sqlite3.connect(sys.argv[1]).execute("pragma journal_mode=wal")' \
      "$DIR/db/placement.sqlite"; } >"$DIR/log/placement-manage.log" 2>&1 &
PLACEMENT_DB_JOB=$!

# The nova services import nova now and start when the databases are there.
for svc in api conductor scheduler; do
    # PYTHONPATH: nova-api's paste pipeline loads nova_token_context from this directory
    # (no __pycache__ left in the source tree)
    PYTHONPATH=$HERE PYTHONDONTWRITEBYTECODE=1 spawn "$DIR/run/$svc.pid" "$DIR/log/nova-$svc.log" \
        "$PY" "$HERE/nova_service.py" "$svc" --after "$DIR/run/db-ready" -- "${NOVA_CONF[@]}"
done

# ---------------------------------------------------------------- neutron, glance
spawn "$DIR/run/neutron.pid" "$DIR/log/neutron.log" \
    "$PY" "$HERE/minimal_neutron.py" "$NEUTRON_PORT" "$DIR/log/neutron-requests.log"

GLANCE_PID=
if [[ -z $GLANCE_ARG ]]; then
    # A copy: a concurrent `mvn package` rewrites target/ under a running JVM.
    cp -f -- "$JAR" "$DIR/glance/image-server.jar"
    spawn "$DIR/run/glance.pid" "$DIR/log/glance.log" \
        java -Xmx96m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -jar "$DIR/glance/image-server.jar" \
        serve --dir "$DIR/glance/images" --port "$GLANCE_PORT" --bind 127.0.0.1
    GLANCE_PID=$(cat "$DIR/run/glance.pid")
fi

# ---------------------------------------------------------------- waits
fail_log() { tail -n 30 "$1" >&2 || true; die "$2 (log: $1)"; }

amqp_answers() {
    # a listener that answers the AMQP 0-9-1 header with a method frame (Connection.Start)
    # shellcheck disable=SC2016  # $1 is the inner bash's argument
    timeout 2 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1" && printf "AMQP\0\0\011\001" >&3 &&
        [[ $(head -c1 <&3 | od -An -tx1) == " 01" ]]' _ "$1"
}
wait "$PLACEMENT_DB_JOB" || fail_log "$DIR/log/placement-manage.log" "placement db sync failed"
OS_PLACEMENT_CONFIG_DIR=$DIR/etc/placement spawn "$DIR/run/placement.pid" \
    "$DIR/log/placement.log" \
    "$PY" "$HERE/placement_server.py" "$PLACEMENT_PORT" "$DIR/placement-requests.log"
step "placement database synced, placement starting"
wait "$NOVA_DB_JOB" || fail_log "$DIR/log/nova-manage.log" "nova database set-up failed"
step "nova databases synced, cells mapped; nova-api, nova-conductor, nova-scheduler starting"

wait_for 90 "RabbitMQ on port $RABBIT_PORT" amqp_answers "$RABBIT_PORT" ||
    fail_log "$R/log/rabbit.log" "RabbitMQ did not come up"
wait_for 10 "RabbitMQ pid file" test -s "$R/rabbit.pid" || fail_log "$R/log/rabbit.log" "no pid file"
cp -f -- "$R/rabbit.pid" "$DIR/run/rabbit.pid"
# The node's epmd (a daemon of its own, on the private port) outlives the node: stop.sh stops it
# by this pid.
ss -ltnpH "sport = :$RABBIT_EPMD_PORT" 2>/dev/null | grep -o 'pid=[0-9]*' | head -n 1 | cut -d= -f2 \
    >"$DIR/run/epmd.pid" || true
step "rabbitmq up"

http_ok() { curl -fsS --max-time 3 -o /dev/null -H "X-Auth-Token: $TOKEN" "$1"; }
wait_for 60 "placement" http_ok "$PLACEMENT_URL/" || fail_log "$DIR/log/placement.log" "placement did not answer"
wait_for 20 "neutron" http_ok "$NEUTRON_URL/" || fail_log "$DIR/log/neutron.log" "neutron did not answer"
if ! wait_for 30 "glance" http_ok "$GLANCE_URL/v2/images"; then
    [[ -n $GLANCE_PID ]] && fail_log "$DIR/log/glance.log" "glance did not answer"
    die "Glance at $GLANCE_URL does not answer GET /v2/images"
fi
# The scenario's image, uploaded through the API (works for any Glance v2): 1 MiB of zeros,
# raw, with a fixed id. Kept across restarts in glance/images.
if ! curl -fs --max-time 5 -o /dev/null -H "X-Auth-Token: $TOKEN" "$GLANCE_URL/v2/images/$IMAGE_ID"; then
    curl -fsS --max-time 30 -o /dev/null -H "X-Auth-Token: $TOKEN" -H 'Content-Type: application/json' \
        -X POST "$GLANCE_URL/v2/images" -d "{\"id\": \"$IMAGE_ID\", \"name\": \"$IMAGE_NAME\",
            \"disk_format\": \"raw\", \"container_format\": \"bare\", \"visibility\": \"public\"}" ||
        die "cannot create image $IMAGE_ID in $GLANCE_URL"
    head -c 1048576 /dev/zero | curl -fsS --max-time 30 -o /dev/null -H "X-Auth-Token: $TOKEN" \
        -H 'Content-Type: application/octet-stream' -X PUT --data-binary @- \
        "$GLANCE_URL/v2/images/$IMAGE_ID/file" || die "cannot upload image $IMAGE_ID to $GLANCE_URL"
    step "image $IMAGE_NAME ($IMAGE_ID) uploaded"
fi
wait_for 90 "nova-api" http_ok "$NOVA_API_URL/" || fail_log "$DIR/log/nova-api.log" "nova-api did not answer"
# eventlet binds with SO_REUSEPORT: a second listener would mean another nova-api shares it
(($(listeners "$API_PORT") == 1)) ||
    die "another process also listens on 127.0.0.1:$API_PORT (SO_REUSEPORT): $(ss -ltnp "sport = :$API_PORT" 2>&1 | tail -n +2)"
step "nova-api answers"

service_up() {
    api_get "$NOVA_API_URL/os-services?binary=$1" | $PY -c '
import json, sys
sys.exit(0 if any(s["state"] == "up" for s in json.load(sys.stdin)["services"]) else 1)'
}
for b in nova-conductor nova-scheduler; do
    wait_for 90 "$b up" service_up "$b" || fail_log "$DIR/log/${b}.log" "$b is not up"
done
step "conductor and scheduler up"

# ---------------------------------------------------------------- flavors
# fixed ids so a test can name them; 409 (exists) cannot happen on a fresh database
flavor() {
    curl -fsS --max-time 30 -o /dev/null -H "X-Auth-Token: $TOKEN" \
        -H 'Content-Type: application/json' -X POST "$NOVA_API_URL/flavors" \
        -d "{\"flavor\": {\"name\": \"$1\", \"id\": \"$2\", \"vcpus\": $3, \"ram\": $4, \"disk\": $5}}" ||
        die "cannot create flavor $1"
}
flavor m1.small 101 1 512 1
flavor m1.medium 102 2 1024 2
# the scenario's second resize goes up again: a smaller disk is refused by real drivers
flavor m1.large 103 4 2048 4
step "flavors m1.small (101), m1.medium (102), m1.large (103) created"

cat >"$DIR/env" <<EOF
TRANSPORT_URL=$TRANSPORT_URL
NOVA_API_URL=$NOVA_API_URL
PLACEMENT_URL=$PLACEMENT_URL
GLANCE_URL=$GLANCE_URL
NEUTRON_URL=$NEUTRON_URL
AUTH_TOKEN=$TOKEN
IMAGE_ID=$IMAGE_ID
FLAVOR_SMALL=101
FLAVOR_MEDIUM=102
FLAVOR_LARGE=103
RABBIT_PORT=$RABBIT_PORT
RABBIT_DIST_PORT=$RABBIT_DIST_PORT
RABBIT_EPMD_PORT=$RABBIT_EPMD_PORT
RABBIT_NODE=$RABBIT_NODE
RABBIT_VHOST=$RABBIT_VHOST
RABBIT_USER=$RABBIT_USER
RABBIT_PASSWORD=$RABBIT_PASSWORD
RABBIT_PID=$(cat "$DIR/run/rabbit.pid")
PLACEMENT_PID=$(cat "$DIR/run/placement.pid")
API_PID=$(cat "$DIR/run/api.pid")
CONDUCTOR_PID=$(cat "$DIR/run/conductor.pid")
SCHEDULER_PID=$(cat "$DIR/run/scheduler.pid")
NEUTRON_PID=$(cat "$DIR/run/neutron.pid")
GLANCE_PID=$GLANCE_PID
COMPUTE_CONF=$DIR/compute.conf
PLANE_DIR=$DIR
EOF
step "control plane up"
cat "$DIR/env"
