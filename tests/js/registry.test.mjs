// polkadot.js against a real dev node: register a model by CID (paying the round fee; the
// committee draw comes two blocks later), read it back through the registry's runtime API
// (`api.call.registryApi`), and see a malformed CID refused with its own error.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ApiPromise, WsProvider, Keyring } from '@polkadot/api';
import { u8aConcat, u8aToHex, stringToU8a } from '@polkadot/util';
import { sha256AsU8a } from '@polkadot/util-crypto';
import { startDevNode } from './node-harness.mjs';
import { rawCid, sendFinalized } from './chain.mjs';

const DSY = 10n ** 12n;
let node;
let api;

before(async () => {
  node = await startDevNode();
  api = await ApiPromise.create({ provider: new WsProvider(node.wsUrl), noInitWarn: true });
});

after(async () => {
  await api?.disconnect();
  await node?.stop();
});

test('a model is registered by CID and read back through the runtime API', async () => {
  const alice = new Keyring({ type: 'sr25519' }).addFromUri('//Alice');
  const cid = rawCid(stringToU8a('tiny seeded llama, polkadot.js test'));
  const manifest = rawCid(stringToU8a('{"name":"tiny","architecture":"llama","format":"gguf"}'));
  const deposit = (await api.call.registryApi.assetDeposit()).toBigInt();
  assert.equal(deposit, 10n * DSY);

  const { events, blockHash } = await sendFinalized(
    api,
    api.tx.registry.register('Model', u8aToHex(cid), 1234, 'Apache-2.0', u8aToHex(manifest), []),
    alice,
  );
  const registered = events.find(({ event }) => api.events.registry.Registered.is(event));
  assert.ok(registered, 'a Registered event');
  const id = registered.event.data.asset.toNumber();
  // The owner pays the round fee and the committee is drawn two blocks later, not now.
  const requested = events.find(({ event }) => api.events.verification.RoundRequested.is(event));
  assert.ok(requested, 'a RoundRequested event');
  assert.equal(requested.event.data.fee.toBigInt(), 3n * DSY);
  const registeredAt = (await api.rpc.chain.getHeader(blockHash)).number.toNumber();
  const drawAt = requested.event.data.drawAt.toNumber();
  assert.equal(drawAt, registeredAt + 2);
  assert.ok(!events.some(({ event }) => api.events.verification.RoundOpened.is(event)));
  // No verifiers on a fresh dev chain: at the draw, the round waits for them.
  for (;;) {
    const finalized = await api.rpc.chain.getHeader(await api.rpc.chain.getFinalizedHead());
    if (finalized.number.toNumber() >= drawAt) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  const atDraw = await api.at(await api.rpc.chain.getBlockHash(drawAt));
  const deferred = (await atDraw.query.system.events()).find(
    ({ event }) => api.events.verification.RoundDeferred.is(event) && event.data.asset.toNumber() === id,
  );
  assert.ok(deferred, 'RoundDeferred in the draw block');
  assert.ok(deferred.phase.isInitialization, 'drawn in on_initialize');

  const view = await api.call.registryApi.asset(id);
  assert.ok(view.isSome);
  const asset = view.unwrap();
  assert.equal(asset.owner.toString(), alice.address);
  assert.equal(asset.kind.toString(), 'Model');
  assert.equal(u8aToHex(asset.cid), u8aToHex(cid));
  assert.equal(u8aToHex(asset.manifest), u8aToHex(manifest));
  assert.equal(asset.contentSize.toNumber(), 1234);
  assert.equal(new TextDecoder().decode(asset.license), 'Apache-2.0');
  assert.ok(asset.status.isPending);
  assert.equal(asset.deposit.toBigInt(), deposit);

  const mine = await api.call.registryApi.assetsByOwner(alice.address, 0, 10);
  assert.ok(mine.some((a) => a.id.toNumber() === id));
  const pending = await api.call.registryApi.assetsByStatus('Pending', 0, 10);
  assert.ok(pending.some((a) => a.id.toNumber() === id));

  // The same content again is refused.
  await assert.rejects(
    sendFinalized(api, api.tx.registry.register('Model', u8aToHex(cid), 1, 'MIT', u8aToHex(manifest), []), alice),
    /registry\.DuplicateCid/,
  );
});

test('a CID with an unsupported codec is refused with its own error', async () => {
  const alice = new Keyring({ type: 'sr25519' }).addFromUri('//Alice');
  // dag-cbor (0x71) is not a UnixFS codec.
  const dagCbor = u8aConcat(new Uint8Array([0x01, 0x71, 0x12, 0x20]), sha256AsU8a(stringToU8a('x')));
  const manifest = rawCid(stringToU8a('m'));
  await assert.rejects(
    sendFinalized(api, api.tx.registry.register('Dataset', u8aToHex(dagCbor), 1, 'MIT', u8aToHex(manifest), []), alice),
    /registry\.InvalidCid/,
  );
  const view = await api.call.verificationApi.params();
  assert.equal(view.committeeSize.toNumber(), 3);
});
