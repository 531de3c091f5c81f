//! The governance runtime API: parameters, electorate and an account's voting power.

use crate::{Electorate, GovernanceParams, VotingPower};
use codec::Codec;

sp_api::decl_runtime_apis! {
	/// Read views of hybrid governance. Balances are planck.
	pub trait GovernanceApi<AccountId, Balance>
	where
		AccountId: Codec,
		Balance: Codec,
	{
		/// The voting power parameters in force.
		fn params() -> GovernanceParams<Balance>;
		/// Electorate totals: Σ stake power and Σ reputation of all accounts with a lock.
		fn electorate() -> Electorate;
		/// What a vote of `who` would count now, and its share of the combined power.
		fn voting_power(who: AccountId) -> VotingPower<Balance>;
		/// What the DAO vault can spend (its balance less the existential deposit).
		fn vault_spendable() -> Balance;
	}
}
