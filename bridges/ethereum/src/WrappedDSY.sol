// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title WrappedDSY
/// @notice DSY locked on the dsynapse chain, as an ERC-20 on Ethereum. 12 decimals, like DSY.
///         Only the gateway that deployed it can mint (against a proven lock) and burn (when a
///         holder calls the gateway's `burn` to bring DSY back).
contract WrappedDSY is ERC20 {
    /// @notice The only account allowed to mint and burn.
    address public immutable gateway;

    /// @notice `mint` or `burn` was called by someone other than the gateway.
    error OnlyGateway(address caller);

    constructor(address gateway_) ERC20("Wrapped DSY", "wDSY") {
        gateway = gateway_;
    }

    /// @notice DSY's 12 decimals.
    function decimals() public pure override returns (uint8) {
        return 12;
    }

    /// @notice Mints `amount` to `to`; the gateway only.
    function mint(address to, uint256 amount) external {
        if (msg.sender != gateway) revert OnlyGateway(msg.sender);
        _mint(to, amount);
    }

    /// @notice Burns `amount` of `from`'s wDSY; the gateway only (it burns the caller's own).
    function burn(address from, uint256 amount) external {
        if (msg.sender != gateway) revert OnlyGateway(msg.sender);
        _burn(from, amount);
    }
}
