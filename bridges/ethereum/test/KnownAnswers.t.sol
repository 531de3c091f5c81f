// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {BridgeFixtures, TreeBuilder} from "./lib/BridgeFixtures.sol";
import {BridgeMerkle} from "../src/BridgeMerkle.sol";
import {BeefyCodec, Commitment, MmrLeaf} from "../src/BeefyCodec.sol";
import {BridgeMessage, Message} from "../src/BridgeMessage.sol";
import {BeefyLightClient, ValidatorSet, Signature} from "../src/BeefyLightClient.sol";
import {Command, GatewayCommand, Parameters} from "../src/GatewayCommand.sol";

/// @notice Checks the Solidity encoders and verifiers against vectors computed independently by
///         test/vectors/gen_known_answers.py (its own keccak and secp256k1), kept in
///         test/vectors/known-answers.json.
contract KnownAnswersTest is BridgeFixtures {
    string internal json;

    function setUp() public {
        json = vm.readFile(string.concat(vm.projectRoot(), "/test/vectors/known-answers.json"));
    }

    function commitmentVector() internal view returns (Commitment memory) {
        return Commitment({
            mmrRoot: vm.parseJsonBytes32(json, ".commitment.mmrRoot"),
            blockNumber: uint32(vm.parseJsonUint(json, ".commitment.blockNumber")),
            setId: uint64(vm.parseJsonUint(json, ".commitment.setId"))
        });
    }

    function test_kat_commitmentEncoding() public view {
        Commitment memory c = commitmentVector();
        bytes memory encoded = BeefyCodec.encodeCommitment(c);
        vm.assertEq(encoded.length, 48, "48 bytes");
        vm.assertEq(encoded, vm.parseJsonBytes(json, ".commitment.encoded"), "encoding");
        vm.assertEq(BeefyCodec.hashCommitment(c), vm.parseJsonBytes32(json, ".commitment.hash"), "hash");
    }

    function test_kat_leafEncoding() public view {
        MmrLeaf memory l = MmrLeaf({
            version: uint8(vm.parseJsonUint(json, ".leaf.version")),
            parentNumber: uint32(vm.parseJsonUint(json, ".leaf.parentNumber")),
            parentHash: vm.parseJsonBytes32(json, ".leaf.parentHash"),
            nextSetId: uint64(vm.parseJsonUint(json, ".leaf.nextSetId")),
            nextSetLen: uint32(vm.parseJsonUint(json, ".leaf.nextSetLen")),
            nextSetRoot: vm.parseJsonBytes32(json, ".leaf.nextSetRoot"),
            leafExtra: vm.parseJsonBytes32(json, ".leaf.leafExtra")
        });
        bytes memory encoded = BeefyCodec.encodeLeaf(l);
        vm.assertEq(encoded.length, 113, "113 bytes");
        vm.assertEq(encoded, vm.parseJsonBytes(json, ".leaf.encoded"), "encoding");
        vm.assertEq(BeefyCodec.hashLeaf(l), vm.parseJsonBytes32(json, ".leaf.hash"), "hash");
    }

    function test_kat_messageEncoding() public view {
        Message memory m = Message({
            genesisHash: vm.parseJsonBytes32(json, ".message.genesisHash"),
            chainId: uint64(vm.parseJsonUint(json, ".message.chainId")),
            gateway: vm.parseJsonAddress(json, ".message.gateway"),
            nonce: uint64(vm.parseJsonUint(json, ".message.nonce")),
            recipient: vm.parseJsonAddress(json, ".message.recipient"),
            amount: uint128(vm.parseJsonUint(json, ".message.amount"))
        });
        bytes memory encoded = BridgeMessage.encode(m);
        vm.assertEq(encoded.length, 192, "192 bytes");
        vm.assertEq(encoded, vm.parseJsonBytes(json, ".message.encoded"), "encoding");
        vm.assertEq(BridgeMessage.leafHash(m), vm.parseJsonBytes32(json, ".message.hash"), "hash");
    }

    function test_kat_validatorSetRootOf5() public view {
        uint256[] memory keys = vm.parseJsonUintArray(json, ".validatorSet.privateKeys");
        address[] memory addrs = vm.parseJsonAddressArray(json, ".validatorSet.addresses");
        vm.assertEq(addrs.length, 5, "5 addresses");
        for (uint256 i = 0; i < 5; i++) vm.assertEq(vm.addr(keys[i]), addrs[i], "address from key");
        bytes32 root = vm.parseJsonBytes32(json, ".validatorSet.root");
        bytes32[] memory leaves = TreeBuilder.addressLeaves(addrs);
        vm.assertEq(TreeBuilder.merkleRoot(leaves), root, "root");
        bytes32[] memory p1 = vm.parseJsonBytes32Array(json, ".validatorSet.proof1");
        bytes32[] memory p4 = vm.parseJsonBytes32Array(json, ".validatorSet.proof4");
        vm.assertTrue(BridgeMerkle.verify(root, leaves[1], 1, 5, p1), "proof of index 1");
        vm.assertTrue(BridgeMerkle.verify(root, leaves[4], 4, 5, p4), "proof of index 4 (promoted twice)");
        vm.assertEq(p4.length, 1, "index 4 of 5 has one sibling");
        vm.assertFalse(BridgeMerkle.verify(root, leaves[4], 3, 5, p4), "not at index 3");
    }

    /// @notice The light client accepts the Python-signed commitment (4 of 5: the quorum).
    function test_kat_signedCommitmentAccepted() public {
        Commitment memory c = commitmentVector();
        address[] memory addrs = vm.parseJsonAddressArray(json, ".validatorSet.addresses");
        bytes32 root = vm.parseJsonBytes32(json, ".validatorSet.root");
        bytes32[] memory leaves = TreeBuilder.addressLeaves(addrs);
        bytes[] memory raw = vm.parseJsonBytesArray(json, ".signatures");
        Signature[] memory sigs = new Signature[](4);
        for (uint256 i = 0; i < 4; i++) {
            uint256 k = i + 1; // members 1..4
            bytes memory sig = raw[k];
            vm.assertEq(sig.length, 65, "r || s || v");
            bytes32 r;
            bytes32 s;
            uint8 v = uint8(sig[64]);
            assembly {
                r := mload(add(sig, 32))
                s := mload(add(sig, 64))
            }
            vm.assertTrue(v <= 1, "v in {0,1}");
            sigs[i] = Signature({
                index: uint32(k),
                signer: addrs[k],
                proof: TreeBuilder.merkleProof(leaves, k),
                v: v,
                r: r,
                s: s
            });
        }
        BeefyLightClient client = new BeefyLightClient(
            ValidatorSet({id: c.setId, len: 5, root: root}), ValidatorSet({id: c.setId + 1, len: 5, root: root}), 0
        );
        client.submit(c, sigs);
        vm.assertTrue(client.isAccepted(c.mmrRoot), "accepted");
    }

    function test_kat_mmrPathOf7() public view {
        bytes32[] memory hashes = vm.parseJsonBytes32Array(json, ".mmr.leafHashes");
        bytes32 root = vm.parseJsonBytes32(json, ".mmr.root");
        uint256 index = vm.parseJsonUint(json, ".mmr.index");
        bytes32[] memory items = vm.parseJsonBytes32Array(json, ".mmr.items");
        uint256 order = vm.parseJsonUint(json, ".mmr.order");
        vm.assertEq(TreeBuilder.mmrRoot(hashes), root, "root");
        vm.assertTrue(BridgeMerkle.verifyMmrPath(root, hashes[index], items, order), "path");
        (bytes32[] memory myItems, uint256 myOrder) = TreeBuilder.mmrPath(hashes, index);
        vm.assertEq(myOrder, order, "same order");
        vm.assertEq(keccak256(abi.encode(myItems)), keccak256(abi.encode(items)), "same items");
    }

    function test_kat_commandEncoding() public view {
        Command memory c = Command({
            genesisHash: vm.parseJsonBytes32(json, ".command.genesisHash"),
            chainId: uint64(vm.parseJsonUint(json, ".command.chainId")),
            gateway: vm.parseJsonAddress(json, ".command.gateway"),
            nonce: uint64(vm.parseJsonUint(json, ".command.nonce")),
            params: Parameters({
                paused: vm.parseJsonBool(json, ".command.paused"),
                minBurn: uint128(vm.parseJsonUint(json, ".command.minBurn")),
                maxBurn: uint128(vm.parseJsonUint(json, ".command.maxBurn")),
                epochCap: uint128(vm.parseJsonUint(json, ".command.epochCap")),
                epochSeconds: uint64(vm.parseJsonUint(json, ".command.epochSeconds"))
            })
        });
        vm.assertEq(GatewayCommand.SET_PARAMETERS_TAG, vm.parseJsonBytes32(json, ".command.tag"), "tag");
        bytes memory encoded = GatewayCommand.encode(c);
        vm.assertEq(encoded, vm.parseJsonBytes(json, ".command.encoded"), "encoding");
        vm.assertEq(GatewayCommand.leafHash(c), vm.parseJsonBytes32(json, ".command.hash"), "hash");
    }
}
