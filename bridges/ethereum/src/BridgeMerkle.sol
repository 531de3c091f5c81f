// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

/// @title BridgeMerkle
/// @notice The two proof shapes of the bridge wire format (docs/bridge-wire-format.md):
///         §2, the position-bound binary Merkle tree of a block's messages and of a validator
///         set's addresses, and §6, the folded path that proves an MMR leaf against an MMR root.
library BridgeMerkle {
    /// @notice keccak(a ‖ b) without allocating memory.
    function hashPair(bytes32 a, bytes32 b) internal pure returns (bytes32 h) {
        assembly ("memory-safe") {
            mstore(0x00, a)
            mstore(0x20, b)
            h := keccak256(0x00, 0x40)
        }
    }

    /// @notice Folds a §2 proof for the leaf hash `leafHash` at `index` of `width` leaves.
    /// @return ok false when `index >= width` or the proof has the wrong number of hashes
    /// @return root the root the proof leads to (meaningful only when `ok`)
    function computeRoot(bytes32 leafHash, uint256 index, uint256 width, bytes32[] memory proof)
        internal
        pure
        returns (bool ok, bytes32 root)
    {
        if (index >= width) return (false, bytes32(0));
        bytes32 node = leafHash;
        uint256 pos = index;
        uint256 w = width;
        uint256 k = 0;
        uint256 n = proof.length;
        while (w > 1) {
            if (pos & 1 == 1) {
                if (k == n) return (false, bytes32(0));
                node = hashPair(proof[k], node);
                unchecked {
                    ++k;
                }
            } else if (pos + 1 < w) {
                if (k == n) return (false, bytes32(0));
                node = hashPair(node, proof[k]);
                unchecked {
                    ++k;
                }
            }
            // else: the last node of an odd row is promoted unchanged; no sibling is consumed.
            pos >>= 1;
            w = (w + 1) >> 1;
        }
        if (k != n) return (false, bytes32(0));
        return (true, node);
    }

    /// @notice True when `proof` proves `leafHash` at `index` of `width` leaves under `root` (§2).
    ///         The root of no leaves (zero) is never provable.
    function verify(bytes32 root, bytes32 leafHash, uint256 index, uint256 width, bytes32[] memory proof)
        internal
        pure
        returns (bool)
    {
        (bool ok, bytes32 computed) = computeRoot(leafHash, index, width, proof);
        return ok && root != bytes32(0) && computed == root;
    }

    /// @notice Folds a §6 MMR path: bit `i` of `order` set means `items[i]` is the left operand.
    ///         Paths longer than 256 items cannot be described by `order` and are refused (zero).
    function foldMmrPath(bytes32 leafHash, bytes32[] memory items, uint256 order) internal pure returns (bytes32) {
        uint256 n = items.length;
        if (n > 256) return bytes32(0);
        bytes32 node = leafHash;
        for (uint256 i = 0; i < n;) {
            node = (order >> i) & 1 == 1 ? hashPair(items[i], node) : hashPair(node, items[i]);
            unchecked {
                ++i;
            }
        }
        return node;
    }

    /// @notice True when the §6 path proves the leaf hash `leafHash` under `mmrRoot` (never a zero root).
    function verifyMmrPath(bytes32 mmrRoot, bytes32 leafHash, bytes32[] memory items, uint256 order)
        internal
        pure
        returns (bool)
    {
        return mmrRoot != bytes32(0) && foldMmrPath(leafHash, items, order) == mmrRoot;
    }
}
