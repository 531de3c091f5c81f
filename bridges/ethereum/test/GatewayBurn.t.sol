// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {ChainSim, Delivery} from "./Gateway.t.sol";
import {Message} from "../src/BridgeMessage.sol";
import {Gateway, Inclusion} from "../src/Gateway.sol";
import {Command, GatewayCommand, Parameters} from "../src/GatewayCommand.sol";
import {BridgeMessage} from "../src/BridgeMessage.sol";
import {WrappedDSY} from "../src/WrappedDSY.sol";
import {VmLog} from "./lib/TestBase.sol";

/// @notice Burns (the way back) and the chain's commands to its gateway: pause and burn limits.
contract GatewayBurnTest is ChainSim {
    using GatewayCommand for Command;
    using BridgeMessage for Message;

    address internal constant ALICE = address(0xA11CE);
    address internal constant BOB = address(0xB0B);
    bytes32 internal constant ALICE_ON_CHAIN = keccak256("alice's dsynapse account");

    event Burned(uint64 indexed nonce, address indexed sender, bytes32 indexed recipient, uint128 amount);
    event ParametersSet(uint64 indexed nonce, Parameters params);

    function setUp() public {
        deployBridge();
        vm.warp(1_800_000_000);
    }

    /// @notice Mints `amount` wDSY to `to` through a proven lock message with `nonce`.
    function fund(address to, uint64 nonce, uint128 amount) internal {
        Message[] memory msgs = new Message[](1);
        msgs[0] = message(nonce, to, amount);
        deliver(commitOne(msgs, 0));
    }

    function command(uint64 nonce, Parameters memory p) internal view returns (Command memory) {
        return Command({
            genesisHash: GENESIS, chainId: uint64(block.chainid), gateway: address(gateway), nonce: nonce, params: p
        });
    }

    /// @notice Commits `c` (beside a lock message, as the chain's block would hold them) and applies it.
    function commitCommand(Command memory c) internal returns (Inclusion memory inc) {
        bytes32[] memory items = new bytes32[](2);
        items[0] = message(c.nonce + 1000, BOB, 1).leafHash();
        items[1] = c.leafHash();
        inc = commitItems(items, 1);
    }

    function params() internal view returns (Parameters memory) {
        return gateway.parameters();
    }

    // ---- burn ----

    function test_burn_burnsAndEmits() public {
        fund(ALICE, 1, 100 * DSY);
        vm.expectEmit(true, true, true, true, address(gateway));
        emit Burned(1, ALICE, ALICE_ON_CHAIN, 40 * DSY);
        vm.prank(ALICE);
        uint64 nonce = gateway.burn(40 * DSY, ALICE_ON_CHAIN);
        vm.assertEq(uint256(nonce), 1, "first burn nonce");
        vm.assertEq(wdsy.balanceOf(ALICE), 60 * DSY, "balance after");
        vm.assertEq(wdsy.totalSupply(), 60 * DSY, "supply after");
        vm.assertEq(gateway.burnedTotal(), 40 * DSY, "burned total");
        vm.prank(ALICE);
        vm.assertEq(uint256(gateway.burn(DSY, ALICE_ON_CHAIN)), 2, "nonces count up");
        vm.assertEq(wdsy.totalSupply() + gateway.burnedTotal(), gateway.mintedTotal(), "supply = minted - burned");
    }

    function test_burn_moreThanHeld_reverts_nothingMoves() public {
        fund(ALICE, 1, 10 * DSY);
        vm.prank(ALICE);
        vm.expectRevert(); // ERC20InsufficientBalance
        gateway.burn(11 * DSY, ALICE_ON_CHAIN);
        vm.prank(BOB);
        vm.expectRevert();
        gateway.burn(DSY, ALICE_ON_CHAIN);
        vm.assertEq(uint256(gateway.burnNonce()), 0, "no nonce used");
        vm.assertEq(gateway.burnedTotal(), 0, "nothing burned");
        vm.assertEq(uint256(gateway.burnedInEpoch()), 0, "nothing counted");
    }

    function test_burn_zeroRecipient_refused() public {
        fund(ALICE, 1, 10 * DSY);
        vm.prank(ALICE);
        vm.expectRevert(Gateway.ZeroRecipient.selector);
        gateway.burn(DSY, bytes32(0));
    }

    function test_burn_limits_refused() public {
        fund(ALICE, 1, 100_000 * DSY);
        fund(ALICE, 2, 100_000 * DSY);
        vm.startPrank(ALICE);
        vm.expectRevert(abi.encodeWithSelector(Gateway.BelowMinimum.selector, DSY - 1, DSY));
        gateway.burn(DSY - 1, ALICE_ON_CHAIN);
        vm.expectRevert(abi.encodeWithSelector(Gateway.BelowMinimum.selector, uint128(0), DSY));
        gateway.burn(0, ALICE_ON_CHAIN);
        vm.expectRevert(abi.encodeWithSelector(Gateway.AboveMaximum.selector, 100_000 * DSY + 1, 100_000 * DSY));
        gateway.burn(100_000 * DSY + 1, ALICE_ON_CHAIN);
        gateway.burn(DSY, ALICE_ON_CHAIN);
        gateway.burn(100_000 * DSY, ALICE_ON_CHAIN);
        vm.stopPrank();
        vm.assertEq(gateway.burnedTotal(), 100_001 * DSY, "the two at the limits burned");
    }

    function test_burn_epochCap() public {
        // a lower cap, to reach it with few locks: 250 DSY a day, at most 100 a burn
        Parameters memory p = defaultParameters();
        p.maxBurn = 100 * DSY;
        p.epochCap = 250 * DSY;
        Inclusion memory inc = commitCommand(command(7, p));
        gateway.setParameters(command(7, p), inc);
        fund(ALICE, 1, 1000 * DSY);
        vm.startPrank(ALICE);
        gateway.burn(100 * DSY, ALICE_ON_CHAIN);
        gateway.burn(100 * DSY, ALICE_ON_CHAIN);
        vm.expectRevert(abi.encodeWithSelector(Gateway.EpochCapExceeded.selector, 51 * DSY, 50 * DSY));
        gateway.burn(51 * DSY, ALICE_ON_CHAIN);
        gateway.burn(50 * DSY, ALICE_ON_CHAIN);
        vm.expectRevert(abi.encodeWithSelector(Gateway.EpochCapExceeded.selector, DSY, uint128(0)));
        gateway.burn(DSY, ALICE_ON_CHAIN);
        // the next day the cap is whole again
        uint256 nextDay = (block.timestamp / 1 days + 1) * 1 days;
        vm.warp(nextDay - 1);
        vm.expectRevert(abi.encodeWithSelector(Gateway.EpochCapExceeded.selector, DSY, uint128(0)));
        gateway.burn(DSY, ALICE_ON_CHAIN);
        vm.warp(nextDay);
        gateway.burn(100 * DSY, ALICE_ON_CHAIN);
        vm.stopPrank();
        vm.assertEq(uint256(gateway.burnedInEpoch()), 100 * DSY, "the new epoch counts from zero");
        vm.assertEq(gateway.burnedTotal(), 350 * DSY, "total");
    }

    function test_burn_capLoweredBelowUsed_refusesTheRestOfTheEpoch() public {
        fund(ALICE, 1, 1000 * DSY);
        vm.prank(ALICE);
        gateway.burn(500 * DSY, ALICE_ON_CHAIN);
        Parameters memory p = defaultParameters();
        p.maxBurn = 100 * DSY;
        p.epochCap = 200 * DSY;
        gateway.setParameters(command(3, p), commitCommand(command(3, p)));
        vm.prank(ALICE);
        vm.expectRevert(abi.encodeWithSelector(Gateway.EpochCapExceeded.selector, DSY, uint128(0)));
        gateway.burn(DSY, ALICE_ON_CHAIN);
    }

    // ---- commands ----

    function test_setParameters_applies_andEmits() public {
        Parameters memory p = Parameters({
            paused: false, minBurn: 5 * DSY, maxBurn: 50 * DSY, epochCap: 500 * DSY, epochSeconds: 3600
        });
        Command memory c = command(12, p);
        Inclusion memory inc = commitCommand(c);
        vm.expectEmit(true, false, false, true, address(gateway));
        emit ParametersSet(12, p);
        gateway.setParameters(c, inc);
        Parameters memory got = params();
        vm.assertEq(uint256(got.minBurn), 5 * DSY, "min");
        vm.assertEq(uint256(got.maxBurn), 50 * DSY, "max");
        vm.assertEq(uint256(got.epochCap), 500 * DSY, "cap");
        vm.assertEq(uint256(got.epochSeconds), 3600, "epoch");
        vm.assertEq(uint256(gateway.paramsNonce()), 12, "nonce");
        fund(ALICE, 1, 100 * DSY);
        vm.prank(ALICE);
        vm.expectRevert(abi.encodeWithSelector(Gateway.BelowMinimum.selector, 4 * DSY, 5 * DSY));
        gateway.burn(4 * DSY, ALICE_ON_CHAIN);
    }

    function test_pause_stopsMintAndBurn_untilLifted() public {
        fund(ALICE, 1, 100 * DSY);
        Parameters memory p = defaultParameters();
        p.paused = true;
        gateway.setParameters(command(2, p), commitCommand(command(2, p)));
        vm.prank(ALICE);
        vm.expectRevert(Gateway.Paused.selector);
        gateway.burn(DSY, ALICE_ON_CHAIN);
        Message[] memory msgs = new Message[](1);
        msgs[0] = message(3, BOB, 9 * DSY);
        Delivery memory d = commitOne(msgs, 0);
        vm.expectRevert(Gateway.Paused.selector);
        deliver(d);
        // lifted by a later command: the held mint goes through, nothing was lost
        p.paused = false;
        gateway.setParameters(command(4, p), commitCommand(command(4, p)));
        deliver(d);
        vm.assertEq(wdsy.balanceOf(BOB), 9 * DSY, "the mint held during the pause");
        vm.prank(ALICE);
        gateway.burn(DSY, ALICE_ON_CHAIN);
    }

    function test_setParameters_staleOrReplayed_refused() public {
        Parameters memory paused = defaultParameters();
        paused.paused = true;
        Parameters memory open = defaultParameters();
        Inclusion memory incOld = commitCommand(command(5, paused));
        Inclusion memory incNew = commitCommand(command(6, open));
        gateway.setParameters(command(6, open), incNew);
        // the older pause, delivered late, cannot roll the newer state back
        vm.expectRevert(abi.encodeWithSelector(Gateway.StaleCommand.selector, uint64(5), uint64(6)));
        gateway.setParameters(command(5, paused), incOld);
        vm.expectRevert(abi.encodeWithSelector(Gateway.StaleCommand.selector, uint64(6), uint64(6)));
        gateway.setParameters(command(6, open), incNew);
        vm.assertFalse(params().paused, "still open");
    }

    function test_setParameters_forged_refused() public {
        Parameters memory p = defaultParameters();
        Command memory c = command(9, p);
        Inclusion memory inc = commitCommand(c);
        // the committed command with other parameters
        Parameters memory other = defaultParameters();
        other.paused = true;
        Command memory forged = command(9, other);
        vm.expectRevert(Gateway.InvalidMessageProof.selector);
        gateway.setParameters(forged, inc);
        // a lock message's leaf at the command's place (the other item of the block)
        inc.msgIndex = 0;
        vm.expectRevert(Gateway.InvalidMessageProof.selector);
        gateway.setParameters(c, inc);
        inc.msgIndex = 1;
        // an unaccepted root
        bytes32 root = inc.mmrRoot;
        inc.mmrRoot = keccak256("never signed");
        vm.expectRevert(abi.encodeWithSelector(Gateway.RootNotAccepted.selector, inc.mmrRoot));
        gateway.setParameters(c, inc);
        inc.mmrRoot = root;
        // a message can never be read as a command: different lengths under the leaf hash
        vm.assertTrue(c.leafHash() != message(9, address(0), 0).leafHash(), "domains differ");
        gateway.setParameters(c, inc);
        vm.assertEq(uint256(gateway.paramsNonce()), 9, "the genuine one applies");
    }

    function test_setParameters_otherDomain_refused() public {
        Parameters memory p = defaultParameters();
        Command memory c = command(2, p);
        c.genesisHash = keccak256("another network");
        Inclusion memory inc = commitCommand(c);
        vm.expectRevert(abi.encodeWithSelector(Gateway.WrongGenesisHash.selector, c.genesisHash));
        gateway.setParameters(c, inc);
        c = command(3, p);
        c.chainId = 1;
        inc = commitCommand(c);
        vm.expectRevert(abi.encodeWithSelector(Gateway.WrongChainId.selector, uint64(1)));
        gateway.setParameters(c, inc);
        c = command(4, p);
        c.gateway = address(0x6A7E);
        inc = commitCommand(c);
        vm.expectRevert(abi.encodeWithSelector(Gateway.WrongGateway.selector, address(0x6A7E)));
        gateway.setParameters(c, inc);
    }

    function test_setParameters_invalid_refused() public {
        Parameters[4] memory bad;
        for (uint256 i = 0; i < 4; i++) bad[i] = defaultParameters();
        bad[0].minBurn = 0;
        bad[1].maxBurn = bad[1].minBurn - 1;
        bad[2].epochCap = bad[2].maxBurn - 1;
        bad[3].epochSeconds = 0;
        for (uint64 i = 0; i < 4; i++) {
            Command memory c = command(i + 2, bad[i]);
            Inclusion memory inc = commitCommand(c);
            vm.expectRevert(Gateway.InvalidParameters.selector);
            gateway.setParameters(c, inc);
            vm.expectRevert(Gateway.InvalidParameters.selector);
            new Gateway(client, GENESIS, bad[i]);
        }
        vm.assertEq(uint256(gateway.paramsNonce()), 0, "none applied");
    }

    function test_wdsy_onlyGatewayBurns() public {
        fund(ALICE, 1, 10 * DSY);
        vm.expectRevert(abi.encodeWithSelector(WrappedDSY.OnlyGateway.selector, address(this)));
        wdsy.burn(ALICE, 1);
        vm.prank(ALICE);
        vm.expectRevert(abi.encodeWithSelector(WrappedDSY.OnlyGateway.selector, ALICE));
        wdsy.burn(ALICE, 1);
        vm.assertEq(wdsy.balanceOf(ALICE), 10 * DSY, "untouched");
    }

    /// @notice The `Burned` log of a third burn is, topic by topic and byte by byte, the §8 vector
    ///         the chain's side decodes (test/vectors/known-answers.json, "burned").
    function test_kat_burnedEventMatchesVector() public {
        string memory json = vm.readFile(string.concat(vm.projectRoot(), "/test/vectors/known-answers.json"));
        address sender = vm.parseJsonAddress(json, ".burned.sender");
        bytes32 recipient = vm.parseJsonBytes32(json, ".burned.recipient");
        uint128 amount = uint128(vm.parseJsonUint(json, ".burned.amount"));
        fund(sender, 1, 100 * DSY);
        vm.startPrank(sender);
        gateway.burn(DSY, recipient);
        gateway.burn(DSY, recipient);
        vm.recordLogs();
        gateway.burn(amount, recipient);
        vm.stopPrank();
        VmLog[] memory logs = vm.getRecordedLogs();
        bytes32[] memory topics = vm.parseJsonBytes32Array(json, ".burned.topics");
        uint256 found = 0;
        for (uint256 i = 0; i < logs.length; i++) {
            if (logs[i].emitter != address(gateway)) continue;
            found++;
            vm.assertEq(logs[i].topics.length, 4, "four topics");
            for (uint256 t = 0; t < 4; t++) vm.assertEq(logs[i].topics[t], topics[t], "topic");
            vm.assertEq(logs[i].data, vm.parseJsonBytes(json, ".burned.data"), "data");
        }
        vm.assertEq(found, 1, "one gateway log");
        vm.assertEq(Gateway.Burned.selector, topics[0], "topic 0 is the event's selector");
    }

    // ---- fuzz ----

    /// @notice Any burn within the limits burns exactly its amount; any outside moves nothing.
    function testFuzz_burn_exactOrNothing(uint128 amount, bytes32 recipient) public {
        fund(ALICE, 1, 100_000 * DSY);
        fund(ALICE, 2, 100_000 * DSY);
        uint256 before = wdsy.balanceOf(ALICE);
        bool ok = amount >= DSY && amount <= 100_000 * DSY && recipient != bytes32(0);
        vm.prank(ALICE);
        if (!ok) vm.expectRevert();
        gateway.burn(amount, recipient);
        vm.assertEq(wdsy.balanceOf(ALICE), ok ? before - amount : before, "balance moved by exactly the burn");
        vm.assertEq(gateway.burnedTotal(), ok ? amount : 0, "burned total");
        vm.assertEq(uint256(gateway.burnNonce()), ok ? 1 : 0, "nonce");
    }
}
