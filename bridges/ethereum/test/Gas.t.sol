// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {BridgeFixtures, TreeBuilder, Validators} from "./lib/BridgeFixtures.sol";
import {BridgeMerkle} from "../src/BridgeMerkle.sol";
import {BeefyLightClient, Signature} from "../src/BeefyLightClient.sol";
import {BeefyCodec, Commitment, MmrLeaf} from "../src/BeefyCodec.sol";
import {BridgeMessage, Message} from "../src/BridgeMessage.sol";
import {Gateway, Inclusion} from "../src/Gateway.sol";
import {Command, GatewayCommand, Parameters} from "../src/GatewayCommand.sol";

/// @notice Measures the gas of `submit`, `submitHandover`, `mint`, `burn` and `setParameters` and writes gas.md.
/// @dev    Method: the calldata is ABI-encoded up front, the target's account and storage are made
///         cold (`vm.cool`), and the call is a bare assembly CALL between two `gas()` readings; the 2,600 of the cold CALL itself is taken off, so "execution" is what the
///         transaction's own execution would cost. "calldata" is 4 gas per zero and 16 per non-zero
///         byte (plus the 4-byte selector); "tx" = 21,000 + calldata + execution. EIP-7623's floor
///         (21,000 + 10 per zero byte + 40 per non-zero byte) is shown where it is higher.
contract GasTest is BridgeFixtures {
    uint256 internal constant MMR_PATH_ITEMS = 20; // an MMR of about a million blocks
    string internal report;

    struct Measure {
        uint256 execution;
        uint256 calldataGas;
        uint256 floor;
        uint256 bytesLen;
    }

    function measure(address target, bytes memory data) internal returns (Measure memory m) {
        vm.cool(target);
        bool ok;
        uint256 before;
        uint256 afterGas;
        // A bare CALL on the calldata where it lies: Solidity's `target.call(data)` would first copy
        // it to the end of this (large) test's memory and bill that expansion to the measurement.
        assembly {
            before := gas()
            ok := call(gas(), target, 0, add(data, 32), mload(data), 0, 0)
            afterGas := gas()
        }
        if (!ok) {
            assembly {
                returndatacopy(0, 0, returndatasize())
                revert(0, returndatasize())
            }
        }
        m.execution = before - afterGas - 2600;
        uint256 zeros = 0;
        for (uint256 i = 0; i < data.length; i++) if (data[i] == 0) zeros++;
        m.calldataGas = zeros * 4 + (data.length - zeros) * 16;
        m.floor = 21000 + zeros * 10 + (data.length - zeros) * 40;
        m.bytesLen = data.length;
    }

    function row(string memory what, string memory detail, Measure memory m) internal {
        uint256 tx_ = 21000 + m.calldataGas + m.execution;
        report = string.concat(
            report,
            "| ",
            what,
            " | ",
            detail,
            " | ",
            vm.toString(m.execution),
            " | ",
            vm.toString(m.bytesLen),
            " | ",
            vm.toString(m.calldataGas),
            " | ",
            vm.toString(tx_),
            m.floor > tx_ ? string.concat(" (floor ", vm.toString(m.floor), ")") : "",
            " |\n"
        );
    }

    /// @dev A §6 path of MMR_PATH_ITEMS made-up hashes and the root it folds to (the verifier only
    ///      folds, so the cost is that of a real path of the same length).
    function fakePath(bytes32 leafHash, uint256 salt)
        internal
        pure
        returns (bytes32[] memory items, uint256 order, bytes32 root)
    {
        items = new bytes32[](MMR_PATH_ITEMS);
        for (uint256 i = 0; i < items.length; i++) items[i] = keccak256(abi.encode("item", salt, i));
        order = uint256(keccak256(abi.encode("order", salt))) & ((1 << MMR_PATH_ITEMS) - 1);
        root = BridgeMerkle.foldMmrPath(leafHash, items, order);
    }

    function submitGas(uint256 n) internal returns (Measure memory) {
        Validators memory v = makeValidators(77, 1, n);
        BeefyLightClient client = new BeefyLightClient(setOf(v), setOf(makeValidators(77, 2, n)), 10);
        Commitment memory c = Commitment({mmrRoot: keccak256(abi.encode("gas", n)), blockNumber: 11, setId: 1});
        Signature[] memory sigs = signFirst(v, c, quorum(n));
        Measure memory m = measure(address(client), abi.encodeCall(BeefyLightClient.submit, (c, sigs)));
        vm.assertTrue(client.isAccepted(c.mmrRoot), "accepted");
        return m;
    }

    function handoverGas(uint256 n) internal returns (Measure memory) {
        Validators memory next = makeValidators(78, 2, n);
        BeefyLightClient client = new BeefyLightClient(setOf(makeValidators(78, 1, n)), setOf(next), 10);
        MmrLeaf memory leaf = leafFor(11, makeValidators(78, 3, n), bytes32(0));
        (bytes32[] memory items, uint256 order, bytes32 root) = fakePath(BeefyCodec.hashLeaf(leaf), n);
        Commitment memory c = Commitment({mmrRoot: root, blockNumber: 12, setId: 2});
        Signature[] memory sigs = signFirst(next, c, quorum(n));
        Measure memory m = measure(
            address(client), abi.encodeCall(BeefyLightClient.submitHandover, (c, sigs, leaf, items, order))
        );
        (uint64 id,,) = client.currentSet();
        vm.assertEq(uint256(id), 2, "rotated");
        return m;
    }

    function test_gas_report() public {
        report = string.concat(
            "# Gas figures\n\n",
            "Written by `test/Gas.t.sol` (`forge test --match-test test_gas_report`); do not edit by hand.\n\n",
            "Method: calldata ABI-encoded up front, target made cold (`vm.cool`), a bare CALL (assembly, no copy ",
            "of the calldata) between two `gas()` readings, minus the 2,600 of the cold CALL. *execution* is that delta; *calldata* is ",
            "4 gas per zero byte and 16 per non-zero byte; *tx* = 21,000 + calldata + execution (EIP-7623's ",
            "floor, 21,000 + 10/zero + 40/non-zero byte, shown where higher). Signatures: the minimal quorum ",
            "floor(2n/3)+1. MMR paths: 20 items (about a million blocks); a mint's block holds 9 messages.\n\n",
            "| call | case | execution | calldata bytes | calldata gas | tx |\n|---|---|---|---|---|---|\n"
        );
        uint256[5] memory sizes = [uint256(4), 16, 32, 64, 100];
        for (uint256 i = 0; i < sizes.length; i++) {
            row(
                "submit",
                string.concat(vm.toString(sizes[i]), " validators, ", vm.toString(quorum(sizes[i])), " signatures"),
                submitGas(sizes[i])
            );
        }
        row("submitHandover", "4 validators, 3 signatures", handoverGas(4));
        row("submitHandover", "100 validators, 67 signatures", handoverGas(100));
        mintRows();
        burnAndCommandRows();
        vm.writeFile(string.concat(vm.projectRoot(), "/gas.md"), report);
    }

    function mintRows() internal {
        Validators memory v = makeValidators(79, 1, 4);
        BeefyLightClient client = new BeefyLightClient(setOf(v), setOf(makeValidators(79, 2, 4)), 10);
        Gateway gateway = new Gateway(client, keccak256("genesis"), defaultParameters());
        Message[] memory msgs = new Message[](9);
        bytes32[] memory hashes = new bytes32[](9);
        for (uint256 i = 0; i < 9; i++) {
            msgs[i] = Message({
                genesisHash: keccak256("genesis"),
                chainId: uint64(block.chainid),
                gateway: address(gateway),
                nonce: uint64(100 + i),
                recipient: address(uint160(0xF00 + (i == 2 ? 1 : i))), // messages 1 and 2: same recipient
                amount: uint128(1e12 * (i + 1))
            });
            hashes[i] = BridgeMessage.leafHash(msgs[i]);
        }
        MmrLeaf memory leaf = leafFor(11, makeValidators(79, 2, 4), TreeBuilder.merkleRoot(hashes));
        (bytes32[] memory items, uint256 order, bytes32 root) = fakePath(BeefyCodec.hashLeaf(leaf), 1);
        Commitment memory c = Commitment({mmrRoot: root, blockNumber: 12, setId: 1});
        client.submit(c, signFirst(v, c, 3));

        string[3] memory labels = [
            "first mint ever (fresh recipient, zero supply)",
            "later mint, fresh recipient",
            "later mint, recipient already holds wDSY"
        ];
        address token = address(gateway.wdsy());
        for (uint256 i = 0; i < 3; i++) {
            bytes memory data = abi.encodeCall(
                Gateway.mint,
                (msgs[i], TreeBuilder.merkleProof(hashes, i), uint32(i), uint32(9), leaf, items, order, root)
            );
            vm.cool(token);
            vm.cool(address(client));
            row("mint", labels[i], measure(address(gateway), data));
        }
        vm.assertEq(gateway.mintedTotal(), 6e12, "three mints");
    }

    struct CommandFixture {
        Gateway gateway;
        Message m0;
        Inclusion m0Inc;
        Command cmd;
        Inclusion cmdInc;
    }

    /// @dev A gateway and an accepted block of 8 lock messages (to this contract) and a command.
    function commandFixture() internal returns (CommandFixture memory f) {
        Validators memory v = makeValidators(80, 1, 4);
        BeefyLightClient client = new BeefyLightClient(setOf(v), setOf(makeValidators(80, 2, 4)), 10);
        f.gateway = new Gateway(client, keccak256("genesis"), defaultParameters());
        bytes32[] memory hashes = new bytes32[](9);
        for (uint256 i = 0; i < 8; i++) {
            Message memory m = Message({
                genesisHash: keccak256("genesis"),
                chainId: uint64(block.chainid),
                gateway: address(f.gateway),
                nonce: uint64(200 + i),
                recipient: address(this),
                amount: 100 * DSY
            });
            if (i == 0) f.m0 = m;
            hashes[i] = BridgeMessage.leafHash(m);
        }
        f.cmd = Command({
            genesisHash: keccak256("genesis"),
            chainId: uint64(block.chainid),
            gateway: address(f.gateway),
            nonce: 208,
            params: Parameters({
                paused: false, minBurn: DSY, maxBurn: 50_000 * DSY, epochCap: 500_000 * DSY, epochSeconds: 1 days
            })
        });
        hashes[8] = GatewayCommand.leafHash(f.cmd);
        MmrLeaf memory leaf = leafFor(11, makeValidators(80, 2, 4), TreeBuilder.merkleRoot(hashes));
        (bytes32[] memory items, uint256 order, bytes32 root) = fakePath(BeefyCodec.hashLeaf(leaf), 2);
        Commitment memory c = Commitment({mmrRoot: root, blockNumber: 12, setId: 1});
        client.submit(c, signFirst(v, c, 3));
        f.m0Inc = Inclusion(TreeBuilder.merkleProof(hashes, 0), 0, 9, leaf, items, order, root);
        f.cmdInc = Inclusion(TreeBuilder.merkleProof(hashes, 8), 8, 9, leaf, items, order, root);
    }

    /// @dev Two burns, and the command of `commandFixture` applied.
    function burnAndCommandRows() internal {
        CommandFixture memory f = commandFixture();
        Inclusion memory i0 = f.m0Inc;
        f.gateway.mint(f.m0, i0.msgProof, i0.msgIndex, i0.msgCount, i0.leaf, i0.leafItems, i0.leafOrder, i0.mmrRoot);
        address token = address(f.gateway.wdsy());
        vm.warp(1_800_000_000);
        string[2] memory labels = ["first burn ever (its counters start from zero)", "later burn, same epoch"];
        for (uint256 i = 0; i < 2; i++) {
            vm.cool(token);
            bytes memory data = abi.encodeCall(Gateway.burn, (10 * DSY, keccak256("a dsynapse account")));
            row("burn", labels[i], measure(address(f.gateway), data));
        }
        vm.assertEq(f.gateway.burnedTotal(), 20 * DSY, "two burns");
        vm.cool(address(f.gateway.client()));
        bytes memory call_ = abi.encodeCall(Gateway.setParameters, (f.cmd, f.cmdInc));
        row("setParameters", "command in a block of 9 items", measure(address(f.gateway), call_));
        vm.assertEq(uint256(f.gateway.paramsNonce()), 208, "applied");
    }
}
