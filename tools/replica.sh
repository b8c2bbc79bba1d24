#!/usr/bin/env bash
# A local streaming read replica of the PostgreSQL primary, for the reports (README "Scale-out").
#
#   tools/replica.sh start|stop|status|url|destroy
#
# start   clone the primary with pg_basebackup -R (first time), then start it; idempotent
# stop    pg_ctl stop -m fast (the data stay; start again resumes streaming)
# status  running or not, in recovery or not, lag in seconds; exit 1 when not running
# url     print the REPLICA_DATABASE_URL for it
# destroy stop and delete the replica's directory
#
# Settings (environment): REPLICA_DIR (var/replica), REPLICA_PORT (5433), PRIMARY_HOST
# (127.0.0.1), PRIMARY_PORT (5432), PRIMARY_USER (postgres), PG_BIN (/usr/lib/postgresql/15/bin),
# REPLICA_DB (the database name in `url`, lms). Run as root (commands run as postgres) or as
# the postgres user. The primary must allow replication connections from 127.0.0.1, e.g. in
# pg_hba.conf: `host replication postgres 127.0.0.1/32 trust`, and wal_level >= replica.
set -euo pipefail

cmd=${1:-status}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
REPLICA_DIR=${REPLICA_DIR:-$ROOT/var/replica}
REPLICA_PORT=${REPLICA_PORT:-5433}
PRIMARY_HOST=${PRIMARY_HOST:-127.0.0.1}
PRIMARY_PORT=${PRIMARY_PORT:-5432}
PRIMARY_USER=${PRIMARY_USER:-postgres}
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
DATA=$REPLICA_DIR/data
LOG=$REPLICA_DIR/replica.log

as_postgres() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
die() { echo "replica: $*" >&2; exit 1; }
running() { [ -f "$DATA/postmaster.pid" ] && as_postgres "$PG_BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; }
on_replica() { as_postgres psql -X -At -h 127.0.0.1 -p "$REPLICA_PORT" -U postgres -d postgres -c "$1"; }
on_primary() { psql -X -At -h "$PRIMARY_HOST" -p "$PRIMARY_PORT" -U "$PRIMARY_USER" -d postgres -c "$1"; }

check_primary() {
    local level
    level=$(on_primary "SHOW wal_level") || die "primary $PRIMARY_HOST:$PRIMARY_PORT does not answer"
    [ "$level" != minimal ] || die "primary wal_level=minimal: ALTER SYSTEM SET wal_level=replica and restart it"
    [ "$(on_primary "SHOW max_wal_senders")" -gt 0 ] || die "primary max_wal_senders=0"
    psql -X -At "host=$PRIMARY_HOST port=$PRIMARY_PORT user=$PRIMARY_USER replication=true" \
        -c "IDENTIFY_SYSTEM" >/dev/null 2>&1 \
        || die "primary refuses replication connections from this host: add to its pg_hba.conf
  host replication $PRIMARY_USER 127.0.0.1/32 trust
and reload it (SELECT pg_reload_conf())"
}

clone() {
    check_primary
    mkdir -p "$REPLICA_DIR"
    chown postgres: "$REPLICA_DIR" 2>/dev/null || true
    rm -rf "$DATA"
    echo "replica: cloning $PRIMARY_HOST:$PRIMARY_PORT into $DATA"
    as_postgres "$PG_BIN/pg_basebackup" -h "$PRIMARY_HOST" -p "$PRIMARY_PORT" -U "$PRIMARY_USER" \
        -D "$DATA" -R -X stream -c fast
    # A Debian primary keeps its configuration outside the data directory: give the copy its own.
    # Hot standby needs these limits at least as high as the primary's.
    local setting name
    {
        echo "port = $REPLICA_PORT"
        echo "listen_addresses = '127.0.0.1'"
        echo "unix_socket_directories = '$REPLICA_DIR'"
        echo "hot_standby = on"
        echo "hot_standby_feedback = on"
        for name in max_connections max_worker_processes max_wal_senders \
            max_prepared_transactions max_locks_per_transaction; do
            setting=$(on_primary "SHOW $name")
            echo "$name = $setting"
        done
    } | as_postgres tee "$DATA/postgresql.conf" >/dev/null
    printf 'local all all trust\nhost all all 127.0.0.1/32 trust\n' \
        | as_postgres tee "$DATA/pg_hba.conf" >/dev/null
    as_postgres touch "$DATA/pg_ident.conf"
}

case $cmd in
start)
    [ -f "$DATA/standby.signal" ] || clone
    if running; then echo "replica: already running on 127.0.0.1:$REPLICA_PORT"; exit 0; fi
    as_postgres "$PG_BIN/pg_ctl" -D "$DATA" -l "$LOG" -w -t 120 start >/dev/null
    [ "$(on_replica "SELECT pg_is_in_recovery()")" = t ] || die "started, but not in recovery"
    echo "replica: running on 127.0.0.1:$REPLICA_PORT (REPLICA_DATABASE_URL=$("$0" url))"
    ;;
stop)
    if running; then as_postgres "$PG_BIN/pg_ctl" -D "$DATA" -m fast -w stop >/dev/null; fi
    echo "replica: stopped"
    ;;
status)
    running || { echo "replica: not running ($DATA)"; exit 1; }
    on_replica "SELECT 'replica: running on 127.0.0.1:$REPLICA_PORT, in recovery ' || pg_is_in_recovery()
        || ', lag ' || CASE WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
        ELSE round(extract(epoch FROM now() - pg_last_xact_replay_timestamp())::numeric, 1) END || ' s'"
    ;;
url)
    echo "postgres://postgres@127.0.0.1:$REPLICA_PORT/${REPLICA_DB:-lms}"
    ;;
destroy)
    "$0" stop >/dev/null
    rm -rf "$DATA"
    echo "replica: removed $DATA"
    ;;
*)
    die "usage: $0 start|stop|status|url|destroy"
    ;;
esac
