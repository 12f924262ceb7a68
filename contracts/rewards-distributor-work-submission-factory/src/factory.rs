//! The rewards-distributor factory, shared by the three factory crates
//! (`RewardsDistributorWorkSubmissionFactory`, `RewardsDistributorFactory`,
//! `RewardsDistributorFixedFactory`; spec §3.6-§3.8): the reference ABI (AccessControl,
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
//! * the factory then grants the clone the token's TRANSFER_ROLE (it holds
//!   TRANSFER_ROLE_ADMIN on the token), so rewards are claimable without a manual step.
//!
//! The including crate defines `GRANT_TRANSFER_ROLE_ALWAYS`: `true` makes the grant
//! mandatory (a factory without TRANSFER_ROLE_ADMIN cannot create distributors), `false`
//! grants only when the factory holds TRANSFER_ROLE_ADMIN on the token (for tokens without
//! a transfer gate).

use alloc::{vec, vec::Vec};

use alloy_primitives::{aliases::B32, Address, B256, U256};
use distributor_common::{
    clone::{clone_init_code, DistributorInit},
    events::NewRewardsDistributor,
    interfaces::{IPoolRewardToken, IRewardToken, IRoleMembers},
    roles::{unauthorized, INTERFACE_ACCESS_CONTROL, INTERFACE_ERC165},
};
use openzeppelin_stylus::access::control::{AccessControl, IAccessControl};
use prime_common::roles::{
    DEFAULT_ADMIN_ROLE, FEDERATOR_ROLE, PRIME_ROLE, REWARD_CREATOR, TRANSFER_ROLE,
    TRANSFER_ROLE_ADMIN,
};
use stylus_sdk::{prelude::*, storage::StorageAddress};

use crate::GRANT_TRANSFER_ROLE_ALWAYS;

/// Factory storage.
#[entrypoint]
#[storage]
pub struct Factory {
    access: AccessControl,
    compute_pool: StorageAddress,
    implementation: StorageAddress,
    reward_token: StorageAddress,
    rewards_manager: StorageAddress,
}

impl Factory {
    fn sender(&self) -> Address {
        self.vm().msg_sender()
    }

    fn only_role(&self, role: [u8; 32]) -> Result<(), Vec<u8>> {
        let sender = self.sender();
        if self.access.has_role(role.into(), sender) {
            Ok(())
        } else {
            Err(unauthorized(sender, role.into()))
        }
    }

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

    /// CREATE of an EIP-1167 clone of the implementation; the revert data on failure.
    fn deploy_clone(&mut self) -> Result<Address, Vec<u8>> {
        let code = clone_init_code(self.implementation.get());
        let endowment = B256::ZERO;
        let mut clone = Address::ZERO;
        let mut revert_data_len = 0usize;
        // RawDeploy does not flush the storage cache: do it so the (fresh) clone sees nothing
        // stale, as engineering.md §2.10 prescribes.
        self.vm().flush_cache(false);
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
            return Err(self.vm().read_return_data(0, None));
        }
        Ok(clone)
    }
}

#[public]
impl Factory {
    /// Gives `admin` DEFAULT_ADMIN_ROLE and REWARD_CREATOR (the reference: msg.sender, which
    /// under StylusDeployer would be the deployer contract) and fixes the distributor
    /// implementation the clones delegate to (deployed, activated and initialised before).
    #[constructor]
    pub fn constructor(&mut self, admin: Address, implementation: Address) {
        self.access._grant_role(DEFAULT_ADMIN_ROLE.into(), admin);
        self.access._grant_role(REWARD_CREATOR.into(), admin);
        self.implementation.set(implementation);
    }

    /// `REWARD_CREATOR()`.
    #[selector(name = "REWARD_CREATOR")]
    pub fn reward_creator(&self) -> B256 {
        REWARD_CREATOR.into()
    }

    /// `DEFAULT_ADMIN_ROLE()`.
    #[selector(name = "DEFAULT_ADMIN_ROLE")]
    pub fn default_admin_role(&self) -> B256 {
        DEFAULT_ADMIN_ROLE.into()
    }

    /// Sets the pool (DEFAULT_ADMIN_ROLE), grants it REWARD_CREATOR, and reads what every
    /// new distributor needs: the pool's reward token, and the federator of PrimeNetwork
    /// (`pool.getRoleMember(PRIME_ROLE, 0).getRoleMember(FEDERATOR_ROLE, 0)`), which the
    /// reference reads at each creation while the pool is executing.
    pub fn set_compute_pool(&mut self, compute_pool: Address) -> Result<(), Vec<u8>> {
        self.only_role(DEFAULT_ADMIN_ROLE)?;
        self.access._grant_role(REWARD_CREATOR.into(), compute_pool);
        self.compute_pool.set(compute_pool);
        let token = IPoolRewardToken::new(compute_pool).get_reward_token(&*self)?;
        let prime = IRoleMembers::new(compute_pool).get_role_member(
            &*self,
            PRIME_ROLE.into(),
            U256::ZERO,
        )?;
        let federator =
            IRoleMembers::new(prime).get_role_member(&*self, FEDERATOR_ROLE.into(), U256::ZERO)?;
        self.reward_token.set(token);
        self.rewards_manager.set(federator);
        Ok(())
    }

    /// Creates and initialises the distributor of pool `pool_id` (REWARD_CREATOR), grants it
    /// TRANSFER_ROLE on the token, emits `NewRewardsDistributor` and returns its address.
    pub fn create_rewards_distributor(
        &mut self,
        compute_registry: Address,
        pool_id: U256,
    ) -> Result<Address, Vec<u8>> {
        self.only_role(REWARD_CREATOR)?;
        let compute_pool = self.compute_pool.get();
        if compute_pool.is_zero() {
            // The reference's distributor constructor calls address(0) and reverts without data.
            return Err(Vec::new());
        }
        let init = self.distributor_init(compute_registry, pool_id);
        let clone = self.deploy_clone()?;
        #[allow(deprecated)]
        stylus_sdk::call::call(
            stylus_sdk::call::Call::new_in(self),
            clone,
            &init.constructor_calldata(),
        )?;
        let token = IRewardToken::new(init.reward_token);
        let this = self.vm().contract_address();
        if GRANT_TRANSFER_ROLE_ALWAYS || token.has_role(&*self, TRANSFER_ROLE_ADMIN.into(), this)? {
            token.grant_role(&mut *self, TRANSFER_ROLE.into(), clone)?;
        }
        log(
            self.vm(),
            NewRewardsDistributor {
                rewardsDistributor: clone,
                computePool: compute_pool,
                poolId: pool_id,
            },
        );
        Ok(clone)
    }

    // --- AccessControl ---

    /// Whether `account` holds `role`.
    pub fn has_role(&self, role: B256, account: Address) -> bool {
        self.access.has_role(role, account)
    }

    /// The admin role of `role`.
    pub fn get_role_admin(&self, role: B256) -> B256 {
        self.access.get_role_admin(role)
    }

    /// Grants `role` (caller needs its admin role).
    pub fn grant_role(&mut self, role: B256, account: Address) -> Result<(), Vec<u8>> {
        Ok(self.access.grant_role(role, account)?)
    }

    /// Revokes `role` (caller needs its admin role).
    pub fn revoke_role(&mut self, role: B256, account: Address) -> Result<(), Vec<u8>> {
        Ok(self.access.revoke_role(role, account)?)
    }

    /// Gives up `role`; `caller_confirmation` must be the caller.
    pub fn renounce_role(
        &mut self,
        role: B256,
        caller_confirmation: Address,
    ) -> Result<(), Vec<u8>> {
        Ok(self.access.renounce_role(role, caller_confirmation)?)
    }

    /// ERC-165: ERC-165 and IAccessControl (the Solidity ids).
    pub fn supports_interface(&self, interface_id: B32) -> bool {
        let id = u32::from_be_bytes(interface_id.0);
        id == INTERFACE_ERC165 || id == INTERFACE_ACCESS_CONTROL
    }
}

// no_std on chain: a panic is a trap, which Stylus turns into a revert without data.
#[cfg(all(target_arch = "wasm32", not(any(test, feature = "export-abi"))))]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    core::arch::wasm32::unreachable()
}
