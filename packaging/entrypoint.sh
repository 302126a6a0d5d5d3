#!/bin/sh
# The image's entry point: `serve` (default), `schedule`, or any other tearsheet-cli command.
set -eu
mkdir -p "${XDG_RUNTIME_DIR:-/tmp/runtime}" && chmod 700 "${XDG_RUNTIME_DIR:-/tmp/runtime}"
# Settings (provider keys, order) come from /config/config.json when it is mounted.
if [ -z "${TEARSHEET_CONFIG:-}" ] && [ -f /config/config.json ]; then
  export TEARSHEET_CONFIG=/config/config.json
fi
cmd="${1:-serve}"
[ $# -gt 0 ] && shift
case "$cmd" in
  serve) exec tearsheet-cli serve --work-dir /tmp/tearsheet-jobs "$@" ;;
  *) exec tearsheet-cli "$cmd" "$@" ;;
esac
