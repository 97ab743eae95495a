# shellcheck shell=bash
# Shared helpers for the deploy/ scripts. Source it; do not run it.
#
# Conventions: every script prints its result (a URI, an fsid, ...) on stdout and
# everything else (progress, apt output, errors) on stderr, so callers can do
# URI=$(deploy/libvirt/start.sh DIR).

LOG_TAG=${LOG_TAG:-$(basename "$(dirname "$0")")/$(basename "$0")}

log() { printf '%s: %s\n' "$LOG_TAG" "$*" >&2; }
die() { printf '%s: ERROR: %s\n' "$LOG_TAG" "$*" >&2; exit 1; }

# Milliseconds since the epoch (for timings).
now_ms() { date +%s%3N; }

# elapsed_s START_MS -> "1.234"
elapsed_s() {
    local d=$(( $(now_ms) - $1 ))
    printf '%d.%03d' $((d / 1000)) $((d % 1000))
}

# phase T0_MS WHAT : with DEPLOY_VERBOSE=1, log the time elapsed since T0_MS.
phase() {
    [[ ${DEPLOY_VERBOSE:-0} == 1 ]] || return 0
    log "+$(elapsed_s "$1")s $2"
}

need_root() {
    [[ $(id -u) -eq 0 ]] || die "must run as root (uid 0), not uid $(id -u)"
}

# Absolute path of a directory argument (created if missing).
abs_dir() {
    [[ -n ${1:-} ]] || die "missing directory argument"
    mkdir -p -- "$1" || die "cannot create directory $1"
    (cd -- "$1" && pwd -P)
}

# Like abs_dir, for a DIR that goes into URIs and config files: only
# [A-Za-z0-9._/-] is accepted (checked before anything is created).
safe_dir() {
    [[ -n ${1:-} ]] || die "missing directory argument"
    local p
    p=$(realpath -m -- "$1")
    [[ $p =~ ^[A-Za-z0-9._/-]+$ ]] ||
        die "DIR must consist of [A-Za-z0-9._/-] only (it goes into URIs and config files): $p"
    abs_dir "$p"
}

pkg_installed() {
    [[ $(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null) == installed ]]
}

# need_pkg PKG... : install the Debian packages that are not installed yet.
need_pkg() {
    local p missing=()
    for p in "$@"; do pkg_installed "$p" || missing+=("$p"); done
    ((${#missing[@]})) || return 0
    [[ $(id -u) -eq 0 ]] || die "packages missing and not root to install them: ${missing[*]}"
    log "installing ${missing[*]}"
    local apt=(apt-get -y -q --no-install-recommends -o DPkg::Lock::Timeout=600)
    if ! DEBIAN_FRONTEND=noninteractive "${apt[@]}" install "${missing[@]}" >&2; then
        log "install failed; running apt-get update and retrying"
        DEBIAN_FRONTEND=noninteractive apt-get -q -o DPkg::Lock::Timeout=600 update >&2 ||
            die "apt-get update failed"
        DEBIAN_FRONTEND=noninteractive "${apt[@]}" install "${missing[@]}" >&2 ||
            die "cannot install ${missing[*]}"
    fi
}

# need_cmd CMD... : fail clearly when a command is not on PATH.
need_cmd() {
    local c
    for c in "$@"; do
        command -v "$c" >/dev/null 2>&1 || die "required command '$c' not found"
    done
}

# need_user NAME : create a system user (and its group) when it does not exist.
need_user() {
    getent passwd "$1" >/dev/null && return 0
    log "creating system user $1"
    getent group "$1" >/dev/null || groupadd --system "$1" || getent group "$1" >/dev/null ||
        die "groupadd $1 failed"
    useradd --system --gid "$1" --no-create-home --home-dir /nonexistent \
        --shell /usr/sbin/nologin "$1" || getent passwd "$1" >/dev/null ||
        die "useradd $1 failed"
}

# wait_for TIMEOUT_S WHAT CMD... : run CMD every 0.1 s until it succeeds.
# Returns 1 (after logging) when TIMEOUT_S elapsed.
wait_for() {
    local timeout=$1 what=$2
    shift 2
    local deadline=$(( $(now_ms) + timeout * 1000 ))
    until "$@" >/dev/null 2>&1; do
        if (( $(now_ms) > deadline )); then
            log "timed out after ${timeout}s waiting for $what"
            return 1
        fi
        sleep 0.1
    done
}

# pid_of PIDFILE NAME : print the pid in PIDFILE when that process is alive and its
# command name is NAME (guards against a reused pid). Fails otherwise.
pid_of() {
    local pid comm
    [[ -r $1 ]] || return 1
    pid=$(tr -d ' \n' <"$1" 2>/dev/null) || return 1  # libvirt writes no newline
    [[ $pid =~ ^[0-9]+$ ]] || return 1
    [[ -r /proc/$pid/comm ]] || return 1
    comm=$(cat "/proc/$pid/comm" 2>/dev/null) || return 1
    [[ $comm == "$2" ]] || return 1
    printf '%s\n' "$pid"
}

# running PIDFILE NAME : true when the process of PIDFILE runs.
running() { pid_of "$1" "$2" >/dev/null; }

# stop_pidfile PIDFILE NAME [TIMEOUT_S] : SIGTERM, wait, SIGKILL after TIMEOUT_S,
# remove the pid file. A missing or stale pid file is fine.
stop_pidfile() {
    local file=$1 name=$2 timeout=${3:-20} pid
    if pid=$(pid_of "$file" "$name"); then
        kill -TERM "$pid" 2>/dev/null || true
        if ! wait_for "$timeout" "$name (pid $pid) to exit" not_running "$pid"; then
            log "sending SIGKILL to $name (pid $pid)"
            kill -KILL "$pid" 2>/dev/null || true
            wait_for 10 "$name (pid $pid) to die" not_running "$pid" ||
                die "cannot kill $name (pid $pid)"
        fi
    fi
    rm -f -- "$file"
}

not_running() {
    # A zombie still has /proc/PID; treat it as gone.
    [[ ! -e /proc/$1 ]] && return 0
    [[ $(awk '/^State:/ {print $2}' "/proc/$1/status" 2>/dev/null) == Z ]]
}

# port_in_use PORT : true when any TCP socket (v4 or v6, any state) uses the local port.
port_in_use() {
    local hex
    hex=$(printf '%04X' "$1")
    awk -v p="$hex" 'FNR > 1 { split($2, a, ":"); if (a[2] == p) found = 1 }
        END { exit found ? 0 : 1 }' /proc/net/tcp /proc/net/tcp6 2>/dev/null
}

# port_listening PORT : true when a TCP socket (v4 or v6) listens on the local port.
port_listening() {
    local hex
    hex=$(printf '%04X' "$1")
    awk -v p="$hex" 'FNR > 1 && $4 == "0A" { split($2, a, ":"); if (a[2] == p) found = 1 }
        END { exit found ? 0 : 1 }' /proc/net/tcp /proc/net/tcp6 2>/dev/null
}

# free_port START [EXCLUDE...] : print the first port >= START that no TCP socket uses
# and that is not in EXCLUDE.
free_port() {
    local p=$1 x
    shift
    while ((p < 65535)); do
        if ! port_in_use "$p"; then
            local taken=0
            for x in "$@"; do [[ $x == "$p" ]] && taken=1; done
            ((taken)) || { printf '%s\n' "$p"; return 0; }
        fi
        p=$((p + 1))
    done
    die "no free TCP port at or above $1"
}

# unix_path_ok PATH : a unix socket path must fit in sun_path (107 chars + NUL).
unix_path_ok() {
    ((${#1} <= 107)) || die "unix socket path too long (${#1} > 107 chars): $1; use a shorter DIR"
}
