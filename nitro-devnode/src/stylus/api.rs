//! The boundary between the Stylus host functions and the executor that owns the chain state.
//!
//! The host (`stylus::host`) meters ink, keeps the frame's storage cache and moves bytes in
//! and out of WASM memory; everything that touches accounts, storage, logs or other frames
//! goes through [`EvmApi`], which the executor (`exec`) implements on revm's journal. So the
//! Stylus layer depends on this trait only, never on the executor above it.

use alloy_primitives::{Address, Bytes, B256, U256};

/// The kind of an outgoing call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallKind {
    Call,
    Delegate,
    Static,
}

impl CallKind {
    /// The hostio's name, as the stylusTracer reports it.
    pub fn hostio(self) -> &'static str {
        match self {
            CallKind::Call => "call_contract",
            CallKind::Delegate => "delegate_call_contract",
            CallKind::Static => "static_call_contract",
        }
    }
}

/// What an outgoing call or create cost and returned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallOutcome {
    /// Gas the caller pays: base + (gas given − gas returned).
    pub cost: u64,
    /// 0 success, 1 revert or failure of the callee, 2 failure before the call was made.
    pub status: u8,
    /// The callee's return (or revert) data length.
    pub return_len: u32,
}

/// What a create cost and produced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreateOutcome {
    /// Gas the caller pays.
    pub cost: u64,
    /// The new contract, or zero when the init code reverted or failed.
    pub address: Address,
    /// The revert data length (0 on success).
    pub return_len: u32,
}

/// Why the executor refused a request; the program fails (or runs out of ink).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ApiError {
    /// A state change was requested in a read-only (static) context.
    #[error("write protection")]
    WriteProtection,
    /// The request cost more gas than the frame had: all gas is consumed.
    #[error("out of gas")]
    OutOfGas,
    /// The executor's database failed.
    #[error("database error: {0}")]
    Database(String),
    /// A request the host should not have made (bad log topics, …).
    #[error("{0}")]
    Invalid(&'static str),
}

/// The block, transaction and message values a program reads, fixed for its frame.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EvmData {
    pub block_basefee: U256,
    pub chain_id: u64,
    pub block_coinbase: Address,
    pub block_gas_limit: u64,
    /// On Arbitrum the L1 block number (ArbSys.arbBlockNumber gives the L2 one).
    pub block_number: u64,
    pub block_timestamp: u64,
    pub contract_address: Address,
    pub msg_sender: Address,
    pub msg_value: U256,
    pub tx_gas_price: U256,
    pub tx_origin: Address,
    pub reentrant: bool,
    /// A static (read-only) frame.
    pub read_only: bool,
    /// `InkPrice`: ink per gas.
    pub ink_price: u32,
    /// The ArbOS version's rules in force.
    pub arbos_version: u64,
}

/// One hostio as the stylusTracer reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostioTrace {
    pub name: &'static str,
    pub args: Bytes,
    pub outs: Bytes,
    pub start_ink: u64,
    pub end_ink: u64,
}

/// The executor's side of the Stylus host functions.
pub trait EvmApi {
    /// Reads a storage slot of the program's account that is not in the frame's cache:
    /// the value and its EIP-2929 gas (2,100 cold, 100 warm).
    fn get_bytes32(&mut self, key: B256) -> Result<(B256, u64), ApiError>;

    /// Writes the frame's dirty slots (a flush). Returns the SSTORE gas of all of them
    /// (EIP-2200/2929/3529 without the sentry; refunds go to the transaction), or
    /// [`ApiError::OutOfGas`] when that is more than `gas_left`.
    fn set_bytes32_batch(&mut self, slots: &[(B256, B256)], gas_left: u64)
        -> Result<u64, ApiError>;

    /// TLOAD of the program's account.
    fn transient_load(&mut self, key: B256) -> Result<B256, ApiError>;

    /// TSTORE of the program's account.
    fn transient_store(&mut self, key: B256, value: B256) -> Result<(), ApiError>;

    /// Runs an outgoing call with at most `gas_left` gas available and `gas_req` requested
    /// (Nitro's base costs, 63/64 rule and stipend). The return data is kept for
    /// [`EvmApi::return_data`].
    fn contract_call(
        &mut self,
        kind: CallKind,
        to: Address,
        input: Bytes,
        gas_left: u64,
        gas_req: u64,
        value: U256,
    ) -> Result<CallOutcome, ApiError>;

    /// Runs CREATE (salt `None`) or CREATE2 with EVM init code and `gas_left` available.
    /// `Ok(None)` when the base cost cannot be paid (the program reverts, keeping its gas).
    fn create(
        &mut self,
        init_code: Bytes,
        endowment: U256,
        salt: Option<B256>,
        gas_left: u64,
    ) -> Result<Option<CreateOutcome>, ApiError>;

    /// The return data of the last call or create.
    fn return_data(&self) -> &Bytes;

    /// LOG with `topics` topics; `data` is the topics followed by the payload.
    fn emit_log(&mut self, data: &[u8], topics: usize) -> Result<(), ApiError>;

    /// Balance and access gas (2,600 cold, 100 warm).
    fn account_balance(&mut self, address: Address) -> Result<(U256, u64), ApiError>;

    /// Code and access gas (2,600 cold, 100 warm).
    fn account_code(&mut self, address: Address) -> Result<(Bytes, u64), ApiError>;

    /// Code hash (keccak("") for an empty account, zero for a non-existent one) and access gas.
    fn account_codehash(&mut self, address: Address) -> Result<(B256, u64), ApiError>;

    /// Opens `pages` more WASM pages in the transaction; the memory-model gas.
    fn add_pages(&mut self, pages: u16) -> u64;

    /// Whether hostios are traced (the stylusTracer); when false the host skips the records.
    fn tracing(&self) -> bool {
        false
    }

    /// Records one hostio for the stylusTracer. A call or create hostio is recorded after
    /// the child frame, which the executor traced in between.
    fn capture_hostio(&mut self, _trace: HostioTrace) {}
}
