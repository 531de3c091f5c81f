// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {BridgeFixtures, TreeBuilder, Validators} from "./lib/BridgeFixtures.sol";
import {BeefyLightClient, Signature} from "../src/BeefyLightClient.sol";
import {Commitment, MmrLeaf} from "../src/BeefyCodec.sol";
import {Message} from "../src/BridgeMessage.sol";
import {Gateway, Inclusion} from "../src/Gateway.sol";
import {WrappedDSY} from "../src/WrappedDSY.sol";

/// @notice Everything `Gateway.mint` takes for one message.
struct Delivery {
    Message m;
    bytes32[] msgProof;
    uint32 msgIndex;
    uint32 msgCount;
    MmrLeaf leaf;
    bytes32[] leafItems;
    uint256 leafOrder;
    bytes32 mmrRoot;
}

/// @notice A simulated chain for the gateway tests: blocks of messages, MMR leaves, commitments.
abstract contract ChainSim is BridgeFixtures {
    bytes32 internal constant GENESIS = keccak256("dsynapse test genesis");
    uint64 internal constant SET_ID = 3;

    BeefyLightClient internal client;
    Gateway internal gateway;
    WrappedDSY internal wdsy;
    Validators internal vals;
    Validators internal nextVals;
    uint32 internal blockNumber = 1000;

    function deployBridge() internal {
        vals = makeValidators(7, SET_ID, 4);
        nextVals = makeValidators(7, SET_ID + 1, 4);
        client = new BeefyLightClient(setOf(vals), setOf(nextVals), blockNumber);
        gateway = new Gateway(client, GENESIS, defaultParameters());
        wdsy = gateway.wdsy();
    }

    function message(uint64 nonce, address recipient, uint128 amount) internal view returns (Message memory) {
        return Message({
            genesisHash: GENESIS,
            chainId: uint64(block.chainid),
            gateway: address(gateway),
            nonce: nonce,
            recipient: recipient,
            amount: amount
        });
    }

    /// @notice Commits one block per entry of `blocks` (as MMR leaves after `padding` earlier leaves),
    ///         has the validators sign the MMR root, submits it, and returns the leaves and root.
    function commitBlocks(Message[][] memory blocks, uint256 padding)
        internal
        returns (MmrLeaf[] memory leaves, bytes32[] memory hashes, bytes32 mmr)
    {
        leaves = new MmrLeaf[](padding + blocks.length);
        for (uint256 i = 0; i < leaves.length; i++) {
            bytes32 extra = i < padding ? bytes32(0) : TreeBuilder.merkleRoot(TreeBuilder.messageLeaves(blocks[i - padding]));
            leaves[i] = leafFor(blockNumber + uint32(i), nextVals, extra);
        }
        hashes = leafHashes(leaves);
        mmr = TreeBuilder.mmrRoot(hashes);
        blockNumber += uint32(leaves.length) + 1;
        Commitment memory c = Commitment({mmrRoot: mmr, blockNumber: blockNumber, setId: SET_ID});
        Signature[] memory sigs = signFirst(vals, c, quorum(vals.addrs.length));
        client.submit(c, sigs);
    }

    /// @notice The delivery of message `j` of block `b` (committed by `commitBlocks(blocks, padding)`).
    function deliveryOf(
        Message[][] memory blocks,
        uint256 padding,
        MmrLeaf[] memory leaves,
        bytes32[] memory hashes,
        bytes32 mmr,
        uint256 b,
        uint256 j
    ) internal pure returns (Delivery memory d) {
        d.m = blocks[b][j];
        d.msgProof = TreeBuilder.merkleProof(TreeBuilder.messageLeaves(blocks[b]), j);
        d.msgIndex = uint32(j);
        d.msgCount = uint32(blocks[b].length);
        d.leaf = leaves[padding + b];
        (d.leafItems, d.leafOrder) = TreeBuilder.mmrPath(hashes, padding + b);
        d.mmrRoot = mmr;
    }

    /// @notice Commits `msgs` as one block (after 3 empty leaves) and returns message `j`'s delivery.
    function commitOne(Message[] memory msgs, uint256 j) internal returns (Delivery memory) {
        Message[][] memory blocks = new Message[][](1);
        blocks[0] = msgs;
        (MmrLeaf[] memory leaves, bytes32[] memory hashes, bytes32 mmr) = commitBlocks(blocks, 3);
        return deliveryOf(blocks, 3, leaves, hashes, mmr, 0, j);
    }

    /// @notice Commits one block whose message tree holds the leaf hashes `items` (messages,
    ///         commands, anything) after 3 empty leaves, and returns item `j`'s inclusion.
    function commitItems(bytes32[] memory items, uint256 j) internal returns (Inclusion memory inc) {
        MmrLeaf[] memory leaves = new MmrLeaf[](4);
        for (uint256 i = 0; i < 4; i++) {
            leaves[i] = leafFor(blockNumber + uint32(i), nextVals, i < 3 ? bytes32(0) : TreeBuilder.merkleRoot(items));
        }
        bytes32[] memory hashes = leafHashes(leaves);
        bytes32 mmr = TreeBuilder.mmrRoot(hashes);
        blockNumber += 5;
        Commitment memory c = Commitment({mmrRoot: mmr, blockNumber: blockNumber, setId: SET_ID});
        client.submit(c, signFirst(vals, c, quorum(vals.addrs.length)));
        inc.msgProof = TreeBuilder.merkleProof(items, j);
        inc.msgIndex = uint32(j);
        inc.msgCount = uint32(items.length);
        inc.leaf = leaves[3];
        (inc.leafItems, inc.leafOrder) = TreeBuilder.mmrPath(hashes, 3);
        inc.mmrRoot = mmr;
    }

    function deliver(Delivery memory d) internal {
        gateway.mint(d.m, d.msgProof, d.msgIndex, d.msgCount, d.leaf, d.leafItems, d.leafOrder, d.mmrRoot);
    }
}

contract GatewayTest is ChainSim {
    address internal constant ALICE = address(0xA11CE);
    address internal constant BOB = address(0xB0B);

    function setUp() public {
        deployBridge();
    }

    function three() internal view returns (Message[] memory msgs) {
        msgs = new Message[](3);
        msgs[0] = message(1, ALICE, 5e12);
        msgs[1] = message(2, BOB, 7);
        msgs[2] = message(3, ALICE, 123_456_789);
    }

    function test_mint_mintsExactAmount() public {
        Delivery memory d = commitOne(three(), 2);
        deliver(d);
        vm.assertEq(wdsy.balanceOf(ALICE), 123_456_789, "recipient balance");
        vm.assertEq(wdsy.totalSupply(), 123_456_789, "supply");
        vm.assertEq(gateway.mintedTotal(), 123_456_789, "minted total");
        vm.assertTrue(gateway.isMinted(3), "nonce 3 minted");
        vm.assertFalse(gateway.isMinted(1), "nonce 1 not minted");
        vm.assertEq(wdsy.balanceOf(BOB), 0, "bob untouched");
    }

    function test_mint_replayedNonce_refused() public {
        Delivery memory d = commitOne(three(), 0);
        deliver(d);
        vm.expectRevert(abi.encodeWithSelector(Gateway.NonceAlreadyMinted.selector, uint64(1)));
        deliver(d);
        vm.assertEq(wdsy.totalSupply(), 5e12, "minted once");
    }

    function test_mint_replayedNonce_inLaterBlock_refused() public {
        deliver(commitOne(three(), 1));
        // the same nonce committed again (another block, another root): still minted only once
        Message[] memory again = new Message[](1);
        again[0] = message(2, BOB, 7);
        Delivery memory d = commitOne(again, 0);
        vm.expectRevert(abi.encodeWithSelector(Gateway.NonceAlreadyMinted.selector, uint64(2)));
        deliver(d);
    }

    function test_mint_wrongLeaf_refused() public {
        Message[][] memory blocks = new Message[][](2);
        blocks[0] = three();
        blocks[1] = new Message[](1);
        blocks[1][0] = message(4, BOB, 1);
        (MmrLeaf[] memory leaves, bytes32[] memory hashes, bytes32 mmr) = commitBlocks(blocks, 2);
        Delivery memory d = deliveryOf(blocks, 2, leaves, hashes, mmr, 0, 1);
        Delivery memory other = deliveryOf(blocks, 2, leaves, hashes, mmr, 1, 0);
        // another (accepted, correctly proven) leaf whose leafExtra is another block's message root
        d.leaf = other.leaf;
        d.leafItems = other.leafItems;
        d.leafOrder = other.leafOrder;
        vm.expectRevert(Gateway.InvalidMessageProof.selector);
        deliver(d);
        // the right path with a leaf whose leafExtra was swapped for the other block's root
        d = deliveryOf(blocks, 2, leaves, hashes, mmr, 1, 0);
        d.leaf = deliveryOf(blocks, 2, leaves, hashes, mmr, 0, 0).leaf;
        d.leaf.leafExtra = other.leaf.leafExtra;
        vm.expectRevert(Gateway.InvalidLeafProof.selector);
        deliver(d);
        // an empty padding leaf (leafExtra zero) proves nothing
        d = deliveryOf(blocks, 2, leaves, hashes, mmr, 1, 0);
        d.leaf = leaves[0];
        (d.leafItems, d.leafOrder) = TreeBuilder.mmrPath(hashes, 0);
        vm.expectRevert(Gateway.InvalidMessageProof.selector);
        deliver(d);
        vm.assertEq(wdsy.totalSupply(), 0, "nothing minted");
    }

    function test_mint_tamperedMessage_refused() public {
        Delivery memory d = commitOne(three(), 1);
        d.m.amount += 1;
        vm.expectRevert(Gateway.InvalidMessageProof.selector);
        deliver(d);
        d = commitOne(three(), 1);
        d.m.recipient = ALICE;
        vm.expectRevert(Gateway.InvalidMessageProof.selector);
        deliver(d);
        d = commitOne(three(), 1);
        d.m.nonce = 99;
        vm.expectRevert(Gateway.InvalidMessageProof.selector);
        deliver(d);
    }

    function test_mint_wrongIndexOrCount_refused() public {
        Delivery memory d = commitOne(three(), 1);
        d.msgIndex = 0;
        vm.expectRevert(Gateway.InvalidMessageProof.selector);
        deliver(d);
        d.msgIndex = 1;
        d.msgCount = 5;
        vm.expectRevert(Gateway.InvalidMessageProof.selector);
        deliver(d);
        d.msgIndex = 3;
        d.msgCount = 4;
        vm.expectRevert(Gateway.InvalidMessageProof.selector);
        deliver(d);
        d.msgIndex = 1;
        d.msgCount = 1;
        vm.expectRevert(Gateway.InvalidMessageProof.selector);
        deliver(d);
        d.msgCount = 3;
        deliver(d);
        vm.assertEq(wdsy.balanceOf(BOB), 7, "then the right one mints");
    }

    function test_mint_rootNeverAccepted_refused() public {
        Message[] memory msgs = three();
        Delivery memory d = commitOne(msgs, 0);
        // the same leaf under an MMR root no commitment carried (one extra leaf appended)
        bytes32[] memory hashes = new bytes32[](5);
        Message[][] memory blocks = new Message[][](1);
        blocks[0] = msgs;
        for (uint256 i = 0; i < 3; i++) hashes[i] = keccak256(abi.encode(i));
        MmrLeaf memory leaf = d.leaf;
        hashes[3] = leafHashes(singleton(leaf))[0];
        hashes[4] = keccak256("unsigned");
        d.mmrRoot = TreeBuilder.mmrRoot(hashes);
        (d.leafItems, d.leafOrder) = TreeBuilder.mmrPath(hashes, 3);
        vm.expectRevert(abi.encodeWithSelector(Gateway.RootNotAccepted.selector, d.mmrRoot));
        deliver(d);
        d.mmrRoot = bytes32(0);
        vm.expectRevert(abi.encodeWithSelector(Gateway.RootNotAccepted.selector, bytes32(0)));
        deliver(d);
    }

    function singleton(MmrLeaf memory l) internal pure returns (MmrLeaf[] memory a) {
        a = new MmrLeaf[](1);
        a[0] = l;
    }

    function test_mint_otherGenesis_refused() public {
        Message[] memory msgs = three();
        msgs[0].genesisHash = keccak256("another dsynapse network");
        Delivery memory d = commitOne(msgs, 0);
        vm.expectRevert(abi.encodeWithSelector(Gateway.WrongGenesisHash.selector, msgs[0].genesisHash));
        deliver(d);
    }

    function test_mint_otherChainId_refused() public {
        Message[] memory msgs = three();
        msgs[0].chainId = 1;
        Delivery memory d = commitOne(msgs, 0);
        vm.expectRevert(abi.encodeWithSelector(Gateway.WrongChainId.selector, uint64(1)));
        deliver(d);
        // a correct message replayed on a fork with another chain id
        d = commitOne(three(), 1);
        vm.chainId(5);
        vm.expectRevert(abi.encodeWithSelector(Gateway.WrongChainId.selector, uint64(31337)));
        deliver(d);
    }

    function test_mint_otherGateway_refused() public {
        Message[] memory msgs = three();
        msgs[0].gateway = address(0x6A7E);
        Delivery memory d = commitOne(msgs, 0);
        vm.expectRevert(abi.encodeWithSelector(Gateway.WrongGateway.selector, address(0x6A7E)));
        deliver(d);
        // a second gateway on the same client cannot mint the first one's messages
        Gateway g2 = new Gateway(client, GENESIS, defaultParameters());
        d = commitOne(three(), 1);
        vm.expectRevert(abi.encodeWithSelector(Gateway.WrongGateway.selector, address(gateway)));
        g2.mint(d.m, d.msgProof, d.msgIndex, d.msgCount, d.leaf, d.leafItems, d.leafOrder, d.mmrRoot);
    }

    function test_mint_zeroRecipient_refused() public {
        Message[] memory msgs = three();
        msgs[1].recipient = address(0);
        Delivery memory d = commitOne(msgs, 1);
        vm.expectRevert(Gateway.ZeroRecipient.selector);
        deliver(d);
    }

    function test_mint_zeroAmount_refused() public {
        Message[] memory msgs = three();
        msgs[1].amount = 0;
        Delivery memory d = commitOne(msgs, 1);
        vm.expectRevert(Gateway.ZeroAmount.selector);
        deliver(d);
    }

    function test_mint_everyIndex_ofBlocksWith1to9Messages() public {
        Message[][] memory blocks = new Message[][](9);
        uint64 nonce = 0;
        uint256 expected = 0;
        for (uint256 b = 0; b < 9; b++) {
            blocks[b] = new Message[](b + 1);
            for (uint256 j = 0; j <= b; j++) {
                nonce++;
                blocks[b][j] = message(nonce, address(uint160(0x1000 + nonce)), uint128(nonce) * 1e9);
                expected += uint256(nonce) * 1e9;
            }
        }
        (MmrLeaf[] memory leaves, bytes32[] memory hashes, bytes32 mmr) = commitBlocks(blocks, 4);
        for (uint256 b = 0; b < 9; b++) {
            for (uint256 j = 0; j <= b; j++) {
                Delivery memory d = deliveryOf(blocks, 4, leaves, hashes, mmr, b, j);
                deliver(d);
                vm.assertEq(wdsy.balanceOf(d.m.recipient), d.m.amount, "recipient got the amount");
                vm.assertTrue(gateway.isMinted(d.m.nonce), "nonce marked");
            }
        }
        vm.assertEq(uint256(nonce), 45, "45 messages");
        vm.assertEq(wdsy.totalSupply(), expected, "supply is the sum");
        vm.assertEq(gateway.mintedTotal(), expected, "minted total is the sum");
    }

    function test_wdsy_metadata_and_onlyGatewayMints() public {
        vm.assertEq(uint256(wdsy.decimals()), 12, "decimals");
        vm.assertEq(keccak256(bytes(wdsy.name())), keccak256("Wrapped DSY"), "name");
        vm.assertEq(keccak256(bytes(wdsy.symbol())), keccak256("wDSY"), "symbol");
        vm.assertEq(wdsy.gateway(), address(gateway), "gateway");
        vm.expectRevert(abi.encodeWithSelector(WrappedDSY.OnlyGateway.selector, address(this)));
        wdsy.mint(ALICE, 1);
        vm.prank(address(client));
        vm.expectRevert(abi.encodeWithSelector(WrappedDSY.OnlyGateway.selector, address(client)));
        wdsy.mint(ALICE, 1);
        vm.prank(address(gateway));
        wdsy.mint(ALICE, 1);
        vm.assertEq(wdsy.balanceOf(ALICE), 1, "the gateway can");
    }
}
