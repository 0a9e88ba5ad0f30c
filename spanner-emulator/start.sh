#!/usr/bin/env bash
# Starts the Cloud Spanner emulator binaries (Debian package google-cloud-cli-spanner-emulator)
# on free loopback ports, prints the SPANNER_EMULATOR_HOST to export, and stops them on exit.
# Usage: spanner-emulator/start.sh [--no-fault-injection]
# The schema lives once in functions/adapter-spanner/src/main/resources/db/spanner/ and is
# applied by ./dev up and the tests, not here.
set -euo pipefail
dir=${BLUEMARBLE_SPANNER_EMULATOR_DIR:-/usr/lib/google-cloud-sdk/bin/cloud_spanner_emulator}
if [ ! -x "$dir/gateway_main" ]; then
  echo "No emulator in $dir: install google-cloud-cli-spanner-emulator (Google Cloud's apt repository)" >&2
  exit 1
fi
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
grpc_port=${GRPC_PORT:-$(free_port)}
http_port=${HTTP_PORT:-$(free_port)}
flags=(--enable_fault_injection)
[ "${1:-}" = "--no-fault-injection" ] && flags=()
setsid "$dir/gateway_main" --hostname 127.0.0.1 --grpc_port "$grpc_port" --http_port "$http_port" \
  --grpc_binary "$dir/emulator_main" "${flags[@]}" &
group=$!
# kill the whole group (gateway and its emulator_main child); spelled "-s SIG -- -PGID" on purpose
trap '/usr/bin/kill -s TERM -- "-$group" 2>/dev/null || true' EXIT INT TERM
for _ in $(seq 1 100); do
  (exec 3<>"/dev/tcp/127.0.0.1/$grpc_port") 2>/dev/null && break
  sleep 0.1
done
echo "export SPANNER_EMULATOR_HOST=127.0.0.1:$grpc_port   # Ctrl-C stops the emulator"
wait "$group"
