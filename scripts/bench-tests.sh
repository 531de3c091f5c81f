#!/usr/bin/env bash
# Runs the benchmarks of our pallets as tests in their mock runtimes (every benchmark's setup,
# call and verification), in the benchmark target folder so the main build keeps its features.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
export CARGO_TARGET_DIR="${BENCH_TARGET_DIR:-$(dirname "$CARGO_TARGET_DIR")/bench-target}"
cargo test --release --lib \
	-p pallet-registry -p pallet-verification -p pallet-tokenomics -p pallet-governance \
	-p pallet-eth-bridge \
	--features pallet-registry/runtime-benchmarks,pallet-verification/runtime-benchmarks,pallet-tokenomics/runtime-benchmarks,pallet-governance/runtime-benchmarks,pallet-eth-bridge/runtime-benchmarks \
	-- benchmarking
