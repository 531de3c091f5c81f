// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

/// @notice A log as `getRecordedLogs` returns it.
struct VmLog {
    bytes32[] topics;
    bytes data;
    address emitter;
}

/// @notice The cheatcodes these tests use (forge's cheatcode contract; only what is called here).
interface Vm {
    // keys and signatures
    function addr(uint256 privateKey) external pure returns (address);
    function sign(uint256 privateKey, bytes32 digest) external pure returns (uint8 v, bytes32 r, bytes32 s);

    // expectations and assertions (they revert, which forge reports as a failure)
    function expectRevert(bytes4 selector) external;
    function expectRevert(bytes calldata revertData) external;
    function expectRevert() external;
    function expectEmit(bool checkTopic1, bool checkTopic2, bool checkTopic3, bool checkData, address emitter)
        external;
    function assertTrue(bool condition, string calldata err) external pure;
    function assertFalse(bool condition, string calldata err) external pure;
    function assertEq(uint256 a, uint256 b, string calldata err) external pure;
    function assertEq(bytes32 a, bytes32 b, string calldata err) external pure;
    function assertEq(address a, address b, string calldata err) external pure;
    function assertEq(bool a, bool b, string calldata err) external pure;
    function assertEq(bytes calldata a, bytes calldata b, string calldata err) external pure;
    function assertLe(uint256 a, uint256 b, string calldata err) external pure;
    function assume(bool condition) external pure;

    // environment
    function prank(address sender) external;
    function startPrank(address sender) external;
    function stopPrank() external;
    function warp(uint256 newTimestamp) external;
    function recordLogs() external;
    function getRecordedLogs() external returns (VmLog[] memory);
    function chainId(uint256 newChainId) external;
    function cool(address target) external;
    function envUint(string calldata name) external view returns (uint256);
    function envBytes32(string calldata name) external view returns (bytes32);
    function envOr(string calldata name, uint256 defaultValue) external view returns (uint256);
    function startBroadcast(uint256 privateKey) external;
    function startBroadcast() external;
    function stopBroadcast() external;

    // files and formatting
    function projectRoot() external view returns (string memory);
    function readFile(string calldata path) external view returns (string memory);
    function writeFile(string calldata path, string calldata data) external;
    function parseJsonBytes(string calldata json, string calldata key) external pure returns (bytes memory);
    function parseJsonBytes32(string calldata json, string calldata key) external pure returns (bytes32);
    function parseJsonUint(string calldata json, string calldata key) external pure returns (uint256);
    function parseJsonBool(string calldata json, string calldata key) external pure returns (bool);
    function parseJsonAddress(string calldata json, string calldata key) external pure returns (address);
    function parseJsonBytes32Array(string calldata json, string calldata key)
        external
        pure
        returns (bytes32[] memory);
    function parseJsonAddressArray(string calldata json, string calldata key)
        external
        pure
        returns (address[] memory);
    function parseJsonUintArray(string calldata json, string calldata key) external pure returns (uint256[] memory);
    function parseJsonBytesArray(string calldata json, string calldata key) external pure returns (bytes[] memory);
    function toString(uint256 value) external pure returns (string memory);
    function toString(address value) external pure returns (string memory);
    function toString(bytes32 value) external pure returns (string memory);
}

/// @notice What forge's invariant runner reads from `targetSelectors()`.
struct FuzzSelector {
    address addr;
    bytes4[] selectors;
}

/// @notice The minimal base of this project's tests and scripts: the cheatcode handle, a bound
///         helper and the target lists forge's invariant runner asks the test contract for.
abstract contract TestBase {
    Vm internal constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));

    bool public IS_TEST = true;

    address[] private targets;
    FuzzSelector[] private selectorTargets;

    /// @notice Restricts invariant fuzzing to `target` (call in setUp).
    function targetContract(address target) internal {
        targets.push(target);
    }

    /// @notice Restricts invariant fuzzing of `s.addr` to `s.selectors` (call in setUp).
    function targetSelector(FuzzSelector memory s) internal {
        selectorTargets.push(s);
    }

    function targetContracts() public view returns (address[] memory) {
        return targets;
    }

    function targetSelectors() public view returns (FuzzSelector[] memory) {
        return selectorTargets;
    }

    /// @notice Maps any `x` into [lo, hi] (inclusive), keeping small values stable.
    function bound(uint256 x, uint256 lo, uint256 hi) internal pure returns (uint256) {
        require(lo <= hi, "bound: lo > hi");
        if (x >= lo && x <= hi) return x;
        uint256 size = hi - lo;
        if (size == type(uint256).max) return x;
        return lo + (x % (size + 1));
    }
}
