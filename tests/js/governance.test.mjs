// polkadot.js against a `dev-fast` node: lock stake, propose an allowed call, vote on the
// referendum, read its two-chamber tally from `referenda.referendumInfoFor` and the voting power
// from `api.call.governanceApi`, and see bad votes and a disallowed proposal refused with their
// own errors.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ApiPromise, WsProvider, Keyring } from '@polkadot/api';
import { startDevNode } from './node-harness.mjs';
import { sendFinalized } from './chain.mjs';

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

test('a locked account votes on a referendum and the tally shows it', async () => {
  const keyring = new Keyring({ type: 'sr25519' });
  const [alice, bob, ferdie] = ['//Alice', '//Bob', '//Ferdie'].map((s) => keyring.addFromUri(s));

  const params = await api.call.governanceApi.params();
  assert.equal(params.stakePerPoint.toBigInt(), DSY, 'one DSY of verifier stake backs a reputation point');
  assert.equal(params.reputationHalfLife.toNumber(), 432_000, 'idle reputation halves in 30 days of blocks');

  // Voting needs a lock.
  const call = api.tx.governance.setCancellers([alice.address, bob.address]);
  const proposed = await sendFinalized(api, api.tx.governance.propose(call, 2), alice);
  const index = proposed.events.find(({ event }) => api.events.governance.Proposed.is(event))
    .event.data.index.toNumber();
  await assert.rejects(sendFinalized(api, api.tx.governance.vote(index, true), bob), /governance\.NoLock/);

  await sendFinalized(api, api.tx.governance.lock(10_000n * DSY), bob);
  const power = await api.call.governanceApi.votingPower(bob.address);
  assert.equal(power.locked.toBigInt(), 10_000n * DSY);
  const electorate = await api.call.governanceApi.electorate();
  assert.equal(electorate.stake.toBigInt(), 10_000n * DSY, 'stake power is the lock');
  // Bob is the whole electorate: his vote counts all of his lock.
  assert.equal(power.stake.toBigInt(), 10_000n * DSY);
  assert.equal(power.stakeShare.toNumber(), 1_000_000_000, '100% of the stake chamber');

  const voted = await sendFinalized(api, api.tx.governance.vote(index, true), bob);
  const event = voted.events.find(({ event: e }) => api.events.governance.Voted.is(e)).event;
  assert.equal(event.data.vote.aye.toHuman(), true);
  assert.equal(event.data.vote.stake.toBigInt(), 10_000n * DSY);

  const info = (await api.query.referenda.referendumInfoFor(index)).unwrap();
  assert.ok(info.isOngoing);
  const { tally } = info.asOngoing;
  assert.equal(tally.stakeAyes.toBigInt(), event.data.vote.stake.toBigInt());
  assert.equal(tally.stakeNays.toBigInt(), 0n);

  // Voting twice, and proposing a call outside the allowed set, are refused.
  await assert.rejects(sendFinalized(api, api.tx.governance.vote(index, false), bob), /governance\.AlreadyVoted/);
  await assert.rejects(
    sendFinalized(api, api.tx.governance.propose(api.tx.system.remark('0x00'), 2), ferdie),
    /governance\.CallNotAllowed/,
  );
  // Submitting to referenda directly is filtered: proposals go through governance.propose.
  await assert.rejects(
    sendFinalized(api, api.tx.referenda.submit({ Governance: 'Parameters' }, { Inline: call.method.toHex() }, { After: 2 }), ferdie),
    /CallFiltered|1010|Invalid/,
  );
});
