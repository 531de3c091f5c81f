// polkadot.js against a `dev-fast` node (10-block epochs): read the tokenomics parameters and the
// supply ledger through `api.call.tokenomicsApi`, rate an asset, see its endorsement move, and
// see a bad rating refused with its own error.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ApiPromise, WsProvider, Keyring } from '@polkadot/api';
import { u8aToHex, stringToU8a } from '@polkadot/util';
import { startDevNode } from './node-harness.mjs';
import { rawCid, sendFinalized } from './chain.mjs';

const DSY = 10n ** 12n;
let node;
let api;

before(async () => {
  node = await startDevNode({ fast: true });
  api = await ApiPromise.create({ provider: new WsProvider(node.wsUrl), noInitWarn: true });
});

after(async () => {
  await api?.disconnect();
  await node?.stop();
});

async function waitForEpoch(epoch) {
  for (let i = 0; i < 400; i += 1) {
    const state = await api.call.tokenomicsApi.state();
    if (state.epoch.toNumber() >= epoch) return state;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`epoch ${epoch} did not start`);
}

test('the parameters and the supply ledger are readable through the runtime API', async () => {
  const state = await api.call.tokenomicsApi.state();
  assert.equal(state.params.beta.toBigInt(), 1n * DSY);
  assert.equal(state.params.vaultRatio.toNumber(), 30_000_000, '3% in parts per billion');
  assert.equal(state.epochLength.toNumber(), 10);

  // The first epoch closes at block 10: its record is in the history and chains to the next.
  const after = await waitForEpoch(1);
  const [first] = await api.call.tokenomicsApi.epochStats(0, 0);
  assert.equal(first.epoch.toNumber(), 0);
  const minted = first.minted.contributions.toBigInt() + first.minted.tail.toBigInt()
    + first.minted.vault.toBigInt();
  const burned = first.burned.rating.toBigInt() + first.burned.fees.toBigInt()
    + first.burned.slashes.toBigInt() + first.burned.dust.toBigInt();
  assert.equal(first.issuanceEnd.toBigInt(), first.issuanceStart.toBigInt() + minted - burned);
  // Nothing verified yet: the epoch emits the tail, 3% of it to the vault.
  assert.equal(first.emission.toBigInt(), 50n * DSY);
  assert.equal(first.minted.vault.toBigInt(), (50n * DSY * 3n) / 100n);
  assert.equal(after.current.issuanceStart.toBigInt(), first.issuanceEnd.toBigInt());
});

test('a rating burns β per action and moves the asset\'s endorsement', async () => {
  const keyring = new Keyring({ type: 'sr25519' });
  const [alice, eve] = [keyring.addFromUri('//Alice'), keyring.addFromUri('//Eve')];
  const { events } = await sendFinalized(
    api,
    api.tx.registry.register('Model', u8aToHex(rawCid(stringToU8a('rated by polkadot.js'))), 4096,
      'MIT', u8aToHex(rawCid(stringToU8a('{"name":"js"}'))), []),
    alice,
  );
  const id = events.find(({ event }) => api.events.registry.Registered.is(event))
    .event.data.asset.toNumber();

  const rated = await sendFinalized(api, api.tx.tokenomics.rate(id, 5, 3), eve);
  const event = rated.events.find(({ event: e }) => api.events.tokenomics.Rated.is(e)).event;
  assert.equal(event.data.burned.toBigInt(), 3n * DSY);
  assert.equal(event.data.endorsement.toBigInt(), 3n * DSY, 'η = 1, five stars: all endorsement');

  const view = (await api.call.tokenomicsApi.asset(id)).unwrap();
  assert.ok(view.endorsement.toBigInt() <= 3n * DSY && view.endorsement.toBigInt() > 2n * DSY);
  assert.equal(view.score.toNumber(), 0, 'not verified: no emission for it yet');

  await assert.rejects(sendFinalized(api, api.tx.tokenomics.rate(id, 6, 1), eve), /tokenomics\.ScoreOutOfRange/);
  await assert.rejects(sendFinalized(api, api.tx.tokenomics.rate(id, 5, 0), eve), /tokenomics\.ZeroActions/);
});
