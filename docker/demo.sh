#!/bin/sh
# Runs the demo fleet: `docker/demo.sh up` builds and starts it, `docker/demo.sh down` removes it.
# The client key pair and a known_hosts file live in docker/.demo/ (ignored by git).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
state="$here/.demo"
key="$state/id_ed25519"
project=calico-preflight-demo

if docker compose version >/dev/null 2>&1; then compose="docker compose"; else compose=docker-compose; fi

case "${1:-}" in
  up)
    mkdir -p "$state"
    [ -f "$key" ] || ssh-keygen -q -t ed25519 -N '' -C calico-preflight-demo -f "$key"
    DEMO_AUTHORIZED_KEY=$(cat "$key.pub")
    export DEMO_AUTHORIZED_KEY
    $compose -p "$project" -f "$here/docker-compose.yml" up -d --build
    cat <<MSG
Demo fleet is up. Audit it with:
  calico-preflight audit -i inventories/demo-fleet.ini --private-key $key \\
    --known-hosts $state/known_hosts --accept-new-host-keys
MSG
    ;;
  down)
    DEMO_AUTHORIZED_KEY=unused $compose -p "$project" -f "$here/docker-compose.yml" down --rmi local
    rm -f "$state/known_hosts"
    ;;
  *)
    echo "usage: $0 up|down" >&2
    exit 2
    ;;
esac
