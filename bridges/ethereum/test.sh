#!/usr/bin/env bash
# Installs the pinned toolchain (npm ci, when node_modules is missing or older than the lock file)
# and runs the contracts' tests with forge. Exit code: forge's. Extra arguments go to `forge test`.
set -uo pipefail
cd "$(dirname "$0")"

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules ]; then
    npm ci --no-audit --no-fund || exit $?
    touch node_modules
fi

FORGE=node_modules/@foundry-rs/forge-linux-amd64/bin/forge
"$FORGE" test "$@"
rc=$?
echo "gas figures: $(pwd)/gas.md (written by test/Gas.t.sol::test_gas_report)"
exit $rc
