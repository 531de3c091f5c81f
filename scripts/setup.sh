#!/usr/bin/env bash
# Installs everything the build and the tests need on a fresh Debian machine (idempotent):
# protoc and the system OpenSSL (node build), the pinned Rust toolchain with the wasm target and
# rust-src (runtime build; RUSTUP_AUTO_INSTALL=0 means rustup will not do it by itself), and the
# npm packages of the polkadot.js tests, of zombienet (the multi-validator tests) and of the
# worker's IPFS comparisons (ipfs-unixfs-importer, @ipld/car) and of the bridge's contracts
# (forge, anvil, solc-js, OpenZeppelin); jq for the launch-ceremony scripts.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v protoc >/dev/null || need_apt+=(protobuf-compiler)
command -v pkg-config >/dev/null || need_apt+=(pkg-config)
dpkg -s libssl-dev >/dev/null 2>&1 || need_apt+=(libssl-dev)
command -v node >/dev/null || need_apt+=(nodejs npm)
command -v pkill >/dev/null || need_apt+=(procps)
command -v jq >/dev/null || need_apt+=(jq)
if [ ${#need_apt[@]} -gt 0 ]; then
	echo "setup: installing ${need_apt[*]}"
	SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
	$SUDO apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

toolchain="$(sed -n 's/^channel *= *"\(.*\)"/\1/p' rust-toolchain.toml)"
rustup toolchain list | grep -q "^$toolchain" || rustup toolchain install "$toolchain" --profile minimal
rustup target add wasm32v1-none --toolchain "$toolchain" >/dev/null
rustup component add rust-src rustfmt clippy --toolchain "$toolchain" >/dev/null

for dir in tests/js zombienet ipfs/tests/js bridges/ethereum; do
	if [ ! -d "$dir/node_modules" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules" ]; then
		(cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
	fi
done
echo "setup: done"
