// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

/// @notice The BEEFY commitment the chain's validators sign (wire format §3): an MMR root at a
///         block, signed by the validator set `setId`.
struct Commitment {
    bytes32 mmrRoot;
    uint32 blockNumber;
    uint64 setId;
}

/// @notice One MMR leaf (wire format §5), as the chain writes one per block.
struct MmrLeaf {
    uint8 version;
    uint32 parentNumber;
    bytes32 parentHash;
    uint64 nextSetId;
    uint32 nextSetLen;
    bytes32 nextSetRoot;
    /// @dev the §2 root of the bridge messages locked in the parent block (zero when none)
    bytes32 leafExtra;
}

/// @title BeefyCodec
/// @notice The SCALE byte layouts of wire format §3 (commitment, 48 bytes) and §5 (MMR leaf,
///         113 bytes), and their keccak hashes.
library BeefyCodec {
    /// @dev compact(1) ‖ "mh" ‖ compact(32): the fixed prefix of a commitment whose only payload
    ///      entry is the 32-byte MMR root.
    bytes4 internal constant COMMITMENT_PREFIX = 0x046d6880;

    /// @notice The 48 bytes the validators sign the keccak of (§3).
    function encodeCommitment(Commitment memory c) internal pure returns (bytes memory) {
        return abi.encodePacked(COMMITMENT_PREFIX, c.mmrRoot, reverse32(c.blockNumber), reverse64(c.setId));
    }

    /// @notice keccak of the §3 encoding: the hash each validator signs.
    function hashCommitment(Commitment memory c) internal pure returns (bytes32) {
        return keccak256(encodeCommitment(c));
    }

    /// @notice The 113-byte SCALE encoding of an MMR leaf (§5).
    function encodeLeaf(MmrLeaf memory l) internal pure returns (bytes memory) {
        return abi.encodePacked(
            l.version,
            reverse32(l.parentNumber),
            l.parentHash,
            reverse64(l.nextSetId),
            reverse32(l.nextSetLen),
            l.nextSetRoot,
            l.leafExtra
        );
    }

    /// @notice The leaf's hash in the MMR: keccak of its 113 bytes (§5).
    function hashLeaf(MmrLeaf memory l) internal pure returns (bytes32) {
        return keccak256(encodeLeaf(l));
    }

    /// @notice Byte-reverses a u32 (big-endian ↔ SCALE little-endian).
    function reverse32(uint32 x) internal pure returns (uint32) {
        x = ((x & 0xff00ff00) >> 8) | ((x & 0x00ff00ff) << 8);
        return (x >> 16) | (x << 16);
    }

    /// @notice Byte-reverses a u64 (big-endian ↔ SCALE little-endian).
    function reverse64(uint64 x) internal pure returns (uint64) {
        x = ((x & 0xff00ff00ff00ff00) >> 8) | ((x & 0x00ff00ff00ff00ff) << 8);
        x = ((x & 0xffff0000ffff0000) >> 16) | ((x & 0x0000ffff0000ffff) << 16);
        return (x >> 32) | (x << 32);
    }
}
