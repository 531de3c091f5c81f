//! The supply ledger: every change of total issuance, recorded in the running epoch.

use crate::{pallet::*, BurnKind};
use dsynapse_tokenomics_math::fixed;
use frame_support::traits::fungible::Inspect;

impl<T: Config> Pallet<T> {
	/// Records `amount` planck removed from total issuance. The runtime calls this for every
	/// burn it makes outside this pallet: fees, slashes, dust.
	pub fn note_burned(kind: BurnKind, amount: u128) {
		if amount == 0 {
			return;
		}
		Current::<T>::mutate(|c| {
			let field = match kind {
				BurnKind::Rating => &mut c.burned.rating,
				BurnKind::Fees => &mut c.burned.fees,
				BurnKind::Slash => &mut c.burned.slashes,
				BurnKind::Dust => &mut c.burned.dust,
			};
			*field = field.saturating_add(amount);
		});
	}

	/// Records `amount` planck minted by staking payouts (the validators' part of the tail).
	pub fn note_tail_paid(amount: u128) {
		if amount == 0 {
			return;
		}
		Current::<T>::mutate(|c| c.minted.tail = c.minted.tail.saturating_add(amount));
	}

	/// The validators' share of the tail accrued since the last call: staking's `EraPayout`.
	pub fn take_validator_payout() -> u128 {
		PendingTail::<T>::take()
	}

	/// The invariants of the ledger and the accounts (see the module docs).
	#[cfg(any(feature = "try-runtime", feature = "std"))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use dsynapse_asset_types::{AssetRegistry, AssetStatus};
		use dsynapse_tokenomics_math::AssetAccount;
		use frame_support::{
			ensure,
			traits::tokens::{Fortitude, Preservation},
		};
		use sp_runtime::traits::Saturating;

		let current = Current::<T>::get();
		let issuance = T::Currency::total_issuance();
		let expected = current
			.issuance_start
			.checked_add(current.minted.total())
			.and_then(|x| x.checked_sub(current.burned.total()));
		ensure!(expected == Some(issuance), "issuance_start + minted − burned ≠ total issuance");
		let index = Index::<T>::get();
		ensure!(current.epoch == index.epoch, "the ledger and the index disagree on the epoch");
		if let Some(last) = current.epoch.checked_sub(1).and_then(History::<T>::get) {
			let end = last
				.issuance_start
				.checked_add(last.minted.total())
				.and_then(|x| x.checked_sub(last.burned.total()));
			ensure!(end == Some(last.issuance_end), "a closed epoch's identity does not hold");
			ensure!(last.issuance_end == current.issuance_start, "epochs do not chain");
		}

		let mut owed = 0u128;
		let mut score_sum = 0u64;
		let mut weighted = sp_runtime::FixedU128::default();
		for (asset, account) in Accounts::<T>::iter() {
			let AssetAccount { score, owed: settled, .. } = account;
			let accrue_to = Self::accrue_to(asset, &index);
			let pending =
				settled.saturating_add(account.accrued(&accrue_to, FinishedScales::<T>::get));
			owed = owed.saturating_add(fixed::to_planck_floor(pending));
			score_sum = score_sum.saturating_add(u64::from(score.deconstruct()));
			weighted = weighted.saturating_add(fixed::part_floor(score, account.current(&index).0));
			let registered = T::Registry::summary(asset).map(|s| s.status);
			match registered {
				Some(AssetStatus::Verified { score: v, .. }) => {
					ensure!(v == score, "the registry's V_k differs from tokenomics'")
				},
				_ => ensure!(score.is_zero(), "an asset not verified in the registry has a score"),
			}
			if score.is_zero() {
				ensure!(
					!Beneficiaries::<T>::contains_key(asset),
					"an unverified asset has beneficiaries"
				);
				ensure!(!Expiring::<T>::contains_key(asset), "an unverified asset has an expiry");
			} else {
				ensure!(Expiring::<T>::contains_key(asset), "a verified asset has no expiry epoch");
			}
		}
		ensure!(weighted <= Totals::<T>::get().weighted_endorsement, "G < Σ V_k·R_k");
		for (_, credit) in Credits::<T>::iter() {
			owed = owed.saturating_add(credit);
		}
		ensure!(score_sum == Totals::<T>::get().score_sum, "A ≠ Σ V_k");
		let pot = T::Currency::reducible_balance(
			&Self::pot_account(),
			Preservation::Preserve,
			Fortitude::Polite,
		);
		ensure!(pot >= owed, "the rewards pot does not cover what is owed");
		Ok(())
	}
}
