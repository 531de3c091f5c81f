// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

/// @notice The gateway's governed parameters (wire format §7). Set at deployment, then changed
///         only by a `SetParameters` command the chain committed (there is no admin key).
struct Parameters {
    /// @notice Stops `mint` and `burn` (commands still apply, so the chain can lift it).
    bool paused;
    /// @notice The smallest amount one `burn` may carry (DSY's smallest unit; > 0).
    uint128 minBurn;
    /// @notice The largest amount one `burn` may carry (>= minBurn).
    uint128 maxBurn;
    /// @notice The most all burns of one epoch may carry together (>= maxBurn).
    uint128 epochCap;
    /// @notice An epoch's length in seconds of `block.timestamp` (> 0); epoch = timestamp / length.
    uint64 epochSeconds;
}

/// @notice A command from the chain to its gateway (wire format §7): words 0–2 are the domain, as
///         in a message; the nonce comes from the chain's message nonces (never reused).
struct Command {
    bytes32 genesisHash;
    uint64 chainId;
    address gateway;
    uint64 nonce;
    Parameters params;
}

/// @title GatewayCommand
/// @notice The §7 encoding of a `SetParameters` command and its leaf hash in the block's message
///         tree, and the rule a parameter set must satisfy.
library GatewayCommand {
    /// @notice Word 0 of every `SetParameters` command: a command's 320 bytes can never be read
    ///         as a message's 192, and this tag names the kind and its version.
    bytes32 internal constant SET_PARAMETERS_TAG = keccak256("dsynapse-bridge/set-parameters/v1");

    function encode(Command memory c) internal pure returns (bytes memory) {
        return abi.encode(
            SET_PARAMETERS_TAG,
            c.genesisHash,
            c.chainId,
            c.gateway,
            c.nonce,
            c.params.paused,
            c.params.minBurn,
            c.params.maxBurn,
            c.params.epochCap,
            c.params.epochSeconds
        );
    }

    function leafHash(Command memory c) internal pure returns (bytes32) {
        return keccak256(encode(c));
    }

    /// @notice 0 < minBurn <= maxBurn <= epochCap and epochSeconds > 0.
    function isValid(Parameters memory p) internal pure returns (bool) {
        return p.minBurn > 0 && p.minBurn <= p.maxBurn && p.maxBurn <= p.epochCap && p.epochSeconds > 0;
    }
}
