// CAR v1 files through the npm `@ipld/car` library, for the worker's round-trip tests.
//
//   node car.mjs read FILE                 -> {"roots":[…],"blocks":N,"bytes":N} after checking
//                                             every block's sha2-256 against its CID
//   node car.mjs write-file INPUT PROFILE OUT
//                                          -> imports INPUT with ipfs-unixfs-importer, writes
//                                             its DAG (depth first) to OUT; prints the root CID
//   node car.mjs rewrite IN OUT            -> reads IN and writes the same roots and blocks,
//                                             in the same order, with CarWriter
import { CarReader, CarWriter } from '@ipld/car'
import * as dagPb from '@ipld/dag-pb'
import { importer } from 'ipfs-unixfs-importer'
import { MemoryBlockstore } from 'blockstore-core'
import { sha256 } from 'multiformats/hashes/sha2'
import { createReadStream, createWriteStream } from 'node:fs'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'

const [cmd, ...args] = process.argv.slice(2)

async function readCar (path) {
  return CarReader.fromIterable(createReadStream(path))
}

async function writeCar (out, roots, blocks) {
  const { writer, out: bytes } = CarWriter.create(roots)
  const done = pipeline(Readable.from(bytes), createWriteStream(out))
  for await (const block of blocks) await writer.put(block)
  await writer.close()
  await done
}

if (cmd === 'read') {
  const reader = await readCar(args[0])
  let blocks = 0
  let bytes = 0
  for await (const { cid, bytes: data } of reader.blocks()) {
    const digest = await sha256.digest(data)
    if (Buffer.compare(digest.digest, cid.multihash.digest) !== 0) throw new Error(`block ${cid} does not match`)
    blocks++
    bytes += data.length
  }
  const roots = (await reader.getRoots()).map(String)
  console.log(JSON.stringify({ roots, blocks, bytes }))
} else if (cmd === 'write-file') {
  const [input, profile, out] = args
  const store = new MemoryBlockstore()
  let root
  for await (const entry of importer([{ content: createReadStream(input) }], store, { profile })) root = entry.cid
  async function * dfs (cid, seen = new Set()) {
    if (seen.has(cid.toString())) return
    seen.add(cid.toString())
    // blockstore-core 7 yields a block's bytes in parts.
    const parts = []
    for await (const part of store.get(cid)) parts.push(part)
    const bytes = new Uint8Array(Buffer.concat(parts))
    yield { cid, bytes }
    if (cid.code === dagPb.code) {
      for (const link of dagPb.decode(bytes).Links) yield * dfs(link.Hash, seen)
    }
  }
  await writeCar(out, [root], dfs(root))
  console.log(root.toString())
} else if (cmd === 'rewrite') {
  const [input, out] = args
  const reader = await readCar(input)
  await writeCar(out, await reader.getRoots(), reader.blocks())
} else {
  throw new Error(`unknown command ${cmd}`)
}
