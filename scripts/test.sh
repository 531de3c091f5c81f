#!/usr/bin/env bash
# Runs every test and check of the repository (what CI runs):
# formatting, clippy (runtime lints denied), the release build, the Rust tests (runtime
# integration + end-to-end against the real node), and the polkadot.js end-to-end tests.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
./scripts/setup.sh

step() { printf '\n==> %s\n' "$*"; }

step "cargo fmt --check"
cargo fmt --all -- --check

step "cargo clippy (warnings are errors; runtime and pallets deny unwrap/expect/indexing/arithmetic)"
SKIP_WASM_BUILD=1 cargo clippy --workspace --all-targets -- -D warnings
SKIP_WASM_BUILD=1 cargo clippy --workspace --all-targets --features dsynapse-node/fast-runtime -- -D warnings

step "cargo build --release"
cargo build --release --workspace

step "cargo test --release"
cargo test --release --workspace

step "polkadot.js tests"
(cd tests/js && npm test)
