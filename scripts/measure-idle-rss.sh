#!/usr/bin/env bash
# Measures the resident memory of an idle `dsynapse-node --dev` after N blocks (default 100,
# i.e. ~10 minutes at 6 s per block). Prints one line: blocks, seconds, VmRSS and VmHWM in MiB.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
source scripts/dev-node.sh
blocks="${1:-100}"
start_dev_node
start=$(date +%s)
best=0
while [ "$best" -lt "$blocks" ]; do
	sleep 5
	best=$(rpc chain_getHeader |
		python3 -c 'import json,sys; print(int(json.load(sys.stdin)["result"]["number"],16))' || echo 0)
done
rss=$(awk '/VmRSS/ {print int($2/1024)}' "/proc/$dev_node_pid/status")
hwm=$(awk '/VmHWM/ {print int($2/1024)}' "/proc/$dev_node_pid/status")
echo "blocks=$best seconds=$(( $(date +%s) - start )) rss_mib=$rss peak_rss_mib=$hwm"
