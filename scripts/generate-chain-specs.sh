#!/usr/bin/env bash
# Regenerates chain-spec/{dev,local,testnet}.json (plain) and chain-spec/testnet-raw.json from the
# presets in the runtime. Run after changing a preset or the runtime; commit the result.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
cargo build --release --workspace
for chain in dev local testnet; do
	"$DSYNAPSE_NODE" export-chain-spec --chain "$chain" > "chain-spec/$chain.json"
done
"$DSYNAPSE_NODE" export-chain-spec --chain testnet --raw > chain-spec/testnet-raw.json
ls -l chain-spec/*.json
