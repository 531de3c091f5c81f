#!/usr/bin/env bash
# The main job: set up, build, and run a local development chain.
#
#   ./scripts/dev-chain.sh            # a fresh chain each time (--tmp)
#   ./scripts/dev-chain.sh --persist  # keep the chain in ./.dev-chain between runs
#
# Alice authors and finalizes blocks every 6 s; the twelve dev accounts are funded; JSON-RPC on
# ws://127.0.0.1:9944 (polkadot.js apps: "Development > Local Node"), Prometheus on :9615; the
# worker's IPFS gateway on http://127.0.0.1:8080 (repository ./.dev-chain/ipfs, kept); and the
# Ethereum bridge's other side (scripts/dev-bridge.js): anvil on http://127.0.0.1:8545 with the
# contracts deployed and a relayer, ethBridge.lock open (docs/bridge.md). DSYNAPSE_DEV_BRIDGE=0
# leaves the bridge out.
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
bridge=""
trap 'kill $gateway $bridge 2>/dev/null || true; wait 2>/dev/null || true' EXIT
echo "dev-chain: IPFS gateway on http://127.0.0.1:8080 (repository $DSYNAPSE_WORKER_REPO)"
if [ "${DSYNAPSE_DEV_BRIDGE:-1}" != 0 ]; then
	# A kept chain keeps its bridge (anvil's state, the contracts, the relayer's progress).
	if [ "${storage[0]}" = "--tmp" ]; then
		bridge_dir="$(mktemp -d)"
		trap 'kill $gateway $bridge 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$bridge_dir"' EXIT
	else
		bridge_dir="$PWD/.dev-chain/bridge"
	fi
	node scripts/dev-bridge.js "$bridge_dir" &
	bridge=$!
fi
echo "dev-chain: starting $DSYNAPSE_NODE --dev (Ctrl-C stops it)"
"$DSYNAPSE_NODE" --dev "${storage[@]}" --rpc-cors all "$@"
