#!/usr/bin/env bash
# Refreshes tests/e2e/metadata/dsynapse.scale (the metadata subxt generates its typed API from)
# from a running dev node. Run after any runtime change that alters calls, events or storage.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
cargo build --release --workspace
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$DSYNAPSE_NODE" --dev --tmp --rpc-port "$port" --port 0 --prometheus-port 0 --no-telemetry 2>/dev/null &
pid=$!
tmp=$(mktemp)
trap 'kill $pid 2>/dev/null || true; rm -f "$tmp"' EXIT
for _ in $(seq 1 120); do
	if curl -sf -H 'content-type: application/json' -o "$tmp" \
		-d '{"jsonrpc":"2.0","id":1,"method":"state_getMetadata","params":[]}' "http://127.0.0.1:$port"; then
		python3 -c 'import json,sys; sys.stdout.buffer.write(bytes.fromhex(json.load(open(sys.argv[1]))["result"][2:]))' \
			"$tmp" > tests/e2e/metadata/dsynapse.scale
		ls -l tests/e2e/metadata/dsynapse.scale
		exit 0
	fi
	sleep 0.5
done
echo "update-metadata: the node did not answer" >&2
exit 1
