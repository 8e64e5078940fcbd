#!/usr/bin/env bash
# Start (or stop) a throwaway PostgreSQL server from Debian's package for the gradebook test.
#   eval "$(bash .ci/postgres.sh start)"   # exports CURRICULUM_TEST_PG_URL and CURRICULUM_TEST_PG_DIR
#   bash .ci/postgres.sh stop "$CURRICULUM_TEST_PG_DIR"
set -euo pipefail
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n1)
as_pg() { setpriv --reuid=postgres --regid=postgres --init-groups "$@"; }
case "${1:-}" in
start)
    home=$(mktemp -d /tmp/curriculum-ci-pg-XXXXXX)
    chown postgres:postgres "$home"
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    as_pg "$bin/initdb" -D "$home/data" --auth=trust -U postgres >/dev/null
    as_pg "$bin/pg_ctl" -D "$home/data" -w -l "$home/data/server.log" start \
        -o "-p $port -k $home/data -c listen_addresses=127.0.0.1" >/dev/null
    echo "export CURRICULUM_TEST_PG_URL=postgresql://postgres@127.0.0.1:$port/postgres"
    echo "export CURRICULUM_TEST_PG_DIR=$home"
    ;;
stop)
    as_pg "$bin/pg_ctl" -D "$2/data" -m immediate stop >/dev/null || true
    rm -rf "$2"
    ;;
*) echo "usage: $0 start | stop DIR" >&2; exit 2 ;;
esac
