//! Origins: the governance tracks' enactment origins.

use crate::GovernanceOrigin;
use core::marker::PhantomData;
use frame_support::traits::{EnsureOrigin, Get, OriginTrait};

/// Succeeds for a call enacted by a referendum of the track `K`.
pub struct EnsureGovernance<K>(PhantomData<K>);

impl<O, K> EnsureOrigin<O> for EnsureGovernance<K>
where
	O: OriginTrait + From<GovernanceOrigin> + Into<Result<GovernanceOrigin, O>>,
	K: Get<GovernanceOrigin>,
{
	type Success = ();

	fn try_origin(o: O) -> Result<(), O> {
		match o.into() {
			Ok(origin) if origin == K::get() => Ok(()),
			Ok(other) => Err(O::from(other)),
			Err(o) => Err(o),
		}
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn try_successful_origin() -> Result<O, ()> {
		Ok(O::from(K::get()))
	}
}

/// Succeeds for a call enacted by a referendum of any track, and says which.
pub struct EnsureAnyGovernance;

impl<O> EnsureOrigin<O> for EnsureAnyGovernance
where
	O: OriginTrait + From<GovernanceOrigin> + Into<Result<GovernanceOrigin, O>>,
{
	type Success = GovernanceOrigin;

	fn try_origin(o: O) -> Result<GovernanceOrigin, O> {
		o.into()
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn try_successful_origin() -> Result<O, ()> {
		Ok(O::from(GovernanceOrigin::Parameters))
	}
}
