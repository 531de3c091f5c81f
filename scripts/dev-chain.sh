#!/usr/bin/env bash
# The main job: set up, build, and run a local development chain.
#
#   ./scripts/dev-chain.sh            # a fresh chain each time (--tmp)
#   ./scripts/dev-chain.sh --persist  # keep the chain in ./.dev-chain between runs
#
# Alice authors and finalizes blocks every 6 s; the twelve dev accounts are funded; JSON-RPC on
# ws://127.0.0.1:9944 (polkadot.js apps: "Development > Local Node"), Prometheus on :9615; the
# worker's IPFS gateway on http://127.0.0.1:8080 (repository ./.dev-chain/ipfs, kept).
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
# The worker's trustless IPFS gateway beside the chain (docs/worker.md): `dsynapse-worker ipfs add`
# into the same repository makes content fetchable at http://127.0.0.1:8080/ipfs/<cid>.
worker="$(dirname "$DSYNAPSE_NODE")/dsynapse-worker"
export DSYNAPSE_WORKER_REPO="${DSYNAPSE_WORKER_REPO:-$PWD/.dev-chain/ipfs}"
"$worker" ipfs serve --listen 127.0.0.1:8080 &
gateway=$!
trap 'kill "$gateway" 2>/dev/null || true' EXIT
echo "dev-chain: IPFS gateway on http://127.0.0.1:8080 (repository $DSYNAPSE_WORKER_REPO)"
echo "dev-chain: starting $DSYNAPSE_NODE --dev (Ctrl-C stops it)"
"$DSYNAPSE_NODE" --dev "${storage[@]}" --rpc-cors all "$@"
