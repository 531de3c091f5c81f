// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {BridgeFixtures, TreeBuilder, Validators} from "./lib/BridgeFixtures.sol";
import {BeefyLightClient, ValidatorSet, Signature} from "../src/BeefyLightClient.sol";
import {BeefyCodec, Commitment, MmrLeaf} from "../src/BeefyCodec.sol";

contract BeefyLightClientTest is BridgeFixtures {
    uint256 internal constant SECP256K1_N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141;
    uint64 internal constant CURRENT_ID = 5;
    uint32 internal constant START_BLOCK = 100;

    BeefyLightClient internal client;
    Validators internal cur;
    Validators internal nxt;

    function setUp() public {
        deployWith(4);
    }

    function deployWith(uint256 n) internal {
        cur = makeValidators(1, CURRENT_ID, n);
        nxt = makeValidators(1, CURRENT_ID + 1, n);
        client = new BeefyLightClient(setOf(cur), setOf(nxt), START_BLOCK);
    }

    function commitment(bytes32 root, uint32 blockNumber, uint64 setId) internal pure returns (Commitment memory) {
        return Commitment({mmrRoot: root, blockNumber: blockNumber, setId: setId});
    }

    function someRoot(uint256 k) internal pure returns (bytes32) {
        return keccak256(abi.encode("mmr root", k));
    }

    function expectErr(bytes memory err) internal {
        vm.expectRevert(err);
    }

    // ------------------------------------------------------------------ quorum

    function checkQuorumAccepted(uint256 n) internal {
        deployWith(n);
        Validators memory v = cur;
        Commitment memory c = commitment(someRoot(n), START_BLOCK + 1, CURRENT_ID);
        Signature[] memory sigs = signFirst(v, c, quorum(n));
        client.submit(c, sigs);
        vm.assertTrue(client.isAccepted(c.mmrRoot), "root accepted");
        vm.assertEq(uint256(client.acceptedRoots(c.mmrRoot)), uint256(c.blockNumber), "accepted at block");
        vm.assertEq(uint256(client.latestBlock()), uint256(c.blockNumber), "latest block");
        vm.assertEq(client.latestMmrRoot(), c.mmrRoot, "latest root");
    }

    function checkTwoThirdsRefused(uint256 n) internal {
        deployWith(n);
        Validators memory v = cur;
        Commitment memory c = commitment(someRoot(n), START_BLOCK + 1, CURRENT_ID);
        uint256 count = (2 * n) / 3;
        Signature[] memory sigs = signFirst(v, c, count);
        expectErr(abi.encodeWithSelector(BeefyLightClient.InsufficientSignatures.selector, count, uint32(n)));
        client.submit(c, sigs);
        vm.assertFalse(client.isAccepted(c.mmrRoot), "root not accepted");
    }

    function test_quorum_set1_accepted() public {
        checkQuorumAccepted(1);
    }

    function test_quorum_set4_accepted() public {
        checkQuorumAccepted(4);
    }

    function test_quorum_set7_accepted() public {
        checkQuorumAccepted(7);
    }

    function test_twoThirds_set1_refused() public {
        checkTwoThirdsRefused(1);
    }

    function test_twoThirds_set4_refused() public {
        checkTwoThirdsRefused(4);
    }

    function test_twoThirds_set7_refused() public {
        checkTwoThirdsRefused(7);
    }

    function test_quorum_set7_anySubset_accepted() public {
        deployWith(7);
        uint256[] memory idx = new uint256[](5);
        (idx[0], idx[1], idx[2], idx[3], idx[4]) = (6, 1, 4, 3, 0); // unsorted, quorum of 7 is 5
        Commitment memory c = commitment(someRoot(1), START_BLOCK + 7, CURRENT_ID);
        Signature[] memory sigs = signIndices(cur, c, idx);
        client.submit(c, sigs);
        vm.assertTrue(client.isAccepted(c.mmrRoot), "accepted");
    }

    function test_recoveryId_27_28_accepted() public {
        Commitment memory c = commitment(someRoot(1), START_BLOCK + 1, CURRENT_ID);
        Signature[] memory sigs = signFirst(cur, c, 3);
        for (uint256 i = 0; i < sigs.length; i++) sigs[i].v += 27;
        client.submit(c, sigs);
        vm.assertTrue(client.isAccepted(c.mmrRoot), "accepted with v in {27,28}");
    }

    function test_sequence_ofCommitments_accepted() public {
        for (uint32 b = 1; b <= 3; b++) {
            Commitment memory c = commitment(someRoot(b), START_BLOCK + 10 * b, CURRENT_ID);
            client.submit(c, signFirst(cur, c, 3));
            vm.assertEq(uint256(client.latestBlock()), uint256(c.blockNumber), "latest");
        }
        vm.assertTrue(client.isAccepted(someRoot(1)) && client.isAccepted(someRoot(2)), "earlier roots stay accepted");
        vm.assertFalse(client.isAccepted(bytes32(0)), "zero root never accepted");
    }

    // ------------------------------------------------------------------ forged signatures

    function test_forged_wrongKey_refused() public {
        Commitment memory c = commitment(someRoot(1), START_BLOCK + 1, CURRENT_ID);
        Signature[] memory sigs = signFirst(cur, c, 3);
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(0xBAD, BeefyCodec.hashCommitment(c));
        (sigs[1].v, sigs[1].r, sigs[1].s) = (v - 27, r, s);
        expectErr(abi.encodeWithSelector(BeefyLightClient.InvalidSignature.selector, uint32(1)));
        client.submit(c, sigs);
    }

    function test_forged_signatureOverOtherCommitment_refused() public {
        Commitment memory c = commitment(someRoot(1), START_BLOCK + 1, CURRENT_ID);
        Commitment memory other = commitment(someRoot(2), START_BLOCK + 1, CURRENT_ID);
        Signature[] memory sigs = signFirst(cur, c, 3);
        sigs[2] = signAt(cur, other, 2);
        expectErr(abi.encodeWithSelector(BeefyLightClient.InvalidSignature.selector, uint32(2)));
        client.submit(c, sigs);
    }

    function test_forged_otherBlockOrSetId_refused() public {
        // the same root signed for another block number does not count for this block
        Commitment memory c = commitment(someRoot(1), START_BLOCK + 1, CURRENT_ID);
        Signature[] memory sigs = signFirst(cur, commitment(someRoot(1), START_BLOCK + 2, CURRENT_ID), 3);
        expectErr(abi.encodeWithSelector(BeefyLightClient.InvalidSignature.selector, uint32(0)));
        client.submit(c, sigs);
    }

    function test_forged_zeroR_refused() public {
        Commitment memory c = commitment(someRoot(1), START_BLOCK + 1, CURRENT_ID);
        Signature[] memory sigs = signFirst(cur, c, 3);
        sigs[0].r = bytes32(0);
        expectErr(abi.encodeWithSelector(BeefyLightClient.InvalidSignature.selector, uint32(0)));
        client.submit(c, sigs);
    }

    function test_malleableHighS_refused() public {
        Commitment memory c = commitment(someRoot(1), START_BLOCK + 1, CURRENT_ID);
        Signature[] memory sigs = signFirst(cur, c, 3);
        // (r, n - s, v ^ 1) recovers the same key: the malleable twin
        sigs[1].s = bytes32(SECP256K1_N - uint256(sigs[1].s));
        sigs[1].v = sigs[1].v ^ 1;
        vm.assertEq(ecrecover(BeefyCodec.hashCommitment(c), sigs[1].v + 27, sigs[1].r, sigs[1].s), cur.addrs[1], "twin");
        expectErr(abi.encodeWithSelector(BeefyLightClient.MalleableSignature.selector, uint32(1)));
        client.submit(c, sigs);
    }

    function test_badRecoveryId_refused() public {
        Commitment memory c = commitment(someRoot(1), START_BLOCK + 1, CURRENT_ID);
        Signature[] memory sigs = signFirst(cur, c, 3);
        sigs[2].v = 2;
        expectErr(abi.encodeWithSelector(BeefyLightClient.InvalidRecoveryId.selector, uint32(2)));
        client.submit(c, sigs);
        sigs[2].v = 29;
        expectErr(abi.encodeWithSelector(BeefyLightClient.InvalidRecoveryId.selector, uint32(2)));
        client.submit(c, sigs);
    }

    // ------------------------------------------------------------------ duplicates and outsiders

    function test_duplicate_sameIndexTwice_refused() public {
        Commitment memory c = commitment(someRoot(1), START_BLOCK + 1, CURRENT_ID);
        Signature[] memory sigs = signFirst(cur, c, 3);
        sigs[2] = sigs[0];
        expectErr(abi.encodeWithSelector(BeefyLightClient.DuplicateSignerIndex.selector, uint32(0)));
        client.submit(c, sigs);
    }

    function test_duplicate_sameSignerAtTwoIndices_refused() public {
        Commitment memory c = commitment(someRoot(1), START_BLOCK + 1, CURRENT_ID);
        Signature[] memory sigs = signFirst(cur, c, 3);
        // member 0 claims index 2 too, with its own (index 0) proof ...
        sigs[2] = signAt(cur, c, 0);
        sigs[2].index = 2;
        expectErr(abi.encodeWithSelector(BeefyLightClient.InvalidSignerProof.selector, uint32(2)));
        client.submit(c, sigs);
        // ... or with index 2's proof
        sigs[2].proof = TreeBuilder.merkleProof(cur.leaves, 2);
        expectErr(abi.encodeWithSelector(BeefyLightClient.InvalidSignerProof.selector, uint32(2)));
        client.submit(c, sigs);
    }

    function test_signerOutsideSet_refused() public {
        Commitment memory c = commitment(someRoot(1), START_BLOCK + 1, CURRENT_ID);
        Signature[] memory sigs = signFirst(cur, c, 3);
        uint256 outsider = 0x0C7510E5;
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(outsider, BeefyCodec.hashCommitment(c));
        sigs[2] = Signature({
            index: 3,
            signer: vm.addr(outsider),
            proof: TreeBuilder.merkleProof(cur.leaves, 3),
            v: v,
            r: r,
            s: s
        });
        expectErr(abi.encodeWithSelector(BeefyLightClient.InvalidSignerProof.selector, uint32(3)));
        client.submit(c, sigs);
    }

    function test_signerIndexOutOfRange_refused() public {
        Commitment memory c = commitment(someRoot(1), START_BLOCK + 1, CURRENT_ID);
        Signature[] memory sigs = signFirst(cur, c, 3);
        sigs[2].index = 4;
        expectErr(abi.encodeWithSelector(BeefyLightClient.SignerIndexOutOfRange.selector, uint32(4)));
        client.submit(c, sigs);
    }

    function test_signerOfNextSet_notCountedForCurrent() public {
        Commitment memory c = commitment(someRoot(1), START_BLOCK + 1, CURRENT_ID);
        Signature[] memory sigs = signFirst(cur, c, 3);
        sigs[2] = signAt(nxt, c, 2); // a next-set member at index 2, proven in the next set's tree
        expectErr(abi.encodeWithSelector(BeefyLightClient.InvalidSignerProof.selector, uint32(2)));
        client.submit(c, sigs);
    }

    // ------------------------------------------------------------------ set ids and blocks

    function test_staleSetId_refused() public {
        Commitment memory c = commitment(someRoot(1), START_BLOCK + 1, CURRENT_ID - 1);
        Validators memory old = makeValidators(1, CURRENT_ID - 1, 4);
        Signature[] memory sigs = signFirst(old, c, 3);
        expectErr(abi.encodeWithSelector(BeefyLightClient.StaleOrSkippedSetId.selector, CURRENT_ID - 1));
        client.submit(c, sigs);
    }

    function test_skippedSetId_refused() public {
        Commitment memory c = commitment(someRoot(1), START_BLOCK + 1, CURRENT_ID + 2);
        Validators memory later = makeValidators(1, CURRENT_ID + 2, 4);
        Signature[] memory sigs = signFirst(later, c, 3);
        expectErr(abi.encodeWithSelector(BeefyLightClient.StaleOrSkippedSetId.selector, CURRENT_ID + 2));
        client.submit(c, sigs);
        (MmrLeaf memory leaf, bytes32[] memory items, uint256 order, bytes32 mmr) =
            handoverLeaf(makeValidators(1, CURRENT_ID + 3, 4), 2);
        c.mmrRoot = mmr;
        sigs = signFirst(later, c, 3);
        expectErr(abi.encodeWithSelector(BeefyLightClient.StaleOrSkippedSetId.selector, CURRENT_ID + 2));
        client.submitHandover(c, sigs, leaf, items, order);
    }

    function test_staleSetId_viaHandover_refused() public {
        (MmrLeaf memory leaf, bytes32[] memory items, uint256 order, bytes32 mmr) =
            handoverLeaf(makeValidators(1, CURRENT_ID + 2, 4), 1);
        Commitment memory c = commitment(mmr, START_BLOCK + 1, CURRENT_ID);
        Signature[] memory sigs = signFirst(cur, c, 3);
        expectErr(abi.encodeWithSelector(BeefyLightClient.StaleOrSkippedSetId.selector, CURRENT_ID));
        client.submitHandover(c, sigs, leaf, items, order);
    }

    function test_nextSetViaSubmit_refused() public {
        Commitment memory c = commitment(someRoot(1), START_BLOCK + 1, CURRENT_ID + 1);
        Signature[] memory sigs = signFirst(nxt, c, 3);
        expectErr(abi.encodeWithSelector(BeefyLightClient.HandoverRequired.selector, CURRENT_ID + 1));
        client.submit(c, sigs);
    }

    function test_blockNotIncreasing_refused() public {
        Commitment memory c = commitment(someRoot(1), START_BLOCK, CURRENT_ID);
        Signature[] memory sigs = signFirst(cur, c, 3);
        expectErr(abi.encodeWithSelector(BeefyLightClient.BlockNotIncreasing.selector, START_BLOCK, START_BLOCK));
        client.submit(c, sigs);

        c = commitment(someRoot(1), START_BLOCK + 5, CURRENT_ID);
        client.submit(c, signFirst(cur, c, 3));
        Commitment memory same = commitment(someRoot(2), START_BLOCK + 5, CURRENT_ID);
        sigs = signFirst(cur, same, 3);
        expectErr(abi.encodeWithSelector(BeefyLightClient.BlockNotIncreasing.selector, START_BLOCK + 5, START_BLOCK + 5));
        client.submit(same, sigs);
        Commitment memory older = commitment(someRoot(3), START_BLOCK + 4, CURRENT_ID);
        sigs = signFirst(cur, older, 3);
        expectErr(abi.encodeWithSelector(BeefyLightClient.BlockNotIncreasing.selector, START_BLOCK + 4, START_BLOCK + 5));
        client.submit(older, sigs);
    }

    function test_zeroRoot_refused() public {
        Commitment memory c = commitment(bytes32(0), START_BLOCK + 1, CURRENT_ID);
        Signature[] memory sigs = signFirst(cur, c, 3);
        vm.expectRevert(BeefyLightClient.ZeroMmrRoot.selector);
        client.submit(c, sigs);
    }

    function test_constructor_refusesBadSets() public {
        ValidatorSet memory a = setOf(cur);
        ValidatorSet memory b = setOf(nxt);
        ValidatorSet memory bad = setOf(cur);
        bad.len = 0;
        vm.expectRevert(BeefyLightClient.InvalidValidatorSet.selector);
        new BeefyLightClient(bad, b, 1);
        bad = setOf(cur);
        bad.root = bytes32(0);
        vm.expectRevert(BeefyLightClient.InvalidValidatorSet.selector);
        new BeefyLightClient(bad, b, 1);
        bad = setOf(nxt);
        bad.len = 0;
        vm.expectRevert(BeefyLightClient.InvalidValidatorSet.selector);
        new BeefyLightClient(a, bad, 1);
        bad = setOf(nxt);
        bad.root = bytes32(0);
        vm.expectRevert(BeefyLightClient.InvalidValidatorSet.selector);
        new BeefyLightClient(a, bad, 1);
        bad = setOf(nxt);
        bad.id = CURRENT_ID + 2;
        vm.expectRevert(BeefyLightClient.InvalidValidatorSet.selector);
        new BeefyLightClient(a, bad, 1);
        vm.expectRevert(BeefyLightClient.InvalidValidatorSet.selector);
        new BeefyLightClient(a, a, 1);
        BeefyLightClient ok = new BeefyLightClient(a, b, 7);
        vm.assertEq(uint256(ok.latestBlock()), 7, "start block");
    }

    // ------------------------------------------------------------------ handover

    /// @dev An MMR of 6 leaves whose leaf `at` announces `after_` as the next set.
    function handoverLeaf(Validators memory after_, uint256 pos)
        internal
        pure
        returns (MmrLeaf memory leaf, bytes32[] memory items, uint256 order, bytes32 mmr)
    {
        MmrLeaf[] memory leaves = new MmrLeaf[](6);
        for (uint256 i = 0; i < 6; i++) {
            leaves[i] = leafFor(uint32(START_BLOCK + i), after_, keccak256(abi.encode("extra", i)));
        }
        bytes32[] memory hashes = leafHashes(leaves);
        (items, order) = TreeBuilder.mmrPath(hashes, pos);
        mmr = TreeBuilder.mmrRoot(hashes);
        leaf = leaves[pos];
    }

    function test_handover_rotatesSets() public {
        Validators memory newest = makeValidators(1, CURRENT_ID + 2, 7);
        (MmrLeaf memory leaf, bytes32[] memory items, uint256 order, bytes32 mmr) = handoverLeaf(newest, 5);
        Commitment memory c = commitment(mmr, START_BLOCK + 20, CURRENT_ID + 1);
        Signature[] memory sigs = signFirst(nxt, c, 3);
        client.submitHandover(c, sigs, leaf, items, order);

        (uint64 id, uint32 len, bytes32 r) = client.currentSet();
        vm.assertEq(uint256(id), CURRENT_ID + 1, "current id");
        vm.assertEq(uint256(len), 4, "current len");
        vm.assertEq(r, nxt.root, "current root");
        (id, len, r) = client.nextSet();
        vm.assertEq(uint256(id), CURRENT_ID + 2, "next id");
        vm.assertEq(uint256(len), 7, "next len");
        vm.assertEq(r, newest.root, "next root");
        vm.assertTrue(client.isAccepted(mmr), "handover root accepted");
        vm.assertEq(uint256(client.latestBlock()), START_BLOCK + 20, "latest");

        // the new current set's commitments are accepted ...
        Commitment memory c2 = commitment(someRoot(9), START_BLOCK + 21, CURRENT_ID + 1);
        client.submit(c2, signFirst(nxt, c2, 3));
        vm.assertTrue(client.isAccepted(c2.mmrRoot), "new set accepted");
        // ... the old set's are not
        Commitment memory c3 = commitment(someRoot(10), START_BLOCK + 22, CURRENT_ID);
        sigs = signFirst(cur, c3, 3);
        expectErr(abi.encodeWithSelector(BeefyLightClient.StaleOrSkippedSetId.selector, CURRENT_ID));
        client.submit(c3, sigs);
        // and the set after can take over in turn (7 members, quorum 5)
        secondHandover(newest);
    }

    function secondHandover(Validators memory newest) internal {
        (MmrLeaf memory leaf, bytes32[] memory items, uint256 order, bytes32 mmr) =
            handoverLeaf(makeValidators(1, CURRENT_ID + 3, 2), 0);
        Commitment memory c4 = commitment(mmr, START_BLOCK + 30, CURRENT_ID + 2);
        Signature[] memory sigs = signFirst(newest, c4, 5);
        client.submitHandover(c4, sigs, leaf, items, order);
        (uint64 id,,) = client.currentSet();
        vm.assertEq(uint256(id), CURRENT_ID + 2, "second handover");
    }

    function test_handover_everyLeafPosition() public {
        Validators memory newest = makeValidators(1, CURRENT_ID + 2, 3);
        for (uint256 pos = 0; pos < 6; pos++) {
            deployWith(4);
            (MmrLeaf memory leaf, bytes32[] memory items, uint256 order, bytes32 mmr) = handoverLeaf(newest, pos);
            Commitment memory c = commitment(mmr, START_BLOCK + 1, CURRENT_ID + 1);
            client.submitHandover(c, signFirst(nxt, c, 3), leaf, items, order);
            (uint64 id,,) = client.nextSet();
            vm.assertEq(uint256(id), CURRENT_ID + 2, "rotated");
        }
    }

    function test_handover_wrongNextId_refused() public {
        uint64[3] memory wrong = [CURRENT_ID + 1, CURRENT_ID + 3, CURRENT_ID];
        for (uint256 k = 0; k < 3; k++) {
            (MmrLeaf memory leaf, bytes32[] memory items, uint256 order, bytes32 mmr) =
                handoverLeaf(makeValidators(1, wrong[k], 4), 3);
            Commitment memory c = commitment(mmr, START_BLOCK + 1, CURRENT_ID + 1);
            Signature[] memory sigs = signFirst(nxt, c, 3);
            expectErr(abi.encodeWithSelector(BeefyLightClient.UnexpectedNextSet.selector, wrong[k]));
            client.submitHandover(c, sigs, leaf, items, order);
        }
    }

    function test_handover_leafNotUnderRoot_refused() public {
        (MmrLeaf memory leaf, bytes32[] memory items, uint256 order, bytes32 mmr) =
            handoverLeaf(makeValidators(1, CURRENT_ID + 2, 4), 3);
        Commitment memory c = commitment(mmr, START_BLOCK + 1, CURRENT_ID + 1);
        Signature[] memory sigs = signFirst(nxt, c, 3);
        // a leaf announcing another set (a different root) under the same path
        MmrLeaf memory other = leaf;
        other.nextSetRoot = keccak256("another set");
        vm.expectRevert(BeefyLightClient.InvalidLeafProof.selector);
        client.submitHandover(c, sigs, other, items, order);
        // the right leaf with a wrong order bitfield
        vm.expectRevert(BeefyLightClient.InvalidLeafProof.selector);
        client.submitHandover(c, sigs, leaf, items, order ^ 1);
    }

    function test_handover_emptyNextSet_refused() public {
        (MmrLeaf memory leaf, bytes32[] memory items, uint256 order, bytes32 mmr) =
            handoverLeaf(makeValidators(1, CURRENT_ID + 2, 4), 3);
        leaf.nextSetLen = 0;
        Commitment memory c = commitment(mmr, START_BLOCK + 1, CURRENT_ID + 1);
        Signature[] memory sigs = signFirst(nxt, c, 3);
        vm.expectRevert(BeefyLightClient.InvalidValidatorSet.selector);
        client.submitHandover(c, sigs, leaf, items, order);
    }

    function test_handover_insufficientNextSetSignatures_refused() public {
        (MmrLeaf memory leaf, bytes32[] memory items, uint256 order, bytes32 mmr) =
            handoverLeaf(makeValidators(1, CURRENT_ID + 2, 4), 3);
        Commitment memory c = commitment(mmr, START_BLOCK + 1, CURRENT_ID + 1);
        Signature[] memory sigs = signFirst(nxt, c, 2);
        expectErr(abi.encodeWithSelector(BeefyLightClient.InsufficientSignatures.selector, 2, uint32(4)));
        client.submitHandover(c, sigs, leaf, items, order);
        // current-set signatures do not prove next-set membership
        sigs = signFirst(cur, c, 3);
        expectErr(abi.encodeWithSelector(BeefyLightClient.InvalidSignerProof.selector, uint32(0)));
        client.submitHandover(c, sigs, leaf, items, order);
    }
}
