//! Origins: the governance tracks' enactment origins and the emergency cancellers.

use crate::{Cancellers, Config, GovernanceOrigin};
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

/// Succeeds for a signed origin listed in [`Cancellers`].
pub struct EnsureCanceller<T>(PhantomData<T>);

impl<T: Config> EnsureOrigin<T::RuntimeOrigin> for EnsureCanceller<T> {
	type Success = T::AccountId;

	fn try_origin(o: T::RuntimeOrigin) -> Result<T::AccountId, T::RuntimeOrigin> {
		match o.clone().into() {
			Ok(frame_system::RawOrigin::Signed(who)) if Cancellers::<T>::get().contains(&who) => {
				Ok(who)
			},
			_ => Err(o),
		}
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn try_successful_origin() -> Result<T::RuntimeOrigin, ()> {
		let who: T::AccountId = frame_benchmarking::whitelisted_caller();
		Cancellers::<T>::mutate(|c| {
			if !c.contains(&who) {
				let _ = c.try_push(who.clone());
			}
		});
		Ok(frame_system::RawOrigin::Signed(who).into())
	}
}
