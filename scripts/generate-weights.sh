#!/usr/bin/env bash
# Regenerates the weights of dsynapse's pallets from frame-benchmarking runs on the real runtime
# (wasm, ParityDB weights): builds dsynapse-node with `runtime-benchmarks` in its own target
# folder (so the main build cache keeps its features), runs the pallets' benchmark test suites in
# their mock runtimes, then `dsynapse-node benchmark pallet` for each pallet, writing
# runtime/src/weights/<pallet>.rs.
#
#   scripts/generate-weights.sh                 # all of our pallets, 10 steps × 5 repeats (about 3 min)
#   STEPS=10 REPEAT=5 scripts/generate-weights.sh pallet_verification
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
export CARGO_TARGET_DIR="${BENCH_TARGET_DIR:-$(dirname "$CARGO_TARGET_DIR")/bench-target}"
features=dsynapse-node/runtime-benchmarks
# frame-benchmarking-cli carries a test runtime for `benchmark storage` (not used here) whose
# wasm build cannot resolve itself from this workspace: skip it.
export SKIP_FRAME_STORAGE_ACCESS_TEST_RUNTIME_WASM_BUILD=1

pallets=("$@")
[ ${#pallets[@]} -gt 0 ] || pallets=(pallet_registry pallet_verification pallet_tokenomics
	pallet_governance pallet_eth_bridge pallet_referenda pallet_scheduler pallet_preimage)

# The benchmarks first run as tests in each pallet's mock runtime (what CI runs too).
scripts/bench-tests.sh
cargo build --release --workspace --features "$features"

node="$CARGO_TARGET_DIR/release/dsynapse-node"
for pallet in "${pallets[@]}"; do
	"$node" benchmark pallet \
		--chain dev \
		--pallet "$pallet" \
		--extrinsic '*' \
		--steps "${STEPS:-10}" \
		--repeat "${REPEAT:-5}" \
		--heap-pages 4096 \
		--header scripts/weights-header.txt \
		--output "runtime/src/weights/$pallet.rs"
done

# The generated files follow the repository formatting.
cargo fmt --all
