#!/bin/sh
# Runs once, when the data volume is initialised by the postgres entrypoint.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" <<SQL
CREATE ROLE reporting LOGIN PASSWORD '${REPORTING_PASSWORD}';
GRANT pg_read_all_data TO reporting;
SQL
