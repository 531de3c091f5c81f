#!/usr/bin/env python3
"""Independent known-answer vectors for the bridge wire format (docs/bridge-wire-format.md).

Dependency-free on purpose: keccak-256 and secp256k1 are implemented below from their
specifications, so the vectors do not share code with the Solidity under test.
Regenerate with:  python3 test/vectors/gen_known_answers.py > test/vectors/known-answers.json
"""
import json

# ---------------------------------------------------------------- keccak-256 (Keccak[c=512], pad 0x01)
_RC = [
    0x0000000000000001, 0x0000000000008082, 0x800000000000808A, 0x8000000080008000,
    0x000000000000808B, 0x0000000080000001, 0x8000000080008081, 0x8000000000008009,
    0x000000000000008A, 0x0000000000000088, 0x0000000080008009, 0x000000008000000A,
    0x000000008000808B, 0x800000000000008B, 0x8000000000008089, 0x8000000000008003,
    0x8000000000008002, 0x8000000000000080, 0x000000000000800A, 0x800000008000000A,
    0x8000000080008081, 0x8000000000008080, 0x0000000080000001, 0x8000000080008008,
]
_ROT = [[0, 36, 3, 41, 18], [1, 44, 10, 45, 2], [62, 6, 43, 15, 61], [28, 55, 25, 21, 56], [27, 20, 39, 8, 14]]
_M = (1 << 64) - 1


def _rol(x, n):
    n %= 64
    return ((x << n) | (x >> (64 - n))) & _M if n else x


def _f1600(a):  # a[x][y]
    for rc in _RC:
        c = [a[x][0] ^ a[x][1] ^ a[x][2] ^ a[x][3] ^ a[x][4] for x in range(5)]
        d = [c[(x - 1) % 5] ^ _rol(c[(x + 1) % 5], 1) for x in range(5)]
        a = [[a[x][y] ^ d[x] for y in range(5)] for x in range(5)]
        b = [[0] * 5 for _ in range(5)]
        for x in range(5):
            for y in range(5):
                b[y][(2 * x + 3 * y) % 5] = _rol(a[x][y], _ROT[x][y])
        a = [[b[x][y] ^ ((~b[(x + 1) % 5][y]) & b[(x + 2) % 5][y]) for y in range(5)] for x in range(5)]
        a[0][0] ^= rc
    return a


def keccak(data: bytes) -> bytes:
    rate = 136
    msg = bytearray(data) + b"\x01"
    while len(msg) % rate:
        msg.append(0)
    msg[-1] |= 0x80
    a = [[0] * 5 for _ in range(5)]
    for off in range(0, len(msg), rate):
        block = msg[off:off + rate]
        for i in range(rate // 8):
            x, y = i % 5, i // 5
            a[x][y] ^= int.from_bytes(block[8 * i:8 * i + 8], "little")
        a = _f1600(a)
    out = b""
    for i in range(4):
        out += a[i % 5][i // 5].to_bytes(8, "little")
    return out


assert keccak(b"").hex() == "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470"
assert keccak(b"abc").hex() == "4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45"

# ---------------------------------------------------------------- secp256k1
P = 2**256 - 2**32 - 977
N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141
G = (0x79BE667EF9DCBBAC55A06295CE870B07029BFCDB2DCE28D959F2815B16F81798,
     0x483ADA7726A3C4655DA4FBFC0E1108A8FD17B448A68554199C47D08FFB10D4B8)


def _add(p, q):
    if p is None:
        return q
    if q is None:
        return p
    if p[0] == q[0] and (p[1] + q[1]) % P == 0:
        return None
    if p == q:
        lam = 3 * p[0] * p[0] * pow(2 * p[1], -1, P) % P
    else:
        lam = (q[1] - p[1]) * pow(q[0] - p[0], -1, P) % P
    x = (lam * lam - p[0] - q[0]) % P
    return (x, (lam * (p[0] - x) - p[1]) % P)


def _mul(k, p=G):
    r = None
    while k:
        if k & 1:
            r = _add(r, p)
        p = _add(p, p)
        k >>= 1
    return r


def address_of(priv: int) -> bytes:
    x, y = _mul(priv)
    return keccak(x.to_bytes(32, "big") + y.to_bytes(32, "big"))[12:]


assert address_of(1).hex() == "7e5f4552091a69125d5dfcb7b8c2659029395bdf"


def sign(priv: int, digest: bytes, nonce: int):
    """ECDSA with a fixed nonce; returns (r, s, v) with low s and v in {0, 1} (wire format §3)."""
    z = int.from_bytes(digest, "big")
    rx, ry = _mul(nonce)
    r = rx % N
    s = pow(nonce, -1, N) * (z + r * priv) % N
    v = ry & 1
    if s > N // 2:
        s, v = N - s, v ^ 1
    return r, s, v


# ---------------------------------------------------------------- wire format
def u32le(x):
    return x.to_bytes(4, "little")


def u64le(x):
    return x.to_bytes(8, "little")


def word(x: int) -> bytes:
    return x.to_bytes(32, "big")


def commitment(root: bytes, block: int, set_id: int) -> bytes:  # §3
    return bytes([0x04, 0x6D, 0x68, 0x80]) + root + u32le(block) + u64le(set_id)


def leaf(version, parent_number, parent_hash, next_id, next_len, next_root, extra) -> bytes:  # §5
    return bytes([version]) + u32le(parent_number) + parent_hash + u64le(next_id) + u32le(next_len) + next_root + extra


def message(genesis, chain_id, gateway: bytes, nonce, recipient: bytes, amount) -> bytes:  # §1
    return genesis + word(chain_id) + bytes(12) + gateway + word(nonce) + bytes(12) + recipient + word(amount)


def merkle_root(leaf_hashes):  # §2, built row by row
    if not leaf_hashes:
        return bytes(32)
    row = list(leaf_hashes)
    while len(row) > 1:
        row = [keccak(row[i] + row[i + 1]) if i + 1 < len(row) else row[i] for i in range(0, len(row), 2)]
    return row[0]


def merkle_proof(leaf_hashes, index):
    proof, row, pos = [], list(leaf_hashes), index
    while len(row) > 1:
        if pos ^ 1 < len(row):
            proof.append(row[pos ^ 1])
        row = [keccak(row[i] + row[i + 1]) if i + 1 < len(row) else row[i] for i in range(0, len(row), 2)]
        pos //= 2
    return proof


def mmr(leaf_hashes, index):
    """Root and §6 path of leaf `index` in an MMR over `leaf_hashes` (peaks bagged right to left)."""
    sizes, n, b = [], len(leaf_hashes), 1 << 64
    while b:
        if n & b:
            sizes.append(b)
        b >>= 1
    peaks, off = [], 0
    for s in sizes:
        peaks.append(merkle_root(leaf_hashes[off:off + s]))
        off += s

    def bag(ps):
        acc = ps[-1]
        for p in reversed(ps[:-1]):
            acc = keccak(acc + p)
        return acc

    p, off = 0, 0
    while index >= off + sizes[p]:
        off += sizes[p]
        p += 1
    items, order, row, pos = [], 0, leaf_hashes[off:off + sizes[p]], index - off
    while len(row) > 1:
        if pos & 1:
            order |= 1 << len(items)
        items.append(row[pos ^ 1])
        row = [keccak(row[i] + row[i + 1]) for i in range(0, len(row), 2)]
        pos //= 2
    if p + 1 < len(peaks):
        order |= 1 << len(items)
        items.append(bag(peaks[p + 1:]))
    items.extend(reversed(peaks[:p]))
    return bag(peaks), items, order


def command(genesis, chain_id, gateway: bytes, nonce, paused, min_burn, max_burn, epoch_cap, epoch_seconds) -> bytes:  # §7
    tag = keccak(b"dsynapse-bridge/set-parameters/v1")
    return (tag + genesis + word(chain_id) + bytes(12) + gateway + word(nonce) + word(1 if paused else 0)
            + word(min_burn) + word(max_burn) + word(epoch_cap) + word(epoch_seconds))


def hx(b: bytes) -> str:
    return "0x" + b.hex()


def main():
    out = {}
    # §3 commitment: fixed root, block and set id
    root = keccak(b"dsynapse known-answer mmr root")
    c = commitment(root, 0x01020304, 0x1122334455667788)
    out["commitment"] = {"mmrRoot": hx(root), "blockNumber": 0x01020304, "setId": 0x1122334455667788,
                         "encoded": hx(c), "hash": hx(keccak(c))}

    # §5 leaf
    ph, nr, ex = keccak(b"parent"), keccak(b"next set root"), keccak(b"messages root")
    lf = leaf(0, 0x00ABCDEF, ph, 7, 100, nr, ex)
    out["leaf"] = {"version": 0, "parentNumber": 0x00ABCDEF, "parentHash": hx(ph), "nextSetId": 7,
                   "nextSetLen": 100, "nextSetRoot": hx(nr), "leafExtra": hx(ex), "encoded": hx(lf),
                   "hash": hx(keccak(lf))}

    # §1 message
    gen = keccak(b"dsynapse genesis")
    gw = bytes.fromhex("5FbDB2315678afecb367f032d93F642f64180aa3")
    rc = bytes.fromhex("70997970C51812dc3A010C7d01b50e0d17dc79C8")
    m = message(gen, 31337, gw, 42, rc, 1234567890123456789)
    out["message"] = {"genesisHash": hx(gen), "chainId": 31337, "gateway": hx(gw), "nonce": 42,
                      "recipient": hx(rc), "amount": 1234567890123456789, "encoded": hx(m), "hash": hx(keccak(m))}

    # §7 a SetParameters command (same domain as the message above)
    cm = command(gen, 31337, gw, 43, True, 10**12, 10**17, 10**18, 86400)
    out["command"] = {"tag": hx(keccak(b"dsynapse-bridge/set-parameters/v1")), "genesisHash": hx(gen), "chainId": 31337,
                      "gateway": hx(gw), "nonce": 43, "paused": True, "minBurn": 10**12, "maxBurn": 10**17,
                      "epochCap": 10**18, "epochSeconds": 86400, "encoded": hx(cm), "hash": hx(keccak(cm))}

    # §8 the Burned event of the third burn: topics and data as an endpoint returns them
    account = keccak(b"a dsynapse account")
    topic0 = keccak(b"Burned(uint64,address,bytes32,uint128)")
    out["burned"] = {"signature": "Burned(uint64,address,bytes32,uint128)", "nonce": 3, "sender": hx(rc),
                     "recipient": hx(account), "amount": 40 * 10**12,
                     "topics": [hx(topic0), hx(word(3)), hx(bytes(12) + rc), hx(account)],
                     "data": hx(word(40 * 10**12))}

    # §2 / §4 a validator set of 5 (private keys 1..5), its root and two proofs
    keys = [1, 2, 3, 4, 5]
    addrs = [address_of(k) for k in keys]
    hashes = [keccak(a) for a in addrs]
    out["validatorSet"] = {"privateKeys": keys, "addresses": [hx(a) for a in addrs], "root": hx(merkle_root(hashes)),
                           "proof1": [hx(h) for h in merkle_proof(hashes, 1)],
                           "proof4": [hx(h) for h in merkle_proof(hashes, 4)]}

    # §3 signatures of the commitment above by keys 1..5 (fixed nonces), r ‖ s ‖ v with v in {0, 1}
    digest = keccak(c)
    sigs = []
    for k in keys:
        r, s, v = sign(k, digest, int.from_bytes(keccak(b"nonce" + bytes([k])), "big") % N)
        sigs.append(hx(word(r) + word(s) + bytes([v])))
    out["signatures"] = sigs

    # §6 an MMR of 7 leaves (hashes of "mmr leaf i"), root and the path of leaf 5
    lh = [keccak(b"mmr leaf " + bytes([i])) for i in range(7)]
    mroot, items, order = mmr(lh, 5)
    out["mmr"] = {"leafHashes": [hx(h) for h in lh], "root": hx(mroot), "index": 5,
                  "items": [hx(h) for h in items], "order": order}
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
