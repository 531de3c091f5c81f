//! Three validators of the `local` chain as three processes on loopback: all three author blocks,
//! GRANDPA finalizes them, and a validator that is stopped and restarted on the same base path
//! keeps its database and catches up.

// Test code: a failed expectation is a failed test, so panicking on one is the point.
#![allow(
	clippy::unwrap_used,
	clippy::expect_used,
	clippy::indexing_slicing,
	clippy::arithmetic_side_effects
)]

use dsynapse_e2e::{babe_author_index, peer_id_of, Node};
use serde_json::json;
use std::{collections::BTreeSet, time::Duration};

/// Fixed libp2p node keys, so that peer ids (and thus boot-node addresses) are known up front.
const NODE_KEYS: [&str; 3] = [
	"0000000000000000000000000000000000000000000000000000000000000001",
	"0000000000000000000000000000000000000000000000000000000000000002",
	"0000000000000000000000000000000000000000000000000000000000000003",
];

#[test]
fn three_validators_author_finalize_and_survive_a_restart() {
	let base = tempfile::tempdir().unwrap();
	let alice_base = base.path().join("alice");
	let alice_base = alice_base.to_str().unwrap();

	let alice = Node::spawn(
		"alice",
		&["--chain", "local", "--alice", "--base-path", alice_base, "--node-key", NODE_KEYS[0]],
	);
	let boot = format!("/ip4/127.0.0.1/tcp/{}/p2p/{}", alice.p2p_port, peer_id_of(NODE_KEYS[0]));
	let others: Vec<Node> = [("bob", "--bob", 1), ("charlie", "--charlie", 2)]
		.into_iter()
		.map(|(name, flag, i)| {
			let dir = base.path().join(name);
			Node::spawn(
				name,
				&[
					"--chain",
					"local",
					flag,
					"--base-path",
					dir.to_str().unwrap(),
					"--node-key",
					NODE_KEYS[i],
					"--bootnodes",
					&boot,
				],
			)
		})
		.collect();
	let mut alice = alice;

	// Everyone sees both peers.
	for n in std::iter::once(&alice).chain(&others) {
		n.wait_for("two peers", Duration::from_secs(60), |n| {
			let peers = n.rpc("system_health", json!([])).ok()?["peers"].as_u64()?;
			(peers >= 2).then_some(())
		});
	}

	// All three validators author blocks; with secondary slots every slot has an author.
	let authors = alice.wait_for("blocks by all three validators", Duration::from_secs(240), |n| {
		let best = n.best_number();
		let authors: BTreeSet<u32> = (1..=best)
			.filter_map(|i| n.block_hash(i))
			.filter_map(|h| babe_author_index(&n.header(&h)))
			.collect();
		(authors.len() == 3).then_some(authors)
	});
	assert_eq!(authors, BTreeSet::from([0, 1, 2]));

	// And GRANDPA finalizes them (it needs all three votes: 3 - floor(2/3) = 3).
	let finalized = alice.wait_for("finality", Duration::from_secs(120), |n| {
		let f = n.finalized_number();
		(f >= 3).then_some(f)
	});

	// The database is ParityDB.
	assert!(
		base.path().join("alice/chains/dsynapse_local/paritydb").is_dir(),
		"no ParityDB database under the base path"
	);

	// Stop Alice; the others keep producing blocks (finality waits for her).
	let best_before_stop = alice.best_number();
	let hash_before_stop = alice.block_hash(best_before_stop).unwrap();
	alice.stop();
	let bob = &others[0];
	bob.wait_for("blocks while Alice is down", Duration::from_secs(60), |n| {
		(n.best_number() >= best_before_stop + 3).then_some(())
	});

	// Restart on the same base path: the database is intact…
	alice.restart();
	assert_eq!(
		alice.block_hash(best_before_stop).as_deref(),
		Some(hash_before_stop.as_str()),
		"the restarted validator lost blocks it had imported"
	);
	assert!(alice.finalized_number() >= finalized);

	// …and it catches up with the others, and finality moves on with all three again.
	let target = bob.best_number();
	alice.wait_for("catch-up", Duration::from_secs(120), |n| {
		(n.best_number() >= target).then_some(())
	});
	let bob_finalized = bob.finalized_number();
	for n in [&alice, bob, &others[1]] {
		n.wait_for("finality after the restart", Duration::from_secs(120), |n| {
			(n.finalized_number() > bob_finalized.max(target)).then_some(())
		});
	}
}
