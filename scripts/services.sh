#!/usr/bin/env bash
# Local development services for EventChat, without systemd or Docker:
#   MariaDB (DB_PORT), Redis (REDIS_PORT) and s3rver (MINIO_PORT), all bound to
#   127.0.0.1, with their data, pid, socket and log files under .local/.
#
# Usage: scripts/services.sh start|stop|status|restart
#   start   install what is missing (apt: mariadb-server redis-server libicu-dev prometheus; npm ci),
#           start what is not running yet, wait until each answers, and create the
#           database, the test database, the user and the bucket (idempotent).
#   stop    stop the services that this checkout started (by pid); safe when none run.
#   status  one line per service; exit 0 when all three answer, 3 otherwise.
#
# A service is this checkout's when the pid file under .local/ names a live process that listens on
# the service's port (.local/mariadb, .local/redis and .local/s3rver may be symlinks to another
# checkout's, which makes its servers this checkout's too). A port taken by any other process is
# never adopted nor reported healthy (nothing provisioned it: database, grants, bucket): start fails
# and status reports it, with one line naming the port and the setting to change (DB_PORT,
# REDIS_PORT, MINIO_PORT).
#
# Settings come from .env (created from .env.example when missing); variables
# already set in the environment win. Set SERVICES_TIMEOUT (seconds, default 30)
# to change how long `start` waits for each service.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
LOCAL="$ROOT/.local"
TIMEOUT=${SERVICES_TIMEOUT:-30}
export PATH="$PATH:/usr/local/sbin:/usr/sbin:/sbin"

# shellcheck source=scripts/env.sh
. "$ROOT/scripts/env.sh"

log() { printf '%s\n' "$*"; }
die() { printf 'services: error: %s\n' "$*" >&2; exit 1; }

load_settings() {
    load_dotenv "$ROOT" || die "cannot load settings"
    DB_PORT=${DB_PORT:-3316}
    DB_NAME=${DB_NAME:-chat_backend}
    DB_USER=${DB_USER:-chat_user}
    DB_PASSWORD=${DB_PASSWORD:-chat_password}
    REDIS_PORT=${REDIS_PORT:-6389}
    REDIS_PASSWORD=${REDIS_PASSWORD:-}
    MINIO_PORT=${MINIO_PORT:-9010}
    MINIO_BUCKET=${MINIO_BUCKET:-chat-files}

    local v
    for v in DB_PORT REDIS_PORT MINIO_PORT; do
        if ! [[ ${!v} =~ ^[0-9]+$ ]] || (( 10#${!v} < 1 || 10#${!v} > 65535 )); then
            die "$v must be a port number (1-65535), got '${!v}'"
        fi
    done
    [[ $DB_NAME =~ ^[A-Za-z0-9_]+$ ]] || die "DB_NAME may hold only letters, digits and _ (got '$DB_NAME')"
    [[ $DB_USER =~ ^[A-Za-z0-9_]+$ ]] || die "DB_USER may hold only letters, digits and _ (got '$DB_USER')"
    [[ $MINIO_BUCKET =~ ^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$ ]] || die "MINIO_BUCKET is not a valid bucket name: '$MINIO_BUCKET'"

    MDB_DIR="$LOCAL/mariadb"
    MDB_DATA="$MDB_DIR/data"
    MDB_PID="$MDB_DIR/mariadb.pid"
    MDB_LOG="$MDB_DIR/mariadb.log"
    MDB_SOCK="$MDB_DIR/mariadb.sock"
    # Unix socket paths are limited to 107 bytes; fall back to /tmp for deep checkouts.
    if (( ${#MDB_SOCK} > 100 )); then
        MDB_SOCK="/tmp/eventchat-mariadb-$(printf '%s' "$ROOT" | md5sum | cut -c1-12).sock"
    fi
    REDIS_DIR="$LOCAL/redis"
    REDIS_PID="$REDIS_DIR/redis.pid"
    REDIS_LOG="$REDIS_DIR/redis.log"
    REDIS_CONF="$REDIS_DIR/redis.conf"
    S3_DIR="$LOCAL/s3rver"
    S3_DATA="$S3_DIR/data"
    S3_PID="$S3_DIR/s3rver.pid"
    S3_LOG="$S3_DIR/s3rver.log"
}

# ---------------------------------------------------------------------------
# helpers

# port_open PORT: true when something accepts TCP connections on 127.0.0.1:PORT
port_open() {
    # shellcheck disable=SC2016 # $0 is expanded by the inner bash
    timeout 2 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$0"' "$1" 2>/dev/null
}

# pid_alive PIDFILE NAME: prints the pid when the file names a live process whose
# command name contains NAME (guards against a recycled pid).
pid_alive() {
    local file=$1 name=$2 pid comm
    [[ -s $file ]] || return 1
    pid=$(tr -dc '0-9' <"$file")
    [[ -n $pid ]] || return 1
    kill -0 "$pid" 2>/dev/null || return 1
    comm=$(cat "/proc/$pid/comm" 2>/dev/null || true)
    [[ -z $comm || $comm == *"$name"* ]] || return 1
    printf '%s' "$pid"
}

# pid_listens PID PORT: true when process PID listens on TCP port PORT (its fds hold the listening
# socket of /proc/net/tcp{,6}). When its fds cannot be read (another user's process), the pid file is trusted.
pid_listens() {
    local pid=$1 port=$2 hex inodes fd link inode
    printf -v hex '%04X' "$port"
    inodes=$(awk -v p=":$hex" 'FNR > 1 && $4 == "0A" && substr($2, length($2) - 4) == p { print $10 }' \
        /proc/net/tcp /proc/net/tcp6 2>/dev/null || true)
    [[ -n $inodes ]] || return 1
    [[ -r /proc/$pid/fd ]] || return 0
    for fd in /proc/"$pid"/fd/*; do
        link=$(readlink "$fd" 2>/dev/null) || continue
        for inode in $inodes; do
            [[ $link == "socket:[$inode]" ]] && return 0
        done
    done
    return 1
}

# ours PIDFILE COMM PORT: prints the pid when the service on PORT is the one this checkout started
# (the pid file under .local/ names a live process that listens on PORT). A server found listening
# without that is never adopted: nothing provisioned it (database, grants, bucket).
ours() {
    local file=$1 comm=$2 port=$3 pid
    pid=$(pid_alive "$file" "$comm") || return 1
    pid_listens "$pid" "$port" || return 1
    printf '%s' "$pid"
}

# foreign_line NAME PORT SETTING PIDFILE: the one line that says a port is taken by something else
foreign_line() {
    printf '%s: port 127.0.0.1:%s is taken by a process this checkout did not start (not the one in %s); set %s to a free port\n' \
        "$1" "$2" "${4#"$ROOT"/}" "$3"
}

# wait_gone PID SECONDS
wait_gone() {
    local pid=$1 deadline=$((SECONDS + $2))
    while kill -0 "$pid" 2>/dev/null; do
        (( SECONDS < deadline )) || return 1
        sleep 0.2
    done
}

# stop_pid NAME PID: TERM, wait, then KILL
stop_pid() {
    local name=$1 pid=$2
    kill -TERM "$pid" 2>/dev/null || true
    if ! wait_gone "$pid" "$TIMEOUT"; then
        log "$name: did not stop within ${TIMEOUT}s; killing pid $pid"
        kill -KILL "$pid" 2>/dev/null || true
        wait_gone "$pid" 5 || die "$name: pid $pid survives SIGKILL"
    fi
}

fail_with_log() {
    local name=$1 logfile=$2 msg=$3
    {
        echo "$name: FAILED: $msg"
        if [[ -f $logfile ]]; then
            echo "---- last 30 lines of $logfile ----"
            tail -n 30 "$logfile"
            echo "----"
        else
            echo "(no log file at $logfile)"
        fi
    } >&2
    exit 1
}

# wait_ready NAME PIDFILE COMM LOGFILE CHECK_FUNCTION [LAUNCHED_PID]
wait_ready() {
    local name=$1 pidfile=$2 comm=$3 logfile=$4 check=$5 launched=${6:-}
    local deadline=$((SECONDS + TIMEOUT)) grace=$((SECONDS + 5))
    until "$check"; do
        if (( SECONDS >= deadline )); then
            fail_with_log "$name" "$logfile" "not answering after ${TIMEOUT}s"
        fi
        # A process we just launched that is gone, or (after a grace period for the
        # pid file to appear) no live process behind the pid file: the service died.
        if { [[ -n $launched ]] && ! kill -0 "$launched" 2>/dev/null; } ||
           { (( SECONDS >= grace )) && ! pid_alive "$pidfile" "$comm" >/dev/null; }; then
            sleep 0.5
            "$check" && return 0
            fail_with_log "$name" "$logfile" "the process exited"
        fi
        sleep 0.2
    done
}

as_root() {
    if (( EUID == 0 )); then "$@"
    elif command -v sudo >/dev/null; then sudo "$@"
    else die "need root (or sudo) to run: $*"
    fi
}

# ---------------------------------------------------------------------------
# installation

install_missing() {
    local pkgs=()
    command -v mariadbd >/dev/null || pkgs+=(mariadb-server)
    command -v redis-server >/dev/null || pkgs+=(redis-server)
    # promtool and prometheus: the tests check and unit-test the alert rules and scrape a running Api (never started as a service here).
    command -v promtool >/dev/null || pkgs+=(prometheus)
    # ICU: the Api normalizes user text (NFKC), which .NET does only with ICU (no invariant globalization).
    { ldconfig -p || /sbin/ldconfig -p; } 2>/dev/null | grep -q 'libicuuc\.so\.' || pkgs+=(libicu-dev)
    if (( ${#pkgs[@]} )); then
        log "install: apt-get install ${pkgs[*]} (about a minute) ..."
        local apt_log="$LOCAL/apt.log"
        # 9>&-: a service that a package script might start must not hold our lock.
        if ! as_root apt-get update </dev/null >"$apt_log" 2>&1 9>&- ||
           ! as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
                "${pkgs[@]}" </dev/null >>"$apt_log" 2>&1 9>&-; then
            tail -n 30 "$apt_log" >&2
            die "apt-get install ${pkgs[*]} failed (full log: $apt_log)"
        fi
        command -v mariadbd >/dev/null || die "mariadbd still not found after installing mariadb-server"
        command -v redis-server >/dev/null || die "redis-server still not found after installing redis-server"
        log "install: done"
    fi
    local tool
    for tool in mariadb mariadb-admin mariadb-install-db redis-cli; do
        command -v "$tool" >/dev/null || die "$tool not found (packages mariadb-server / redis-server incomplete?)"
    done
    command -v node >/dev/null || die "node not found (Node.js 20 is required for s3rver)"
    if [[ ! -f "$ROOT/node_modules/s3rver/package.json" ]]; then
        command -v npm >/dev/null || die "npm not found"
        log "install: npm ci (s3rver) ..."
        local npm_log="$LOCAL/npm.log"
        if ! (cd "$ROOT" && npm ci --no-audit --no-fund) </dev/null >"$npm_log" 2>&1 9>&-; then
            tail -n 30 "$npm_log" >&2
            die "npm ci failed (full log: $npm_log)"
        fi
        log "install: done"
    fi
}

# ---------------------------------------------------------------------------
# MariaDB

mdb_root() { mariadb --no-defaults --socket="$MDB_SOCK" -uroot "$@"; }
mdb_ping() { mariadb-admin --no-defaults --socket="$MDB_SOCK" -uroot --connect-timeout=2 ping >/dev/null 2>&1; }
mdb_app_ok() {
    MYSQL_PWD=$DB_PASSWORD mariadb --no-defaults -h127.0.0.1 -P"$DB_PORT" -u"$DB_USER" \
        --connect-timeout=2 -e 'SELECT 1' "$DB_NAME" >/dev/null 2>&1
}

sql_str() { local s=${1//\\/\\\\}; s=${s//\'/\\\'}; printf "'%s'" "$s"; }

mariadb_provision() {
    local pw host db sql=""
    pw=$(sql_str "$DB_PASSWORD")
    for db in "$DB_NAME" "${DB_NAME}_test"; do
        sql+="CREATE DATABASE IF NOT EXISTS \`$db\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;"$'\n'
    done
    for host in localhost 127.0.0.1 %; do
        sql+="CREATE USER IF NOT EXISTS '$DB_USER'@'$host' IDENTIFIED BY $pw;"$'\n'
        sql+="ALTER USER '$DB_USER'@'$host' IDENTIFIED BY $pw;"$'\n'
        sql+="GRANT ALL PRIVILEGES ON \`$DB_NAME\`.* TO '$DB_USER'@'$host';"$'\n'
        sql+="GRANT ALL PRIVILEGES ON \`${DB_NAME}_test\`.* TO '$DB_USER'@'$host';"$'\n'
        # lets integration tests create their own databases named ${DB_NAME}_test_<something>
        sql+="GRANT ALL PRIVILEGES ON \`${DB_NAME//_/\\_}\\_test\\_%\`.* TO '$DB_USER'@'$host';"$'\n'
        # projection rebuilds replay into a scratch database, then rename the tables across
        sql+="GRANT ALL PRIVILEGES ON \`${DB_NAME}_rebuild\`.* TO '$DB_USER'@'$host';"$'\n'
        # the audit's verify replays into a scratch database of its own
        sql+="GRANT ALL PRIVILEGES ON \`${DB_NAME}_verify\`.* TO '$DB_USER'@'$host';"$'\n'
    done
    sql+="FLUSH PRIVILEGES;"
    local out
    out=$(mdb_root -e "$sql" 2>&1) || die "mariadb: creating database/user failed: $out"
    mdb_app_ok || die "mariadb: '$DB_USER' cannot log in to '$DB_NAME' over 127.0.0.1:$DB_PORT after provisioning"
}

mariadb_start() {
    local pid
    mkdir -p "$MDB_DIR"
    if pid=$(ours "$MDB_PID" mariadbd "$DB_PORT"); then
        log "mariadb: already running (pid $pid) on 127.0.0.1:$DB_PORT"
        wait_ready mariadb "$MDB_PID" mariadbd "$MDB_LOG" mdb_ping
    elif port_open "$DB_PORT"; then
        die "$(foreign_line mariadb "$DB_PORT" DB_PORT "$MDB_PID")"
    elif pid=$(pid_alive "$MDB_PID" mariadbd); then
        die "mariadb: this checkout's server (pid $pid) does not listen on 127.0.0.1:$DB_PORT; run 'make stop' after changing DB_PORT"
    else
        rm -f "$MDB_PID"
        if [[ ! -f "$MDB_DIR/.initialized" ]]; then
            log "mariadb: initializing data directory $MDB_DATA ..."
            rm -rf "$MDB_DATA"
            mkdir -p "$MDB_DATA"
            local user_opt=()
            (( EUID == 0 )) && user_opt=(--user=root)
            if ! mariadb-install-db --no-defaults "${user_opt[@]}" --datadir="$MDB_DATA" \
                    --auth-root-authentication-method=normal --skip-test-db >"$MDB_DIR/install-db.log" 2>&1; then
                fail_with_log mariadb "$MDB_DIR/install-db.log" "mariadb-install-db failed"
            fi
            touch "$MDB_DIR/.initialized"
        fi
        log "mariadb: starting on 127.0.0.1:$DB_PORT ..."
        local user_opt=()
        (( EUID == 0 )) && user_opt=(--user=root)
        # New session (setsid), no terminal, stdio to the log: it outlives this script
        # and `make` does not wait on its output. fd 9 is the lock: do not inherit it.
        # The default 128 MB buffer pool and 96 MB redo log made InnoDB flush pages
        # non-stop under sends (checkpoint age at 88 % of its maximum); with these,
        # bench-messages gained about a seventh (docs/messaging.md). An existing
        # data directory's log is resized at start.
        setsid nohup mariadbd --no-defaults "${user_opt[@]}" \
            --datadir="$MDB_DATA" \
            --port="$DB_PORT" --bind-address=127.0.0.1 \
            --socket="$MDB_SOCK" --pid-file="$MDB_PID" --log-error="$MDB_LOG" \
            --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci \
            --skip-name-resolve \
            --innodb-flush-log-at-trx-commit=1 \
            --innodb-buffer-pool-size=1G --innodb-log-file-size=512M \
            --max-connections=500 \
            </dev/null >>"$MDB_DIR/mariadbd.out" 2>&1 9>&- &
        wait_ready mariadb "$MDB_PID" mariadbd "$MDB_LOG" mdb_ping $!
    fi
    mariadb_provision
    log "mariadb: ready (databases $DB_NAME, ${DB_NAME}_test; user $DB_USER)"
}

mariadb_stop() {
    local pid
    if pid=$(pid_alive "$MDB_PID" mariadbd); then
        log "mariadb: stopping (pid $pid) ..."
        mariadb-admin --no-defaults --socket="$MDB_SOCK" -uroot shutdown >/dev/null 2>&1 || kill -TERM "$pid" 2>/dev/null || true
        if ! wait_gone "$pid" "$TIMEOUT"; then
            stop_pid mariadb "$pid"
        fi
        rm -f "$MDB_PID"
        log "mariadb: stopped"
    else
        rm -f "$MDB_PID"
        if port_open "$DB_PORT"; then
            log "mariadb: not started by this checkout (127.0.0.1:$DB_PORT is served by another process); left alone"
        else
            log "mariadb: not running"
        fi
    fi
}

mariadb_status() {
    local pid
    if pid=$(ours "$MDB_PID" mariadbd "$DB_PORT"); then
        if mdb_ping; then log "mariadb: running (pid $pid) on 127.0.0.1:$DB_PORT"; return 0; fi
        log "mariadb: process $pid alive but not answering on 127.0.0.1:$DB_PORT"; return 1
    elif port_open "$DB_PORT"; then
        foreign_line mariadb "$DB_PORT" DB_PORT "$MDB_PID"; return 1
    fi
    log "mariadb: stopped"; return 1
}

# ---------------------------------------------------------------------------
# Redis

redis_cli() { REDISCLI_AUTH=$REDIS_PASSWORD redis-cli -h 127.0.0.1 -p "$REDIS_PORT" "$@"; }
redis_ping() { [[ $(redis_cli ping 2>/dev/null) == PONG ]]; }

redis_start() {
    local pid
    mkdir -p "$REDIS_DIR"
    if pid=$(ours "$REDIS_PID" redis "$REDIS_PORT"); then
        log "redis: already running (pid $pid) on 127.0.0.1:$REDIS_PORT"
        wait_ready redis "$REDIS_PID" redis "$REDIS_LOG" redis_ping
    elif port_open "$REDIS_PORT"; then
        die "$(foreign_line redis "$REDIS_PORT" REDIS_PORT "$REDIS_PID")"
    elif pid=$(pid_alive "$REDIS_PID" redis); then
        die "redis: this checkout's server (pid $pid) does not listen on 127.0.0.1:$REDIS_PORT; run 'make stop' after changing REDIS_PORT"
    else
        rm -f "$REDIS_PID"
        log "redis: starting on 127.0.0.1:$REDIS_PORT ..."
        # A config file keeps the password off the process list.
        (
            umask 077
            {
                echo "port $REDIS_PORT"
                echo "bind 127.0.0.1"
                echo "daemonize yes"
                echo "dir $REDIS_DIR"
                echo "pidfile $REDIS_PID"
                echo "logfile $REDIS_LOG"
                echo 'save ""'
                echo "appendonly no"
                # Hangfire must never lose keys to eviction (this is Redis' default; keep it).
                echo "maxmemory-policy noeviction"
                if [[ -n $REDIS_PASSWORD ]]; then
                    local pw=${REDIS_PASSWORD//\\/\\\\}
                    pw=${pw//\"/\\\"}
                    echo "requirepass \"$pw\""
                fi
            } >"$REDIS_CONF"
        )
        if ! setsid redis-server "$REDIS_CONF" </dev/null >>"$REDIS_DIR/redis-server.out" 2>&1 9>&-; then
            fail_with_log redis "$REDIS_DIR/redis-server.out" "redis-server did not start"
        fi
        wait_ready redis "$REDIS_PID" redis "$REDIS_LOG" redis_ping
    fi
    local policy
    policy=$(redis_cli config get maxmemory-policy 2>/dev/null | tail -n 1)
    [[ $policy == noeviction ]] || log "redis: WARNING: maxmemory-policy is '$policy'; Hangfire needs noeviction"
    log "redis: ready"
}

redis_stop() {
    local pid
    if pid=$(pid_alive "$REDIS_PID" redis); then
        log "redis: stopping (pid $pid) ..."
        stop_pid redis "$pid"
        rm -f "$REDIS_PID"
        log "redis: stopped"
    else
        rm -f "$REDIS_PID"
        if port_open "$REDIS_PORT"; then
            log "redis: not started by this checkout (127.0.0.1:$REDIS_PORT is served by another process); left alone"
        else
            log "redis: not running"
        fi
    fi
}

redis_status() {
    local pid
    if pid=$(ours "$REDIS_PID" redis "$REDIS_PORT"); then
        if redis_ping; then log "redis: running (pid $pid) on 127.0.0.1:$REDIS_PORT"; return 0; fi
        log "redis: process $pid alive but not answering PING on 127.0.0.1:$REDIS_PORT"; return 1
    elif port_open "$REDIS_PORT"; then
        foreign_line redis "$REDIS_PORT" REDIS_PORT "$REDIS_PID"; return 1
    fi
    log "redis: stopped"; return 1
}

# ---------------------------------------------------------------------------
# s3rver

# s3_ping: any HTTP answer from the port counts (curl may be absent; node is not)
s3_ping() {
    timeout 5 node -e '
        const req = require("http").get({ host: "127.0.0.1", port: +process.argv[1], path: "/", timeout: 2000 },
            res => { res.resume(); process.exit(res.statusCode > 0 ? 0 : 1); });
        req.on("timeout", () => { req.destroy(); process.exit(1); });
        req.on("error", () => process.exit(1));
    ' "$MINIO_PORT" 2>/dev/null
}

s3_start() {
    local pid
    mkdir -p "$S3_DATA"
    if pid=$(ours "$S3_PID" node "$MINIO_PORT"); then
        log "s3rver: already running (pid $pid) on 127.0.0.1:$MINIO_PORT"
        wait_ready s3rver "$S3_PID" node "$S3_LOG" s3_ping
    elif port_open "$MINIO_PORT"; then
        die "$(foreign_line s3rver "$MINIO_PORT" MINIO_PORT "$S3_PID")"
    elif pid=$(pid_alive "$S3_PID" node); then
        die "s3rver: this checkout's server (pid $pid) does not listen on 127.0.0.1:$MINIO_PORT; run 'make stop' after changing MINIO_PORT"
    else
        rm -f "$S3_PID"
        log "s3rver: starting on 127.0.0.1:$MINIO_PORT ..."
        # The inner shell writes its own pid, then becomes node (exec).
        # shellcheck disable=SC2016
        setsid nohup bash -c 'echo $$ >"$0"; exec node "$@"' "$S3_PID" \
            "$ROOT/node_modules/s3rver/bin/s3rver.js" \
            -d "$S3_DATA" -a 127.0.0.1 -p "$MINIO_PORT" \
            --configure-bucket "$MINIO_BUCKET" \
            </dev/null >>"$S3_LOG" 2>&1 9>&- &
        wait_ready s3rver "$S3_PID" node "$S3_LOG" s3_ping $!
    fi
    log "s3rver: ready (bucket $MINIO_BUCKET; access key and secret S3RVER)"
}

s3_stop() {
    local pid
    if pid=$(pid_alive "$S3_PID" node); then
        log "s3rver: stopping (pid $pid) ..."
        stop_pid s3rver "$pid"
        rm -f "$S3_PID"
        log "s3rver: stopped"
    else
        rm -f "$S3_PID"
        if port_open "$MINIO_PORT"; then
            log "s3rver: not started by this checkout (127.0.0.1:$MINIO_PORT is served by another process); left alone"
        else
            log "s3rver: not running"
        fi
    fi
}

s3_status() {
    local pid
    if pid=$(ours "$S3_PID" node "$MINIO_PORT"); then
        if s3_ping; then log "s3rver: running (pid $pid) on 127.0.0.1:$MINIO_PORT"; return 0; fi
        log "s3rver: process $pid alive but not answering HTTP on 127.0.0.1:$MINIO_PORT"; return 1
    elif port_open "$MINIO_PORT"; then
        foreign_line s3rver "$MINIO_PORT" MINIO_PORT "$S3_PID"; return 1
    fi
    log "s3rver: stopped"; return 1
}

# ---------------------------------------------------------------------------

lock() {
    mkdir -p "$LOCAL"
    exec 9>"$LOCAL/.services.lock"
    if ! flock -w 300 9; then
        die "another scripts/services.sh holds $LOCAL/.services.lock"
    fi
}

cmd_start() {
    lock
    install_missing
    mariadb_start
    redis_start
    s3_start
}

cmd_stop() {
    lock
    s3_stop
    redis_stop
    mariadb_stop
}

cmd_status() {
    local rc=0
    mariadb_status || rc=3
    redis_status || rc=3
    s3_status || rc=3
    return $rc
}

main() {
    local cmd=${1:-}
    case $cmd in
        start) load_settings; cmd_start ;;
        stop) load_settings; cmd_stop ;;
        restart) load_settings; cmd_stop; cmd_start ;;
        status) load_settings; cmd_status ;;
        -h | --help | help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}" ;;
        *) echo "usage: $0 start|stop|status|restart" >&2; exit 2 ;;
    esac
}

main "$@"
