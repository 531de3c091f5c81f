#!/usr/bin/env bash
# Runs every test and check of the repository (what CI runs):
# formatting, clippy (runtime lints denied), the release build, the Rust tests (runtime
# integration + end-to-end against the real node), the polkadot.js end-to-end tests, and the
# zombienet multi-validator tests (zombienet/).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
./scripts/setup.sh

# Each step's line carries the minutes and seconds since the start (BUILDING.md's CI figures).
elapsed() { printf '%d:%02d' $((SECONDS / 60)) $((SECONDS % 60)); }
step() { printf '\n==> [%s] %s\n' "$(elapsed)" "$*"; }
log="$(mktemp)"
trap 'rm -f "$log"' EXIT

step "cargo fmt --check"
cargo fmt --all -- --check

step "cargo build --release"
cargo build --release --workspace

# Clippy in the release profile reuses the build's proc-macros and build-script outputs
# (binaryen, the runtime wasm) instead of compiling them a second time.
step "cargo clippy (warnings are errors; runtime and pallets deny unwrap/expect/indexing/arithmetic)"
cargo clippy --release --workspace --all-targets -- -D warnings
SKIP_WASM_BUILD=1 cargo clippy --release --workspace --all-targets \
	--features dsynapse-node/fast-runtime -- -D warnings

step "cargo test --release (build)"
cargo test --release --workspace --no-run

# The polkadot.js tests, the zombienet multi-validator tests and the Rust end-to-end tests mostly
# wait for 6-second blocks and 2-minute eras on their own nodes (free ports each): they run side
# by side (scripts/cargo-tests.sh runs the e2e binaries four at a time), the JS and zombienet
# output kept apart and shown after.
step "polkadot.js and zombienet tests (in the background) and the Rust tests"
js_log="$(mktemp)"
zn_log="$(mktemp)"
bench_log="$(mktemp)"
forge_log="$(mktemp)"
trap 'rm -f "$log" "$js_log" "$zn_log" "$bench_log" "$forge_log"' EXIT
(cd tests/js && npm test) > "$js_log" 2>&1 &
js_pid=$!
# The benchmarks as tests build in their own target folder (no lock shared with the tests):
# their compilation overlaps the tests' waits.
scripts/bench-tests.sh > "$bench_log" 2>&1 &
bench_pid=$!
zombienet/run.sh --parallel > "$zn_log" 2>&1 &
zn_pid=$!
rust_rc=0
scripts/cargo-tests.sh 2>&1 | tee -a "$log" || rust_rc=$?
# The bridge's Ethereum contracts: forge unit, fuzz and invariant tests (about 4 CPU-minutes),
# once the Rust tests are done: beside the nodes starting at the beginning of this step they
# slowed those starts past their timeouts; here they overlap the zombienet tests' last minutes.
bridges/ethereum/test.sh > "$forge_log" 2>&1 &
forge_pid=$!
js_rc=0
wait "$js_pid" || js_rc=$?
step "polkadot.js tests: output"
tee -a "$log" < "$js_log"

step "Ethereum contracts (forge): output"
forge_rc=0
wait "$forge_pid" || forge_rc=$?
sed 's/\x1b\[[0-9;]*m//g' "$forge_log" | tee -a "$log" | grep -E '^Ran |FAIL|gas figures' || true

step "benchmarks as tests (each pallet's mock runtime, runtime-benchmarks on): output"
bench_rc=0
wait "$bench_pid" || bench_rc=$?
tee -a "$log" < "$bench_log"

step "zombienet tests: output"
zn_rc=0
wait "$zn_pid" || zn_rc=$?
# The step tables without colours, the scripts' own lines (what they measured), and the
# per-test result lines at the end.
sed 's/\x1b\[[0-9;]*m//g' "$zn_log" | tee -a "$log" | grep -E '✅|❌|^zombienet: |Error|^    [0-9]{2}:[0-9]{2}:[0-9]{2} ' || true

# One closing line over both runners.
count() { awk -v word="$1" '/^test result:/ { for (i = 1; i < NF; i++) if ($(i + 1) ~ "^" word) s += $i } END { print s + 0 }' "$log"; }
passed=$(count passed)
failed=$(count failed)
js_pass=$(sed -nE 's/^ℹ pass ([0-9]+)$/\1/p' "$log" | tail -1)
js_fail=$(sed -nE 's/^ℹ fail ([0-9]+)$/\1/p' "$log" | tail -1)
# run.sh prints each test's result line twice (in its output, then in the closing list).
zn_pass=$( (grep '^zombienet: .* passed in' "$log" || true) | sort -u | wc -l)
zn_fail=$( (grep '^zombienet: .* FAILED in' "$log" || true) | sort -u | wc -l)
# forge: "Ran N test suites in …: P tests passed, F failed, S skipped (T total tests)".
forge_pass=$(sed 's/\x1b\[[0-9;]*m//g' "$forge_log" | sed -nE 's/^Ran [0-9]+ test suites? .*: ([0-9]+) tests passed, ([0-9]+) failed.*/\1/p' | tail -1)
forge_fail=$(sed 's/\x1b\[[0-9;]*m//g' "$forge_log" | sed -nE 's/^Ran [0-9]+ test suites? .*: ([0-9]+) tests passed, ([0-9]+) failed.*/\2/p' | tail -1)
printf '\nsummary: %d passed, %d failed (%s)\n' "$((passed + ${js_pass:-0} + zn_pass + ${forge_pass:-0}))" "$((failed + ${js_fail:-0} + zn_fail + ${forge_fail:-0}))" "$(elapsed)"
[ "$rust_rc" -eq 0 ] && [ "$js_rc" -eq 0 ] && [ "$zn_rc" -eq 0 ] && [ "$bench_rc" -eq 0 ] && [ "$forge_rc" -eq 0 ] || {
	echo "tests failed (cargo: $rust_rc, polkadot.js: $js_rc, zombienet: $zn_rc, benchmarks: $bench_rc, forge: $forge_rc)"
	exit 1
}

