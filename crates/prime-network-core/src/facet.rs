//! The facet program's public surface: the provider, node, staking, slashing and
//! work-invalidation flows of PrimeNetwork (spec §3.1) and `calculateMinimumStake`. It runs
//! delegate-called by the front, on the front's storage.

use alloc::{string::String, vec, vec::Vec};

use alloy_primitives::{address, Address, B256, U256};
use alloy_sol_types::SolCall;
use prime_common::roles::VALIDATOR_ROLE;
use stylus_sdk::{abi::Bytes, call::RawCall, prelude::*, stylus_core::log};

use crate::{
    calls::*, encode, error_string, revert::overflow, word, word_addr, Arg, ComputeNodeAdded,
    ComputeNodeInvalidated, ComputeNodeRemoved, ComputeNodeValidated, PrimeNetwork,
    ProviderBlacklisted, ProviderDeregistered, ProviderRegistered,
};

/// The `ecrecover` precompile.
const ECRECOVER: Address = address!("0000000000000000000000000000000000000001");
/// secp256k1 n / 2: OpenZeppelin's ECDSA rejects any larger `s` (malleable signatures).
const HALF_ORDER: [u8; 32] = [
    0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0x5d, 0x57, 0x6e, 0x73, 0x57, 0xa4, 0x50, 0x1d, 0xdf, 0xe9, 0x2f, 0x46, 0x68, 0x1b, 0x20, 0xa0,
];
/// `IERC1271.isValidSignature.selector`.
const ERC1271_MAGIC: [u8; 4] = [0x16, 0x26, 0xba, 0x7e];

/// The facet: PrimeNetwork's storage as its only field, so its slots are the front's.
#[storage]
pub struct PrimeNetworkFacet {
    pn: PrimeNetwork,
}

// SAFETY: only instantiated at the root of storage, by the facet's router.
unsafe impl TopLevelStorage for PrimeNetworkFacet {}

/// The EIP-191 digest a node key signs to consent to `provider` (spec §7.1):
/// `keccak256("\x19Ethereum Signed Message:\n32" ‖ keccak256(provider ‖ nodekey))`.
pub fn node_key_digest(vm: &dyn Host, provider: Address, nodekey: Address) -> B256 {
    let mut packed = [0u8; 40];
    packed[..20].copy_from_slice(provider.as_slice());
    packed[20..].copy_from_slice(nodekey.as_slice());
    let inner = vm.native_keccak256(&packed);
    let mut prefixed = [0u8; 60];
    prefixed[..28].copy_from_slice(b"\x19Ethereum Signed Message:\n32");
    prefixed[28..].copy_from_slice(inner.as_slice());
    vm.native_keccak256(&prefixed)
}

impl PrimeNetwork {
    pub(crate) fn registry(&self) -> Address {
        self.compute_registry.get()
    }

    pub(crate) fn stakes(&self) -> Address {
        self.stake_manager.get()
    }

    pub(crate) fn token(&self) -> Address {
        self.ai_token.get()
    }

    pub(crate) fn get_stake(&self, provider: Address) -> Result<U256, Vec<u8>> {
        self.call_word(
            self.stakes(),
            getStakeCall::SELECTOR,
            &[Arg::addr(provider)],
            true,
        )
    }

    /// A registry view of `provider` returning a `bool`.
    fn registry_flag(&self, selector: [u8; 4], provider: Address) -> Result<bool, Vec<u8>> {
        Ok(!self
            .call_word(self.registry(), selector, &[Arg::addr(provider)], true)?
            .is_zero())
    }

    /// `(providerTotalCompute + computeUnits) * stakeMinimum + stakeMinimum`, checked
    /// (overflow is `Panic(0x11)`, as in the reference).
    pub(crate) fn minimum_stake(
        &self,
        provider: Address,
        compute_units: U256,
    ) -> Result<U256, Vec<u8>> {
        let min = self.call_word(self.stakes(), getStakeMinimumCall::SELECTOR, &[], true)?;
        let total = self.call_word(
            self.registry(),
            getProviderTotalComputeCall::SELECTOR,
            &[Arg::addr(provider)],
            true,
        )?;
        total
            .checked_add(compute_units)
            .and_then(|units| units.checked_mul(min))
            .and_then(|stake| stake.checked_add(min))
            .ok_or_else(overflow)
    }

    /// `require(condition, message)`.
    pub(crate) fn require(condition: bool, message: &str) -> Result<(), Vec<u8>> {
        if condition {
            Ok(())
        } else {
            Err(error_string(message))
        }
    }

    /// `hasRole(VALIDATOR_ROLE, msg.sender) || msg.sender == provider`, else "Unauthorized".
    fn only_validator_or(&self, provider: Address) -> Result<(), Vec<u8>> {
        let sender = self.sender();
        Self::require(
            self.has_role(VALIDATOR_ROLE, sender) || sender == provider,
            "Unauthorized",
        )
    }

    pub(crate) fn set_whitelist(&mut self, provider: Address, status: bool) -> Result<(), Vec<u8>> {
        let args = [Arg::addr(provider), Arg::flag(status)];
        self.call(
            self.registry(),
            setWhitelistStatusCall::SELECTOR,
            &args,
            false,
        )?;
        Ok(())
    }

    fn unstake(&mut self, provider: Address, amount: U256) -> Result<(), Vec<u8>> {
        let args = [Arg::addr(provider), Arg::Word(amount)];
        self.call(self.stakes(), unstakeCall::SELECTOR, &args, false)?;
        Ok(())
    }

    /// Pays `amount` of the token to the calling validator.
    fn pay_sender(&mut self, amount: U256) -> Result<(), Vec<u8>> {
        let args = [Arg::addr(self.sender()), Arg::Word(amount)];
        self.call(self.token(), transferCall::SELECTOR, &args, false)?;
        Ok(())
    }

    /// Steps 3-5 of `registerProvider` / `increaseStake`: pull `amount` from the caller, let
    /// StakeManager pull it from PrimeNetwork, credit `provider`.
    fn pull_and_stake(&mut self, provider: Address, amount: U256) -> Result<(), Vec<u8>> {
        let (token, stakes) = (self.token(), self.stakes());
        let this = self.vm().contract_address();
        let pull = [Arg::addr(provider), Arg::addr(this), Arg::Word(amount)];
        self.call(token, transferFromCall::SELECTOR, &pull, false)?;
        self.call(
            token,
            approveCall::SELECTOR,
            &[Arg::addr(stakes), Arg::Word(amount)],
            false,
        )?;
        self.call(
            stakes,
            stakeCall::SELECTOR,
            &[Arg::addr(provider), Arg::Word(amount)],
            false,
        )?;
        Ok(())
    }

    /// Steps 1-2 of both registrations.
    fn check_and_register(&mut self, provider: Address, stake: U256) -> Result<(), Vec<u8>> {
        let minimum = self.call_word(self.stakes(), getStakeMinimumCall::SELECTOR, &[], true)?;
        Self::require(stake >= minimum, "Stake amount is below minimum")?;
        let registered = self.call_word(
            self.registry(),
            registerCall::SELECTOR,
            &[Arg::addr(provider)],
            false,
        )?;
        Self::require(!registered.is_zero(), "Provider registration failed")
    }

    /// `computeRegistry.setNodeValidationStatus(provider, node, status)`, revert data kept.
    fn set_validation(
        &mut self,
        provider: Address,
        node: Address,
        status: bool,
    ) -> Result<Vec<u8>, Vec<u8>> {
        let args = [Arg::addr(provider), Arg::addr(node), Arg::flag(status)];
        self.call(
            self.registry(),
            setNodeValidationStatusCall::SELECTOR,
            &args,
            false,
        )
    }

    /// OpenZeppelin `SignatureChecker.isValidSignatureNow` (spec §2.5): ECDSA for accounts
    /// without code (exactly 65 bytes, low `s`, `v` 27/28, recovered == signer), ERC-1271
    /// for contracts. Never reverts.
    pub(crate) fn is_valid_signature_now(
        &self,
        signer: Address,
        digest: B256,
        signature: &[u8],
    ) -> bool {
        if self.has_code(signer) {
            let args = [Arg::Word(digest.into()), Arg::Dynamic(signature)];
            return match self.call(signer, isValidSignatureCall::SELECTOR, &args, true) {
                Ok(out) => {
                    out.len() >= 32
                        && out[..4] == ERC1271_MAGIC
                        && out[4..32].iter().all(|b| *b == 0)
                }
                Err(_) => false,
            };
        }
        if signature.len() != 65 || signature[32..64] > HALF_ORDER[..] {
            return false;
        }
        let mut input = [0u8; 128];
        input[..32].copy_from_slice(digest.as_slice());
        input[63] = signature[64];
        input[64..].copy_from_slice(&signature[..64]);
        // SAFETY: a static call to a precompile; no storage reference lives across it.
        match unsafe { RawCall::new_static().call(ECRECOVER, &input) } {
            Ok(out) if out.len() == 32 => {
                let recovered = Address::from_slice(&out[12..]);
                recovered != Address::ZERO && recovered == signer
            }
            _ => false,
        }
    }
}

#[public]
impl PrimeNetworkFacet {
    /// Marks a node validated, if the provider's stake covers its current compute
    /// (VALIDATOR_ROLE only).
    pub fn validate_node(&mut self, provider: Address, nodekey: Address) -> Result<(), Vec<u8>> {
        let pn = &mut self.pn;
        pn.only_role(VALIDATOR_ROLE)?;
        let required = pn.minimum_stake(provider, U256::ZERO)?;
        PrimeNetwork::require(pn.get_stake(provider)? >= required, "Insufficient stake")?;
        pn.set_validation(provider, nodekey, true)?;
        log(pn.vm(), ComputeNodeValidated { provider, nodekey });
        Ok(())
    }

    /// Marks a node not validated (VALIDATOR_ROLE only); does not eject it from any pool.
    pub fn invalidate_node(&mut self, provider: Address, nodekey: Address) -> Result<(), Vec<u8>> {
        let pn = &mut self.pn;
        pn.only_role(VALIDATOR_ROLE)?;
        pn.set_validation(provider, nodekey, false)?;
        log(pn.vm(), ComputeNodeInvalidated { provider, nodekey });
        Ok(())
    }

    /// Registers the caller as a provider with `stake` (pulled from the caller, who must
    /// have approved PrimeNetwork).
    pub fn register_provider(&mut self, stake: U256) -> Result<(), Vec<u8>> {
        let pn = &mut self.pn;
        let provider = pn.sender();
        pn.check_and_register(provider, stake)?;
        pn.pull_and_stake(provider, stake)?;
        log(pn.vm(), ProviderRegistered { provider, stake });
        Ok(())
    }

    /// `registerProvider` with an EIP-2612 permit for PrimeNetwork; `signature` is
    /// `abi.encode(r, s, v)` (96 bytes; shorter data or a `v` word above 255 reverts with
    /// empty data, as the reference's `abi.decode`).
    pub fn register_provider_with_permit(
        &mut self,
        stake: U256,
        deadline: U256,
        signature: Bytes,
    ) -> Result<(), Vec<u8>> {
        let pn = &mut self.pn;
        let provider = pn.sender();
        pn.check_and_register(provider, stake)?;
        let (r, s, v) = (
            word(&signature, 0)?,
            word(&signature, 1)?,
            word(&signature, 2)?,
        );
        if v > U256::from(u8::MAX) {
            return Err(Vec::new());
        }
        let this = pn.vm().contract_address();
        let args = [
            Arg::addr(provider),
            Arg::addr(this),
            Arg::Word(stake),
            Arg::Word(deadline),
            Arg::Word(v),
            Arg::Word(r),
            Arg::Word(s),
        ];
        pn.call(pn.token(), permitCall::SELECTOR, &args, false)?;
        pn.pull_and_stake(provider, stake)?;
        log(pn.vm(), ProviderRegistered { provider, stake });
        Ok(())
    }

    /// Adds `amount` to the caller's stake: pending unbonds are rebonded first (no tokens
    /// move), only the rest is pulled from the caller.
    pub fn increase_stake(&mut self, amount: U256) -> Result<(), Vec<u8>> {
        let pn = &mut self.pn;
        let provider = pn.sender();
        PrimeNetwork::require(
            pn.registry_flag(checkProviderExistsCall::SELECTOR, provider)?,
            "Provider not registered",
        )?;
        let pending = pn.call_word(
            pn.stakes(),
            getPendingUnbondTotalCall::SELECTOR,
            &[Arg::addr(provider)],
            true,
        )?;
        let mut amount = amount;
        if !pending.is_zero() {
            let rebonded = pending.min(amount);
            amount -= rebonded;
            pn.call(
                pn.stakes(),
                rebondCall::SELECTOR,
                &[Arg::addr(provider), Arg::Word(rebonded)],
                false,
            )?;
        }
        if !amount.is_zero() {
            pn.pull_and_stake(provider, amount)?;
        }
        Ok(())
    }

    /// Unstakes `amount` of the caller's stake (0 = everything above what its nodes lock).
    /// `amount` above the stake is `Panic(0x11)`, as in the reference.
    pub fn reclaim_stake(&mut self, amount: U256) -> Result<(), Vec<u8>> {
        let pn = &mut self.pn;
        let provider = pn.sender();
        let stake = pn.get_stake(provider)?;
        let locked = pn.minimum_stake(provider, U256::ZERO)?;
        let left = stake.checked_sub(amount).ok_or_else(overflow)?;
        PrimeNetwork::require(left >= locked, "Cannot unstake more than unallocated stake")?;
        // `left >= locked` with `left <= stake`, so `stake - locked` cannot underflow.
        let amount = if amount.is_zero() {
            stake - locked
        } else {
            amount
        };
        pn.unstake(provider, amount)
    }

    /// Deregisters `provider` (itself or a validator) once it has no active node, and
    /// unstakes its whole stake.
    pub fn deregister_provider(&mut self, provider: Address) -> Result<(), Vec<u8>> {
        let pn = &mut self.pn;
        pn.only_validator_or(provider)?;
        let active = pn.call_word(
            pn.registry(),
            getProviderActiveNodesCall::SELECTOR,
            &[Arg::addr(provider)],
            true,
        )?;
        PrimeNetwork::require(active.is_zero(), "Provider has active nodes")?;
        pn.call(
            pn.registry(),
            deregisterCall::SELECTOR,
            &[Arg::addr(provider)],
            false,
        )?;
        let stake = pn.get_stake(provider)?;
        pn.unstake(provider, stake)?;
        log(pn.vm(), ProviderDeregistered { provider });
        Ok(())
    }

    /// Adds a node under the caller, with the node key's consent (`signature`, §7.1).
    pub fn add_compute_node(
        &mut self,
        nodekey: Address,
        specs_uri: String,
        compute_units: U256,
        signature: Bytes,
    ) -> Result<(), Vec<u8>> {
        let pn = &mut self.pn;
        let provider = pn.sender();
        PrimeNetwork::require(
            pn.registry_flag(checkProviderExistsCall::SELECTOR, provider)?,
            "Provider not registered",
        )?;
        PrimeNetwork::require(
            pn.registry_flag(getWhitelistStatusCall::SELECTOR, provider)?,
            "Provider not whitelisted",
        )?;
        let digest = node_key_digest(pn.vm(), provider, nodekey);
        PrimeNetwork::require(
            pn.is_valid_signature_now(nodekey, digest, &signature),
            "Invalid signature",
        )?;
        let required = pn.minimum_stake(provider, compute_units)?;
        PrimeNetwork::require(pn.get_stake(provider)? >= required, "Insufficient stake")?;
        let args = [
            Arg::addr(provider),
            Arg::addr(nodekey),
            Arg::Word(compute_units),
            Arg::Dynamic(specs_uri.as_bytes()),
        ];
        pn.call(pn.registry(), addComputeNodeCall::SELECTOR, &args, false)?;
        log(
            pn.vm(),
            ComputeNodeAdded {
                provider,
                nodekey,
                specsURI: specs_uri,
            },
        );
        Ok(())
    }

    /// Removes an inactive node (the provider itself or a validator).
    pub fn remove_compute_node(
        &mut self,
        provider: Address,
        nodekey: Address,
    ) -> Result<(), Vec<u8>> {
        let pn = &mut self.pn;
        pn.only_validator_or(provider)?;
        let args = [Arg::addr(provider), Arg::addr(nodekey)];
        pn.call(pn.registry(), removeComputeNodeCall::SELECTOR, &args, false)?;
        log(pn.vm(), ComputeNodeRemoved { provider, nodekey });
        Ok(())
    }

    /// Slashes `provider` by up to `amount` (VALIDATOR_ROLE only); the slashed tokens go to
    /// the calling validator.
    pub fn slash(&mut self, provider: Address, amount: U256, reason: Bytes) -> Result<(), Vec<u8>> {
        let pn = &mut self.pn;
        pn.only_role(VALIDATOR_ROLE)?;
        let args = [
            Arg::addr(provider),
            Arg::Word(amount),
            Arg::Dynamic(&reason),
        ];
        let slashed = pn.call_word(pn.stakes(), slashCall::SELECTOR, &args, false)?;
        pn.pay_sender(slashed)
    }

    /// Invalidates work in a pool (VALIDATOR_ROLE only): the pool slashes the node's pending
    /// rewards and ejects it; the provider's stake is slashed by `penalty` (paid to the
    /// validator) or, if that slash reverts, the provider is blacklisted; then the node is
    /// invalidated and removed, each step ignoring a revert of the registry (try/catch).
    pub fn invalidate_work(
        &mut self,
        pool_id: U256,
        penalty: U256,
        data: Bytes,
    ) -> Result<(), Vec<u8>> {
        let pn = &mut self.pn;
        pn.only_role(VALIDATOR_ROLE)?;
        let args = [Arg::Word(pool_id), Arg::Dynamic(&data)];
        let found = pn.call(
            pn.compute_pool.get(),
            invalidateWorkCall::SELECTOR,
            &args,
            false,
        )?;
        let (provider, node) = (word_addr(&found, 0)?, word_addr(&found, 1)?);

        let slash = encode(
            slashCall::SELECTOR,
            &[Arg::addr(provider), Arg::Word(penalty), Arg::Dynamic(&data)],
        );
        // Only a revert inside StakeManager is caught: a StakeManager without code reverts
        // (as Solidity's extcodesize check in a try statement).
        if !pn.has_code(pn.stakes()) {
            return Err(Vec::new());
        }
        match pn.raw_call(pn.stakes(), &slash, false) {
            // A revert after the try (undecodable result, failed transfer) is not caught.
            Ok(out) => pn.pay_sender(word(&out, 0)?)?,
            Err(_) => {
                pn.set_whitelist(provider, false)?;
                log(pn.vm(), ProviderBlacklisted { provider });
            }
        }
        if pn.set_validation(provider, node, false).is_ok() {
            log(
                pn.vm(),
                ComputeNodeInvalidated {
                    provider,
                    nodekey: node,
                },
            );
        }
        let remove = [Arg::addr(provider), Arg::addr(node)];
        if pn
            .call(
                pn.registry(),
                removeComputeNodeCall::SELECTOR,
                &remove,
                false,
            )
            .is_ok()
        {
            log(
                pn.vm(),
                ComputeNodeRemoved {
                    provider,
                    nodekey: node,
                },
            );
        }
        Ok(())
    }

    /// `computePool.softInvalidateWork` (VALIDATOR_ROLE only): returns its
    /// `(provider, node, workUnits)`; no slashing, blacklisting or ejection.
    pub fn soft_invalidate_work(
        &mut self,
        pool_id: U256,
        data: Bytes,
    ) -> Result<(Address, Address, U256), Vec<u8>> {
        let pn = &mut self.pn;
        pn.only_role(VALIDATOR_ROLE)?;
        let args = [Arg::Word(pool_id), Arg::Dynamic(&data)];
        let out = pn.call(
            pn.compute_pool.get(),
            softInvalidateWorkCall::SELECTOR,
            &args,
            false,
        )?;
        Ok((word_addr(&out, 0)?, word_addr(&out, 1)?, word(&out, 2)?))
    }

    /// `(providerTotalCompute + computeUnits + 1) * stakeMinimum`.
    pub fn calculate_minimum_stake(
        &self,
        provider: Address,
        compute_units: U256,
    ) -> Result<U256, Vec<u8>> {
        self.pn.minimum_stake(provider, compute_units)
    }
}
