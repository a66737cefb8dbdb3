# shellcheck shell=bash
# Shared by scripts/backup.sh and scripts/restore.sh (sourced, not run): the service's own settings, read from the
# environment or a systemd environment file, turned into what pg_dump/pg_restore/psql and tar need.

die() { echo "$(basename "$0"): $*" >&2; exit 1; }

# Exports the variables of a systemd EnvironmentFile (KEY=VALUE lines, # comments, optional quotes) that the backup
# needs. A file cannot simply be sourced: a connection string's ';' would end the command. Variables already set in
# the environment win, so one can be overridden on the command line.
load_env_file() {
  local file="$1" line key value
  [ -r "$file" ] || die "cannot read $file"
  while IFS= read -r line || [ -n "$line" ]; do
    [[ "$line" =~ ^[[:space:]]*([A-Za-z_][A-Za-z0-9_]*)=(.*)$ ]] || continue
    key="${BASH_REMATCH[1]}"
    value="${BASH_REMATCH[2]%$'\r'}"
    if [[ "$value" =~ ^\"(.*)\"$ ]] || [[ "$value" =~ ^\'(.*)\'$ ]]; then value="${BASH_REMATCH[1]}"; fi
    case "$key" in
      ConnectionStrings__Postgres | Training__ModelsPath | SOLARSYNC_BACKUP_DIR | SOLARSYNC_BACKUP_KEEP)
        [ -n "${!key+set}" ] || export "$key=$value" ;;
    esac
  done < "$file"
}

# Exports libpq's PG* variables from ConnectionStrings__Postgres, the Npgsql connection string the service uses
# (Host=…;Port=…;Database=…;Username=…;Password=…;SSL Mode=…). Values containing ';' are not supported; keep such a
# password in ~/.pgpass instead. PG* variables already in the environment are ignored: the service's string decides.
export_postgres_env() {
  local connection="${ConnectionStrings__Postgres:-}" part key value
  local -a parts
  [ -n "$connection" ] || die "ConnectionStrings__Postgres is not set (the service's connection string; or give --env-file)"
  unset PGHOST PGHOSTADDR PGPORT PGDATABASE PGUSER PGPASSWORD PGSSLMODE PGSERVICE PGOPTIONS
  IFS=';' read -r -a parts <<< "$connection"
  for part in "${parts[@]}"; do
    [[ "$part" == *=* ]] || continue
    key="$(printf '%s' "${part%%=*}" | tr -d '[:space:]' | tr '[:upper:]' '[:lower:]')"
    value="${part#*=}"
    value="${value#"${value%%[![:space:]]*}"}"
    value="${value%"${value##*[![:space:]]}"}"
    case "$key" in
      host | server) export PGHOST="$value" ;;
      port) export PGPORT="$value" ;;
      database | db) export PGDATABASE="$value" ;;
      username | user | userid | uid) export PGUSER="$value" ;;
      password | pwd) export PGPASSWORD="$value" ;;
      sslmode)
        case "$(printf '%s' "$value" | tr '[:upper:]' '[:lower:]')" in
          verifyca) export PGSSLMODE=verify-ca ;;
          verifyfull) export PGSSLMODE=verify-full ;;
          *) PGSSLMODE="$(printf '%s' "$value" | tr '[:upper:]' '[:lower:]')"; export PGSSLMODE ;;
        esac ;;
    esac
  done
  [ -n "${PGDATABASE:-}" ] || die "ConnectionStrings__Postgres names no Database"
}

# Where the service keeps its model files: Training__ModelsPath, as an absolute path, else models/ of this checkout.
models_dir() {
  local root="$1" dir="${Training__ModelsPath:-}"
  [ -n "$dir" ] || dir="$root/models"
  case "$dir" in /*) ;; *) dir="$PWD/$dir" ;; esac
  printf '%s\n' "$dir"
}

# "database solarsync on 127.0.0.1:5432", for messages (never the password).
database_label() { echo "database ${PGDATABASE} on ${PGHOST:-localhost}:${PGPORT:-5432}"; }
