// Point 1 of a validator's life: a new node (Eve's) starts beside the running network with its
// chain spec, syncs, and its operator goes through docs/validator.md — with the mistakes an
// operator can make on the way, each refused with a clear error:
//   bond 5 DSY (below the 10 DSY validator minimum); validate before setting session keys
//   (rejected: no session keys, custom error 40); rotate keys on the new node with a proof for
//   the stash; set them; validate (InsufficientBond); bond 995 DSY more; Ferdie bonds 3,000 DSY
//   and nominates Eve; validate. Sudo raises the validator count from 4 to 5 first. Returns 1.
'use strict';
const { u8aToHex } = require('@polkadot/util');
const {
  DSY, shared, connect, wsUriOf, waitFor, bestNumber, account, send, bootnodeOf, spawnNode, log,
} = require('./lib');

async function expectRejected(promise, pattern, what) {
  try {
    await promise;
  } catch (e) {
    if (pattern.test(e.message)) {
      log(`${what}: refused as expected (${e.message})`);
      return;
    }
    throw new Error(`${what}: refused with "${e.message}", expected ${pattern}`);
  }
  throw new Error(`${what}: accepted, expected ${pattern}`);
}

async function run(nodeName, networkInfo) {
  const api = await connect(wsUriOf(networkInfo, nodeName));
  try {
    // Let the chain grow a little so that the new node has something to sync.
    await waitFor('block #15', 300_000, async () => (await bestNumber(api)) >= 15);
    const boot = await bootnodeOf(api);
    const eve = await spawnNode(networkInfo, 'eve', [
      '--chain', networkInfo.chainSpecPath, '--validator', '--bootnodes', boot,
    ], { nodeKey: true });
    shared.eve = eve;
    // A new node builds its genesis through the wasm runtime first (about 26 CPU-seconds; minutes
    // while the other suites' nodes start on the same 2 cores).
    const eveApi = await waitFor('the new node RPC', 180_000, async () => {
      const a = await connect(eve.wsUri);
      await a.isReadyOrError;
      return a;
    });
    shared.eveApi = eveApi;
    const target = await bestNumber(api);
    await waitFor(`the new node to sync to #${target}`, 180_000, async () => {
      const health = await eveApi.rpc.system.health();
      return !health.isSyncing.isTrue && (await bestNumber(eveApi)) >= target;
    });
    log(`eve synced to #${await bestNumber(eveApi)} from ${(await eveApi.rpc.system.health()).peers} peers`);

    // The network elects `validatorCount` = 4 validators; make room for a fifth (sudo on this
    // chain; a parameters referendum on testnet).
    await send(api, api.tx.sudo.sudo(api.tx.staking.setValidatorCount(5)), account('//Alice'));

    const stash = account('//Eve//stash');
    const ferdie = account('//Ferdie');
    shared.join = { stash: stash.address, nominator: ferdie.address };

    await send(api, api.tx.staking.bond(5n * DSY, 'Staked'), stash);
    await expectRejected(
      send(api, api.tx.staking.validate({ commission: 0, blocked: false }), stash),
      /Custom error: 40/,
      'validate without session keys',
    );

    // Keys made inside the new node's keystore, with their proof of possession for the stash.
    const { keys, proof } = await eve.rpcSend('author_rotateKeysWithOwner', [u8aToHex(stash.addressRaw)]);
    await send(api, api.tx.session.setKeys(keys, proof), stash);
    if (!(await eveApi.rpc.author.hasSessionKeys(keys)).isTrue) throw new Error('the node does not hold the keys it made');
    shared.join.keys = keys;

    await expectRejected(
      send(api, api.tx.staking.validate({ commission: 0, blocked: false }), stash),
      /staking\.InsufficientBond/,
      'validate with 5 DSY bonded',
    );
    await send(api, api.tx.staking.bondExtra(995n * DSY), stash);
    // Ferdie nominates before Eve's `validate`: the election at the start of an era's last session
    // takes whatever is on chain then, so a nomination sent after `validate` can miss the election
    // that first picks Eve (it did on a loaded machine: elected at #31, nominated at #32) and the
    // exposure checked in validator-is-elected.js would be her bond alone.
    await send(api, api.tx.staking.bond(3000n * DSY, 'Staked'), ferdie);
    await send(api, api.tx.staking.nominate([stash.address]), ferdie);
    log('ferdie nominates eve with 3,000 DSY');
    const { blockHash } = await send(api, api.tx.staking.validate({ commission: 0, blocked: false }), stash);
    const era = (await (await api.at(blockHash)).query.staking.activeEra()).unwrap().index.toNumber();
    log(`eve's stash validates from era ${era} (1,000 DSY bonded)`);
    return 1;
  } finally {
    await api.disconnect();
  }
}
module.exports = { run };
