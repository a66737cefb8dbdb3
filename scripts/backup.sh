#!/usr/bin/env bash
# Backs up SolarSync into a new timestamped folder under a backup root and keeps the newest N there:
#   database.dump  pg_dump --format=custom of the service database (every schema: sites, observations, the model
#                  registry, forecasts, devices, audit log, Hangfire's jobs)
#   models.tar.gz  the model store (Training__ModelsPath), without half-written .incoming-* folders
#   manifest.txt, SHA256SUMS
# usage: scripts/backup.sh [--env-file /etc/solarsync/solarsync.env] [backup-root]
#   backup-root: the argument or SOLARSYNC_BACKUP_DIR; SOLARSYNC_BACKUP_KEEP backups are kept (default 7).
#   The database is the service's own: ConnectionStrings__Postgres from the environment or the --env-file.
# Restore with scripts/restore.sh <folder>.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source-path=SCRIPTDIR source=lib/service-env.sh
. "$ROOT/scripts/lib/service-env.sh"

usage() { echo "usage: $0 [--env-file FILE] [backup-root]" >&2; exit 2; }

env_file="" backup_root=""
while [ $# -gt 0 ]; do
  case "$1" in
    --env-file) [ $# -ge 2 ] || usage; env_file="$2"; shift 2 ;;
    -h | --help) usage ;;
    -*) usage ;;
    *) [ -z "$backup_root" ] || usage; backup_root="$1"; shift ;;
  esac
done
[ -z "$env_file" ] || load_env_file "$env_file"
backup_root="${backup_root:-${SOLARSYNC_BACKUP_DIR:-}}"
[ -n "$backup_root" ] || die "no backup root: give it as the argument or in SOLARSYNC_BACKUP_DIR"
keep="${SOLARSYNC_BACKUP_KEEP:-7}"
[[ "$keep" =~ ^[1-9][0-9]*$ ]] || die "SOLARSYNC_BACKUP_KEEP must be a whole number of at least 1, not '$keep'"
export_postgres_env
models="$(models_dir "$ROOT")"
[ -d "$models" ] || die "the model store $models does not exist (Training__ModelsPath)"

mkdir -p "$backup_root"
backup_root="$(cd "$backup_root" && pwd)"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
folder="$backup_root/$stamp"
[ ! -e "$folder" ] || die "$folder exists already"
# Written under a hidden name and renamed when complete: a failed run leaves nothing that looks like a backup, and
# never makes an older good backup fall out of the newest N.
partial="$backup_root/.$stamp.partial"
mkdir "$partial"
trap 'rm -rf -- "$partial"' EXIT

# The database before the models: a model's files are complete before its registry row exists, so every version the
# dump names is in the store copied after it.
pg_dump --format=custom --file="$partial/database.dump"
tar --create --gzip --file="$partial/models.tar.gz" --directory="$models" --exclude='.incoming-*' .
cat > "$partial/manifest.txt" <<MANIFEST
created_at=$(date -u +%Y-%m-%dT%H:%M:%SZ)
$(database_label)
models from $models
$(pg_dump --version)
MANIFEST
(cd "$partial" && sha256sum database.dump models.tar.gz manifest.txt > SHA256SUMS)
mv "$partial" "$folder"
trap - EXIT

echo "backup: wrote $folder"
echo "  database.dump  $(du -h "$folder/database.dump" | cut -f1)  $(database_label)"
echo "  models.tar.gz  $(du -h "$folder/models.tar.gz" | cut -f1)  $(tar -tzf "$folder/models.tar.gz" | awk '!/\/$/' | wc -l) files of $models"
echo "  manifest.txt, SHA256SUMS"

# Only folders this script names (UTC timestamps) are counted and pruned; anything else in the root is left alone.
mapfile -t backups < <(find "$backup_root" -mindepth 1 -maxdepth 1 -type d -regextype posix-extended \
  -regex '.*/[0-9]{8}T[0-9]{6}Z' -printf '%f\n' | sort)
if [ "${#backups[@]}" -gt "$keep" ]; then
  for old in "${backups[@]:0:${#backups[@]}-keep}"; do
    rm -rf -- "${backup_root:?}/$old"
    echo "backup: removed $backup_root/$old (keeping the newest $keep)"
  done
fi
