// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {BeefyLightClient} from "./BeefyLightClient.sol";
import {BeefyCodec, MmrLeaf} from "./BeefyCodec.sol";
import {BridgeMerkle} from "./BridgeMerkle.sol";
import {BridgeMessage, Message} from "./BridgeMessage.sol";
import {WrappedDSY} from "./WrappedDSY.sol";

/// @title Gateway
/// @notice Mints wDSY for DSY locked on the dsynapse chain. A lock is one message (wire format §1)
///         in its block's message tree (§2), whose root is the `leafExtra` of an MMR leaf (§5)
///         proven (§6) against an MMR root the light client accepted. Each nonce mints once.
contract Gateway {
    using BridgeMessage for Message;

    /// @notice The light client whose accepted MMR roots this gateway trusts.
    BeefyLightClient public immutable client;
    /// @notice The genesis hash of the dsynapse network this gateway serves.
    bytes32 public immutable chainGenesisHash;
    /// @notice The token this gateway mints (deployed by, and mintable only by, this gateway).
    WrappedDSY public immutable wdsy;

    /// @notice Sum of all amounts ever minted.
    uint256 public mintedTotal;
    /// @notice Nonces already minted.
    mapping(uint64 => bool) public mintedNonces;

    /// @notice A message was minted.
    event Minted(uint64 indexed nonce, address indexed recipient, uint128 amount);

    /// @notice The MMR root is zero or was never accepted by the light client.
    error RootNotAccepted(bytes32 mmrRoot);
    /// @notice The message is for another dsynapse network.
    error WrongGenesisHash(bytes32 genesisHash);
    /// @notice The message is for another Ethereum chain.
    error WrongChainId(uint64 chainId);
    /// @notice The message is for another gateway.
    error WrongGateway(address gateway);
    /// @notice The message's recipient is the zero address.
    error ZeroRecipient();
    /// @notice The message's amount is zero.
    error ZeroAmount();
    /// @notice The message's nonce was already minted.
    error NonceAlreadyMinted(uint64 nonce);
    /// @notice The message is not proven at its index of the leaf's message root.
    error InvalidMessageProof();
    /// @notice The leaf is not proven against the MMR root.
    error InvalidLeafProof();

    constructor(BeefyLightClient client_, bytes32 chainGenesisHash_) {
        client = client_;
        chainGenesisHash = chainGenesisHash_;
        wdsy = new WrappedDSY(address(this));
    }

    /// @notice Mints the amount of a proven lock message to its recipient.
    /// @param m the message (§1)
    /// @param msgProof, msgIndex, msgCount its §2 proof in its block's message tree
    /// @param leaf the MMR leaf whose `leafExtra` is that tree's root
    /// @param leafItems, leafOrder the leaf's §6 path to `mmrRoot`
    /// @param mmrRoot an MMR root the light client accepted
    function mint(
        Message calldata m,
        bytes32[] calldata msgProof,
        uint32 msgIndex,
        uint32 msgCount,
        MmrLeaf calldata leaf,
        bytes32[] calldata leafItems,
        uint256 leafOrder,
        bytes32 mmrRoot
    ) external {
        if (mmrRoot == bytes32(0) || !client.isAccepted(mmrRoot)) revert RootNotAccepted(mmrRoot);
        if (m.genesisHash != chainGenesisHash) revert WrongGenesisHash(m.genesisHash);
        if (m.chainId != block.chainid) revert WrongChainId(m.chainId);
        if (m.gateway != address(this)) revert WrongGateway(m.gateway);
        if (m.recipient == address(0)) revert ZeroRecipient();
        if (m.amount == 0) revert ZeroAmount();
        if (mintedNonces[m.nonce]) revert NonceAlreadyMinted(m.nonce);

        Message memory msg_ = m;
        if (!BridgeMerkle.verify(leaf.leafExtra, msg_.leafHash(), msgIndex, msgCount, msgProof)) {
            revert InvalidMessageProof();
        }
        if (!BridgeMerkle.verifyMmrPath(mmrRoot, BeefyCodec.hashLeaf(leaf), leafItems, leafOrder)) {
            revert InvalidLeafProof();
        }

        mintedNonces[m.nonce] = true;
        mintedTotal += m.amount;
        emit Minted(m.nonce, m.recipient, m.amount);
        wdsy.mint(m.recipient, m.amount);
    }

    /// @notice True when the message with `nonce` was minted.
    function isMinted(uint64 nonce) external view returns (bool) {
        return mintedNonces[nonce];
    }
}
