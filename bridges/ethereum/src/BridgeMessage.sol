// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

/// @notice One bridge message (wire format §1): one `lock` on the chain, to be minted here.
///         Words 0–2 are the domain: the chain network, the Ethereum chain and the gateway.
struct Message {
    bytes32 genesisHash;
    uint64 chainId;
    address gateway;
    uint64 nonce;
    address recipient;
    uint128 amount;
}

/// @title BridgeMessage
/// @notice The §1 encoding of a message (the ABI encoding of its six static words, 192 bytes)
///         and its leaf hash in the block's message tree.
library BridgeMessage {
    function encode(Message memory m) internal pure returns (bytes memory) {
        return abi.encode(m.genesisHash, m.chainId, m.gateway, m.nonce, m.recipient, m.amount);
    }

    function leafHash(Message memory m) internal pure returns (bytes32) {
        return keccak256(encode(m));
    }
}
