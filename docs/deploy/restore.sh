#!/usr/bin/env bash
# Restore a backup made by backup.sh into an EMPTY database and put the files back.
# Usage: DATABASE_URL=postgres://.../new_db MEDIA_ROOT=... PRIVATE_MEDIA_ROOT=... restore.sh SRC
# The archives are checked first: a member with an absolute path or ".." stops the restore.
# Files are extracted into MEDIA_ROOT and PRIVATE_MEDIA_ROOT and never replace a newer file.
set -euo pipefail
src=${1:?usage: restore.sh SOURCE_DIR}
: "${DATABASE_URL:?DATABASE_URL must point at the (empty) target database}"
archives=()
for pair in "media.tar.gz:MEDIA_ROOT" "private.tar.gz:PRIVATE_MEDIA_ROOT"; do
  archive="$src/${pair%%:*}" name=${pair##*:}
  [ -f "$archive" ] || continue
  folder=${!name:?$name must be set to restore $archive}
  # --absolute-names: list the names as stored (GNU tar strips '/' and '../' otherwise).
  # The list is read whole first: `tar | grep -q` under pipefail fails when grep stops early
  # and tar gets SIGPIPE, so a bad archive could pass the check.
  members=$(tar --list --gzip --absolute-names --file="$archive")
  if grep -E '^/|(^|/)\.\.(/|$)' <<<"$members" >/dev/null; then
    echo "restore.sh: $archive has absolute or '..' paths; nothing restored" >&2
    exit 2
  fi
  archives+=("$archive:$folder")
done
pg_restore --no-owner --no-privileges --exit-on-error --dbname="$DATABASE_URL" "$src/database.dump"
for pair in "${archives[@]}"; do
  archive=${pair%%:*} folder=${pair#*:}
  mkdir -p "$folder"
  tar --extract --gzip --keep-newer-files --no-same-owner --file="$archive" -C "$folder"
done
echo "restored from $src"
