# Sourced by the other scripts: where cargo builds, and the node binary it produces.
# The build cache lives outside the clone when /var/cache is writable (root, CI), so that fresh
# clones reuse it; otherwise in ./target. Override with CARGO_TARGET_DIR.
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ -z "${CARGO_TARGET_DIR:-}" ]; then
	if mkdir -p /var/cache/dsynapse/target 2>/dev/null && [ -w /var/cache/dsynapse/target ]; then
		export CARGO_TARGET_DIR=/var/cache/dsynapse/target
	else
		export CARGO_TARGET_DIR="$repo_root/target"
	fi
fi
export DSYNAPSE_NODE="${DSYNAPSE_NODE:-$CARGO_TARGET_DIR/release/dsynapse-node}"
