#!/usr/bin/env bash
# Throwaway local PostgreSQL, Redis and Mosquitto for running and testing SolarSync without systemd or Docker.
#   scripts/services.sh start|stop [postgres|redis|mosquitto] | status | env
# Data lives under .local/ (git-ignored); ports are fixed and non-default so nothing clashes with a system
# install. `start` is idempotent; `stop` ends only the processes this script started (by pid file).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LOCAL="$ROOT/.local"
PG_PORT="${SOLARSYNC_PG_PORT:-55432}"
REDIS_PORT="${SOLARSYNC_REDIS_PORT:-56379}"
MQTT_PORT="${SOLARSYNC_MQTT_PORT:-51883}"
PG_BIN="/usr/lib/postgresql/15/bin"
PG_DB="solarsync"

log() { echo "services: $*" >&2; }

install_missing() {
  local need=()
  [ -x "$PG_BIN/postgres" ] || need+=(postgresql-15)
  command -v redis-server >/dev/null || need+=(redis-server)
  command -v mosquitto >/dev/null || need+=(mosquitto)
  command -v mosquitto_sub >/dev/null || need+=(mosquitto-clients)
  # Building the host vendors the console's chart library with npm.
  command -v npm >/dev/null || need+=(nodejs npm)
  [ ${#need[@]} -eq 0 ] && return 0
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  log "installing ${need[*]} with apt"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
}

# PostgreSQL refuses to run as root: as root we run it as the 'postgres' user, whose data directory must be
# reachable by that user. A checkout under a root-only home is not, so the data then lives under /tmp and
# .local/pg points there.
as_pg() {
  if [ "$(id -u)" -eq 0 ]; then (cd /tmp && runuser -u postgres -- "$@"); else "$@"; fi
}

pg_dir() {
  if [ -e "$LOCAL/pg" ]; then readlink -f "$LOCAL/pg"; return; fi
  if [ "$(id -u)" -eq 0 ] && ! runuser -u postgres -- test -x "$LOCAL"; then
    local dir
    dir="$(mktemp -d /tmp/solarsync-pg.XXXXXX)"
    chown postgres "$dir"
    ln -s "$dir" "$LOCAL/pg"
    echo "$dir"
  else
    mkdir -p "$LOCAL/pg"
    [ "$(id -u)" -eq 0 ] && chown postgres "$LOCAL/pg"
    echo "$LOCAL/pg"
  fi
}

alive() { [ -f "$1" ] && kill -0 "$(head -n1 "$1")" 2>/dev/null; }

start_postgres() {
  local dir data
  dir="$(pg_dir)"
  data="$dir/data"
  if alive "$data/postmaster.pid"; then log "postgres already running on $PG_PORT"; return; fi
  if [ ! -f "$data/PG_VERSION" ]; then
    as_pg "$PG_BIN/initdb" -D "$data" -A trust -U postgres -E UTF8 --no-locale >/dev/null
  fi
  as_pg "$PG_BIN/pg_ctl" -D "$data" -l "$dir/postgres.log" -w -o \
    "-p $PG_PORT -k $dir -c listen_addresses=127.0.0.1 ${SOLARSYNC_PG_OPTS:-}" start >/dev/null
  as_pg "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -tAc \
    "SELECT 1 FROM pg_database WHERE datname = '$PG_DB'" | grep -q 1 ||
    as_pg "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres "$PG_DB"
  log "postgres up on 127.0.0.1:$PG_PORT"
}

start_redis() {
  if alive "$LOCAL/redis.pid"; then log "redis already running on $REDIS_PORT"; return; fi
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --daemonize yes --save "" --appendonly no \
    --pidfile "$LOCAL/redis.pid" --logfile "$LOCAL/redis.log" --dir "$LOCAL"
  for _ in $(seq 50); do alive "$LOCAL/redis.pid" && break; sleep 0.1; done
  log "redis up on 127.0.0.1:$REDIS_PORT"
}

start_mosquitto() {
  if alive "$LOCAL/mosquitto.pid"; then log "mosquitto already running on $MQTT_PORT"; return; fi
  mkdir -p "$LOCAL/mosquitto"
  # Queued QoS 1 telemetry must survive the host being away (no cap of 1000 queued messages) and a broker restart
  # (persistence); the host acknowledges in batches, so it may hold many messages in flight.
  cat > "$LOCAL/mosquitto.conf" <<CONF
listener $MQTT_PORT 127.0.0.1
allow_anonymous true
persistence true
persistence_location $LOCAL/mosquitto/
autosave_interval 60
max_queued_messages 1000000
max_inflight_messages 8000
pid_file $LOCAL/mosquitto.pid
log_dest file $LOCAL/mosquitto.log
CONF
  [ "$(id -u)" -eq 0 ] && echo "user root" >> "$LOCAL/mosquitto.conf"
  mosquitto -c "$LOCAL/mosquitto.conf" -d
  for _ in $(seq 50); do alive "$LOCAL/mosquitto.pid" && break; sleep 0.1; done
  log "mosquitto up on 127.0.0.1:$MQTT_PORT"
}

# Signals the process and waits (up to 15 s) until it is gone, so a start right after finds its port free.
stop_pid() {
  local name="$1" file="$2" pid
  if alive "$file"; then
    pid="$(head -n1 "$file")"
    kill "$pid"
    for _ in $(seq 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    log "$name stopped"
  fi
  rm -f "$file"
}

stop_postgres() {
  if [ -e "$LOCAL/pg/data/postmaster.pid" ]; then
    as_pg "$PG_BIN/pg_ctl" -D "$(readlink -f "$LOCAL/pg")/data" -m fast -w stop >/dev/null && log "postgres stopped"
  fi
  return 0
}

status() {
  local rc=0
  if [ -e "$LOCAL/pg/data/postmaster.pid" ] && alive "$LOCAL/pg/data/postmaster.pid"; then echo "postgres  up   127.0.0.1:$PG_PORT"; else echo "postgres  down"; rc=1; fi
  if alive "$LOCAL/redis.pid"; then echo "redis     up   127.0.0.1:$REDIS_PORT"; else echo "redis     down"; rc=1; fi
  if alive "$LOCAL/mosquitto.pid"; then echo "mosquitto up   127.0.0.1:$MQTT_PORT"; else echo "mosquitto down"; rc=1; fi
  return $rc
}

# The environment the host and the tests read to find these services.
print_env() {
  cat <<ENV
export ConnectionStrings__Postgres="Host=127.0.0.1;Port=$PG_PORT;Database=$PG_DB;Username=postgres"
export ConnectionStrings__Redis="127.0.0.1:$REDIS_PORT,abortConnect=false"
export Devices__Mqtt__Host=127.0.0.1
export Devices__Mqtt__Port=$MQTT_PORT
export SOLARSYNC_PG_DATA="$(readlink -f "$LOCAL/pg" 2>/dev/null || echo "$LOCAL/pg")/data"
ENV
}

usage() { echo "usage: $0 start|stop [postgres|redis|mosquitto] | status | env" >&2; exit 2; }

mkdir -p "$LOCAL"
case "${1:-}:${2:-all}" in
  start:all) install_missing; start_postgres; start_redis; start_mosquitto ;;
  start:postgres) start_postgres ;;
  start:redis) start_redis ;;
  start:mosquitto) start_mosquitto ;;
  stop:all) stop_postgres; stop_pid redis "$LOCAL/redis.pid"; stop_pid mosquitto "$LOCAL/mosquitto.pid" ;;
  stop:postgres) stop_postgres ;;
  stop:redis) stop_pid redis "$LOCAL/redis.pid" ;;
  stop:mosquitto) stop_pid mosquitto "$LOCAL/mosquitto.pid" ;;
  status:all) status ;;
  env:all) print_env ;;
  *) usage ;;
esac
