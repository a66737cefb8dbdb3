#!/usr/bin/env bash
# Restores a backup of scripts/backup.sh: the database dump into the service database, the model files into the
# model store. Stop the service first; start it afterwards (migrations newer than the backup run at start-up).
# usage: scripts/restore.sh [--force] [--env-file /etc/solarsync/solarsync.env] [--models DIR] <backup-folder>
#   The database is ConnectionStrings__Postgres (environment or --env-file) and must be empty (createdb); the model
#   store is --models, else Training__ModelsPath, else models/ of this checkout, and must hold no models.
#   --force replaces what is there: the database is emptied (every schema but the system's, public's tables and
#   functions) in the restore's own transaction, and a model store holding models is moved aside to
#   <dir>.replaced-<time> rather than deleted.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source-path=SCRIPTDIR source=lib/service-env.sh
. "$ROOT/scripts/lib/service-env.sh"

usage() { echo "usage: $0 [--force] [--env-file FILE] [--models DIR] <backup-folder>" >&2; exit 2; }

force=false env_file="" models="" backup=""
while [ $# -gt 0 ]; do
  case "$1" in
    --force) force=true; shift ;;
    --env-file) [ $# -ge 2 ] || usage; env_file="$2"; shift 2 ;;
    --models) [ $# -ge 2 ] || usage; models="$2"; shift 2 ;;
    -h | --help) usage ;;
    -*) usage ;;
    *) [ -z "$backup" ] || usage; backup="$1"; shift ;;
  esac
done
[ -n "$backup" ] || usage
[ -z "$env_file" ] || load_env_file "$env_file"
[ -z "$models" ] || export Training__ModelsPath="$models"
export_postgres_env
models="$(models_dir "$ROOT")"

for file in database.dump models.tar.gz SHA256SUMS; do
  [ -f "$backup/$file" ] || die "$backup is not a backup of scripts/backup.sh: $file is missing"
done
(cd "$backup" && sha256sum --check --quiet SHA256SUMS) || die "$backup is damaged: its files do not match SHA256SUMS"

# The database's own objects: a schema besides public, or a table, view, sequence or function in public.
OWN_SCHEMAS="SELECT nspname FROM pg_namespace WHERE nspname NOT IN ('public', 'information_schema') AND nspname !~ '^pg_'"
OWN_IN_PUBLIC_RELATIONS="SELECT c.oid::regclass::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')"
OWN_IN_PUBLIC_FUNCTIONS="SELECT p.oid::regprocedure::text FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
  WHERE n.nspname = 'public'"
sql() { psql --no-psqlrc --quiet --tuples-only --no-align --set=ON_ERROR_STOP=1 --command="$1"; }

objects="$(sql "SELECT (SELECT count(*) FROM ($OWN_SCHEMAS) s) + (SELECT count(*) FROM ($OWN_IN_PUBLIC_RELATIONS) r)
  + (SELECT count(*) FROM ($OWN_IN_PUBLIC_FUNCTIONS) f)")"
empty_first=""
if [ "$objects" -gt 0 ]; then
  $force || die "the $(database_label) is not empty ($objects schemas, tables or functions); restore into an empty database (createdb), or give --force to replace its contents"
  # pg_restore --clean cannot drop partitioned tables' inherited constraints; emptying the database first can, and
  # in the restore's own transaction.
  empty_first="DO \$\$ DECLARE name text; BEGIN
    FOR name IN $OWN_SCHEMAS LOOP EXECUTE format('DROP SCHEMA %I CASCADE', name); END LOOP;
    FOR name IN $OWN_IN_PUBLIC_RELATIONS LOOP EXECUTE format('DROP TABLE IF EXISTS %s CASCADE', name); END LOOP;
    FOR name IN $OWN_IN_PUBLIC_FUNCTIONS LOOP EXECUTE format('DROP FUNCTION IF EXISTS %s CASCADE', name); END LOOP;
  END \$\$;"
fi

# Type folders (solar/, wind/) are models; a lone README is not.
models_present=false
if [ -d "$models" ] && [ -n "$(find "$models" -mindepth 1 -maxdepth 1 -type d -print -quit)" ]; then
  $force || die "the model store $models holds models; restore into an empty folder, or give --force to move them aside"
  models_present=true
fi

# One transaction, committed only when the whole dump has been applied: a failed restore leaves the database as it
# was (psql stops at the first error; without the COMMIT the server rolls back when it disconnects). Objects are owned
# by the user restoring them, the service's own, whoever owned them where the backup was made.
{
  echo "BEGIN;"
  echo "$empty_first"
  pg_restore --no-owner --no-privileges --file=- "$backup/database.dump"
  echo "COMMIT;"
} | PGOPTIONS="-c client_min_messages=warning" psql --no-psqlrc --quiet --set=ON_ERROR_STOP=1 --output=/dev/null
echo "restore: $backup/database.dump into the $(database_label)"

if $models_present; then
  aside="$models.replaced-$(date -u +%Y%m%dT%H%M%SZ)"
  mv -- "$models" "$aside"
  echo "restore: moved the models that were in $models to $aside"
fi
mkdir -p "$models"
tar --extract --gzip --file="$backup/models.tar.gz" --directory="$models"
echo "restore: $backup/models.tar.gz into $models ($(find "$models" -type f | wc -l) files)"
echo "restore: done; start the service (migrations newer than the backup run at start-up)"
