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
		-d '{"jsonrpc":"2.0","id":1,"method":"state_call","params":["Metadata_metadata_at_version","0x0f000000"]}' \
		"http://127.0.0.1:$port"; then
		# Metadata v15 (it describes the runtime APIs, which v14 does not): the call returns
		# Option<Vec<u8>>: 0x01, a compact length, the metadata.
		python3 - "$tmp" > tests/e2e/metadata/dsynapse.scale <<'PY'
import json, sys
raw = bytes.fromhex(json.load(open(sys.argv[1]))["result"][2:])
assert raw[0] == 1, "the node has no metadata v15"
mode = raw[1] & 3
skip = {0: 1, 1: 2, 2: 4}.get(mode, 1 + (raw[1] >> 2) + 4)
sys.stdout.buffer.write(raw[1 + skip:])
PY
		ls -l tests/e2e/metadata/dsynapse.scale
		# subxt's macro reads the file at compile time without telling cargo: make the tests
		# that embed it recompile.
		touch tests/e2e/tests/*.rs tests/e2e/src/chain.rs inference-worker/src/verifier/chain.rs
		exit 0
	fi
	sleep 0.5
done
echo "update-metadata: the node did not answer" >&2
exit 1
