#!/usr/bin/env bash
# The launch ceremony, as four operators and a coordinator would run it (docs/validator.md,
# "Launching a network"), for the zombienet test 0004: zombienet runs it as the network's
# `chain_spec_command` and starts the nodes from the raw spec it prints.
#
#   zombienet/scripts/launch-ceremony.sh DIR > spec.json
#
# 1. Each operator generates its own keys (scripts/operator-keys.sh DIR/operator-N): only the
#    public keys leave DIR/operator-N; the session keys go into DIR/operator-N/keystore, which
#    the operator's node is started with.
# 2. The coordinator writes the allocation (DIR/allocation.json): the four validators, a faucet
#    and two cancellers with keys of their own.
# 3. The builder refuses the same allocation with Alice's development key in place of operator
#    3's GRANDPA key; its error goes to DIR/refused.txt (the test reads it).
# 4. `dsynapse-node launch-spec` builds DIR/ceremony.json and DIR/ceremony-raw.json; the raw spec
#    goes to stdout.
# Progress goes to stderr. Needs DSYNAPSE_NODE and jq.
set -euo pipefail
dir="${1:?usage: launch-ceremony.sh DIR}"
repo="$(cd "$(dirname "$0")/../.." && pwd)"
node="${DSYNAPSE_NODE:?DSYNAPSE_NODE names the node binary}"
mkdir -p "$dir"
for n in 1 2 3 4; do
	"$repo/scripts/operator-keys.sh" "$dir/operator-$n" > /dev/null
	echo "operator $n: $(jq -c . "$dir/operator-$n/public.json")" >&2
done
for who in faucet canceller-1 canceller-2; do
	(umask 077; "$node" key generate --scheme sr25519 --output-type json > "$dir/$who.json")
done
ss58() { jq -r .ss58Address "$dir/$1.json"; }
jq -n --slurpfile o1 "$dir/operator-1/public.json" --slurpfile o2 "$dir/operator-2/public.json" \
	--slurpfile o3 "$dir/operator-3/public.json" --slurpfile o4 "$dir/operator-4/public.json" \
	--arg faucet "$(ss58 faucet)" --arg c1 "$(ss58 canceller-1)" --arg c2 "$(ss58 canceller-2)" \
	'{name: "dsynapse Ceremony", id: "ceremony", validators: [$o1[0], $o2[0], $o3[0], $o4[0]],
	  balances: [[$faucet, 1000000], [$c1, 100], [$c2, 100]], cancellers: [$c1, $c2]}' \
	> "$dir/allocation.json"

alice_grandpa="$("$node" key inspect --scheme ed25519 --output-type json //Alice | jq -r .ss58Address)"
jq --arg g "$alice_grandpa" '.validators[2].grandpa = $g' "$dir/allocation.json" > "$dir/with-dev-key.json"
if "$node" launch-spec --allocation "$dir/with-dev-key.json" --out "$dir/refused" 2> "$dir/refused.txt"; then
	echo "launch-spec accepted an allocation holding //Alice's GRANDPA key" >&2
	exit 1
fi
echo "refused: $(cat "$dir/refused.txt")" >&2

"$node" launch-spec --allocation "$dir/allocation.json" --out "$dir" >&2
cat "$dir/ceremony-raw.json"
