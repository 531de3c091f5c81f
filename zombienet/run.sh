#!/usr/bin/env bash
# Runs the zombienet tests: every zombienet/0*.zndsl, or the ones named.
#   zombienet/run.sh                                   # all of them, one after the other
#   zombienet/run.sh --parallel                        # ZN_JOBS (3) at a time, longest first (CI)
#   zombienet/run.sh 0002-validator-join-and-leave.zndsl
# Needs the node built (cargo build --release --workspace) and the npm packages of this
# directory (installed here on first use). Each network lives in a fresh directory under /tmp
# (kept when a test fails; its node logs are there). Prints one "zombienet:" line per test with
# its result and wall-clock time. Once started, the tests mostly wait for blocks and eras, so
# running several at once costs little CPU: 13 nodes on 2 cores keep their 6-second slots;
# starting them is what costs (below).
set -euo pipefail
cd "$(dirname "$0")"
source ../scripts/env.sh
parallel=0
if [ "${1:-}" = "--parallel" ]; then
	parallel=1
	shift
fi
if [ ! -x "$DSYNAPSE_NODE" ]; then
	echo "no node binary at $DSYNAPSE_NODE: run cargo build --release --workspace first" >&2
	exit 1
fi
if [ ! -x node_modules/.bin/zombienet ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
	npm ci --no-audit --no-fund --loglevel=error
fi
export DSYNAPSE_NODE
# Networks may name files of this repository and of their own test directory (the launch
# ceremony writes its keys there): networks/*.toml see these as {{DSYNAPSE_REPO}} and
# {{ZOMBIENET_DIR}}.
DSYNAPSE_REPO="$(cd .. && pwd)"
export DSYNAPSE_REPO
tests=("$@")
[ ${#tests[@]} -gt 0 ] || tests=(0*.zndsl)

# Runs one test; its output goes to stdout. Returns its exit code.
run_one() {
	local t dir start rc secs
	t="$(basename "$1")"
	dir="$(mktemp -d "/tmp/zombienet-${t%.zndsl}-XXXX")"
	export ZOMBIENET_DIR="$dir"
	# Each test's nodes listen on ports of their own, below the kernel's ephemeral range
	# (32768 and up), where zombienet's default random ports lie: those can be taken between
	# being picked and being bound by a node or a connection of the tests running beside.
	# 0001 gets 21100–21199, 0002 21200–21299, …; networks/*.toml read {{ZN_PORT_BASE}}.
	export ZN_PORT_BASE=$((21000 + 100 * 10#${t%%-*}))
	start=$(date +%s)
	rc=0
	# -f only answers zombienet's prompts. Zombienet runs every step even after one fails (each
	# script that needs an earlier one's result says so and fails at once); it spawns the nodes
	# as children and kills them when the test ends; its exit code is the number of failed steps.
	node_modules/.bin/zombienet -p native -d "$dir" -f test "$t" || rc=$?
	# Processes a script started beside the network (extra nodes, anvil, relayers) name a file
	# under its directory in their arguments: they die with it.
	pkill -9 -f -- "$dir/" 2>/dev/null || true
	secs=$(($(date +%s) - start))
	if [ "$rc" -eq 0 ]; then
		echo "zombienet: $t passed in ${secs} s"
		rm -rf "$dir"
	else
		echo "zombienet: $t FAILED in ${secs} s (rc $rc); logs in $dir"
	fi
	return "$rc"
}

failed=0
if [ "$parallel" -eq 1 ]; then
	logs=()
	pids=()
	# At most ZN_JOBS networks at once: each node spends about 26 CPU-seconds building its
	# genesis before it answers, so five networks starting together (17 nodes) beside the other
	# suites kept 2 cores busy for minutes and steps timed out. The longest tests (measured alone:
	# 0002 about 580 s, 0001 380, 0003 340, 0005 180, 0004 130) start first, so the last two
	# start as the first of those end and the whole still ends with 0002.
	jobs="${ZN_JOBS:-3}"
	order=(0002 0001 0003 0005 0004)
	sorted=()
	for n in "${order[@]}"; do
		for t in "${tests[@]}"; do [[ "$t" == "$n"-* ]] && sorted+=("$t"); done
	done
	for t in "${tests[@]}"; do
		[[ " ${order[*]} " == *" ${t%%-*} "* ]] || sorted+=("$t")
	done
	running=0
	for t in "${sorted[@]}"; do
		if [ "$running" -ge "$jobs" ]; then
			wait -n || failed=1
			running=$((running - 1))
		fi
		log="$(mktemp "/tmp/zombienet-log-XXXX")"
		logs+=("$log")
		run_one "$t" > "$log" 2>&1 &
		pids+=($!)
		running=$((running + 1))
		# Stagger the starts: each network builds its chain spec first.
		sleep 5
	done
	while [ "$running" -gt 0 ]; do
		wait -n || failed=1
		running=$((running - 1))
	done
	# Each test's output in one piece, the failed ones last (nearest the summary, and in what a
	# truncated CI log keeps), then the result lines together.
	for log in "${logs[@]}"; do
		if ! grep -q '^zombienet: .* FAILED' "$log"; then cat "$log"; fi
	done
	for log in "${logs[@]}"; do
		if grep -q '^zombienet: .* FAILED' "$log"; then cat "$log"; fi
	done
	grep -h '^zombienet: ' "${logs[@]}"
	rm -f "${logs[@]}"
else
	for t in "${tests[@]}"; do
		run_one "$t" || failed=1
	done
fi
exit "$failed"
