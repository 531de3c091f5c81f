// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {BridgeFixtures, TreeBuilder, Validators} from "./lib/BridgeFixtures.sol";
import {FuzzSelector} from "./lib/TestBase.sol";
import {BeefyLightClient, Signature} from "../src/BeefyLightClient.sol";
import {BeefyCodec, Commitment, MmrLeaf} from "../src/BeefyCodec.sol";
import {BridgeMessage, Message} from "../src/BridgeMessage.sol";
import {Gateway} from "../src/Gateway.sol";
import {Parameters} from "../src/GatewayCommand.sol";
import {WrappedDSY} from "../src/WrappedDSY.sol";

/// @notice Simulates the dsynapse chain and a relayer against the contracts: locks (messages),
///         blocks (MMR leaves carrying message roots), BEEFY commitments signed by the validator
///         set it holds the keys of, set handovers, mints, and attempts at replays and forgeries.
contract ChainHandler is BridgeFixtures {
    uint256 internal constant SEED = 42;
    uint256 internal constant SET_SIZE = 4;
    uint256 internal constant MAX_PER_BLOCK = 9;

    BeefyLightClient public client;
    Gateway public gateway;
    WrappedDSY public wdsy;
    bytes32 public genesis;
    uint64 public currentId;
    uint32 public blockNumber;
    uint64 public lastNonce;

    Message[] internal pending;
    Message[] internal committed;
    uint256[] internal committedLeaf; // MMR leaf index of each committed message
    uint256[] internal committedIndex; // its index in that block's message tree
    mapping(uint256 => bytes32[]) internal blockMessages; // leaf index → message leaf hashes
    MmrLeaf[] internal leaves;
    bytes32[] internal leafHashList;
    bytes32 public acceptedRoot; // covers every leaf in `leaves`

    // ghost accounting
    uint256 public lockedTotal;
    uint256 public committedTotal;
    uint256 public mintedSum;
    uint256 public burnedSum;
    uint256 public burnsOverBalanceAccepted;
    uint256 public mintCalls;
    mapping(uint64 => uint256) public mintsOfNonce;
    uint256 public doubleMints;
    uint256 public forgeriesAccepted;
    uint256 public validRefused;
    uint256 public forgeryAttempts;

    constructor(uint64 firstSetId, uint32 startBlock) {
        currentId = firstSetId;
        blockNumber = startBlock;
        client = new BeefyLightClient(setOf(validators(firstSetId)), setOf(validators(firstSetId + 1)), startBlock);
        genesis = keccak256("invariant genesis");
        gateway = new Gateway(client, genesis, defaultParameters());
        wdsy = gateway.wdsy();
    }

    function validators(uint64 id) internal pure returns (Validators memory) {
        return makeValidators(SEED, id, SET_SIZE);
    }

    function committedCount() external view returns (uint256) {
        return committed.length;
    }

    function committedNonce(uint256 i) external view returns (uint64) {
        return committed[i].nonce;
    }

    // ------------------------------------------------------------------ the chain

    /// @notice A user locks `amount` DSY on the chain for an Ethereum recipient.
    function lock(uint256 amount, uint256 who) external {
        amount = bound(amount, 1, 1e24);
        lastNonce++;
        pending.push(
            Message({
                genesisHash: genesis,
                chainId: uint64(block.chainid),
                gateway: address(gateway),
                nonce: lastNonce,
                recipient: address(uint160(0x5000 + (who % 5))),
                amount: uint128(amount)
            })
        );
        lockedTotal += amount;
    }

    /// @notice The chain produces a block with the pending messages (up to 9), and the relayer
    ///         submits the validators' commitment of the new MMR root.
    function commitBlock() external {
        uint256 count = pending.length < MAX_PER_BLOCK ? pending.length : MAX_PER_BLOCK;
        uint256 leafIndex = leaves.length;
        bytes32[] memory hashes = new bytes32[](count);
        for (uint256 i = 0; i < count; i++) {
            Message memory m = pending[pending.length - count + i];
            hashes[i] = BridgeMessage.leafHash(m);
            committed.push(m);
            committedLeaf.push(leafIndex);
            committedIndex.push(i);
            committedTotal += m.amount;
        }
        for (uint256 i = 0; i < count; i++) pending.pop();
        blockMessages[leafIndex] = hashes;
        appendLeaf(leafFor(blockNumber, validators(currentId + 1), TreeBuilder.merkleRoot(hashes)));

        Commitment memory c = nextCommitment(currentId);
        Signature[] memory sigs = signFirst(validators(currentId), c, quorum(SET_SIZE));
        try client.submit(c, sigs) {
            acceptedRoot = c.mmrRoot;
        } catch {
            validRefused++;
        }
    }

    /// @notice The validator set changes: a leaf announces the set after the next one, and the
    ///         next set's commitment hands over.
    function rotate() external {
        uint256 leafIndex = leaves.length;
        appendLeaf(leafFor(blockNumber, validators(currentId + 2), bytes32(0)));
        Commitment memory c = nextCommitment(currentId + 1);
        Signature[] memory sigs = signFirst(validators(currentId + 1), c, quorum(SET_SIZE));
        (bytes32[] memory items, uint256 order) = TreeBuilder.mmrPath(leafHashList, leafIndex);
        try client.submitHandover(c, sigs, leaves[leafIndex], items, order) {
            acceptedRoot = c.mmrRoot;
            currentId++;
        } catch {
            validRefused++;
        }
    }

    function appendLeaf(MmrLeaf memory leaf) internal {
        leaves.push(leaf);
        leafHashList.push(BeefyCodec.hashLeaf(leaf));
        blockNumber++;
    }

    function nextCommitment(uint64 setId) internal view returns (Commitment memory) {
        return Commitment({mmrRoot: TreeBuilder.mmrRoot(leafHashList), blockNumber: blockNumber, setId: setId});
    }

    // ------------------------------------------------------------------ the relayer

    struct Delivery {
        Message m;
        bytes32[] msgProof;
        uint32 msgIndex;
        uint32 msgCount;
        MmrLeaf leaf;
        bytes32[] items;
        uint256 order;
        bytes32 root;
    }

    function deliveryOf(uint256 i) internal view returns (Delivery memory d) {
        uint256 leafIndex = committedLeaf[i];
        bytes32[] memory hashes = blockMessages[leafIndex];
        d.m = committed[i];
        d.msgIndex = uint32(committedIndex[i]);
        d.msgCount = uint32(hashes.length);
        d.msgProof = TreeBuilder.merkleProof(hashes, d.msgIndex);
        d.leaf = leaves[leafIndex];
        (d.items, d.order) = TreeBuilder.mmrPath(leafHashList, leafIndex);
        d.root = acceptedRoot;
    }

    function tryMint(Delivery memory d) internal returns (bool) {
        try gateway.mint(d.m, d.msgProof, d.msgIndex, d.msgCount, d.leaf, d.items, d.order, d.root) {
            return true;
        } catch {
            return false;
        }
    }

    /// @notice Relays a committed message (again, if it was minted already: a replay).
    function mint(uint256 pick) external {
        if (committed.length == 0 || acceptedRoot == bytes32(0)) return;
        uint256 i = pick % committed.length;
        Delivery memory d = deliveryOf(i);
        bool before = gateway.isMinted(d.m.nonce);
        mintCalls++;
        if (tryMint(d)) {
            if (before || mintsOfNonce[d.m.nonce] > 0) doubleMints++;
            mintsOfNonce[d.m.nonce]++;
            mintedSum += d.m.amount;
        } else if (!before) {
            validRefused++;
        }
    }

    /// @notice Relays a committed message changed in one way; none of these may mint.
    function forgeMint(uint256 pick, uint256 mode, uint256 salt) external {
        if (committed.length == 0 || acceptedRoot == bytes32(0)) return;
        Delivery memory d = deliveryOf(pick % committed.length);
        mode = mode % 7;
        if (mode == 0) d.m.amount += uint128(bound(salt, 1, 1e18));
        else if (mode == 1) d.m.recipient = address(uint160(0xBAD0 + (salt % 7)));
        else if (mode == 2) d.m.nonce = lastNonce + 1 + uint64(salt % 1000);
        else if (mode == 3) d.leaf.leafExtra = keccak256(abi.encode(salt));
        else if (mode == 4) d.root = keccak256(abi.encode("unsigned", salt));
        else if (mode == 5) d.msgIndex = d.msgIndex + 1 + uint32(salt % 3);
        else d.m.gateway = address(uint160(salt));
        forgeryAttempts++;
        if (tryMint(d)) forgeriesAccepted++;
    }

    // ------------------------------------------------------------------ holders

    /// @notice A holder burns part of its wDSY for a dsynapse account (within the limits; the
    ///         next day when this one's cap is used up).
    function burn(uint256 who, uint256 amount) external {
        address holder = address(uint160(0x5000 + (who % 5)));
        uint256 balance = wdsy.balanceOf(holder);
        Parameters memory p = gateway.parameters();
        if (balance < p.minBurn) return;
        amount = bound(amount, p.minBurn, balance < p.maxBurn ? balance : p.maxBurn);
        vm.warp(block.timestamp + 1 days);
        vm.prank(holder);
        gateway.burn(uint128(amount), keccak256(abi.encode("account", who % 5)));
        burnedSum += amount;
    }

    /// @notice A holder tries to burn more than it holds; it must never go through.
    function burnTooMuch(uint256 who, uint256 extra) external {
        address holder = address(uint160(0x5000 + (who % 5)));
        uint256 amount = wdsy.balanceOf(holder) + bound(extra, 1, 1e18);
        Parameters memory p = gateway.parameters();
        if (amount < p.minBurn || amount > p.maxBurn) return;
        vm.prank(holder);
        try gateway.burn(uint128(amount), keccak256("thief")) {
            burnsOverBalanceAccepted++;
        } catch {}
    }

    /// @notice Submits a commitment the validators did not sign (outsider keys, or too few members).
    function forgeCommitment(uint256 salt, bool tooFew) external {
        Commitment memory c =
            Commitment({mmrRoot: keccak256(abi.encode("forged", salt)), blockNumber: blockNumber + 1, setId: currentId});
        Validators memory v = validators(currentId);
        Signature[] memory sigs = signFirst(v, c, tooFew ? quorum(SET_SIZE) - 1 : quorum(SET_SIZE));
        if (!tooFew) {
            uint256 k = salt % sigs.length;
            uint256 outsider = uint256(keccak256(abi.encode("outsider", salt))) % type(uint128).max + 1;
            (uint8 vv, bytes32 r, bytes32 s) = vm.sign(outsider, BeefyCodec.hashCommitment(c));
            (sigs[k].v, sigs[k].r, sigs[k].s) = (vv, r, s);
            if (salt % 2 == 0) sigs[k].signer = vm.addr(outsider);
        }
        forgeryAttempts++;
        try client.submit(c, sigs) {
            forgeriesAccepted++;
        } catch {}
    }
}

contract BridgeInvariantTest is BridgeFixtures {
    ChainHandler internal handler;

    function setUp() public {
        handler = new ChainHandler(11, 500);
        targetContract(address(handler));
        bytes4[] memory selectors = new bytes4[](8);
        selectors[0] = ChainHandler.lock.selector;
        selectors[1] = ChainHandler.commitBlock.selector;
        selectors[2] = ChainHandler.rotate.selector;
        selectors[3] = ChainHandler.mint.selector;
        selectors[4] = ChainHandler.forgeMint.selector;
        selectors[5] = ChainHandler.forgeCommitment.selector;
        selectors[6] = ChainHandler.burn.selector;
        selectors[7] = ChainHandler.burnTooMuch.selector;
        targetSelector(FuzzSelector({addr: address(handler), selectors: selectors}));
    }

    /// @notice A fixed walk through the handler, so that its honest paths are known to mint.
    function test_handler_honestPathsMint() public {
        handler.lock(5e12, 1);
        handler.lock(7, 2);
        handler.commitBlock();
        handler.mint(0);
        handler.mint(1);
        handler.mint(1); // replay
        handler.forgeMint(0, 0, 1);
        handler.forgeCommitment(3, false);
        handler.forgeCommitment(4, true);
        handler.rotate();
        handler.lock(9, 3);
        handler.commitBlock();
        handler.mint(2);
        handler.burn(1, 2e12); // holder 1 has 5e12: burns 2e12
        handler.burnTooMuch(1, 1);
        vm.assertEq(handler.mintedSum(), 5e12 + 7 + 9, "three mints");
        vm.assertEq(handler.burnedSum(), 2e12, "one burn");
        vm.assertEq(handler.wdsy().totalSupply(), 3e12 + 7 + 9, "supply");
        vm.assertEq(uint256(handler.currentId()), 12, "rotated once");
        vm.assertEq(handler.doubleMints() + handler.forgeriesAccepted() + handler.validRefused(), 0, "clean");
    }

    /// @notice wDSY and what was burned to come back never exceed what the chain committed as
    ///         locked: nothing on Ethereum creates DSY claims beyond the locks.
    function invariant_supplyBoundedByCommittedLocks() public view {
        WrappedDSY wdsy = handler.wdsy();
        vm.assertLe(wdsy.totalSupply() + handler.burnedSum(), handler.committedTotal(), "supply + burned <= committed locks");
        vm.assertLe(handler.committedTotal(), handler.lockedTotal(), "committed <= locked");
    }

    /// @notice wDSY is exactly the messages minted less the burns, as the gateway counts them too;
    ///         no burn beyond a balance ever went through.
    function invariant_supplyEqualsMintedLessBurned() public view {
        uint256 supply = handler.wdsy().totalSupply();
        vm.assertEq(supply + handler.burnedSum(), handler.mintedSum(), "supply == minted - burned");
        vm.assertEq(handler.gateway().mintedTotal(), handler.mintedSum(), "gateway's mintedTotal");
        vm.assertEq(handler.gateway().burnedTotal(), handler.burnedSum(), "gateway's burnedTotal");
        vm.assertEq(handler.burnsOverBalanceAccepted(), 0, "no burn over a balance");
    }

    /// @notice No nonce is minted twice; every minted nonce is marked.
    function invariant_noNonceMintedTwice() public view {
        vm.assertEq(handler.doubleMints(), 0, "no double mint");
        uint256 n = handler.committedCount();
        for (uint256 i = 0; i < n; i++) {
            uint64 nonce = handler.committedNonce(i);
            uint256 mints = handler.mintsOfNonce(nonce);
            vm.assertLe(mints, 1, "at most one mint per nonce");
            vm.assertEq(handler.gateway().isMinted(nonce), mints == 1, "isMinted matches");
        }
    }

    /// @notice No forged commitment or message is ever accepted, and honest ones always are.
    function invariant_forgeriesRefusedHonestAccepted() public view {
        vm.assertEq(handler.forgeriesAccepted(), 0, "no forgery accepted");
        vm.assertEq(handler.validRefused(), 0, "no honest relay refused");
    }
}
