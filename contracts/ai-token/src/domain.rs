//! The token's EIP-712 domain.
//!
//! OpenZeppelin's `IEip712` takes the domain name as a compile-time constant, but the
//! reference takes it from the constructor (the token name). So name and symbol live in
//! two namespaced slots, `keccak256("prime.ai-token.name")` and `..symbol`, that every
//! `TokenDomain` handle reads: the one inside `Erc20Permit` signs over the stored name and
//! the token's `name()`/`symbol()` read the same slots.

use alloc::{string::String, vec::Vec};

use alloy_primitives::{keccak256, Address, FixedBytes, B256, U256};
use alloy_sol_types::{sol_data, SolType};
use openzeppelin_stylus::utils::cryptography::eip712::IEip712;
use prime_common::packed_string::PackedString;
// The 0.9 host functions: OZ 0.3's own IEip712 defaults use them the same way.
#[allow(deprecated)]
use stylus_sdk::{
    block, contract,
    host::VM,
    keccak_const::Keccak256,
    storage::{StorageGuard, StorageGuardMut, StorageType},
};

const TYPE_HASH: [u8; 32] = Keccak256::new()
    .update(b"EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)")
    .finalize();
const VERSION: &str = "1";
const NAME_SLOT: U256 =
    U256::from_be_bytes(Keccak256::new().update(b"prime.ai-token.name").finalize());
const SYMBOL_SLOT: U256 =
    U256::from_be_bytes(Keccak256::new().update(b"prime.ai-token.symbol").finalize());

type DomainTuple = (
    sol_data::FixedBytes<32>,
    sol_data::FixedBytes<32>,
    sol_data::FixedBytes<32>,
    sol_data::Uint<256>,
    sol_data::Address,
);

/// Name and symbol of the token, which are also the EIP-712 domain's name.
pub struct TokenDomain {
    name: PackedString,
    symbol: PackedString,
}

impl TokenDomain {
    /// A handle on the namespaced slots.
    pub fn at(host: VM) -> Self {
        // SAFETY: the two slots are namespaced hashes no other field of the token can reach.
        unsafe { Self::new(U256::ZERO, 0, host) }
    }

    /// Stores name and symbol (constructor only).
    pub fn init(&mut self, name: String, symbol: String) {
        self.name.set_str(&name);
        self.symbol.set_str(&symbol);
    }

    /// The token name.
    pub fn name(&self) -> String {
        self.name.get_string()
    }

    /// The token symbol.
    pub fn symbol(&self) -> String {
        self.symbol.get_string()
    }

    /// EIP-5267 `eip712Domain()`: fields 0x0f, name, "1", chain id, this contract, no salt.
    #[allow(clippy::type_complexity)]
    #[allow(deprecated)]
    pub fn domain(
        &self,
    ) -> (
        FixedBytes<1>,
        String,
        String,
        U256,
        Address,
        B256,
        Vec<U256>,
    ) {
        (
            FixedBytes([0x0f]),
            self.name(),
            VERSION.into(),
            U256::from(block::chainid()),
            contract::address(),
            B256::ZERO,
            Vec::new(),
        )
    }
}

impl StorageType for TokenDomain {
    type Wraps<'a>
        = StorageGuard<'a, TokenDomain>
    where
        Self: 'a;
    type WrapsMut<'a>
        = StorageGuardMut<'a, TokenDomain>
    where
        Self: 'a;

    unsafe fn new(_slot: U256, _offset: u8, host: VM) -> Self {
        Self {
            name: PackedString::new(NAME_SLOT, 0, host.clone()),
            symbol: PackedString::new(SYMBOL_SLOT, 0, host),
        }
    }

    fn load<'s>(self) -> Self::Wraps<'s> {
        StorageGuard::new(self)
    }

    fn load_mut<'s>(self) -> Self::WrapsMut<'s> {
        StorageGuardMut::new(self)
    }
}

impl IEip712 for TokenDomain {
    // Unused: the one default method that reads it is overridden below.
    const NAME: &'static str = "";
    const VERSION: &'static str = VERSION;

    #[allow(deprecated)]
    fn domain_separator_v4(&self) -> B256 {
        let encoded = DomainTuple::abi_encode(&(
            TYPE_HASH,
            keccak256(self.name.get_string()),
            keccak256(VERSION),
            U256::from(block::chainid()),
            contract::address(),
        ));
        keccak256(encoded)
    }
}
