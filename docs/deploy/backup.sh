#!/usr/bin/env bash
# Back up Gebiedsschool: a PostgreSQL dump (custom format) plus the media and private files.
# Usage: DATABASE_URL=postgres://... MEDIA_ROOT=... PRIVATE_MEDIA_ROOT=... backup.sh DEST_DIR
# Writes DEST_DIR/database.dump and DEST_DIR/files.tar.gz. Exits non-zero on any failure.
set -euo pipefail
dest=${1:?usage: backup.sh DEST_DIR}
: "${DATABASE_URL:?DATABASE_URL must point at the PostgreSQL database}"
mkdir -p "$dest"
pg_dump --format=custom --no-owner --no-privileges --file="$dest/database.dump" "$DATABASE_URL"
dirs=()
for d in "${MEDIA_ROOT:-}" "${PRIVATE_MEDIA_ROOT:-}"; do
  [ -n "$d" ] && [ -d "$d" ] && dirs+=("$d")
done
if [ ${#dirs[@]} -gt 0 ]; then
  tar --create --gzip --absolute-names --file="$dest/files.tar.gz" "${dirs[@]}"
else
  tar --create --gzip --file="$dest/files.tar.gz" --files-from=/dev/null
fi
echo "backup written to $dest"
