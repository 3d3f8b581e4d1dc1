#!/usr/bin/env bash
# Serve Essaim as `make run` does: the background worker (exports, imports, e-mails) next to
# gunicorn on 127.0.0.1:$PORT. Stopping the server stops the worker.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
PORT=${PORT:-8000}
"$BIN/essaim" worker &
worker=$!
trap 'kill "$worker" 2>/dev/null || true; wait "$worker" 2>/dev/null || true' EXIT
"$BIN/gunicorn" essaim.wsgi --bind "127.0.0.1:$PORT" --workers 2 --access-logfile - --error-logfile -
