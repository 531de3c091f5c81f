#!/usr/bin/env bash
# The main job: set up, build, and run a local development chain.
#
#   ./scripts/dev-chain.sh            # a fresh chain each time (--tmp)
#   ./scripts/dev-chain.sh --persist  # keep the chain in ./.dev-chain between runs
#
# Alice authors and finalizes blocks every 6 s; the twelve dev accounts are funded; JSON-RPC on
# ws://127.0.0.1:9944 (polkadot.js apps: "Development > Local Node"), Prometheus on :9615.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
./scripts/setup.sh
cargo build --release --workspace

storage=(--tmp)
if [ "${1:-}" = "--persist" ]; then
	storage=(--base-path "$PWD/.dev-chain")
	shift
fi
echo "dev-chain: starting $DSYNAPSE_NODE --dev (Ctrl-C stops it)"
exec "$DSYNAPSE_NODE" --dev "${storage[@]}" --rpc-cors all "$@"
