#!/usr/bin/env bash
# Starts, stops or locates a local MLflow tracking server for SPARC-J (loopback only).
#
#   scripts/mlflow-server.sh start   # installs pinned mlflow into .venv-mlflow once, starts, prints the URL
#   scripts/mlflow-server.sh url     # prints the URL of the running server (exit 1 if none)
#   scripts/mlflow-server.sh stop    # stops the server; its data stays, so start brings the same runs back
#   scripts/mlflow-server.sh clean   # stops the server and deletes its data
#
# Environment: SPARC_MLFLOW_STATE (state dir, default <repo>/.mlflow), SPARC_MLFLOW_VENV (default
# <repo>/.venv-mlflow), PYTHON (default python3), SPARC_MLFLOW_PORT (default: a free port).
# SPARC_MLFLOW_ADMIN_PASSWORD set: the server requires HTTP basic auth (`mlflow server --app-name
# basic-auth`; user admin with that password, its user database in the state dir).
set -euo pipefail

MLFLOW_VERSION=2.17.2   # matches the Java client org.mlflow:mlflow-client 2.17.2
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VENV=${SPARC_MLFLOW_VENV:-$ROOT/.venv-mlflow}
STATE=${SPARC_MLFLOW_STATE:-$ROOT/.mlflow}
PYTHON=${PYTHON:-python3}

die() { echo "mlflow-server.sh: $*" >&2; exit 1; }

# mlflow 2.17.2's server breaks with newer releases of some of its dependencies (e.g. SQLAlchemy 2.1
# removed FallbackAsyncAdaptedQueuePool), so the server-side ones are pinned to versions of late 2024.
CONSTRAINTS="SQLAlchemy==2.0.36
alembic==1.14.0
Flask==3.0.3
Werkzeug==3.0.6
gunicorn==23.0.0"

ensure_venv() {
  local want="mlflow==$MLFLOW_VERSION $(echo $CONSTRAINTS)"
  if [[ -x "$VENV/bin/mlflow" ]] && [[ "$(cat "$VENV/.sparc-installed" 2>/dev/null)" == "$want" ]]; then
    return
  fi
  echo "installing mlflow==$MLFLOW_VERSION into $VENV (once)" >&2
  "$PYTHON" -m venv "$VENV" || die "cannot create a virtual environment with $PYTHON at $VENV"
  echo "$CONSTRAINTS" > "$VENV/constraints.txt"
  "$VENV/bin/pip" install -q --disable-pip-version-check -c "$VENV/constraints.txt" "mlflow==$MLFLOW_VERSION" >&2 \
    || die "pip install mlflow==$MLFLOW_VERSION failed (is PyPI reachable?)"
  echo "$want" > "$VENV/.sparc-installed"
}

running_pid() {
  [[ -f "$STATE/pid" ]] || return 1
  local pid; pid=$(cat "$STATE/pid")
  kill -0 "$pid" 2>/dev/null || return 1
  echo "$pid"
}

url() { echo "http://127.0.0.1:$(cat "$STATE/port")"; }

healthy() {
  "$PYTHON" -c 'import sys, urllib.request; sys.exit(urllib.request.urlopen(sys.argv[1], timeout=2).status != 200)' \
    "$(url)/health" >/dev/null 2>&1
}

free_port() {
  "$PYTHON" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

port_free() {
  # SO_REUSEADDR as the server sets it: connections in TIME_WAIT from the last run do not block a restart.
  "$PYTHON" -c 'import socket,sys; s=socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(("127.0.0.1", int(sys.argv[1]))); s.close()' "$1" 2>/dev/null
}

start() {
  mkdir -p "$STATE"
  if running_pid >/dev/null && healthy; then url; return; fi
  ensure_venv
  # Keep the data of an earlier start (so a restarted server has the same runs); new one otherwise.
  if [[ ! -f "$STATE/data" ]] || [[ ! -d "$(cat "$STATE/data")" ]]; then
    mktemp -d "${TMPDIR:-/tmp}/sparc-mlflow.XXXXXX" > "$STATE/data"
  fi
  local data; data=$(cat "$STATE/data")
  local port=${SPARC_MLFLOW_PORT:-}
  if [[ -z "$port" ]]; then
    if [[ -f "$STATE/port" ]] && port_free "$(cat "$STATE/port")"; then port=$(cat "$STATE/port"); else port=$(free_port); fi
  fi
  echo "$port" > "$STATE/port"
  local auth=() workers=2
  if [[ -n "${SPARC_MLFLOW_ADMIN_PASSWORD:-}" ]]; then
    # The auth plugin reads its settings from MLFLOW_AUTH_CONFIG_PATH; its user database lives with the data.
    printf '[mlflow]\ndefault_permission = READ\ndatabase_uri = sqlite:///%s/basic_auth.db\nadmin_username = admin\nadmin_password = %s\nauthorization_function = mlflow.server.auth:authenticate_request_basic_auth\n' \
      "$data" "$SPARC_MLFLOW_ADMIN_PASSWORD" > "$STATE/basic_auth.ini"
    chmod 600 "$STATE/basic_auth.ini"
    export MLFLOW_AUTH_CONFIG_PATH="$STATE/basic_auth.ini"
    # One worker: each would create the admin user in the fresh user database at the same moment.
    auth=(--app-name basic-auth) workers=1
  fi
  # setsid: the server and its gunicorn workers get their own process group, so stop ends them all.
  setsid "$VENV/bin/mlflow" server "${auth[@]}" --host 127.0.0.1 --port "$port" --workers "$workers" \
    --backend-store-uri "sqlite:///$data/mlflow.db" --artifacts-destination "$data/artifacts" \
    > "$STATE/server.log" 2>&1 < /dev/null &
  echo $! > "$STATE/pid"
  for _ in $(seq 1 240); do
    if healthy; then url; return; fi
    running_pid >/dev/null || die "mlflow server exited during start; log: $STATE/server.log: $(tail -n 5 "$STATE/server.log")"
    sleep 0.5
  done
  stop
  die "mlflow server did not answer $(url)/health within 120 s; log: $STATE/server.log"
}

stop() {
  local pid
  if pid=$(running_pid); then
    # SIGINT: gunicorn's quick shutdown (SIGTERM waits up to 30 s for open keep-alive connections).
    kill -INT -- "-$pid" 2>/dev/null || kill -INT "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL -- "-$pid" 2>/dev/null || true
  fi
  rm -f "$STATE/pid"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  url) running_pid >/dev/null && healthy || die "no MLflow server running (state $STATE)"; url ;;
  clean) stop; if [[ -f "$STATE/data" ]]; then rm -rf "$(cat "$STATE/data")"; fi; rm -rf "$STATE" ;;
  install) ensure_venv ;;
  *) echo "usage: $0 start|stop|url|clean|install" >&2; exit 2 ;;
esac
