// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {Vm} from "../test/lib/TestBase.sol";
import {BeefyLightClient, ValidatorSet} from "../src/BeefyLightClient.sol";
import {Gateway} from "../src/Gateway.sol";
import {Parameters} from "../src/GatewayCommand.sol";

/// @notice Deploys the light client and the gateway (which deploys wDSY) from a checkpoint the
///         deployer read from the chain, and prints the three addresses as one line of JSON.
///
///   GENESIS_HASH                          the chain's block 0 hash (the messages' domain)
///   CURRENT_SET_ID, CURRENT_SET_LEN, CURRENT_SET_ROOT   the BEEFY set at START_BLOCK
///   NEXT_SET_ID, NEXT_SET_LEN, NEXT_SET_ROOT            the set after it
///   START_BLOCK                           the checkpoint block; commitments must be later
///   BURN_MIN, BURN_MAX                    per-burn limits (default 1 and 100,000 DSY, the chain's
///                                         default lock limits)
///   BURN_EPOCH_CAP, BURN_EPOCH_SECONDS    the burn cap per epoch and its length (default
///                                         1,000,000 DSY a day); later changes come from the chain
///
///   forge script script/Deploy.s.sol --rpc-url $RPC --private-key $KEY --broadcast
contract Deploy {
    Vm internal constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));
    /// @dev forge prints what is sent to this (code-less) address as `log(string)`.
    address internal constant CONSOLE = 0x000000000000000000636F6e736F6c652e6c6f67;

    function run() external returns (BeefyLightClient client, Gateway gateway) {
        bytes32 genesis = vm.envBytes32("GENESIS_HASH");
        ValidatorSet memory current = ValidatorSet({
            id: uint64(vm.envUint("CURRENT_SET_ID")),
            len: uint32(vm.envUint("CURRENT_SET_LEN")),
            root: vm.envBytes32("CURRENT_SET_ROOT")
        });
        ValidatorSet memory next = ValidatorSet({
            id: uint64(vm.envUint("NEXT_SET_ID")),
            len: uint32(vm.envUint("NEXT_SET_LEN")),
            root: vm.envBytes32("NEXT_SET_ROOT")
        });
        uint256 startBlock = vm.envUint("START_BLOCK");
        require(startBlock <= type(uint32).max, "START_BLOCK exceeds u32");
        require(current.id == vm.envUint("CURRENT_SET_ID") && next.id == vm.envUint("NEXT_SET_ID"), "set id exceeds u64");
        require(
            current.len == vm.envUint("CURRENT_SET_LEN") && next.len == vm.envUint("NEXT_SET_LEN"), "set len exceeds u32"
        );

        Parameters memory initial = Parameters({
            paused: false,
            minBurn: uint128(vm.envOr("BURN_MIN", uint256(1e12))),
            maxBurn: uint128(vm.envOr("BURN_MAX", uint256(100_000e12))),
            epochCap: uint128(vm.envOr("BURN_EPOCH_CAP", uint256(1_000_000e12))),
            epochSeconds: uint64(vm.envOr("BURN_EPOCH_SECONDS", uint256(1 days)))
        });
        require(
            initial.minBurn == vm.envOr("BURN_MIN", uint256(1e12)) && initial.maxBurn == vm.envOr("BURN_MAX", uint256(100_000e12))
                && initial.epochCap == vm.envOr("BURN_EPOCH_CAP", uint256(1_000_000e12))
                && initial.epochSeconds == vm.envOr("BURN_EPOCH_SECONDS", uint256(1 days)),
            "a burn parameter exceeds its width"
        );

        vm.startBroadcast();
        client = new BeefyLightClient(current, next, uint32(startBlock));
        gateway = new Gateway(client, genesis, initial);
        vm.stopBroadcast();

        log(
            string.concat(
                '{"beefyLightClient":"',
                vm.toString(address(client)),
                '","gateway":"',
                vm.toString(address(gateway)),
                '","wdsy":"',
                vm.toString(address(gateway.wdsy())),
                '"}'
            )
        );
    }

    function log(string memory line) internal view {
        (bool ok,) = CONSOLE.staticcall(abi.encodeWithSignature("log(string)", line));
        ok; // printing is best effort
    }
}
