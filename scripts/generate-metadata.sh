#!/usr/bin/env bash
# Regenerates client/metadata/dsynapse.scale (the metadata dsynapse-client generates its typed
# API from) from a dev node. Run after any runtime change that alters calls, events, storage or
# runtime APIs.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
source scripts/dev-node.sh
cargo build --release --workspace
start_dev_node
wait_rpc
# Metadata v15 (it describes the runtime APIs, which v14 does not): the call returns
# Option<Vec<u8>>: 0x01, a compact length, the metadata.
rpc state_call '["Metadata_metadata_at_version","0x0f000000"]' |
	python3 -c '
import json, sys
raw = bytes.fromhex(json.load(sys.stdin)["result"][2:])
assert raw[0] == 1, "the node has no metadata v15"
mode = raw[1] & 3
skip = {0: 1, 1: 2, 2: 4}.get(mode, 1 + (raw[1] >> 2) + 4)
sys.stdout.buffer.write(raw[1 + skip:])
'> client/metadata/dsynapse.scale
ls -l client/metadata/dsynapse.scale
