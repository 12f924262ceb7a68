//! The rewards-distributor factory, [`Factory`], generic over its [`FactoryMode`]: the three
//! factory programs (`RewardsDistributorWorkSubmissionFactory`, `RewardsDistributorFactory`,
//! `RewardsDistributorFixedFactory`; spec §3.6-§3.8) are `Factory<WorkSubmission>`,
//! `Factory<TimeBased>` and `Factory<TimeBased>` again. The reference ABI (AccessControl,
//! `REWARD_CREATOR`, `setComputePool`, `createRewardsDistributor`, `NewRewardsDistributor`)
//! over a Stylus-friendly creation scheme:
//!
//! * a Stylus contract cannot carry another program's code, so the factory deploys EIP-1167
//!   minimal-proxy clones (CREATE, like the reference's `new`) of ONE activated distributor
//!   implementation, given to its constructor, and initialises each clone in the same
//!   transaction through the clone's Stylus constructor;
//! * the clone never calls back into ComputePool or PrimeNetwork (Stylus reverts on
//!   re-entry): the factory learns the reward token and the federator when `setComputePool`
//!   is called (nobody is on the stack then) and passes them to each clone;
//! * for a clone the ComputePool creates (and only then), the factory grants it the token's
//!   TRANSFER_ROLE (it holds TRANSFER_ROLE_ADMIN on the token), so rewards are claimable
//!   without a manual step. A REWARD_CREATOR other than the pool gets a distributor that
//!   cannot move tokens until the token admin decides so.

use alloc::{vec, vec::Vec};
use core::marker::PhantomData;

use alloy_primitives::{Address, B256, U256};
use prime_common::{
    access::AccessControl,
    call::{call, has_code},
    interfaces::{ComputePool, RoleMembers, Token},
    revert::{require, Result, Revert},
    roles::{
        DEFAULT_ADMIN_ROLE, FEDERATOR_ROLE, PRIME_ROLE, REWARD_CREATOR, TRANSFER_ROLE,
        TRANSFER_ROLE_ADMIN,
    },
};
use stylus_sdk::{prelude::*, storage::StorageAddress};

use crate::{
    clone::{clone_init_code, DistributorInit},
    events::{emit, NewRewardsDistributor},
};

/// What differs between the factories.
pub trait FactoryMode: 'static {
    /// `true`: granting TRANSFER_ROLE to a pool's distributor is mandatory (a factory
    /// without TRANSFER_ROLE_ADMIN on the token cannot create distributors for the pool);
    /// `false`: made only when the factory holds TRANSFER_ROLE_ADMIN (for tokens without a
    /// transfer gate, such as the plain AIToken of the reference's PrimeNetwork test).
    const TRANSFER_ROLE_REQUIRED: bool;
}

/// The deployed factory of the production distributor (RewardsDistributorWorkSubmission):
/// the deploy script gives it TRANSFER_ROLE_ADMIN, so a misconfigured deployment fails
/// loudly at pool creation instead of producing distributors that cannot pay.
pub struct WorkSubmission;

impl FactoryMode for WorkSubmission {
    const TRANSFER_ROLE_REQUIRED: bool = true;
}

/// The time-based factories (not deployed by the reference deploy script).
pub struct TimeBased;

impl FactoryMode for TimeBased {
    const TRANSFER_ROLE_REQUIRED: bool = false;
}

/// Factory storage and router.
#[storage]
pub struct Factory<M: FactoryMode> {
    pub(crate) access: AccessControl,
    compute_pool: StorageAddress,
    implementation: StorageAddress,
    reward_token: StorageAddress,
    rewards_manager: StorageAddress,
    mode: PhantomData<M>,
}

// SAFETY: the router type of the program; the whole state starts at slot 0.
unsafe impl<M: FactoryMode> TopLevelStorage for Factory<M> {}

// What `#[borrow]` would generate, which the SDK's macro cannot for a generic type.
impl<M: FactoryMode> core::borrow::Borrow<AccessControl> for Factory<M> {
    fn borrow(&self) -> &AccessControl {
        &self.access
    }
}

impl<M: FactoryMode> core::borrow::BorrowMut<AccessControl> for Factory<M> {
    fn borrow_mut(&mut self) -> &mut AccessControl {
        &mut self.access
    }
}

impl<M: FactoryMode> Factory<M> {
    /// What a new clone for `(compute_registry, pool_id)` is initialised with.
    pub fn distributor_init(&self, compute_registry: Address, pool_id: U256) -> DistributorInit {
        DistributorInit {
            compute_pool: self.compute_pool.get(),
            compute_registry,
            pool_id,
            reward_token: self.reward_token.get(),
            rewards_manager: self.rewards_manager.get(),
            admin: self.vm().contract_address(),
        }
    }

    /// The implementation every clone delegates to.
    pub fn implementation(&self) -> Address {
        self.implementation.get()
    }

    /// The token and rewards manager handed to new clones.
    pub fn clone_wiring(&self) -> (Address, Address) {
        (self.reward_token.get(), self.rewards_manager.get())
    }

    /// Whether a distributor created now by `creator` gets the token's TRANSFER_ROLE: only
    /// one the pool creates (for its own pool), and, for the time-based factories, only
    /// when this factory may grant the role at all.
    fn grants_transfer_role(&self, creator: Address, token: Token) -> Result<bool> {
        if creator != self.compute_pool.get() {
            return Ok(false);
        }
        if M::TRANSFER_ROLE_REQUIRED {
            return Ok(true);
        }
        token.has_role(TRANSFER_ROLE_ADMIN, self.vm().contract_address())
    }

    /// CREATE of an EIP-1167 clone of the implementation; the revert data on failure.
    fn deploy_clone(&mut self) -> Result<Address> {
        let code = clone_init_code(self.implementation.get());
        let endowment = B256::ZERO;
        let mut clone = Address::ZERO;
        let mut revert_data_len = 0usize;
        // RawDeploy does not flush the storage cache: do it so the (fresh) clone sees nothing
        // stale, as engineering.md §2.10 prescribes.
        self.vm().flush_cache(false);
        // SAFETY: the pointers are to live locals of the right sizes.
        unsafe {
            self.vm().create1(
                code.as_ptr(),
                code.len(),
                endowment.as_ptr(),
                clone.as_mut_ptr(),
                &mut revert_data_len,
            );
        }
        if clone.is_zero() {
            return Err(Revert::Data(self.vm().read_return_data(0, None)));
        }
        Ok(clone)
    }
}

#[public]
#[inherit(AccessControl)]
impl<M: FactoryMode> Factory<M> {
    /// Gives `admin` DEFAULT_ADMIN_ROLE and REWARD_CREATOR (the reference: msg.sender, which
    /// under StylusDeployer would be the deployer contract) and fixes the distributor
    /// implementation the clones delegate to (deployed, activated and initialised before):
    /// an address without code is refused, since every clone would then be an account that
    /// silently accepts every call.
    #[constructor]
    pub fn constructor(&mut self, admin: Address, implementation: Address) -> Result<()> {
        require(
            has_code(self.vm(), implementation),
            "RewardsDistributorFactory: implementation has no code",
        )?;
        self.access.grant(DEFAULT_ADMIN_ROLE, admin);
        self.access.grant(REWARD_CREATOR, admin);
        self.implementation.set(implementation);
        Ok(())
    }

    /// `REWARD_CREATOR()`.
    #[selector(name = "REWARD_CREATOR")]
    pub fn reward_creator(&self) -> B256 {
        REWARD_CREATOR
    }

    /// Sets the pool (DEFAULT_ADMIN_ROLE), grants it REWARD_CREATOR, and reads what every
    /// new distributor needs: the pool's reward token, and the federator of PrimeNetwork
    /// (`pool.getRoleMember(PRIME_ROLE, 0).getRoleMember(FEDERATOR_ROLE, 0)`), which the
    /// reference reads at each creation while the pool is executing.
    pub fn set_compute_pool(&mut self, compute_pool: Address) -> Result<()> {
        self.access.only_role(DEFAULT_ADMIN_ROLE)?;
        self.access.grant(REWARD_CREATOR, compute_pool);
        self.compute_pool.set(compute_pool);
        let token = ComputePool(compute_pool).get_reward_token()?;
        let prime = RoleMembers(compute_pool).get_role_member(PRIME_ROLE, U256::ZERO)?;
        let federator = RoleMembers(prime).get_role_member(FEDERATOR_ROLE, U256::ZERO)?;
        self.reward_token.set(token);
        self.rewards_manager.set(federator);
        Ok(())
    }

    /// Creates and initialises the distributor of pool `pool_id` (REWARD_CREATOR), grants it
    /// TRANSFER_ROLE on the token when the pool creates it, emits `NewRewardsDistributor`
    /// and returns its address.
    pub fn create_rewards_distributor(
        &mut self,
        compute_registry: Address,
        pool_id: U256,
    ) -> Result<Address> {
        self.access.only_role(REWARD_CREATOR)?;
        let compute_pool = self.compute_pool.get();
        if compute_pool.is_zero() {
            // The reference's distributor constructor calls address(0) and reverts without data.
            return Err(Revert::Data(Vec::new()));
        }
        let init = self.distributor_init(compute_registry, pool_id);
        let clone = self.deploy_clone()?;
        call(clone, &init.constructor_calldata())?;
        let token = Token(init.reward_token);
        if self.grants_transfer_role(self.vm().msg_sender(), token)? {
            token.grant_role(self.vm(), TRANSFER_ROLE, clone)?;
        }
        emit(NewRewardsDistributor {
            rewardsDistributor: clone,
            computePool: compute_pool,
            poolId: pool_id,
        });
        Ok(clone)
    }
}
