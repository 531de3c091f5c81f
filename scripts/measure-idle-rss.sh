#!/usr/bin/env bash
# Measures the resident memory of an idle `dsynapse-node --dev` after N blocks (default 100,
# i.e. ~10 minutes at 6 s per block). Prints one line: blocks, seconds, VmRSS and VmHWM in MiB.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
blocks="${1:-100}"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$DSYNAPSE_NODE" --dev --tmp --rpc-port "$port" --port 0 --prometheus-port 0 --no-telemetry 2>/dev/null &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
start=$(date +%s)
best=0
while [ "$best" -lt "$blocks" ]; do
	sleep 5
	best=$(curl -sf -H 'content-type: application/json' \
		-d '{"jsonrpc":"2.0","id":1,"method":"chain_getHeader","params":[]}' "http://127.0.0.1:$port" |
		python3 -c 'import json,sys; print(int(json.load(sys.stdin)["result"]["number"],16))' || echo 0)
done
rss=$(awk '/VmRSS/ {print int($2/1024)}' "/proc/$pid/status")
hwm=$(awk '/VmHWM/ {print int($2/1024)}' "/proc/$pid/status")
echo "blocks=$best seconds=$(( $(date +%s) - start )) rss_mib=$rss peak_rss_mib=$hwm"
