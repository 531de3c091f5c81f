// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {BridgeFixtures, TreeBuilder, Validators} from "./lib/BridgeFixtures.sol";
import {BridgeMerkle} from "../src/BridgeMerkle.sol";
import {BeefyCodec, Commitment, MmrLeaf} from "../src/BeefyCodec.sol";
import {BeefyLightClient, Signature} from "../src/BeefyLightClient.sol";

contract FuzzTest is BridgeFixtures {
    function leavesFor(uint256 seed, uint256 width) internal pure returns (bytes32[] memory leaves) {
        leaves = new bytes32[](width);
        for (uint256 i = 0; i < width; i++) leaves[i] = keccak256(abi.encode(seed, i));
    }

    // ------------------------------------------------------------------ §2 Merkle proofs

    function testFuzz_merkle_proofVerifies(uint256 seed, uint256 width, uint256 index) public pure {
        width = bound(width, 1, 300);
        index = bound(index, 0, width - 1);
        bytes32[] memory leaves = leavesFor(seed, width);
        bytes32 root = TreeBuilder.merkleRoot(leaves);
        bytes32[] memory proof = TreeBuilder.merkleProof(leaves, index);
        vm.assertTrue(BridgeMerkle.verify(root, leaves[index], index, width, proof), "proof verifies");
        (bool ok, bytes32 computed) = BridgeMerkle.computeRoot(leaves[index], index, width, proof);
        vm.assertTrue(ok, "well formed");
        vm.assertEq(computed, root, "same root");
    }

    function testFuzz_merkle_oneBitChangeFails(uint256 seed, uint256 width, uint256 index, uint256 what, uint8 bit)
        public
        pure
    {
        width = bound(width, 1, 300);
        index = bound(index, 0, width - 1);
        bytes32[] memory leaves = leavesFor(seed, width);
        bytes32 root = TreeBuilder.merkleRoot(leaves);
        bytes32[] memory proof = TreeBuilder.merkleProof(leaves, index);
        bytes32 leaf = leaves[index];
        uint256 flip = uint256(1) << bit;
        what = bound(what, 0, 3);
        if (what == 0) {
            leaf = bytes32(uint256(leaf) ^ flip);
        } else if (what == 1 && proof.length > 0) {
            uint256 k = uint256(keccak256(abi.encode(seed, "k"))) % proof.length;
            proof[k] = bytes32(uint256(proof[k]) ^ flip);
        } else if (what == 2) {
            index ^= uint256(1) << (bit % 16); // another index (in range or not)
        } else {
            root = bytes32(uint256(root) ^ flip);
        }
        vm.assertFalse(BridgeMerkle.verify(root, leaf, index, width, proof), "changed proof fails");
    }

    function testFuzz_merkle_proofLengthChangeFails(uint256 seed, uint256 width, uint256 index, bool longer)
        public
        pure
    {
        width = bound(width, 1, 300);
        index = bound(index, 0, width - 1);
        bytes32[] memory leaves = leavesFor(seed, width);
        bytes32 root = TreeBuilder.merkleRoot(leaves);
        bytes32[] memory proof = TreeBuilder.merkleProof(leaves, index);
        if (!longer && proof.length == 0) longer = true;
        bytes32[] memory changed = new bytes32[](longer ? proof.length + 1 : proof.length - 1);
        for (uint256 i = 0; i < changed.length && i < proof.length; i++) changed[i] = proof[i];
        vm.assertFalse(BridgeMerkle.verify(root, leaves[index], index, width, changed), "length change fails");
    }

    function test_merkle_emptyAndSingle() public pure {
        bytes32[] memory none = new bytes32[](0);
        vm.assertEq(TreeBuilder.merkleRoot(none), bytes32(0), "root of no leaves");
        vm.assertFalse(BridgeMerkle.verify(bytes32(0), bytes32(0), 0, 0, none), "zero width never provable");
        vm.assertFalse(BridgeMerkle.verify(bytes32(0), bytes32(0), 0, 1, none), "zero root never provable");
        bytes32 l = keccak256("only");
        vm.assertTrue(BridgeMerkle.verify(l, l, 0, 1, none), "a single leaf is its own root");
        vm.assertFalse(BridgeMerkle.verify(l, l, 1, 1, none), "index out of range");
    }

    /// @dev Documents a property of §2: the proof binds the index for a given width, but not the
    ///      width itself. Index 1 of 3 and index 1 of 4 walk the same path (the promoted node of
    ///      width 3 is not on it), and index 2 of 3 walks the same path as index 1 of 2.
    function test_merkle_widthIsNotBoundByTheProof() public pure {
        bytes32[] memory three = leavesFor(1, 3);
        bytes32 root = TreeBuilder.merkleRoot(three);
        bytes32[] memory p1 = TreeBuilder.merkleProof(three, 1);
        vm.assertTrue(BridgeMerkle.verify(root, three[1], 1, 3, p1), "1 of 3");
        vm.assertTrue(BridgeMerkle.verify(root, three[1], 1, 4, p1), "1 of 4, same proof");
        bytes32[] memory p2 = TreeBuilder.merkleProof(three, 2);
        vm.assertTrue(BridgeMerkle.verify(root, three[2], 1, 2, p2), "2 of 3 as 1 of 2");
        vm.assertFalse(BridgeMerkle.verify(root, three[2], 0, 3, p2), "but never another index of the same width");
        vm.assertFalse(BridgeMerkle.verify(root, three[2], 1, 3, p2), "nor 1 of 3");
    }

    // ------------------------------------------------------------------ §6 MMR path

    function testFuzz_mmrPath_verifies(uint256 seed, uint256 n, uint256 index) public pure {
        n = bound(n, 1, 300);
        index = bound(index, 0, n - 1);
        bytes32[] memory leaves = leavesFor(seed, n);
        bytes32 root = TreeBuilder.mmrRoot(leaves);
        (bytes32[] memory items, uint256 order) = TreeBuilder.mmrPath(leaves, index);
        vm.assertTrue(BridgeMerkle.verifyMmrPath(root, leaves[index], items, order), "path folds to the root");
    }

    function testFuzz_mmrPath_oneBitChangeFails(uint256 seed, uint256 n, uint256 index, uint256 what, uint8 bit)
        public
        pure
    {
        n = bound(n, 2, 300);
        index = bound(index, 0, n - 1);
        bytes32[] memory leaves = leavesFor(seed, n);
        bytes32 root = TreeBuilder.mmrRoot(leaves);
        (bytes32[] memory items, uint256 order) = TreeBuilder.mmrPath(leaves, index);
        bytes32 leaf = leaves[index];
        uint256 k = uint256(keccak256(abi.encode(seed, "k"))) % items.length;
        what = bound(what, 0, 3);
        if (what == 0) leaf = bytes32(uint256(leaf) ^ (uint256(1) << bit));
        else if (what == 1) items[k] = bytes32(uint256(items[k]) ^ (uint256(1) << bit));
        else if (what == 2) order ^= uint256(1) << k;
        else root = bytes32(uint256(root) ^ (uint256(1) << bit));
        vm.assertFalse(BridgeMerkle.verifyMmrPath(root, leaf, items, order), "changed path fails");
    }

    function test_mmrPath_knownShapes() public pure {
        // 7 leaves: peaks of 4, 2, 1. Leaf 5 (in the 2-peak): sibling 4 on the left, then the
        // bag of the peaks to its right (just leaf 6) on the left, then the 4-peak on the right.
        bytes32[] memory l = leavesFor(7, 7);
        bytes32 p0 = keccak256(abi.encode(keccak256(abi.encode(l[0], l[1])), keccak256(abi.encode(l[2], l[3]))));
        bytes32 p1 = keccak256(abi.encode(l[4], l[5]));
        bytes32 root = keccak256(abi.encode(keccak256(abi.encode(l[6], p1)), p0));
        vm.assertEq(TreeBuilder.mmrRoot(l), root, "bagging right to left");
        (bytes32[] memory items, uint256 order) = TreeBuilder.mmrPath(l, 5);
        vm.assertEq(items.length, 3, "3 items");
        vm.assertEq(items[0], l[4], "sibling");
        vm.assertEq(items[1], l[6], "right bag");
        vm.assertEq(items[2], p0, "left peak");
        vm.assertEq(order, 3, "left, left, right");
        vm.assertTrue(BridgeMerkle.verifyMmrPath(root, l[5], items, order), "verifies");
        bytes32[] memory tooLong = new bytes32[](257);
        vm.assertEq(BridgeMerkle.foldMmrPath(l[0], tooLong, 0), bytes32(0), "over 256 items refused");
    }

    // ------------------------------------------------------------------ §3 / §5 layouts

    function le(uint256 x, uint256 nbytes) internal pure returns (bytes memory b) {
        b = new bytes(nbytes);
        for (uint256 i = 0; i < nbytes; i++) b[i] = bytes1(uint8(x >> (8 * i)));
    }

    function testFuzz_commitmentLayout(bytes32 root, uint32 blockNumber, uint64 setId) public pure {
        Commitment memory c = Commitment({mmrRoot: root, blockNumber: blockNumber, setId: setId});
        bytes memory want = bytes.concat(hex"046d6880", root, le(blockNumber, 4), le(setId, 8));
        bytes memory got = BeefyCodec.encodeCommitment(c);
        vm.assertEq(got.length, 48, "48 bytes");
        vm.assertEq(got, want, "layout");
        vm.assertEq(BeefyCodec.hashCommitment(c), keccak256(want), "hash");
    }

    function testFuzz_leafLayout(MmrLeaf memory l) public pure {
        bytes memory want = bytes.concat(
            bytes1(l.version),
            le(l.parentNumber, 4),
            l.parentHash,
            le(l.nextSetId, 8),
            le(l.nextSetLen, 4),
            l.nextSetRoot,
            l.leafExtra
        );
        bytes memory got = BeefyCodec.encodeLeaf(l);
        vm.assertEq(got.length, 113, "113 bytes");
        vm.assertEq(got, want, "layout");
    }

    // ------------------------------------------------------------------ 2/3 threshold

    /// @dev Random subsets of random sizes near the threshold (⌊2n/3⌋-1 .. ⌊2n/3⌋+2 signers, in
    ///      shuffled order), and now and then any size.
    function testFuzz_threshold_acceptedIffMoreThanTwoThirds(uint256 n, uint256 countSeed, uint256 shuffle) public {
        n = bound(n, 1, 24);
        uint256 count = countSeed % 8 == 0 ? countSeed % (n + 1) : (2 * n) / 3 + (countSeed % 4);
        count = count == 0 ? 0 : count - 1;
        if (count > n) count = n;
        Validators memory v = makeValidators(shuffle % 3, 9, n);
        BeefyLightClient client = new BeefyLightClient(setOf(v), setOf(makeValidators(shuffle % 3, 10, n)), 1);
        uint256[] memory perm = new uint256[](n);
        for (uint256 i = 0; i < n; i++) perm[i] = i;
        for (uint256 i = n; i > 1; i--) {
            uint256 j = uint256(keccak256(abi.encode(shuffle, i))) % i;
            (perm[i - 1], perm[j]) = (perm[j], perm[i - 1]);
        }
        uint256[] memory indices = new uint256[](count);
        for (uint256 i = 0; i < count; i++) indices[i] = perm[i];
        Commitment memory c = Commitment({mmrRoot: keccak256(abi.encode(shuffle)), blockNumber: 2, setId: 9});
        Signature[] memory sigs = signIndices(v, c, indices);
        bool expected = count * 3 > n * 2;
        if (!expected) {
            vm.expectRevert(abi.encodeWithSelector(BeefyLightClient.InsufficientSignatures.selector, count, uint32(n)));
        }
        client.submit(c, sigs);
        vm.assertEq(client.isAccepted(c.mmrRoot), expected, "accepted iff count*3 > len*2");
    }
}
