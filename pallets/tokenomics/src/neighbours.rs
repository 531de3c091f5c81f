//! What the other pallets call, all from verification: verdicts ([`OnVerdict`]), which settle an
//! asset's rewards and move its score, beneficiaries and expiry, and slash burns
//! ([`OnSlashBurned`]).

use crate::{pallet::*, BurnKind, WeightInfo};
use dsynapse_asset_types::{AssetId, OnSlashBurned, OnVerdict};
use dsynapse_tokenomics_math::AssetAccount;
use frame_support::{traits::Get, weights::Weight, BoundedVec};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::{
	traits::{CheckedDiv, SaturatedConversion},
	Perbill,
};

/// The verifiers sharing an asset's reward.
type VerifiersOf<T> =
	BoundedVec<<T as frame_system::Config>::AccountId, <T as Config>::MaxVerifiers>;

impl<T: Config> OnVerdict<T::AccountId, BlockNumberFor<T>> for Pallet<T> {
	/// Settles the asset under its old score and committee (crediting them), then moves A and
	/// G to the new score, takes the attesters as the beneficiaries and records the last epoch
	/// the verification earns for.
	fn on_verified(
		asset: AssetId,
		score: Perbill,
		until: BlockNumberFor<T>,
		attesters: &[T::AccountId],
	) {
		let verifiers: VerifiersOf<T> = BoundedVec::truncate_from(attesters.to_vec());
		Self::change_verification(asset, score, Some((Self::epoch_of(until), verifiers)));
	}

	/// Settles and credits the asset, then takes its score out of A and G.
	fn on_unverified(asset: AssetId) {
		if Accounts::<T>::get(asset).is_some_and(|a| !a.score.is_zero()) {
			Self::change_verification(asset, Perbill::zero(), None);
		}
	}

	/// Bounded by `claim_rewards` with a full committee, which settles and credits the same way
	/// and pays every party on top; plus the beneficiaries' and the expiry's writes.
	fn on_verdict_weight() -> Weight {
		T::WeightInfo::claim_rewards(T::MaxVerifiers::get())
			.saturating_add(T::DbWeight::get().reads_writes(1, 2))
	}
}

impl<T: Config> Pallet<T> {
	/// The number of epochs closed by the end of block `block`: a verification valid through
	/// `block` earns at every epoch close up to that one.
	pub(crate) fn epoch_of(block: BlockNumberFor<T>) -> u32 {
		let length = T::EpochLength::get();
		block.checked_div(&length).map_or(u32::MAX, |e| e.saturated_into::<u32>())
	}

	fn change_verification(asset: AssetId, new: Perbill, verified: Option<(u32, VerifiersOf<T>)>) {
		let index = Index::<T>::get();
		let mut account = Accounts::<T>::get(asset).unwrap_or_else(|| AssetAccount::new(&index));
		Self::settle_and_credit(asset, &mut account, &index);
		Totals::<T>::mutate(|t| t.change_score(account.score, new, account.endorsement));
		account.score = new;
		match verified {
			Some((until, verifiers)) if !new.is_zero() => {
				Beneficiaries::<T>::insert(asset, verifiers);
				Expiring::<T>::insert(asset, until);
			},
			_ => {
				Beneficiaries::<T>::remove(asset);
				Expiring::<T>::remove(asset);
			},
		}
		Accounts::<T>::insert(asset, account);
	}
}

impl<T: Config> OnSlashBurned<u128> for Pallet<T> {
	fn on_slash_burned(amount: u128) {
		Self::note_burned(BurnKind::Slash, amount);
	}
}
