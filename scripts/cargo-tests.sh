#!/usr/bin/env bash
# Runs the workspace's Rust tests (what `cargo test --release --workspace` runs), faster:
# every test binary is built once, then the end-to-end binaries of tests/e2e — each starts its
# own nodes on free ports and mostly waits for 6-second blocks — run up to DSYNAPSE_E2E_JOBS
# (default 4) at a time, beside the other binaries, which run one after another. Each binary
# runs from its package's folder, as cargo runs it. Outputs are printed in a fixed order, each
# under a `Running` line, with cargo's own `test result:` lines (what scripts/test.sh counts),
# then the doc-tests. Exits non-zero when any binary failed, after all of them ran.
#
#   scripts/cargo-tests.sh                 # everything
#   DSYNAPSE_E2E_JOBS=1 scripts/cargo-tests.sh   # the end-to-end binaries one at a time
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
jobs="${DSYNAPSE_E2E_JOBS:-4}"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# The test binaries: package folder, package, kind, target name, executable (one per line).
cargo test --release --workspace --no-run --message-format=json-render-diagnostics |
	node -e '
		const lines = require("fs").readFileSync(0, "utf8").split("\n");
		const out = [];
		for (const line of lines) {
			if (!line.startsWith("{")) continue;
			const m = JSON.parse(line);
			if (m.reason !== "compiler-artifact" || !m.profile.test || !m.executable) continue;
			const dir = require("path").dirname(m.manifest_path);
			const pkg = m.package_id.replace(/.*[#/]/, "").replace(/@.*/, "");
			out.push([dir, pkg, m.target.kind[0], m.target.name, m.executable].join("\t"));
		}
		out.sort();
		console.log(out.join("\n"));
	' > "$work/binaries"

run_one() { # index dir exe
	local started=$SECONDS rc=0
	(cd "$2" && "$3") > "$work/$1.out" 2>&1 || rc=$?
	echo "$rc $((SECONDS - started))" > "$work/$1.rc"
}

e2e=()
others=()
i=0
while IFS=$'\t' read -r dir pkg kind name exe; do
	[ -n "$exe" ] || continue
	echo "$pkg $kind $name" > "$work/$i.name"
	if [ "$pkg" = "dsynapse-e2e" ] && [ "$kind" = "test" ]; then
		e2e+=("$i"$'\t'"$dir"$'\t'"$exe")
	else
		others+=("$i"$'\t'"$dir"$'\t'"$exe")
	fi
	i=$((i + 1))
done < "$work/binaries"
echo "test binaries: ${#others[@]} run one after another, ${#e2e[@]} end-to-end up to $jobs at a time"

# The end-to-end pool, in the background, the longest binaries first (measured: governance
# about 6 minutes, tokenomics 5, workers 3.5, the others under 2.5) so the pool ends together.
slow_first() {
	local first=(governance tokenomics workers local_network) entry name
	for name in "${first[@]}"; do
		for entry in "${e2e[@]}"; do
			[ "$(cut -d' ' -f3 < "$work/${entry%%$'\t'*}.name")" = "$name" ] && echo "$entry"
		done
	done
	for entry in "${e2e[@]}"; do
		name="$(cut -d' ' -f3 < "$work/${entry%%$'\t'*}.name")"
		[[ " ${first[*]} " == *" $name "* ]] || echo "$entry"
	done
}
mapfile -t e2e < <(slow_first)
(
	running=0
	for entry in "${e2e[@]}"; do
		IFS=$'\t' read -r idx dir exe <<< "$entry"
		if [ "$running" -ge "$jobs" ]; then
			wait -n || true
			running=$((running - 1))
		fi
		run_one "$idx" "$dir" "$exe" &
		running=$((running + 1))
	done
	wait
) &
pool=$!

for entry in "${others[@]}"; do
	IFS=$'\t' read -r idx dir exe <<< "$entry"
	run_one "$idx" "$dir" "$exe"
done
wait "$pool"

failed=0
for ((j = 0; j < i; j++)); do
	read -r rc secs < "$work/$j.rc"
	printf '\n     Running %s (%d s)\n' "$(cat "$work/$j.name")" "$secs"
	cat "$work/$j.out"
	if [ "$rc" -ne 0 ]; then
		echo "FAILED: $(cat "$work/$j.name") exited with $rc"
		failed=1
	fi
done

printf '\n     Doc-tests\n'
cargo test --release --workspace --doc || failed=1
exit "$failed"
