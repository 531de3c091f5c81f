// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {BeefyLightClient} from "./BeefyLightClient.sol";
import {BeefyCodec, MmrLeaf} from "./BeefyCodec.sol";
import {BridgeMerkle} from "./BridgeMerkle.sol";
import {BridgeMessage, Message} from "./BridgeMessage.sol";
import {Command, GatewayCommand, Parameters} from "./GatewayCommand.sol";
import {WrappedDSY} from "./WrappedDSY.sol";

/// @notice Where an item (a message or a command) sits under an accepted MMR root: its §2 proof
///         in its block's message tree, the MMR leaf whose `leafExtra` is that tree's root, and
///         the leaf's §6 path to the root.
struct Inclusion {
    bytes32[] msgProof;
    uint32 msgIndex;
    uint32 msgCount;
    MmrLeaf leaf;
    bytes32[] leafItems;
    uint256 leafOrder;
    bytes32 mmrRoot;
}

/// @title Gateway
/// @notice Mints wDSY for DSY locked on the dsynapse chain, and burns wDSY to bring DSY back.
///
///         Mint: a lock is one message (wire format §1) in its block's message tree (§2), whose
///         root is the `leafExtra` of an MMR leaf (§5) proven (§6) against an MMR root the light
///         client accepted. Each nonce mints once.
///
///         Burn: a holder burns wDSY naming a 32-byte dsynapse account; the `Burned` event (§8),
///         with its own nonce, is what the validators' off-chain workers read from final blocks
///         and attest on the chain, which then releases the DSY.
///
///         Parameters (pause, burn limits): set at deployment, then only by a `SetParameters`
///         command (§7) the chain committed, proven like a message; commands apply in nonce order.
contract Gateway {
    using BridgeMessage for Message;
    using GatewayCommand for Command;

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

    /// @notice The parameters in force (read them with `parameters()`).
    Parameters internal params;
    /// @notice The nonce of the last command applied (0: the deployment's parameters).
    uint64 public paramsNonce;

    /// @notice The nonce of the last burn (the first burn is 1).
    uint64 public burnNonce;
    /// @notice Sum of all amounts ever burned.
    uint256 public burnedTotal;
    /// @notice The epoch `burnedInEpoch` counts.
    uint64 public burnEpoch;
    /// @notice Sum burned in `burnEpoch`.
    uint128 public burnedInEpoch;

    /// @notice A message was minted.
    event Minted(uint64 indexed nonce, address indexed recipient, uint128 amount);
    /// @notice wDSY was burned, to be released as DSY to `recipient` on the chain (§8).
    event Burned(uint64 indexed nonce, address indexed sender, bytes32 indexed recipient, uint128 amount);
    /// @notice A command set the parameters.
    event ParametersSet(uint64 indexed nonce, Parameters params);

    /// @notice The MMR root is zero or was never accepted by the light client.
    error RootNotAccepted(bytes32 mmrRoot);
    /// @notice The message is for another dsynapse network.
    error WrongGenesisHash(bytes32 genesisHash);
    /// @notice The message is for another Ethereum chain.
    error WrongChainId(uint64 chainId);
    /// @notice The message is for another gateway.
    error WrongGateway(address gateway);
    /// @notice The recipient is the zero address (mint) or the zero account (burn).
    error ZeroRecipient();
    /// @notice The message's amount is zero.
    error ZeroAmount();
    /// @notice The message's nonce was already minted.
    error NonceAlreadyMinted(uint64 nonce);
    /// @notice The message is not proven at its index of the leaf's message root.
    error InvalidMessageProof();
    /// @notice The leaf is not proven against the MMR root.
    error InvalidLeafProof();
    /// @notice The gateway is paused: no mint, no burn.
    error Paused();
    /// @notice The burn is below the per-transfer minimum.
    error BelowMinimum(uint128 amount, uint128 minimum);
    /// @notice The burn is above the per-transfer maximum.
    error AboveMaximum(uint128 amount, uint128 maximum);
    /// @notice The burn would take this epoch's total over the cap; `remaining` is what is left.
    error EpochCapExceeded(uint128 amount, uint128 remaining);
    /// @notice The command's nonce is not above the last applied one (a replay or an older command).
    error StaleCommand(uint64 nonce, uint64 applied);
    /// @notice The parameters break 0 < minBurn <= maxBurn <= epochCap, epochSeconds > 0.
    error InvalidParameters();

    constructor(BeefyLightClient client_, bytes32 chainGenesisHash_, Parameters memory initial) {
        if (!GatewayCommand.isValid(initial)) revert InvalidParameters();
        client = client_;
        chainGenesisHash = chainGenesisHash_;
        params = initial;
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
        if (params.paused) revert Paused();
        _checkDomain(m.genesisHash, m.chainId, m.gateway);
        if (m.recipient == address(0)) revert ZeroRecipient();
        if (m.amount == 0) revert ZeroAmount();
        if (mintedNonces[m.nonce]) revert NonceAlreadyMinted(m.nonce);
        Message memory msg_ = m;
        _checkIncluded(msg_.leafHash(), msgProof, msgIndex, msgCount, leaf, leafItems, leafOrder, mmrRoot);

        mintedNonces[m.nonce] = true;
        mintedTotal += m.amount;
        emit Minted(m.nonce, m.recipient, m.amount);
        wdsy.mint(m.recipient, m.amount);
    }

    /// @notice Applies a proven `SetParameters` command (§7). Works while paused.
    function setParameters(Command calldata c, Inclusion calldata inc) external {
        _checkDomain(c.genesisHash, c.chainId, c.gateway);
        if (c.nonce <= paramsNonce) revert StaleCommand(c.nonce, paramsNonce);
        if (!GatewayCommand.isValid(c.params)) revert InvalidParameters();
        Command memory cmd = c;
        _checkIncluded(
            cmd.leafHash(),
            inc.msgProof,
            inc.msgIndex,
            inc.msgCount,
            inc.leaf,
            inc.leafItems,
            inc.leafOrder,
            inc.mmrRoot
        );

        params = c.params;
        paramsNonce = c.nonce;
        emit ParametersSet(c.nonce, c.params);
    }

    /// @notice Burns `amount` of the caller's wDSY, to be released as DSY to `recipient` (a
    ///         dsynapse account id) once the validators attest it. Returns the burn's nonce.
    function burn(uint128 amount, bytes32 recipient) external returns (uint64 nonce) {
        Parameters memory p = params;
        if (p.paused) revert Paused();
        if (recipient == bytes32(0)) revert ZeroRecipient();
        if (amount < p.minBurn) revert BelowMinimum(amount, p.minBurn);
        if (amount > p.maxBurn) revert AboveMaximum(amount, p.maxBurn);
        uint64 epoch = uint64(block.timestamp / p.epochSeconds);
        uint128 used = epoch == burnEpoch ? burnedInEpoch : 0;
        // used <= epochCap always holds (each burn is checked against what is left), but a
        // command may lower the cap below what this epoch already used.
        uint128 remaining = used < p.epochCap ? p.epochCap - used : 0;
        if (amount > remaining) revert EpochCapExceeded(amount, remaining);

        burnEpoch = epoch;
        burnedInEpoch = used + amount;
        nonce = burnNonce + 1;
        burnNonce = nonce;
        burnedTotal += amount;
        emit Burned(nonce, msg.sender, recipient, amount);
        wdsy.burn(msg.sender, amount);
    }

    /// @notice True when the message with `nonce` was minted.
    function isMinted(uint64 nonce) external view returns (bool) {
        return mintedNonces[nonce];
    }

    /// @notice The parameters in force, as one struct.
    function parameters() external view returns (Parameters memory) {
        return params;
    }

    function _checkDomain(bytes32 genesisHash, uint64 chainId, address gateway) internal view {
        if (genesisHash != chainGenesisHash) revert WrongGenesisHash(genesisHash);
        if (chainId != block.chainid) revert WrongChainId(chainId);
        if (gateway != address(this)) revert WrongGateway(gateway);
    }

    function _checkIncluded(
        bytes32 itemHash,
        bytes32[] calldata msgProof,
        uint32 msgIndex,
        uint32 msgCount,
        MmrLeaf calldata leaf,
        bytes32[] calldata leafItems,
        uint256 leafOrder,
        bytes32 mmrRoot
    ) internal view {
        if (mmrRoot == bytes32(0) || !client.isAccepted(mmrRoot)) revert RootNotAccepted(mmrRoot);
        if (!BridgeMerkle.verify(leaf.leafExtra, itemHash, msgIndex, msgCount, msgProof)) {
            revert InvalidMessageProof();
        }
        if (!BridgeMerkle.verifyMmrPath(mmrRoot, BeefyCodec.hashLeaf(leaf), leafItems, leafOrder)) {
            revert InvalidLeafProof();
        }
    }
}
