//! [`Economy`]: the whole token economy in memory, driven by the same functions as the runtime.
//!
//! The runtime keeps this state in storage and pays through balances; the simulator and the
//! reference tests keep it here. Both call [`rating`](crate::asset::rating),
//! [`AssetAccount::settle`], [`Aggregates::close_epoch`] and friends, so a simulation predicts
//! the chain to the planck (for the same sequence of events).

use crate::prelude::*;
use crate::{
	aggregate::{Aggregates, EpochMint},
	asset::{rating, AssetAccount, Rating, RatingError},
	fixed,
	index::GlobalIndex,
	params::Params,
	wide::Wide,
};
use alloc::{collections::BTreeMap, vec::Vec};

/// One closed epoch, in planck.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct EpochReport {
	/// The epoch's number (from 0).
	pub epoch: u32,
	/// Total supply when it started.
	pub supply_start: u128,
	/// What it minted.
	pub mint: EpochMint,
	/// Burned by ratings during the epoch.
	pub burned: u128,
	/// Total supply when it ended.
	pub supply_end: u128,
	/// A = Σ V_k at the boundary, in parts per billion.
	pub score_sum: u64,
	/// G = Σ V_k·R_k at the boundary (before the decay), in tokens.
	pub weighted_endorsement: FixedU128,
}

impl EpochReport {
	/// The whitepaper's "ultrasound" condition for the epoch: B > I.
	pub fn ultrasound(&self) -> bool {
		self.burned > self.mint.total()
	}
}

/// The economy: parameters, index, aggregates, assets and supply.
#[derive(Clone, Debug)]
pub struct Economy {
	/// The parameters in force.
	pub params: Params,
	/// The decay index.
	pub index: GlobalIndex,
	/// A and G.
	pub aggregates: Aggregates,
	/// Final yields of the ended scales of the index.
	pub finished_scales: BTreeMap<u32, Wide>,
	/// The assets, numbered from 0.
	pub assets: Vec<AssetAccount>,
	/// The last epoch each expiring asset earns for (see [`Self::set_score_until`]).
	pub until: BTreeMap<usize, u32>,
	/// The index after each closed epoch, by the number of epochs closed then.
	pub index_at: BTreeMap<u32, GlobalIndex>,
	/// Total supply, in planck.
	pub supply: u128,
	/// The rewards pot (minted for assets, not yet paid), in planck.
	pub pot: u128,
	/// Paid out to assets so far, in planck.
	pub paid: u128,
	/// Burned in the current epoch, in planck.
	burned_this_epoch: u128,
	/// Supply at the start of the current epoch.
	supply_at_start: u128,
}

impl Economy {
	/// An economy with `supply` planck and no assets.
	pub fn new(params: Params, supply: u128) -> Self {
		Economy {
			params,
			index: GlobalIndex::default(),
			aggregates: Aggregates::default(),
			finished_scales: BTreeMap::new(),
			assets: Vec::new(),
			until: BTreeMap::new(),
			index_at: BTreeMap::new(),
			supply,
			pot: 0,
			paid: 0,
			burned_this_epoch: 0,
			supply_at_start: supply,
		}
	}

	/// Registers an asset; returns its number.
	pub fn add_asset(&mut self) -> usize {
		self.assets.push(AssetAccount::new(&self.index));
		self.assets.len().saturating_sub(1)
	}

	/// Where `asset`'s reward stops accruing now: its expiry's index, or the current one.
	fn accrue_to(&self, asset: usize) -> GlobalIndex {
		match self.until.get(&asset) {
			Some(until) if *until < self.index.epoch => {
				self.index_at.get(until).copied().unwrap_or(self.index)
			},
			_ => self.index,
		}
	}

	fn settle(&mut self, asset: usize) -> Option<&mut AssetAccount> {
		let index = self.index;
		let accrue_to = self.accrue_to(asset);
		let scales = &self.finished_scales;
		let account = self.assets.get_mut(asset)?;
		account.settle_to(&index, &accrue_to, |s| scales.get(&s).copied());
		Some(account)
	}

	/// A rating of `asset`: burns β·actions from the supply and updates R, D, G.
	pub fn rate(&mut self, asset: usize, score: u8, actions: u32) -> Result<Rating, RatingError> {
		let r = rating(&self.params, score, actions)?;
		let Some(account) = self.settle(asset) else { return Err(RatingError::Overflow) };
		account.add_rating(&r);
		let v = account.score;
		self.aggregates.add_endorsement(v, r.endorsement);
		self.supply = self.supply.saturating_sub(r.burn);
		self.burned_this_epoch = self.burned_this_epoch.saturating_add(r.burn);
		Ok(r)
	}

	/// Sets V of `asset` (a verification concluded, expired, ...), with no expiry.
	pub fn set_score(&mut self, asset: usize, score: Perbill) {
		self.set_score_until(asset, score, None);
	}

	/// Sets V of `asset`, earning for the epochs closed up to `until` (the number of epochs
	/// closed at the verification's last valid block) and none after, even if nobody sets the
	/// score back to zero.
	pub fn set_score_until(&mut self, asset: usize, score: Perbill, until: Option<u32>) {
		let Some(account) = self.settle(asset) else { return };
		let (old, endorsement) = (account.score, account.endorsement);
		account.score = score;
		self.aggregates.change_score(old, score, endorsement);
		match until {
			Some(until) if !score.is_zero() => self.until.insert(asset, until),
			_ => self.until.remove(&asset),
		};
	}

	/// Pays `asset` what it has earned (whole planck), from the pot.
	pub fn claim(&mut self, asset: usize) -> u128 {
		let Some(account) = self.settle(asset) else { return 0 };
		let amount = account.take_owed_planck();
		self.pot = self.pot.saturating_sub(amount);
		self.paid = self.paid.saturating_add(amount);
		amount
	}

	/// What `asset` could claim now, in tokens.
	pub fn claimable(&self, asset: usize) -> FixedU128 {
		let accrue_to = self.accrue_to(asset);
		self.assets.get(asset).map_or(FixedU128::default(), |a| {
			a.owed.saturating_add(a.accrued(&accrue_to, |s| self.finished_scales.get(&s).copied()))
		})
	}

	/// Closes the epoch: mints to the pot, the vault and the validators (the epoch cap measured
	/// against the supply at the epoch's start).
	pub fn close_epoch(&mut self) -> EpochReport {
		self.close_epoch_at(self.supply_at_start)
	}

	/// Closes the epoch with the epoch cap measured against `issuance` (planck): for replaying
	/// a chain whose supply also moves by fees and staking rewards.
	pub fn close_epoch_at(&mut self, issuance: u128) -> EpochReport {
		let score_sum = self.aggregates.score_sum;
		let weighted_endorsement = self.aggregates.weighted_endorsement;
		let epoch = self.index.epoch;
		let (mint, advance) = self.aggregates.close_epoch(&mut self.index, &self.params, issuance);
		if let Some((scale, yield_end)) = advance.finished_scale {
			self.finished_scales.insert(scale, yield_end);
		}
		self.index_at.insert(self.index.epoch, self.index);
		self.pot = self.pot.saturating_add(mint.rewards_pot);
		self.supply = self.supply.saturating_add(mint.total());
		let report = EpochReport {
			epoch,
			supply_start: self.supply_at_start,
			mint,
			burned: self.burned_this_epoch,
			supply_end: self.supply,
			score_sum,
			weighted_endorsement,
		};
		self.burned_this_epoch = 0;
		self.supply_at_start = self.supply;
		report
	}

	/// R_j of an asset now, in tokens.
	pub fn endorsement(&self, asset: usize) -> FixedU128 {
		self.assets.get(asset).map_or(FixedU128::default(), |a| a.current(&self.index).0)
	}

	/// Total owed to assets (settled or not), rounded down to planck per asset.
	pub fn total_claimable(&self) -> u128 {
		(0..self.assets.len())
			.map(|a| fixed::to_planck_floor(self.claimable(a)))
			.fold(0u128, |acc, x| acc.saturating_add(x))
	}
}
