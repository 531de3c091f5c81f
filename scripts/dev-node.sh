# Sourced by the scripts that need a throwaway `dsynapse-node --dev` and its JSON-RPC:
#
#   source scripts/dev-node.sh
#   start_dev_node            # a --dev --tmp node on a free RPC port; stopped when the script exits
#   rpc chain_getHeader       # prints the JSON response of a method ('[]' params by default)
#   rpc state_call '["Metadata_metadata_at_version","0x0f000000"]'
#   wait_rpc                  # until the node answers (60 s at most)
#
# Needs scripts/env.sh sourced first ($DSYNAPSE_NODE), curl and python3.

# Starts the node; sets $dev_node_pid and $dev_node_port.
start_dev_node() {
	dev_node_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
	"$DSYNAPSE_NODE" --dev --tmp --rpc-port "$dev_node_port" --port 0 --prometheus-port 0 \
		--no-telemetry 2>/dev/null &
	dev_node_pid=$!
	trap 'kill $dev_node_pid 2>/dev/null || true' EXIT
}

# rpc METHOD [PARAMS_JSON]: the response body, or a non-zero status when the node does not answer.
rpc() {
	curl -sf -H 'content-type: application/json' \
		-d "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"$1\",\"params\":${2:-[]}}" \
		"http://127.0.0.1:$dev_node_port"
}

# Waits until the node answers RPC (120 tries, half a second apart).
wait_rpc() {
	for _ in $(seq 1 120); do
		if rpc system_health > /dev/null; then return 0; fi
		sleep 0.5
	done
	echo "the dev node did not answer on port $dev_node_port" >&2
	return 1
}
