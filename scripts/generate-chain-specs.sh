#!/usr/bin/env bash
# Regenerates the committed chain specs: chain-spec/{dev,local}.json (plain) from the runtime's
# presets, and chain-spec/testnet.json and testnet-raw.json from the testnet's launch allocation
# (chain-spec/testnet-allocation.json: the operators' public keys) by the launch ceremony.
# Run after changing a preset, the genesis or the runtime; commit the result. The node embeds
# testnet-raw.json (`--chain testnet`), so it is built again at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
cargo build --release --workspace
for chain in dev local; do
	"$DSYNAPSE_NODE" export-chain-spec --chain "$chain" > "chain-spec/$chain.json"
done
"$DSYNAPSE_NODE" launch-spec --allocation chain-spec/testnet-allocation.json --out chain-spec --stem testnet
cargo build --release --workspace
ls -l chain-spec/*.json
