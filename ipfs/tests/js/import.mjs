// Imports files and folders with the npm `ipfs-unixfs-importer` (the importer Helia uses) and
// prints their root CIDs, for the worker's tests and benchmark to compare with.
//
// stdin: a JSON array of cases {id, profile, path, wrap}; a folder is imported like
// `ipfs add -r` (its files and empty folders under its own name), with `wrap` inside one more
// directory. stdout: one JSON line per case {id, cid, seconds}.
// Blocks are hashed and handed to an in-memory blockstore; pass --discard to drop them
// (large inputs), as the worker's own `--only-hash` does.
import { importer } from 'ipfs-unixfs-importer'
import { MemoryBlockstore } from 'blockstore-core'
import { createReadStream, readdirSync, statSync } from 'node:fs'
import { basename, join } from 'node:path'

const discard = process.argv.includes('--discard')
// Node reads files 64 KiB at a time by default; --big-reads asks for 1 MiB (the JS importer's
// best case).
const readOptions = process.argv.includes('--big-reads') ? { highWaterMark: 1 << 20 } : {}

function discardingBlockstore () {
  return {
    async put (cid) { return cid },
    async has () { return false },
    async get () { throw new Error('discarding blockstore holds nothing') }
  }
}

// Hidden entries are left out, as `ipfs add -r` and Helia's globSource do by default.
function * entries (dir, prefix) {
  const names = readdirSync(dir).filter(name => !name.startsWith('.'))
  if (names.length === 0) {
    yield { path: prefix }
    return
  }
  for (const name of names) {
    const full = join(dir, name)
    if (statSync(full).isDirectory()) {
      yield * entries(full, `${prefix}/${name}`)
    } else {
      yield { path: `${prefix}/${name}`, content: createReadStream(full, readOptions) }
    }
  }
}

async function importCase ({ profile, path, wrap }) {
  const blockstore = discard ? discardingBlockstore() : new MemoryBlockstore()
  const isDir = statSync(path).isDirectory()
  const source = isDir
    ? entries(path, basename(path))
    : [wrap ? { path: basename(path), content: createReadStream(path, readOptions) } : { content: createReadStream(path, readOptions) }]
  let last
  for await (const entry of importer(source, blockstore, { profile, wrapWithDirectory: wrap })) {
    last = entry
  }
  return last.cid.toString()
}

const chunks = []
for await (const chunk of process.stdin) chunks.push(chunk)
const cases = JSON.parse(Buffer.concat(chunks).toString())
for (const c of cases) {
  const start = process.hrtime.bigint()
  const cid = await importCase(c)
  const seconds = Number(process.hrtime.bigint() - start) / 1e9
  process.stdout.write(JSON.stringify({ id: c.id, cid, seconds }) + '\n')
}
