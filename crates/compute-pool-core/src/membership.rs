//! The membership facet's router: joins (single and batch invites), leaves and pool changes.
//! It runs only through the front's `delegatecall`, so it has no constructor.

use alloc::{vec, vec::Vec};

use alloy_primitives::{Address, U256};
use stylus_sdk::{abi::Bytes, prelude::*, stylus_core::storage::TopLevelStorage};

use crate::{Invites, PoolStorage};

/// The ComputePool address's membership facet.
#[storage]
pub struct ComputePoolMembership {
    /// The whole state (shared layout with the front).
    pub s: PoolStorage,
}

// SAFETY: the router type of a program whose only field is the whole state.
unsafe impl TopLevelStorage for ComputePoolMembership {}

#[public]
impl ComputePoolMembership {
    /// `joinComputePool(uint256,address,address,uint256,uint256,bytes)` (single invite).
    #[selector(name = "joinComputePool")]
    pub fn join_compute_pool_single(
        &mut self,
        pool_id: U256,
        provider: Address,
        nodekey: Address,
        nonce: U256,
        expiration: U256,
        signature: Bytes,
    ) -> Result<(), Vec<u8>> {
        self.s
            .join_compute_pool_single(pool_id, provider, nodekey, nonce, expiration, signature.0)
    }

    /// `joinComputePool(uint256,address,address[],uint256[],uint256[],bytes[])` (batch).
    #[selector(name = "joinComputePool")]
    pub fn join_compute_pool_batch(
        &mut self,
        pool_id: U256,
        provider: Address,
        nodekey: Vec<Address>,
        nonces: Vec<U256>,
        expirations: Vec<U256>,
        signatures: Vec<Bytes>,
    ) -> Result<(), Vec<u8>> {
        let signatures: Vec<Vec<u8>> = signatures.into_iter().map(|s| s.0).collect();
        let invites = Invites {
            nodes: &nodekey,
            nonces: &nonces,
            expirations: &expirations,
            signatures: &signatures,
        };
        self.s.join_compute_pool(pool_id, provider, &invites)
    }

    /// `leaveComputePool(uint256,address,address)`: `address(0)` leaves with every node.
    #[selector(name = "leaveComputePool")]
    pub fn leave_compute_pool_single(
        &mut self,
        pool_id: U256,
        provider: Address,
        nodekey: Address,
    ) -> Result<(), Vec<u8>> {
        self.s.leave_compute_pool_single(pool_id, provider, nodekey)
    }

    /// `leaveComputePool(uint256,address,address[])`: an empty list leaves with every node.
    #[selector(name = "leaveComputePool")]
    pub fn leave_compute_pool_batch(
        &mut self,
        pool_id: U256,
        provider: Address,
        nodekeys: Vec<Address>,
    ) -> Result<(), Vec<u8>> {
        self.s.leave_compute_pool(pool_id, provider, &nodekeys)
    }

    /// `changeComputePool`.
    pub fn change_compute_pool(
        &mut self,
        from_pool_id: U256,
        to_pool_id: U256,
        nodekeys: Vec<Address>,
        nonces: Vec<U256>,
        expirations: Vec<U256>,
        signatures: Vec<Bytes>,
    ) -> Result<(), Vec<u8>> {
        let signatures: Vec<Vec<u8>> = signatures.into_iter().map(|s| s.0).collect();
        let invites = Invites {
            nodes: &nodekeys,
            nonces: &nonces,
            expirations: &expirations,
            signatures: &signatures,
        };
        self.s
            .change_compute_pool(from_pool_id, to_pool_id, &invites)
    }
}
