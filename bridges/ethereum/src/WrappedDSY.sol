// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title WrappedDSY
/// @notice DSY locked on the dsynapse chain, as an ERC-20 on Ethereum. 12 decimals, like DSY.
///         Only the gateway that deployed it can mint, and only against a proven lock.
contract WrappedDSY is ERC20 {
    /// @notice The only account allowed to mint.
    address public immutable gateway;

    /// @notice `mint` was called by someone other than the gateway.
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
}
