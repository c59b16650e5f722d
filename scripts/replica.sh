#!/usr/bin/env bash
# A PostgreSQL streaming replica and PgBouncer on this machine, for development, the tests and the
# benchmark of the public read path on a replica (docs/deploy.md, "Past one machine").
#
#   scripts/replica.sh start [DB...]   replica of the primary (pg_basebackup) + PgBouncer in front of both
#   scripts/replica.sh stop            stop both and delete the replica's files
#   scripts/replica.sh stop-replica    stop the replica only (the site must keep serving from the primary)
#   scripts/replica.sh start-replica   start it again
#   scripts/replica.sh status          what runs
#   scripts/replica.sh env [DB]        the settings for danchu (DATABASE_URL, DATABASE_REPLICA_URL, ...)
#
# PgBouncer (transaction mode) serves each DB named on `start` twice: "DB" on the primary and
# "DB_replica" on the replica; any other name goes to the primary. Environment (defaults):
#   DANCHU_PRIMARY_HOST 127.0.0.1   DANCHU_PRIMARY_PORT 5432   DANCHU_PRIMARY_USER postgres
#   DANCHU_REPLICA_PORT 5433        DANCHU_PGBOUNCER_PORT 6433  DANCHU_REPLICA_DIR /tmp/danchu-replica-$PORT
#   PG_BIN /usr/lib/postgresql/15/bin   DANCHU_REPLICA_WAIT 300 (seconds for the replica to open for reads)
# The primary must accept replication connections from 127.0.0.1 and have wal_level >= replica: both
# are checked, and fixed idempotently when missing (a pg_hba.conf line and a reload; ALTER SYSTEM and a
# restart of the primary only if wal_level or max_wal_senders must change). That needs root (as CI runs).
# PostgreSQL and PgBouncer refuse to run as root: under root they run as the "postgres" user.
set -euo pipefail

PRIMARY_HOST=${DANCHU_PRIMARY_HOST:-127.0.0.1}
PRIMARY_PORT=${DANCHU_PRIMARY_PORT:-5432}
PRIMARY_USER=${DANCHU_PRIMARY_USER:-postgres}
REPLICA_PORT=${DANCHU_REPLICA_PORT:-5433}
BOUNCER_PORT=${DANCHU_PGBOUNCER_PORT:-6433}
DIR=${DANCHU_REPLICA_DIR:-/tmp/danchu-replica-$REPLICA_PORT}
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
WAIT=${DANCHU_REPLICA_WAIT:-300}
DATA="$DIR/data"
MARK="# danchu scripts/replica.sh: replication from this machine"

die() { echo "replica.sh: $*" >&2; exit 1; }
say() { echo "replica.sh: $*"; }

as_pg() {  # run a command as the owner of the replica's files
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
psql_primary() { "$PG_BIN/psql" -X -q -At -h "$PRIMARY_HOST" -p "$PRIMARY_PORT" -U "$PRIMARY_USER" -d postgres "$@"; }
psql_replica() { "$PG_BIN/psql" -X -q -At -h 127.0.0.1 -p "$REPLICA_PORT" -U "$PRIMARY_USER" -d postgres "$@"; }
bouncer_bin() { command -v pgbouncer || echo /usr/sbin/pgbouncer; }

need_tools() {
  for tool in pg_basebackup pg_ctl psql pg_isready; do
    [ -x "$PG_BIN/$tool" ] || die "$PG_BIN/$tool not found (Debian: apt-get install postgresql-15)"
  done
  [ -x "$(bouncer_bin)" ] || die "pgbouncer not found (Debian: apt-get install pgbouncer)"
  if [ "$(id -u)" -eq 0 ]; then id postgres >/dev/null 2>&1 || die "no postgres user to run the servers as"; fi
}

# --- the primary: replication allowed, WAL for a standby --------------------------------------------
prepare_primary() {
  "$PG_BIN/pg_isready" -q -h "$PRIMARY_HOST" -p "$PRIMARY_PORT" || die "no primary at $PRIMARY_HOST:$PRIMARY_PORT"
  local wal senders restart=0
  wal=$(psql_primary -c "show wal_level")
  senders=$(psql_primary -c "show max_wal_senders")
  if [ "$wal" = "minimal" ]; then psql_primary -c "ALTER SYSTEM SET wal_level = 'replica'"; restart=1; fi
  if [ "$senders" -lt 2 ]; then psql_primary -c "ALTER SYSTEM SET max_wal_senders = 10"; restart=1; fi
  if [ "$restart" -eq 1 ]; then
    say "restarting the primary for wal_level/max_wal_senders"
    local version cluster
    version=$(psql_primary -c "show server_version_num" | cut -c1-2)
    cluster=$(pg_lsclusters -h 2>/dev/null | awk -v p="$PRIMARY_PORT" '$3 == p {print $2; exit}')
    [ -n "$cluster" ] || die "cannot find the primary's cluster to restart it: set wal_level=replica yourself"
    pg_ctlcluster "$version" "$cluster" restart
  fi
  local rules
  # A `local` rule does not cover the TCP connection pg_basebackup makes: look for a host rule.
  rules=$(psql_primary -c "select count(*) from pg_hba_file_rules where 'replication' = any(database) and error is null
                           and type like 'host%' and (address in ('127.0.0.1', 'all', 'samehost', 'samenet'))")
  if [ "$rules" = "0" ]; then
    local hba
    hba=$(psql_primary -c "show hba_file")
    [ -w "$hba" ] || die "$hba does not allow replication from 127.0.0.1 and is not writable (run as root)"
    grep -qF "$MARK" "$hba" || printf '%s\nhost replication %s 127.0.0.1/32 trust\n' "$MARK" "$PRIMARY_USER" >>"$hba"
    psql_primary -c "select pg_reload_conf()" >/dev/null
    say "allowed replication connections from 127.0.0.1 in $hba"
  fi
}

# --- the replica ------------------------------------------------------------------------------------
replica_running() { [ -f "$DATA/postmaster.pid" ] && as_pg "$PG_BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; }

write_replica_conf() {
  # Debian keeps a cluster's configuration in /etc/postgresql: the copied data dir has none of its own.
  # A hot standby needs at least the primary's max_connections, max_worker_processes, ...
  local settings=""
  for name in max_connections max_worker_processes max_wal_senders max_prepared_transactions max_locks_per_transaction; do
    settings+="$name = $(psql_primary -c "show $name")"$'\n'
  done
  cat >"$DATA/postgresql.conf" <<EOF
# written by scripts/replica.sh
port = $REPLICA_PORT
listen_addresses = '127.0.0.1'
unix_socket_directories = '$DIR'
hot_standby = on
hot_standby_feedback = on
max_standby_streaming_delay = 5s
wal_receiver_status_interval = 1s
autovacuum = off
fsync = off
shared_buffers = 128MB
$settings
EOF
  cat >"$DATA/pg_hba.conf" <<EOF
local all all trust
host all all 127.0.0.1/32 trust
EOF
  chown postgres:postgres "$DATA/postgresql.conf" "$DATA/pg_hba.conf" 2>/dev/null || true
}

start_replica() {
  if replica_running; then say "replica already running on port $REPLICA_PORT"; return; fi
  mkdir -p "$DIR"
  [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$DIR"
  chmod 700 "$DIR"
  if [ ! -f "$DATA/standby.signal" ]; then
    rm -rf "$DATA"
    say "pg_basebackup from $PRIMARY_HOST:$PRIMARY_PORT"
    as_pg "$PG_BIN/pg_basebackup" -h "$PRIMARY_HOST" -p "$PRIMARY_PORT" -U "$PRIMARY_USER" -D "$DATA" \
      --wal-method=stream --write-recovery-conf --checkpoint=fast --no-sync
  fi
  write_replica_conf
  rm -f "$DATA/postmaster.pid"
  as_pg "$PG_BIN/pg_ctl" -D "$DATA" -l "$DIR/postgres.log" -W start >/dev/null
  # A hot standby opens for reads once it has a snapshot of the primary's transactions: a transaction on
  # the primary with more than 64 subtransactions (savepoints) delays that until it ends.
  local i waited=0
  for i in $(seq 1 $((WAIT * 4))); do
    [ "$(psql_replica -c 'select pg_is_in_recovery()' 2>/dev/null)" = "t" ] && break
    if [ $((i % 80)) -eq 0 ]; then
      waited=$((i / 4))
      say "waiting ${waited}s for the replica to open; long transactions on the primary:"
      psql_primary -c "select pid, datname, now() - xact_start from pg_stat_activity
                       where backend_xid is not null order by xact_start limit 5" >&2 || true
    fi
    [ "$i" -lt 40 ] || as_pg "$PG_BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1 || { tail -20 "$DIR/postgres.log" >&2; die "the replica stopped"; }
    sleep 0.25
  done
  [ "$(psql_replica -c 'select pg_is_in_recovery()' 2>/dev/null)" = "t" ] \
    || { tail -20 "$DIR/postgres.log" >&2; die "the replica did not open for reads within ${WAIT}s"; }
  say "replica streaming from the primary on port $REPLICA_PORT"
}

stop_replica() {
  if replica_running; then as_pg "$PG_BIN/pg_ctl" -D "$DATA" -m fast -w stop >/dev/null; say "replica stopped"; fi
}

# --- PgBouncer --------------------------------------------------------------------------------------
bouncer_pid() { [ -f "$DIR/pgbouncer.pid" ] && cat "$DIR/pgbouncer.pid"; }
bouncer_running() { local pid; pid=$(bouncer_pid) && [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; }

write_bouncer_conf() {
  local dbs=("$@") entries=""
  if [ ${#dbs[@]} -eq 0 ] && [ -f "$DIR/databases" ]; then read -ra dbs <"$DIR/databases"; fi
  echo "${dbs[*]:-}" >"$DIR/databases"
  for db in "${dbs[@]}"; do
    entries+="$db = host=$PRIMARY_HOST port=$PRIMARY_PORT dbname=$db"$'\n'
    entries+="${db}_replica = host=127.0.0.1 port=$REPLICA_PORT dbname=$db"$'\n'
  done
  printf '"%s" ""\n' "$PRIMARY_USER" >"$DIR/userlist.txt"
  cat >"$DIR/pgbouncer.ini" <<EOF
; written by scripts/replica.sh
[databases]
$entries* = host=$PRIMARY_HOST port=$PRIMARY_PORT

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $BOUNCER_PORT
unix_socket_dir = $DIR
auth_type = trust
auth_file = $DIR/userlist.txt
admin_users = $PRIMARY_USER
pool_mode = transaction
max_client_conn = 1000
default_pool_size = 20
; a replica that is down must fail fast, so danchu falls back to the primary
server_login_retry = 1
server_connect_timeout = 3
query_wait_timeout = 10
ignore_startup_parameters = extra_float_digits
pidfile = $DIR/pgbouncer.pid
logfile = $DIR/pgbouncer.log
EOF
  [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$DIR/pgbouncer.ini" "$DIR/userlist.txt" "$DIR/databases"
  return 0
}

start_bouncer() {
  write_bouncer_conf "$@"
  if bouncer_running; then kill -HUP "$(bouncer_pid)"; say "PgBouncer reloaded"; return; fi
  as_pg "$(bouncer_bin)" -d -q "$DIR/pgbouncer.ini"
  local i
  for i in $(seq 1 40); do "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$BOUNCER_PORT" -d pgbouncer && break; sleep 0.25; done
  bouncer_running || { tail -20 "$DIR/pgbouncer.log" >&2; die "PgBouncer did not start"; }
  say "PgBouncer (transaction mode) on port $BOUNCER_PORT"
}

stop_bouncer() {
  if bouncer_running; then
    local pid; pid=$(bouncer_pid)
    kill -INT "$pid"
    for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    say "PgBouncer stopped"
  fi
}

print_env() {
  local db=${1:-danchu}
  cat <<EOF
DATABASE_URL=postgres://$PRIMARY_USER@127.0.0.1:$BOUNCER_PORT/$db
DATABASE_REPLICA_URL=postgres://$PRIMARY_USER@127.0.0.1:$BOUNCER_PORT/${db}_replica
DANCHU_PGBOUNCER=1
DANCHU_BACKUP_DATABASE_URL=postgres://$PRIMARY_USER@$PRIMARY_HOST:$PRIMARY_PORT/$db
EOF
}

cmd=${1:-}
shift || true
case "$cmd" in
  start) need_tools; prepare_primary; start_replica; start_bouncer "$@" ;;
  stop) stop_bouncer; stop_replica; rm -rf "$DIR"; say "removed $DIR" ;;
  stop-replica) stop_replica ;;
  start-replica) need_tools; start_replica ;;
  status)
    if replica_running; then echo "replica: running on $REPLICA_PORT (lag $(psql_replica -c \
      "select coalesce(extract(epoch from now() - pg_last_xact_replay_timestamp()), 0)::numeric(10,3)") s)"
    else echo "replica: stopped"; fi
    if bouncer_running; then echo "pgbouncer: running on $BOUNCER_PORT"; else echo "pgbouncer: stopped"; fi ;;
  env) print_env "$@" ;;
  *) sed -n '2,12p' "$0"; exit 2 ;;
esac
