#!/usr/bin/env bash
# Back up Gebiedsschool: a PostgreSQL dump (custom format) plus the media and private files.
# Usage: DATABASE_URL=postgres://... MEDIA_ROOT=... PRIVATE_MEDIA_ROOT=... backup.sh DEST_DIR
# Writes DEST_DIR/database.dump, DEST_DIR/media.tar.gz and DEST_DIR/private.tar.gz (paths
# inside the archives are relative to each folder). Both folders must exist: a missing one
# is an error, never a silently smaller backup. With files in S3 (AWS_STORAGE_BUCKET_NAME
# set) set BACKUP_FILES_IN_S3=1: the archives are then skipped and the buckets are backed up
# as docs/deploy.md describes. Exits non-zero on any failure.
set -euo pipefail
dest=${1:?usage: backup.sh DEST_DIR}
: "${DATABASE_URL:?DATABASE_URL must point at the PostgreSQL database}"
if [ "${BACKUP_FILES_IN_S3:-0}" != "1" ]; then
  for name in MEDIA_ROOT PRIVATE_MEDIA_ROOT; do
    folder=${!name:-}
    if [ -z "$folder" ]; then
      echo "backup.sh: $name is not set; set it (or BACKUP_FILES_IN_S3=1 with files in S3)" >&2
      exit 2
    fi
    if [ ! -d "$folder" ]; then
      echo "backup.sh: $name folder $folder is missing; no backup written" >&2
      exit 2
    fi
  done
fi
mkdir -p "$dest"
pg_dump --format=custom --no-owner --no-privileges --file="$dest/database.dump" "$DATABASE_URL"
if [ "${BACKUP_FILES_IN_S3:-0}" != "1" ]; then
  tar --create --gzip --file="$dest/media.tar.gz" -C "$MEDIA_ROOT" .
  tar --create --gzip --file="$dest/private.tar.gz" -C "$PRIVATE_MEDIA_ROOT" .
fi
echo "backup written to $dest"
