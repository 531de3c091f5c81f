// polkadot.js against a real dev node: metadata, a runtime constant, a signed transfer with its
// event and balances, and a rejected underfunded transfer.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ApiPromise, WsProvider, Keyring } from '@polkadot/api';
import { startDevNode } from './node-harness.mjs';
import { sendFinalized } from './chain.mjs';

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

test('metadata and runtime constants are readable', async () => {
  assert.ok(api.runtimeMetadata.version >= 14);
  assert.equal(api.runtimeVersion.specName.toString(), 'dsynapse');
  assert.equal(api.consts.balances.existentialDeposit.toBigInt(), DSY / 1000n);
  assert.deepEqual(api.registry.chainTokens, ['DSY']);
  assert.deepEqual(api.registry.chainDecimals, [12]);
  // Runtime APIs are described in the metadata: no custom types needed.
  const nonce = await api.call.accountNonceApi.accountNonce('5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY');
  assert.equal(nonce.toNumber(), 0);
});

test('a signed transfer is finalized, emits Transfer and moves balances', async () => {
  const keyring = new Keyring({ type: 'sr25519' });
  const alice = keyring.addFromUri('//Alice');
  const bob = keyring.addFromUri('//Bob');
  const amount = 3n * DSY;

  const before = await api.query.system.account.multi([alice.address, bob.address]);
  const { events, blockHash } = await sendFinalized(api, api.tx.balances.transferKeepAlive(bob.address, amount), alice);

  const transfer = events.find(({ event }) => api.events.balances.Transfer.is(event));
  assert.ok(transfer, 'a Transfer event');
  const [from, to, value] = transfer.event.data;
  assert.equal(from.toString(), alice.address);
  assert.equal(to.toString(), bob.address);
  assert.equal(value.toBigInt(), amount);
  const feeEvent = events.find(({ event }) => api.events.transactionPayment.TransactionFeePaid.is(event));
  const fee = feeEvent.event.data.actualFee.toBigInt();
  assert.ok(fee > 0n);

  const apiAt = await api.at(blockHash);
  const [a, b] = await apiAt.query.system.account.multi([alice.address, bob.address]);
  assert.equal(b.data.free.toBigInt(), before[1].data.free.toBigInt() + amount);
  assert.equal(a.data.free.toBigInt(), before[0].data.free.toBigInt() - amount - fee);
});

test('an underfunded transfer is rejected by the pool with a clear error', async () => {
  const keyring = new Keyring({ type: 'sr25519' });
  const pauper = keyring.addFromUri('//Pauper');
  const bob = keyring.addFromUri('//Bob');
  await assert.rejects(
    api.tx.balances.transferKeepAlive(bob.address, DSY).signAndSend(pauper),
    /Inability to pay some fees/,
  );
});
