# shellcheck shell=bash
# Helpers shared by deploy/openstack/*.sh (sourced after ../lib.sh). Not run by itself.

# The python3 first on PATH may be a pyenv one without nova: always Debian's.
PY=/usr/bin/python3
# shellcheck disable=SC2034  # used by the scripts that source this file
RABBIT_SERVER=/usr/lib/rabbitmq/bin/rabbitmq-server
# shellcheck disable=SC2034
RABBIT_CTL=/usr/lib/rabbitmq/bin/rabbitmqctl
# The noauth2 token every service and client sends (user admin, project admin).
TOKEN=admin:admin

# alive PIDFILE MARKER : print the pid of PIDFILE when that process runs (not a zombie) and
# its command line contains MARKER. Every python service is "python3" in /proc/PID/comm, so
# lib.sh's comm check cannot tell them apart; DIR (in every command line) and the service
# name can.
alive() {
    local pid
    [[ -r $1 ]] || return 1
    pid=$(tr -d ' \n' <"$1" 2>/dev/null) || return 1
    [[ $pid =~ ^[0-9]+$ ]] || return 1
    not_running "$pid" && return 1
    tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$2" || return 1
    printf '%s\n' "$pid"
}

# stop_alive PIDFILE MARKER [TIMEOUT_S [SIGNAL]] : SIGNAL (TERM), wait, SIGKILL after
# TIMEOUT_S; removes the pid file. A missing or stale pid file is fine.
stop_alive() {
    local file=$1 marker=$2 timeout=${3:-20} sig=${4:-TERM} pid
    if pid=$(alive "$file" "$marker"); then
        kill -"$sig" "$pid" 2>/dev/null || true
        if ! wait_for "$timeout" "$marker (pid $pid) to exit" not_running "$pid"; then
            log "sending SIGKILL to $marker (pid $pid)"
            kill -KILL "$pid" 2>/dev/null || true
            wait_for 10 "$marker (pid $pid) to die" not_running "$pid" ||
                die "cannot kill $marker (pid $pid)"
        fi
    fi
    rm -f -- "$file"
}

# spawn PIDFILE LOGFILE CMD... : start CMD detached (own session, stdin from /dev/null,
# stdout+stderr to LOGFILE) so that it never holds the caller's pipes: a caller reading our
# stdout to EOF (command substitution, Java's ProcessBuilder) returns when we exit.
spawn() {
    local pidfile=$1 logfile=$2
    shift 2
    setsid "$@" </dev/null >>"$logfile" 2>&1 &
    printf '%s\n' "$!" >"$pidfile"
}

# py_main MODULE : the argv prefix that runs MODULE's main() the way the console script
# nova-<x> would (python3-nova ships no console scripts). config.parse_args(sys.argv)
# skips argv[0], which is "-c" here.
py_main() {
    printf '%s\n' "$PY" -c "import sys; from $1 import main; sys.exit(main())"
}

# rabbit_env DIR : the environment that makes rabbitmq-server and rabbitmqctl use the private
# node of DIR (its own node name, epmd port, data, cookie in $HOME) instead of a system one.
# Needs RABBIT_NODE, RABBIT_PORT, RABBIT_DIST_PORT and RABBIT_EPMD_PORT.
rabbit_env() {
    local r=$1/rabbit
    printf '%s\n' env "HOME=$r" \
        "RABBITMQ_NODENAME=$RABBIT_NODE" \
        RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 \
        "RABBITMQ_NODE_PORT=$RABBIT_PORT" \
        "RABBITMQ_DIST_PORT=$RABBIT_DIST_PORT" \
        "ERL_EPMD_PORT=$RABBIT_EPMD_PORT" \
        "RABBITMQ_MNESIA_BASE=$r/mnesia" \
        "RABBITMQ_LOG_BASE=$r/log" \
        "RABBITMQ_LOGS=$r/log/rabbit.log" \
        "RABBITMQ_CONFIG_FILE=$r/rabbitmq" \
        "RABBITMQ_ENABLED_PLUGINS_FILE=$r/enabled_plugins" \
        "RABBITMQ_PID_FILE=$r/rabbit.pid"
}

# Port choice between planes starting at the same time. A port is taken when a socket uses it
# or when another start.sh, still running, claimed it: its services may not listen yet, and
# nova-api (eventlet) binds with SO_REUSEPORT, so two nova-apis on one port would silently
# share the connections instead of failing. Claims live in PORT_CLAIMS/<port> (the claiming
# shell's pid) and are made under one machine-wide lock.
PORT_CLAIMS=${PORT_CLAIMS:-/run/lock/compute-worker-openstack-ports}

claimed_by_other() {
    local pid
    pid=$(cat "$PORT_CLAIMS/$1" 2>/dev/null) || return 1
    [[ $pid =~ ^[0-9]+$ && $pid != "$$" ]] || return 1
    ! not_running "$pid"
}

# with_port_lock CMD... : run CMD holding the machine-wide port lock
with_port_lock() {
    mkdir -p "$PORT_CLAIMS" || die "cannot create $PORT_CLAIMS"
    (
        flock -w 60 9 || die "cannot lock $PORT_CLAIMS.lock"
        "$@"
    ) 9>"$PORT_CLAIMS.lock"
}

# claim_port START EXCLUDE... : print the first port >= START that no socket uses, no other
# running start.sh claimed and that is not in EXCLUDE, and claim it. Call under with_port_lock.
claim_port() {
    local p=$1 x taken
    shift
    while ((p < 65535)); do
        taken=0
        for x in "$@"; do [[ $x == "$p" ]] && taken=1; done
        if ((!taken)) && ! port_in_use "$p" && ! claimed_by_other "$p"; then
            printf '%s\n' "$$" >"$PORT_CLAIMS/$p"
            printf '%s\n' "$p"
            return 0
        fi
        p=$((p + 1))
    done
    die "no free TCP port at or above $1"
}

# listeners PORT : how many listening TCP sockets (v4 and v6) the local port has
listeners() {
    local hex
    hex=$(printf '%04X' "$1")
    awk -v p="$hex" 'FNR > 1 && $4 == "0A" { split($2, a, ":"); if (a[2] == p) n++ }
        END { print n + 0 }' /proc/net/tcp /proc/net/tcp6 2>/dev/null
}

# api_get URL : GET from nova-api with the noauth2 token and the newest microversion.
api_get() {
    curl -fsS --max-time 10 -H "X-Auth-Token: $TOKEN" \
        -H 'OpenStack-API-Version: compute latest' "$1"
}

# load_env DIR : source DIR/env (written by start.sh).
load_env() {
    [[ -r $1/env ]] || die "$1/env not found: run deploy/openstack/start.sh $1 first"
    # shellcheck source=/dev/null
    . "$1/env"
}
