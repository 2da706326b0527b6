#!/usr/bin/env bash
# Restore a backup made by backup.sh into an EMPTY database and put the files back.
# Usage: DATABASE_URL=postgres://.../new_db restore.sh SOURCE_DIR
# The files return to the absolute paths they were backed up from.
set -euo pipefail
src=${1:?usage: restore.sh SOURCE_DIR}
: "${DATABASE_URL:?DATABASE_URL must point at the (empty) target database}"
pg_restore --no-owner --no-privileges --exit-on-error --dbname="$DATABASE_URL" "$src/database.dump"
tar --extract --gzip --absolute-names --file="$src/files.tar.gz"
echo "restored from $src"
