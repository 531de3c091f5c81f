//! A validator candidate must have session keys.
//!
//! `staking.validate` on its own does not look at session keys: a stash that validates without
//! having called `session.setKeys` can still be elected, and the session pallet then silently
//! leaves it out of the authority set — an elected seat that produces no blocks and casts no
//! GRANDPA votes. [`CheckValidatorKeys`] closes that gap at the transaction level, for both the
//! pool and block execution:
//!
//! - `staking.validate` from an account whose stash has no registered session keys is rejected
//!   with [`NO_SESSION_KEYS`] (polkadot.js: `Invalid Transaction: Custom error: 40`);
//! - `session.purgeKeys` from a stash that is still a validator candidate is rejected with
//!   [`CHILL_BEFORE_PURGING_KEYS`] (`Custom error: 41`): chill first, purge after the era ends.
//!
//! The extension carries no data (it encodes to zero bytes), so clients sign transactions
//! exactly as before; subxt and polkadot.js skip it.

use crate::{AccountId, Runtime, RuntimeCall};
use codec::{Decode, DecodeWithMemTracking, Encode};
use frame_support::{pallet_prelude::TransactionSource, traits::OriginTrait};
use scale_info::TypeInfo;
use sp_runtime::{
	impl_tx_ext_default,
	traits::{DispatchInfoOf, TransactionExtension, ValidateResult},
	transaction_validity::{InvalidTransaction, TransactionValidityError},
	Weight,
};

/// `InvalidTransaction::Custom` code: `staking.validate` by a stash without session keys.
pub const NO_SESSION_KEYS: u8 = 40;
/// `InvalidTransaction::Custom` code: `session.purgeKeys` by a stash that is still validating.
pub const CHILL_BEFORE_PURGING_KEYS: u8 = 41;

/// Rejects `staking.validate` without session keys and `session.purgeKeys` while validating
/// (see the module docs).
#[derive(Encode, Decode, DecodeWithMemTracking, Clone, Eq, PartialEq, Default, TypeInfo)]
pub struct CheckValidatorKeys;

impl core::fmt::Debug for CheckValidatorKeys {
	fn fmt(&self, f: &mut core::fmt::Formatter) -> core::fmt::Result {
		write!(f, "CheckValidatorKeys")
	}
}

/// The stash a signer controls (controllers equal stashes on this chain; a signer that has not
/// bonded controls nothing).
fn stash_of(who: &AccountId) -> Option<AccountId> {
	pallet_staking::Pallet::<Runtime>::ledger(sp_staking::StakingAccount::Controller(who.clone()))
		.ok()
		.map(|ledger| ledger.stash)
}

/// Why `who` may not dispatch `call` now, if it may not.
pub fn check(who: &AccountId, call: &RuntimeCall) -> Result<(), TransactionValidityError> {
	match call {
		RuntimeCall::Staking(pallet_staking::Call::validate { .. }) => {
			// Not bonded: let the call run and fail with staking's own `NotController`.
			let Some(stash) = stash_of(who) else { return Ok(()) };
			if pallet_session::NextKeys::<Runtime>::contains_key(&stash) {
				Ok(())
			} else {
				Err(InvalidTransaction::Custom(NO_SESSION_KEYS).into())
			}
		},
		RuntimeCall::Session(pallet_session::Call::purge_keys {}) => {
			// `purge_keys` is signed by the stash (the validator id is the stash account).
			if pallet_staking::Validators::<Runtime>::contains_key(who) {
				Err(InvalidTransaction::Custom(CHILL_BEFORE_PURGING_KEYS).into())
			} else {
				Ok(())
			}
		},
		_ => Ok(()),
	}
}

impl TransactionExtension<RuntimeCall> for CheckValidatorKeys {
	const IDENTIFIER: &'static str = "CheckValidatorKeys";
	type Implicit = ();
	type Val = ();
	type Pre = ();

	fn weight(&self, call: &RuntimeCall) -> Weight {
		// Two storage reads (ledger, then keys or validators) for the two calls it inspects.
		match call {
			RuntimeCall::Staking(pallet_staking::Call::validate { .. })
			| RuntimeCall::Session(pallet_session::Call::purge_keys {}) => {
				<Runtime as frame_system::Config>::DbWeight::get().reads(3)
			},
			_ => Weight::zero(),
		}
	}

	fn validate(
		&self,
		origin: <Runtime as frame_system::Config>::RuntimeOrigin,
		call: &RuntimeCall,
		_info: &DispatchInfoOf<RuntimeCall>,
		_len: usize,
		_self_implicit: Self::Implicit,
		_inherited_implication: &impl Encode,
		_source: TransactionSource,
	) -> ValidateResult<Self::Val, RuntimeCall> {
		if let Some(who) = origin.as_signer() {
			check(who, call)?;
		}
		Ok((Default::default(), (), origin))
	}

	impl_tx_ext_default!(RuntimeCall; prepare);
}
