//! Every call one protocol contract makes to another, as typed methods of a wrapper around
//! the callee's address. The selectors come from the `sol!` declarations below (the
//! callees' reference signatures, plus the few functions added for fewer program entries,
//! docs/divergences.md); the arguments are encoded by [`crate::call::encode`], whose
//! output equals alloy's `abi_encode` of the same call (`call::tests`).
//!
//! Calls go one way (Stylus reverts on re-entry): PrimeNetwork → StakeManager,
//! ComputeRegistry, DomainRegistry, ComputePool, token; ComputePool → ComputeRegistry,
//! DomainRegistry, distributor factory, distributors, work validators; StakeManager and the
//! distributors → token (and registry views); the factories → token, and pool and
//! PrimeNetwork views in `setComputePool` only.
#![allow(missing_docs, clippy::too_many_arguments)]

use alloc::vec::Vec;

use alloy_primitives::{Address, B256, U256};
use alloy_sol_types::{sol, SolCall};
use stylus_sdk::prelude::Host;

use crate::{
    call::{call, call_void, encode, view, Arg},
    revert::Result,
};

sol! {
    interface IStakeManager {
        function getStake(address staker) external view returns (uint256);
        function getStakeMinimum() external view returns (uint256);
        function getPendingUnbondTotal(address staker) external view returns (uint256);
        function creditStake(address staker, uint256 amount) external;
        function unstake(address staker, uint256 amount) external;
        function unstakeAll(address staker) external returns (uint256);
        function rebond(address staker, uint256 amount) external;
        function slash(address staker, uint256 amount, bytes reason) external returns (uint256);
        function setStakeMinimum(uint256 minimum) external;
    }

    interface IComputeRegistry {
        function register(address provider) external returns (bool);
        function deregister(address provider) external returns (bool);
        function checkProviderExists(address provider) external view returns (bool);
        function getWhitelistStatus(address provider) external view returns (bool);
        function getProviderStatus(address provider) external view returns (bool registered, bool whitelisted, uint32 activeNodes, uint256 totalCompute);
        function getNodeProviderStatus(address subkey) external view returns (address provider, bool whitelisted);
        function setWhitelistStatus(address provider, bool status) external;
        function setNodeValidationStatus(address provider, address subkey, bool status) external;
        function getProviderTotalCompute(address provider) external view returns (uint256);
        function addComputeNode(address provider, address subkey, uint256 computeUnits, string specsURI) external returns (uint256);
        function removeComputeNode(address provider, address subkey) external returns (bool);
        function setComputePool(address computePool) external;
        function getNodeContractData(address subkey) external view returns (address, uint32, bool, bool);
        function updateNodeStatus(address provider, address subkey, bool isActive) external;
        function getNodeProvider(address subkey) external view returns (address);
        function getNodeComputeUnits(address subkey) external view returns (uint256);
        function getProviderValidatedNodes(address provider, bool filterForActive) external view returns (address[]);
    }

    interface IDomainRegistry {
        function create(string name, address computePool, address validationContract, string domainParametersURI) external returns (uint256);
        function updateValidationLogic(uint256 domainId, address validationContract) external;
        function updateParameters(uint256 domainId, string domainParametersURI) external;
        function getValidationLogic(uint256 domainId) external view returns (address);
    }

    interface IComputePool {
        function invalidateWork(uint256 poolId, bytes data) external returns (address, address);
        function softInvalidateWork(uint256 poolId, bytes data) external returns (address, address, uint256);
        function getRewardToken() external view returns (address);
    }

    interface IRoleMembers {
        function getRoleMember(bytes32 role, uint256 index) external view returns (address);
    }

    interface IToken {
        function balanceOf(address account) external view returns (uint256);
        function transfer(address to, uint256 value) external returns (bool);
        function transferFrom(address from, address to, uint256 value) external returns (bool);
        function permit(address owner, address spender, uint256 value, uint256 deadline, uint8 v, bytes32 r, bytes32 s) external;
        function hasRole(bytes32 role, address account) external view returns (bool);
        function grantRole(bytes32 role, address account) external;
    }

    interface IRewardsDistributorFactory {
        function createRewardsDistributor(address computeRegistry, uint256 poolId) external returns (address);
    }

    interface IRewardsDistributor {
        function joinPool(address node) external;
        function leavePool(address node) external;
        function endRewards() external;
        function submitWork(address node, uint256 workUnits) external;
        function slashPendingRewards(address node) external;
        function removeWork(address node, uint256 workUnits) external;
    }

    interface IWorkValidation {
        function submitWork(uint256 domainId, uint256 poolId, address provider, address nodeId, bytes data) external returns (bool, uint256);
        function invalidateWork(uint256 poolId, bytes data) external returns (address, address);
        function softInvalidateWork(uint256 poolId, bytes data) external returns (address, address, uint256);
    }

    interface IERC1271 {
        function isValidSignature(bytes32 hash, bytes signature) external view returns (bytes4);
    }
}

/// StakeManager (spec §3.2).
#[derive(Clone, Copy)]
pub struct StakeManager(pub Address);

impl StakeManager {
    pub fn get_stake(self, staker: Address) -> Result<U256> {
        view(
            self.0,
            &encode(IStakeManager::getStakeCall::SELECTOR, &[staker.into()]),
        )?
        .word(0)
    }
    pub fn get_stake_minimum(self) -> Result<U256> {
        view(
            self.0,
            &encode(IStakeManager::getStakeMinimumCall::SELECTOR, &[]),
        )?
        .word(0)
    }
    pub fn get_pending_unbond_total(self, staker: Address) -> Result<U256> {
        let data = encode(
            IStakeManager::getPendingUnbondTotalCall::SELECTOR,
            &[staker.into()],
        );
        view(self.0, &data)?.word(0)
    }
    pub fn credit_stake(self, host: &dyn Host, staker: Address, amount: U256) -> Result<()> {
        let data = encode(
            IStakeManager::creditStakeCall::SELECTOR,
            &[staker.into(), amount.into()],
        );
        call_void(host, self.0, &data)
    }
    pub fn unstake(self, host: &dyn Host, staker: Address, amount: U256) -> Result<()> {
        let data = encode(
            IStakeManager::unstakeCall::SELECTOR,
            &[staker.into(), amount.into()],
        );
        call_void(host, self.0, &data)
    }
    /// `unstakeAll(staker)`: the whole stake unstaken in one call (not in the reference).
    pub fn unstake_all(self, staker: Address) -> Result<U256> {
        let data = encode(IStakeManager::unstakeAllCall::SELECTOR, &[staker.into()]);
        call(self.0, &data)?.word(0)
    }
    pub fn rebond(self, host: &dyn Host, staker: Address, amount: U256) -> Result<()> {
        let data = encode(
            IStakeManager::rebondCall::SELECTOR,
            &[staker.into(), amount.into()],
        );
        call_void(host, self.0, &data)
    }
    /// The calldata of `slash` (PrimeNetwork's `invalidateWork` makes it a guarded try-call).
    pub fn slash_calldata(staker: Address, amount: U256, reason: &[u8]) -> Vec<u8> {
        encode(
            IStakeManager::slashCall::SELECTOR,
            &[staker.into(), amount.into(), reason.into()],
        )
    }
    pub fn slash(self, staker: Address, amount: U256, reason: &[u8]) -> Result<U256> {
        call(self.0, &Self::slash_calldata(staker, amount, reason))?.word(0)
    }
    pub fn set_stake_minimum(self, host: &dyn Host, minimum: U256) -> Result<()> {
        let data = encode(
            IStakeManager::setStakeMinimumCall::SELECTOR,
            &[minimum.into()],
        );
        call_void(host, self.0, &data)
    }
}

/// What PrimeNetwork reads of a provider in one call (`getProviderStatus`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ProviderStatus {
    pub registered: bool,
    pub whitelisted: bool,
    pub active_nodes: U256,
    pub total_compute: U256,
}

/// What ComputePool uses of `getNodeContractData`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct NodeData {
    /// The node's provider (zero for a never-registered key).
    pub provider: Address,
    /// Its compute units (uint32 in the registry).
    pub compute_units: U256,
    /// Active in some pool.
    pub active: bool,
    /// Validated by the validator.
    pub validated: bool,
}

/// ComputeRegistry (spec §3.3).
#[derive(Clone, Copy)]
pub struct ComputeRegistry(pub Address);

impl ComputeRegistry {
    pub fn register(self, provider: Address) -> Result<bool> {
        call(
            self.0,
            &encode(IComputeRegistry::registerCall::SELECTOR, &[provider.into()]),
        )?
        .flag(0)
    }
    pub fn deregister(self, provider: Address) -> Result<bool> {
        call(
            self.0,
            &encode(
                IComputeRegistry::deregisterCall::SELECTOR,
                &[provider.into()],
            ),
        )?
        .flag(0)
    }
    pub fn check_provider_exists(self, provider: Address) -> Result<bool> {
        let data = encode(
            IComputeRegistry::checkProviderExistsCall::SELECTOR,
            &[provider.into()],
        );
        view(self.0, &data)?.flag(0)
    }
    pub fn get_whitelist_status(self, provider: Address) -> Result<bool> {
        let data = encode(
            IComputeRegistry::getWhitelistStatusCall::SELECTOR,
            &[provider.into()],
        );
        view(self.0, &data)?.flag(0)
    }
    pub fn get_provider_status(self, provider: Address) -> Result<ProviderStatus> {
        let data = encode(
            IComputeRegistry::getProviderStatusCall::SELECTOR,
            &[provider.into()],
        );
        let r = view(self.0, &data)?;
        Ok(ProviderStatus {
            registered: r.flag(0)?,
            whitelisted: r.flag(1)?,
            active_nodes: r.word(2)?,
            total_compute: r.word(3)?,
        })
    }
    /// `(provider, provider's whitelist status)` of a node key.
    pub fn get_node_provider_status(self, subkey: Address) -> Result<(Address, bool)> {
        let data = encode(
            IComputeRegistry::getNodeProviderStatusCall::SELECTOR,
            &[subkey.into()],
        );
        let r = view(self.0, &data)?;
        Ok((r.address(0)?, r.flag(1)?))
    }
    pub fn set_whitelist_status(
        self,
        host: &dyn Host,
        provider: Address,
        status: bool,
    ) -> Result<()> {
        let data = encode(
            IComputeRegistry::setWhitelistStatusCall::SELECTOR,
            &[provider.into(), status.into()],
        );
        call_void(host, self.0, &data)
    }
    /// The calldata of `setNodeValidationStatus` (also a guarded try-call in `invalidateWork`).
    pub fn set_node_validation_status_calldata(
        provider: Address,
        subkey: Address,
        status: bool,
    ) -> Vec<u8> {
        encode(
            IComputeRegistry::setNodeValidationStatusCall::SELECTOR,
            &[provider.into(), subkey.into(), status.into()],
        )
    }
    pub fn set_node_validation_status(
        self,
        host: &dyn Host,
        provider: Address,
        subkey: Address,
        status: bool,
    ) -> Result<()> {
        let data = Self::set_node_validation_status_calldata(provider, subkey, status);
        call_void(host, self.0, &data)
    }
    pub fn get_provider_total_compute(self, provider: Address) -> Result<U256> {
        let data = encode(
            IComputeRegistry::getProviderTotalComputeCall::SELECTOR,
            &[provider.into()],
        );
        view(self.0, &data)?.word(0)
    }
    pub fn add_compute_node(
        self,
        provider: Address,
        subkey: Address,
        compute_units: U256,
        specs_uri: &[u8],
    ) -> Result<U256> {
        let args = [
            provider.into(),
            subkey.into(),
            compute_units.into(),
            specs_uri.into(),
        ];
        call(
            self.0,
            &encode(IComputeRegistry::addComputeNodeCall::SELECTOR, &args),
        )?
        .word(0)
    }
    /// The calldata of `removeComputeNode` (also a guarded try-call in `invalidateWork`).
    pub fn remove_compute_node_calldata(provider: Address, subkey: Address) -> Vec<u8> {
        encode(
            IComputeRegistry::removeComputeNodeCall::SELECTOR,
            &[provider.into(), subkey.into()],
        )
    }
    pub fn remove_compute_node(self, provider: Address, subkey: Address) -> Result<bool> {
        call(
            self.0,
            &Self::remove_compute_node_calldata(provider, subkey),
        )?
        .flag(0)
    }
    pub fn set_compute_pool(self, host: &dyn Host, compute_pool: Address) -> Result<()> {
        let data = encode(
            IComputeRegistry::setComputePoolCall::SELECTOR,
            &[compute_pool.into()],
        );
        call_void(host, self.0, &data)
    }
    pub fn get_node_contract_data(self, subkey: Address) -> Result<NodeData> {
        let data = encode(
            IComputeRegistry::getNodeContractDataCall::SELECTOR,
            &[subkey.into()],
        );
        let r = view(self.0, &data)?;
        Ok(NodeData {
            provider: r.address(0)?,
            compute_units: r.word(1)?,
            active: r.flag(2)?,
            validated: r.flag(3)?,
        })
    }
    pub fn update_node_status(
        self,
        host: &dyn Host,
        provider: Address,
        subkey: Address,
        active: bool,
    ) -> Result<()> {
        let args = [provider.into(), subkey.into(), active.into()];
        call_void(
            host,
            self.0,
            &encode(IComputeRegistry::updateNodeStatusCall::SELECTOR, &args),
        )
    }
    pub fn get_node_provider(self, subkey: Address) -> Result<Address> {
        let data = encode(
            IComputeRegistry::getNodeProviderCall::SELECTOR,
            &[subkey.into()],
        );
        view(self.0, &data)?.address(0)
    }
    pub fn get_node_compute_units(self, subkey: Address) -> Result<U256> {
        let data = encode(
            IComputeRegistry::getNodeComputeUnitsCall::SELECTOR,
            &[subkey.into()],
        );
        view(self.0, &data)?.word(0)
    }
    pub fn get_provider_validated_nodes(
        self,
        provider: Address,
        filter_for_active: bool,
    ) -> Result<Vec<Address>> {
        let args = [provider.into(), filter_for_active.into()];
        let r = view(
            self.0,
            &encode(
                IComputeRegistry::getProviderValidatedNodesCall::SELECTOR,
                &args,
            ),
        )?;
        r.addresses(0)
    }
}

/// DomainRegistry (spec §3.4).
#[derive(Clone, Copy)]
pub struct DomainRegistry(pub Address);

impl DomainRegistry {
    pub fn create(
        self,
        name: &[u8],
        compute_pool: Address,
        validation_logic: Address,
        uri: &[u8],
    ) -> Result<U256> {
        let args = [
            name.into(),
            compute_pool.into(),
            validation_logic.into(),
            uri.into(),
        ];
        call(
            self.0,
            &encode(IDomainRegistry::createCall::SELECTOR, &args),
        )?
        .word(0)
    }
    pub fn update_validation_logic(
        self,
        host: &dyn Host,
        domain_id: U256,
        logic: Address,
    ) -> Result<()> {
        let data = encode(
            IDomainRegistry::updateValidationLogicCall::SELECTOR,
            &[domain_id.into(), logic.into()],
        );
        call_void(host, self.0, &data)
    }
    pub fn update_parameters(self, host: &dyn Host, domain_id: U256, uri: &[u8]) -> Result<()> {
        let data = encode(
            IDomainRegistry::updateParametersCall::SELECTOR,
            &[domain_id.into(), uri.into()],
        );
        call_void(host, self.0, &data)
    }
    /// A domain's validation logic (Panic 0x32 for an unknown domain, as `get`).
    pub fn get_validation_logic(self, domain_id: U256) -> Result<Address> {
        let data = encode(
            IDomainRegistry::getValidationLogicCall::SELECTOR,
            &[domain_id.into()],
        );
        view(self.0, &data)?.address(0)
    }
}

/// `invalidateWork(uint256,bytes) returns (address, address)`, which ComputePool and the
/// work validation logic share (`selector` is either interface's, the same bytes).
fn invalidate_work(
    to: Address,
    selector: [u8; 4],
    pool_id: U256,
    data: &[u8],
) -> Result<(Address, Address)> {
    let r = call(to, &encode(selector, &[pool_id.into(), data.into()]))?;
    Ok((r.address(0)?, r.address(1)?))
}

/// `softInvalidateWork(uint256,bytes) returns (address, address, uint256)` (see
/// [`invalidate_work`]).
fn soft_invalidate_work(
    to: Address,
    selector: [u8; 4],
    pool_id: U256,
    data: &[u8],
) -> Result<(Address, Address, U256)> {
    let r = call(to, &encode(selector, &[pool_id.into(), data.into()]))?;
    Ok((r.address(0)?, r.address(1)?, r.word(2)?))
}

/// ComputePool (spec §3.5), as PrimeNetwork and the factories call it.
#[derive(Clone, Copy)]
pub struct ComputePool(pub Address);

impl ComputePool {
    /// `(provider, node)`: the pool asks the domain's validation logic.
    pub fn invalidate_work(self, pool_id: U256, data: &[u8]) -> Result<(Address, Address)> {
        invalidate_work(
            self.0,
            IComputePool::invalidateWorkCall::SELECTOR,
            pool_id,
            data,
        )
    }
    /// `(provider, node, workUnits)`.
    pub fn soft_invalidate_work(
        self,
        pool_id: U256,
        data: &[u8],
    ) -> Result<(Address, Address, U256)> {
        let selector = IComputePool::softInvalidateWorkCall::SELECTOR;
        soft_invalidate_work(self.0, selector, pool_id, data)
    }
    pub fn get_reward_token(self) -> Result<Address> {
        view(
            self.0,
            &encode(IComputePool::getRewardTokenCall::SELECTOR, &[]),
        )?
        .address(0)
    }
}

/// AccessControlEnumerable's `getRoleMember` of any protocol contract.
#[derive(Clone, Copy)]
pub struct RoleMembers(pub Address);

impl RoleMembers {
    pub fn get_role_member(self, role: B256, index: U256) -> Result<Address> {
        let data = encode(
            IRoleMembers::getRoleMemberCall::SELECTOR,
            &[role.into(), index.into()],
        );
        view(self.0, &data)?.address(0)
    }
}

/// The AI token (AITokenTransferRole, spec §3.10). The `bool`s of `transfer` and
/// `transferFrom` are not read, as the reference ignores them (spec §2.3).
#[derive(Clone, Copy)]
pub struct Token(pub Address);

impl Token {
    pub fn balance_of(self, account: Address) -> Result<U256> {
        view(
            self.0,
            &encode(IToken::balanceOfCall::SELECTOR, &[account.into()]),
        )?
        .word(0)
    }
    pub fn transfer(self, to: Address, value: U256) -> Result<()> {
        call(
            self.0,
            &encode(IToken::transferCall::SELECTOR, &[to.into(), value.into()]),
        )
        .map(drop)
    }
    pub fn transfer_from(self, from: Address, to: Address, value: U256) -> Result<()> {
        let args = [from.into(), to.into(), value.into()];
        call(self.0, &encode(IToken::transferFromCall::SELECTOR, &args)).map(drop)
    }
    pub fn permit(
        self,
        host: &dyn Host,
        owner: Address,
        spender: Address,
        value: U256,
        deadline: U256,
        v: U256,
        r: U256,
        s: U256,
    ) -> Result<()> {
        let args = [
            owner.into(),
            spender.into(),
            value.into(),
            deadline.into(),
            v.into(),
            r.into(),
            s.into(),
        ];
        call_void(host, self.0, &encode(IToken::permitCall::SELECTOR, &args))
    }
    pub fn has_role(self, role: B256, account: Address) -> Result<bool> {
        view(
            self.0,
            &encode(
                IToken::hasRoleCall::SELECTOR,
                &[role.into(), account.into()],
            ),
        )?
        .flag(0)
    }
    pub fn grant_role(self, host: &dyn Host, role: B256, account: Address) -> Result<()> {
        let data = encode(
            IToken::grantRoleCall::SELECTOR,
            &[role.into(), account.into()],
        );
        call_void(host, self.0, &data)
    }
}

/// A rewards-distributor factory (spec §3.6).
#[derive(Clone, Copy)]
pub struct RewardsDistributorFactory(pub Address);

impl RewardsDistributorFactory {
    pub fn create_rewards_distributor(
        self,
        compute_registry: Address,
        pool_id: U256,
    ) -> Result<Address> {
        let args = [compute_registry.into(), pool_id.into()];
        call(
            self.0,
            &encode(
                IRewardsDistributorFactory::createRewardsDistributorCall::SELECTOR,
                &args,
            ),
        )?
        .address(0)
    }
}

/// A pool's rewards distributor (any variant), as ComputePool calls it.
#[derive(Clone, Copy)]
pub struct RewardsDistributor(pub Address);

impl RewardsDistributor {
    fn node_call(self, selector: [u8; 4], node: Address) -> Result<()> {
        call(self.0, &encode(selector, &[node.into()])).map(drop)
    }
    pub fn join_pool(self, node: Address) -> Result<()> {
        self.node_call(IRewardsDistributor::joinPoolCall::SELECTOR, node)
    }
    pub fn leave_pool(self, node: Address) -> Result<()> {
        self.node_call(IRewardsDistributor::leavePoolCall::SELECTOR, node)
    }
    pub fn slash_pending_rewards(self, node: Address) -> Result<()> {
        self.node_call(IRewardsDistributor::slashPendingRewardsCall::SELECTOR, node)
    }
    pub fn end_rewards(self) -> Result<()> {
        call(
            self.0,
            &encode(IRewardsDistributor::endRewardsCall::SELECTOR, &[]),
        )
        .map(drop)
    }
    pub fn submit_work(self, node: Address, work_units: U256) -> Result<()> {
        let data = encode(
            IRewardsDistributor::submitWorkCall::SELECTOR,
            &[node.into(), work_units.into()],
        );
        call(self.0, &data).map(drop)
    }
    pub fn remove_work(self, node: Address, work_units: U256) -> Result<()> {
        let data = encode(
            IRewardsDistributor::removeWorkCall::SELECTOR,
            &[node.into(), work_units.into()],
        );
        call(self.0, &data).map(drop)
    }
}

/// A domain's work validation logic (IWorkValidation, spec §3.9, §3.12).
#[derive(Clone, Copy)]
pub struct WorkValidation(pub Address);

impl WorkValidation {
    /// `(valid, workUnits)`.
    pub fn submit_work(
        self,
        domain_id: U256,
        pool_id: U256,
        provider: Address,
        node: Address,
        data: &[u8],
    ) -> Result<(bool, U256)> {
        let args = [
            domain_id.into(),
            pool_id.into(),
            provider.into(),
            node.into(),
            data.into(),
        ];
        let r = call(
            self.0,
            &encode(IWorkValidation::submitWorkCall::SELECTOR, &args),
        )?;
        Ok((r.flag(0)?, r.word(1)?))
    }
    /// `(provider, node)`.
    pub fn invalidate_work(self, pool_id: U256, data: &[u8]) -> Result<(Address, Address)> {
        invalidate_work(
            self.0,
            IWorkValidation::invalidateWorkCall::SELECTOR,
            pool_id,
            data,
        )
    }
    /// `(provider, node, workUnits)`.
    pub fn soft_invalidate_work(
        self,
        pool_id: U256,
        data: &[u8],
    ) -> Result<(Address, Address, U256)> {
        let selector = IWorkValidation::softInvalidateWorkCall::SELECTOR;
        soft_invalidate_work(self.0, selector, pool_id, data)
    }
}

/// An ERC-1271 signer contract.
#[derive(Clone, Copy)]
pub struct Erc1271(pub Address);

impl Erc1271 {
    /// Whether `isValidSignature(hash, signature)` succeeds and returns the magic value
    /// (`0x1626ba7e` left-aligned in the first word). A revert or short data is `false`.
    pub fn is_valid_signature(self, hash: B256, signature: &[u8]) -> bool {
        let data = encode(
            IERC1271::isValidSignatureCall::SELECTOR,
            &[hash.into(), signature.into()],
        );
        let Ok(r) = view(self.0, &data) else {
            return false;
        };
        let mut magic = [0u8; 32];
        magic[..4].copy_from_slice(&IERC1271::isValidSignatureCall::SELECTOR);
        r.0.get(..32) == Some(&magic[..])
    }
}

/// The calldata of a Stylus constructor call: the SDK's fixed `stylus_constructor()` selector
/// and the ABI-encoded arguments (what a factory sends to a fresh clone).
pub fn constructor_calldata(args: &[Arg]) -> Vec<u8> {
    encode(stylus_sdk::abi::CONSTRUCTOR_SELECTOR.to_be_bytes(), args)
}
