#!/usr/bin/env bash
# A validator operator's part of the launch ceremony (docs/validator.md, "Launching a network"):
# generates the operator's own keys on this machine and prints the public keys to hand in.
#
#   scripts/operator-keys.sh DIR
#
# DIR (created, mode 700) receives:
#   stash.json     the stash account: its secret phrase controls the bonded funds. Move it
#                  offline (paper, hardware wallet) once the public key is handed in.
#   session.json   the session seed: BABE (sr25519), GRANDPA (ed25519) and BEEFY (ecdsa) of one phrase.
#   keystore/      the session keys, ready for `dsynapse-node --validator --keystore-path DIR/keystore`.
#   public.json    what the operator hands in: {"stash", "babe", "grandpa"} as SS58, "beefy" as
#                  the compressed public key in hex.
# Nothing secret is printed; public.json is printed on stdout.
# DSYNAPSE_NODE (scripts/env.sh sets it) names the node binary.
set -euo pipefail
dir="${1:?usage: scripts/operator-keys.sh DIR}"
source "$(dirname "$0")/env.sh"
node="$DSYNAPSE_NODE"
if [ -e "$dir/stash.json" ]; then
	echo "$dir already holds keys: refusing to overwrite them" >&2
	exit 1
fi
mkdir -p "$dir"
chmod 700 "$dir"
umask 077
"$node" key generate --scheme sr25519 --output-type json > "$dir/stash.json"
"$node" key generate --scheme sr25519 --output-type json > "$dir/session.json"
phrase="$(jq -r .secretPhrase "$dir/session.json")"
grandpa="$("$node" key inspect --scheme ed25519 --output-type json "$phrase" | jq -r .ss58Address)"
beefy="$("$node" key inspect --scheme ecdsa --output-type json "$phrase" | jq -r .publicKey)"
# The keystore holds the session keys only: the node signs blocks and votes with them, never
# with the stash.
"$node" key insert --keystore-path "$dir/keystore" --scheme sr25519 --key-type babe --suri "$phrase"
"$node" key insert --keystore-path "$dir/keystore" --scheme ed25519 --key-type gran --suri "$phrase"
"$node" key insert --keystore-path "$dir/keystore" --scheme ecdsa --key-type beef --suri "$phrase"
jq -n --arg stash "$(jq -r .ss58Address "$dir/stash.json")" \
	--arg babe "$(jq -r .ss58Address "$dir/session.json")" --arg grandpa "$grandpa" \
	--arg beefy "$beefy" \
	'{stash: $stash, babe: $babe, grandpa: $grandpa, beefy: $beefy}' > "$dir/public.json"
cat "$dir/public.json"
