// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {BridgeMerkle} from "./BridgeMerkle.sol";
import {BeefyCodec, Commitment, MmrLeaf} from "./BeefyCodec.sol";

/// @notice A BEEFY validator set as the chain commits it (wire format §4).
struct ValidatorSet {
    uint64 id;
    uint32 len;
    /// @dev §2 Merkle root of the members' Ethereum addresses, in authority order
    bytes32 root;
}

/// @notice One validator's signature of a commitment, with the proof that `signer` is the
///         member at `index` of the signing set.
struct Signature {
    uint32 index;
    address signer;
    bytes32[] proof;
    uint8 v;
    bytes32 r;
    bytes32 s;
}

/// @title BeefyLightClient
/// @notice Follows the dsynapse chain's BEEFY finality on Ethereum. A commitment (an MMR root at a
///         block) is accepted when strictly more than two thirds of the current validator set signed
///         it; the set is handed over to the next one only through a commitment of the next set
///         whose MMR contains a leaf announcing the set after it.
/// @dev    There is no owner, admin or upgrade path: the only authority is the validators' signatures.
contract BeefyLightClient {
    /// @dev secp256k1 order / 2: signatures with a larger `s` are malleable twins and are refused.
    uint256 internal constant HALF_CURVE_ORDER = 0x7FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF5D576E7357A4501DDFE92F46681B20A0;

    /// @notice The set whose signatures `submit` accepts.
    ValidatorSet public currentSet;
    /// @notice The set whose signatures `submitHandover` accepts.
    ValidatorSet public nextSet;
    /// @notice The block of the latest accepted commitment (the checkpoint before any).
    uint32 public latestBlock;
    /// @notice The MMR root of the latest accepted commitment (zero before any).
    bytes32 public latestMmrRoot;
    /// @notice MMR root → the block number it was accepted at (0: never accepted).
    mapping(bytes32 => uint32) public acceptedRoots;

    /// @notice A commitment was accepted: `mmrRoot` is final at `blockNumber`.
    event CommitmentAccepted(bytes32 indexed mmrRoot, uint32 indexed blockNumber, uint64 setId);
    /// @notice The next set became current, and `next` (from a proven MMR leaf) became the next set.
    event ValidatorSetRotated(uint64 indexed currentId, uint64 nextId, uint32 nextLen, bytes32 nextRoot);

    /// @notice A validator set given to the constructor (or announced by a leaf) is empty, has a zero
    ///         root, or does not follow its predecessor's id.
    error InvalidValidatorSet();
    /// @notice The commitment's set id is neither the current set's nor, for a handover, the next set's.
    error StaleOrSkippedSetId(uint64 setId);
    /// @notice A commitment of the next set was given to `submit`; it needs `submitHandover`.
    error HandoverRequired(uint64 setId);
    /// @notice The commitment's block is not after the latest accepted block.
    error BlockNotIncreasing(uint32 blockNumber, uint32 latestBlock);
    /// @notice The commitment's MMR root is zero.
    error ZeroMmrRoot();
    /// @notice A signature's index is outside the set.
    error SignerIndexOutOfRange(uint32 index);
    /// @notice Two signatures claim the same index.
    error DuplicateSignerIndex(uint32 index);
    /// @notice The signer is not proven at its index of the set's address root.
    error InvalidSignerProof(uint32 index);
    /// @notice `v` is not one of 0, 1, 27, 28.
    error InvalidRecoveryId(uint32 index);
    /// @notice `s` is in the upper half of the curve order (a malleable signature).
    error MalleableSignature(uint32 index);
    /// @notice The signature does not recover to the claimed signer.
    error InvalidSignature(uint32 index);
    /// @notice Two thirds or fewer of the set signed.
    error InsufficientSignatures(uint256 count, uint32 len);
    /// @notice The handover leaf is not proven against the commitment's MMR root.
    error InvalidLeafProof();
    /// @notice The handover leaf does not announce the set after the next one.
    error UnexpectedNextSet(uint64 nextSetId);

    /// @param current the validator set signing at `startBlock`
    /// @param next the validator set that follows it (`next.id == current.id + 1`)
    /// @param startBlock the checkpoint block the sets were read at; commitments must be later
    constructor(ValidatorSet memory current, ValidatorSet memory next, uint32 startBlock) {
        if (current.len == 0 || current.root == bytes32(0)) revert InvalidValidatorSet();
        if (next.len == 0 || next.root == bytes32(0)) revert InvalidValidatorSet();
        if (next.id != current.id + 1) revert InvalidValidatorSet();
        currentSet = current;
        nextSet = next;
        latestBlock = startBlock;
    }

    /// @notice Accepts a commitment signed by more than two thirds of the current set.
    /// @param c the commitment (its `setId` must be the current set's)
    /// @param sigs signatures of distinct members of the current set
    function submit(Commitment calldata c, Signature[] calldata sigs) external {
        ValidatorSet memory set = currentSet;
        if (c.setId != set.id) {
            if (c.setId == nextSet.id) revert HandoverRequired(c.setId);
            revert StaleOrSkippedSetId(c.setId);
        }
        _checkHeader(c);
        _checkCommitment(c, set, sigs);
        _accept(c);
    }

    /// @notice Accepts a commitment signed by more than two thirds of the next set, and hands the
    ///         set over: the next set becomes current and the set announced by `leaf` becomes next.
    /// @param c the commitment (its `setId` must be the next set's)
    /// @param sigs signatures of distinct members of the next set
    /// @param leaf an MMR leaf under `c.mmrRoot` announcing the set after the next one
    /// @param leafItems, leafOrder the §6 path of `leaf` to `c.mmrRoot`
    function submitHandover(
        Commitment calldata c,
        Signature[] calldata sigs,
        MmrLeaf calldata leaf,
        bytes32[] calldata leafItems,
        uint256 leafOrder
    ) external {
        ValidatorSet memory set = nextSet;
        if (c.setId != set.id) revert StaleOrSkippedSetId(c.setId);
        _checkHeader(c);
        _checkCommitment(c, set, sigs);
        if (leaf.nextSetId != set.id + 1) revert UnexpectedNextSet(leaf.nextSetId);
        if (leaf.nextSetLen == 0 || leaf.nextSetRoot == bytes32(0)) revert InvalidValidatorSet();
        if (!BridgeMerkle.verifyMmrPath(c.mmrRoot, BeefyCodec.hashLeaf(leaf), leafItems, leafOrder)) {
            revert InvalidLeafProof();
        }
        currentSet = set;
        nextSet = ValidatorSet({id: leaf.nextSetId, len: leaf.nextSetLen, root: leaf.nextSetRoot});
        emit ValidatorSetRotated(set.id, leaf.nextSetId, leaf.nextSetLen, leaf.nextSetRoot);
        _accept(c);
    }

    /// @notice True when `root` is the MMR root of an accepted commitment.
    function isAccepted(bytes32 root) external view returns (bool) {
        return root != bytes32(0) && acceptedRoots[root] != 0;
    }

    /// @dev The cheap checks, before any signature is looked at.
    function _checkHeader(Commitment calldata c) internal view {
        if (c.mmrRoot == bytes32(0)) revert ZeroMmrRoot();
        uint32 latest = latestBlock;
        if (c.blockNumber <= latest) revert BlockNotIncreasing(c.blockNumber, latest);
    }

    function _checkCommitment(Commitment calldata c, ValidatorSet memory set, Signature[] calldata sigs)
        internal
        pure
    {
        bytes32 digest = BeefyCodec.hashCommitment(c);
        uint256 count = _countSigners(digest, set, sigs);
        if (count * 3 <= uint256(set.len) * 2) revert InsufficientSignatures(count, set.len);
    }

    /// @dev Checks every signature (reverting on the first bad one) and returns how many distinct
    ///      members signed.
    function _countSigners(bytes32 digest, ValidatorSet memory set, Signature[] calldata sigs)
        internal
        pure
        returns (uint256 count)
    {
        uint256[] memory seen = new uint256[]((uint256(set.len) + 255) >> 8);
        uint256 n = sigs.length;
        for (uint256 i = 0; i < n;) {
            Signature calldata sig = sigs[i];
            uint32 index = sig.index;
            if (index >= set.len) revert SignerIndexOutOfRange(index);
            uint256 word = index >> 8;
            uint256 bit = uint256(1) << (index & 0xff);
            if (seen[word] & bit != 0) revert DuplicateSignerIndex(index);
            seen[word] |= bit;

            bytes32 addrLeaf = keccak256(abi.encodePacked(sig.signer));
            if (!BridgeMerkle.verify(set.root, addrLeaf, index, set.len, sig.proof)) {
                revert InvalidSignerProof(index);
            }

            uint8 v = sig.v;
            if (v < 27) v += 27;
            if (v != 27 && v != 28) revert InvalidRecoveryId(index);
            if (uint256(sig.s) > HALF_CURVE_ORDER) revert MalleableSignature(index);
            address recovered = ecrecover(digest, v, sig.r, sig.s);
            if (recovered == address(0) || recovered != sig.signer) revert InvalidSignature(index);

            unchecked {
                ++count;
                ++i;
            }
        }
    }

    function _accept(Commitment calldata c) internal {
        acceptedRoots[c.mmrRoot] = c.blockNumber;
        latestBlock = c.blockNumber;
        latestMmrRoot = c.mmrRoot;
        emit CommitmentAccepted(c.mmrRoot, c.blockNumber, c.setId);
    }
}
