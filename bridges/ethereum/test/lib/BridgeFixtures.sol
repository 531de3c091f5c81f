// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {TestBase} from "./TestBase.sol";
import {Commitment, MmrLeaf, BeefyCodec} from "../../src/BeefyCodec.sol";
import {ValidatorSet, Signature} from "../../src/BeefyLightClient.sol";
import {BridgeMessage, Message} from "../../src/BridgeMessage.sol";
import {Parameters} from "../../src/GatewayCommand.sol";

/// @notice Builds trees the way the chain does, layer by layer, independently of the verifiers in
///         src/ (which only fold proofs): §2 roots and proofs, and §6 MMR roots and paths.
library TreeBuilder {
    function hashPair(bytes32 a, bytes32 b) internal pure returns (bytes32) {
        return keccak256(abi.encodePacked(a, b));
    }

    /// @notice The next row of a §2 tree: pairs hashed left to right, an odd last node promoted.
    function nextRow(bytes32[] memory row) internal pure returns (bytes32[] memory up) {
        up = new bytes32[]((row.length + 1) / 2);
        for (uint256 i = 0; i < row.length; i += 2) {
            up[i / 2] = i + 1 < row.length ? hashPair(row[i], row[i + 1]) : row[i];
        }
    }

    /// @notice §2 root of already-hashed leaves (zero for none).
    function merkleRoot(bytes32[] memory leafHashes) internal pure returns (bytes32) {
        if (leafHashes.length == 0) return bytes32(0);
        bytes32[] memory row = leafHashes;
        while (row.length > 1) row = nextRow(row);
        return row[0];
    }

    /// @notice §2 proof of the leaf at `index`: its siblings bottom-up, none on promoted rows.
    function merkleProof(bytes32[] memory leafHashes, uint256 index) internal pure returns (bytes32[] memory proof) {
        bytes32[] memory buf = new bytes32[](256);
        uint256 n = 0;
        bytes32[] memory row = leafHashes;
        uint256 pos = index;
        while (row.length > 1) {
            uint256 sib = pos ^ 1;
            if (sib < row.length) buf[n++] = row[sib];
            row = nextRow(row);
            pos /= 2;
        }
        proof = new bytes32[](n);
        for (uint256 i = 0; i < n; i++) proof[i] = buf[i];
    }

    function addressLeaves(address[] memory addrs) internal pure returns (bytes32[] memory leaves) {
        leaves = new bytes32[](addrs.length);
        for (uint256 i = 0; i < addrs.length; i++) leaves[i] = keccak256(abi.encodePacked(addrs[i]));
    }

    function messageLeaves(Message[] memory msgs) internal pure returns (bytes32[] memory leaves) {
        leaves = new bytes32[](msgs.length);
        for (uint256 i = 0; i < msgs.length; i++) leaves[i] = BridgeMessage.leafHash(msgs[i]);
    }

    /// @notice Sizes (powers of two, largest first) of the perfect trees an MMR of `n` leaves has.
    function peakSizes(uint256 n) internal pure returns (uint256[] memory sizes) {
        uint256 count = 0;
        for (uint256 b = 0; b < 256; b++) if ((n >> b) & 1 == 1) count++;
        sizes = new uint256[](count);
        uint256 k = 0;
        for (uint256 b = 256; b > 0; b--) {
            if ((n >> (b - 1)) & 1 == 1) sizes[k++] = uint256(1) << (b - 1);
        }
    }

    function slice(bytes32[] memory a, uint256 from, uint256 len) internal pure returns (bytes32[] memory s) {
        s = new bytes32[](len);
        for (uint256 i = 0; i < len; i++) s[i] = a[from + i];
    }

    /// @notice Peaks of an MMR over `leafHashes`, left to right.
    function mmrPeaks(bytes32[] memory leafHashes) internal pure returns (bytes32[] memory peaks) {
        uint256[] memory sizes = peakSizes(leafHashes.length);
        peaks = new bytes32[](sizes.length);
        uint256 off = 0;
        for (uint256 p = 0; p < sizes.length; p++) {
            peaks[p] = merkleRoot(slice(leafHashes, off, sizes[p]));
            off += sizes[p];
        }
    }

    /// @notice Bags peaks[from..] right to left: bag = keccak(right ‖ left).
    function bag(bytes32[] memory peaks, uint256 from) internal pure returns (bytes32 acc) {
        acc = peaks[peaks.length - 1];
        for (uint256 j = peaks.length - 1; j > from; j--) acc = hashPair(acc, peaks[j - 1]);
    }

    /// @notice The MMR root: all peaks bagged.
    function mmrRoot(bytes32[] memory leafHashes) internal pure returns (bytes32) {
        return bag(mmrPeaks(leafHashes), 0);
    }

    /// @notice The §6 path of leaf `index`: siblings up to its peak; the bag of the peaks to its
    ///         right (left operand); each peak to its left, nearest first (right operand).
    function mmrPath(bytes32[] memory leafHashes, uint256 index)
        internal
        pure
        returns (bytes32[] memory items, uint256 order)
    {
        uint256[] memory sizes = peakSizes(leafHashes.length);
        bytes32[] memory peaks = mmrPeaks(leafHashes);
        uint256 p = 0;
        uint256 off = 0;
        while (index >= off + sizes[p]) off += sizes[p++];

        bytes32[] memory buf = new bytes32[](256);
        uint256 n = 0;
        bytes32[] memory row = slice(leafHashes, off, sizes[p]);
        uint256 pos = index - off;
        while (row.length > 1) {
            if (pos & 1 == 1) order |= uint256(1) << n;
            buf[n++] = row[pos ^ 1];
            row = nextRow(row);
            pos /= 2;
        }
        if (p + 1 < peaks.length) {
            order |= uint256(1) << n;
            buf[n++] = bag(peaks, p + 1);
        }
        for (uint256 j = p; j > 0; j--) buf[n++] = peaks[j - 1];
        items = new bytes32[](n);
        for (uint256 i = 0; i < n; i++) items[i] = buf[i];
    }
}

/// @notice A validator set with its private keys, as the tests' simulated chain holds it.
struct Validators {
    uint64 id;
    uint256[] keys;
    address[] addrs;
    bytes32[] leaves;
    bytes32 root;
}

/// @notice Validator sets, signatures, MMR leaves and messages for the tests.
abstract contract BridgeFixtures is TestBase {
    uint128 internal constant DSY = 1e12;

    /// @notice The parameters the tests deploy gateways with: the chain's default per-transfer
    ///         limits (1 to 100,000 DSY), a cap of 1,000,000 DSY a day, not paused.
    function defaultParameters() internal pure returns (Parameters memory) {
        return Parameters({
            paused: false, minBurn: DSY, maxBurn: 100_000 * DSY, epochCap: 1_000_000 * DSY, epochSeconds: 1 days
        });
    }

    /// @notice A deterministic private key for member `i` of set `id` (seeded per test family).
    function validatorKey(uint256 seed, uint64 id, uint256 i) internal pure returns (uint256) {
        return uint256(keccak256(abi.encode("dsynapse test validator", seed, id, i))) % (type(uint128).max) + 1;
    }

    function makeValidators(uint256 seed, uint64 id, uint256 n) internal pure returns (Validators memory v) {
        v.id = id;
        v.keys = new uint256[](n);
        v.addrs = new address[](n);
        for (uint256 i = 0; i < n; i++) {
            v.keys[i] = validatorKey(seed, id, i);
            v.addrs[i] = vm.addr(v.keys[i]);
        }
        v.leaves = TreeBuilder.addressLeaves(v.addrs);
        v.root = TreeBuilder.merkleRoot(v.leaves);
    }

    function setOf(Validators memory v) internal pure returns (ValidatorSet memory) {
        return ValidatorSet({id: v.id, len: uint32(v.addrs.length), root: v.root});
    }

    /// @notice The smallest signature count the light client accepts: ⌊2n/3⌋ + 1.
    function quorum(uint256 n) internal pure returns (uint256) {
        return (2 * n) / 3 + 1;
    }

    /// @notice Member `index`'s signature of `c`, with `v` as the chain sends it (0/1).
    function signAt(Validators memory v, Commitment memory c, uint256 index) internal pure returns (Signature memory s) {
        (uint8 vv, bytes32 r, bytes32 ss) = vm.sign(v.keys[index], BeefyCodec.hashCommitment(c));
        s = Signature({
            index: uint32(index),
            signer: v.addrs[index],
            proof: TreeBuilder.merkleProof(v.leaves, index),
            v: vv - 27,
            r: r,
            s: ss
        });
    }

    /// @notice Signatures of the members listed in `indices`.
    function signIndices(Validators memory v, Commitment memory c, uint256[] memory indices)
        internal
        pure
        returns (Signature[] memory sigs)
    {
        sigs = new Signature[](indices.length);
        for (uint256 i = 0; i < indices.length; i++) sigs[i] = signAt(v, c, indices[i]);
    }

    /// @notice Signatures of the first `count` members.
    function signFirst(Validators memory v, Commitment memory c, uint256 count)
        internal
        pure
        returns (Signature[] memory sigs)
    {
        sigs = new Signature[](count);
        for (uint256 i = 0; i < count; i++) sigs[i] = signAt(v, c, i);
    }

    function leafFor(uint32 parentNumber, Validators memory next, bytes32 leafExtra)
        internal
        pure
        returns (MmrLeaf memory)
    {
        return MmrLeaf({
            version: 0,
            parentNumber: parentNumber,
            parentHash: keccak256(abi.encode("parent", parentNumber)),
            nextSetId: next.id,
            nextSetLen: uint32(next.addrs.length),
            nextSetRoot: next.root,
            leafExtra: leafExtra
        });
    }

    function leafHashes(MmrLeaf[] memory leaves) internal pure returns (bytes32[] memory h) {
        h = new bytes32[](leaves.length);
        for (uint256 i = 0; i < leaves.length; i++) h[i] = BeefyCodec.hashLeaf(leaves[i]);
    }
}
