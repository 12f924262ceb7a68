//! The chain: state, blocks (one per transaction), receipts, logs, time and snapshots.

pub mod filters;
pub mod genesis;
mod history;
pub mod types;

use crate::exec::{self, Db, Shared, StylusParams, ARB_ADDRESSES, STYLUS_DEPLOYER};
use alloy_consensus::{SignableTransaction, Transaction as _, TxEip1559, TxEnvelope};
use alloy_eips::eip2718::Decodable2718;
use alloy_primitives::{keccak256, Address, Bytes, TxKind, B256, U256};
use k256::ecdsa::SigningKey;
use revm::{
    context::{BlockEnv, CfgEnv, Context, TxEnv},
    context_interface::result::{ExecutionResult, Output},
    database::DbAccount,
    primitives::KECCAK_EMPTY,
    state::{AccountInfo, Bytecode},
    DatabaseCommit, ExecuteEvm,
};
use std::{
    collections::HashMap,
    sync::Arc,
    time::{SystemTime, UNIX_EPOCH},
};
pub use types::*;

/// Chain configuration.
#[derive(Debug, Clone)]
pub struct ChainConfig {
    pub chain_id: u64,
    /// Number of prefunded dev accounts (the nitro dev key first, then anvil's keys).
    pub accounts: usize,
    pub balance: U256,
    pub block_gas_limit: u64,
    pub base_fee: u64,
    pub stylus: StylusParams,
}

impl Default for ChainConfig {
    fn default() -> Self {
        Self {
            chain_id: 412_346,
            accounts: 11,
            balance: U256::from(10u128.pow(24)),
            block_gas_limit: 1_125_899_906_842_624,
            base_fee: 100_000_000,
            stylus: StylusParams::default(),
        }
    }
}

/// Everything a snapshot restores.
#[derive(Clone)]
struct State {
    db: Db,
    blocks: Vec<Block>,
    txs: HashMap<B256, TxRecord>,
    block_by_hash: HashMap<B256, u64>,
    time_offset: i64,
    next_timestamp: Option<u64>,
    /// One undo record per block, parallel to `blocks` (history.rs).
    undo: Vec<history::Undo>,
}

/// A local chain.
pub struct Chain {
    config: ChainConfig,
    runtime: Arc<exec::Runtime>,
    state: State,
    snapshots: Vec<State>,
    keys: Vec<(Address, SigningKey)>,
    filters: filters::Filters,
    /// Transactions whose nonce is ahead of their sender's, by (sender, nonce): mined as soon
    /// as the gap closes, like a node's pending pool.
    queued: std::collections::BTreeMap<(Address, u64), TxEnvelope>,
}

/// Transactions kept waiting for a nonce gap to close, at most.
pub const MAX_QUEUED: usize = 1024;

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

impl Chain {
    pub fn new(config: ChainConfig) -> Self {
        Self::with_dump(config, None).expect("genesis without dump cannot fail")
    }

    /// A chain whose genesis state is `dump` (see [`Chain::dump`]) when given.
    pub fn with_dump(config: ChainConfig, dump: Option<StateDump>) -> Result<Self, ChainError> {
        let keys: Vec<(Address, SigningKey)> = (0..config.accounts)
            .filter_map(|i| SigningKey::from_slice(genesis::dev_key(i).as_slice()).ok())
            .map(|k| (Address::from_private_key(&k), k))
            .collect();
        // The dev accounts own the chain (ArbOwner, ArbWasmCache), as the dev key does on a
        // Nitro devnode.
        let mut config = config;
        config.stylus.chain_owners = keys.iter().map(|(a, _)| *a).collect();
        let runtime = exec::new_runtime(&config.stylus);
        let mut db = Db::default();
        let set = |db: &mut Db, a: Address, balance: U256, nonce: u64, code: Bytes| {
            let (code_hash, code) = if code.is_empty() {
                (KECCAK_EMPTY, None)
            } else {
                let bc = Bytecode::new_raw(code);
                (bc.hash_slow(), Some(bc))
            };
            db.insert_account_info(
                a,
                AccountInfo {
                    balance,
                    nonce,
                    code_hash,
                    code,
                    ..Default::default()
                },
            );
        };
        match &dump {
            Some(d) => {
                for (a, acc) in &d.accounts {
                    set(&mut db, *a, acc.balance, acc.nonce, acc.code.clone());
                    for (k, v) in &acc.storage {
                        db.insert_account_storage(*a, *k, *v)
                            .map_err(|_| ChainError::Internal)?;
                    }
                }
            }
            None => {
                for (a, _) in &keys {
                    set(&mut db, *a, config.balance, 0, Bytes::new());
                }
                // Precompiles and the deployer carry code so their storage is never cleared.
                for a in ARB_ADDRESSES {
                    set(
                        &mut db,
                        a,
                        U256::ZERO,
                        u64::from(a == STYLUS_DEPLOYER),
                        Bytes::from_static(&[0xfe]),
                    );
                }
                let factory = alloy_primitives::hex::decode(genesis::CREATE2_FACTORY_CODE)
                    .unwrap_or_default();
                set(
                    &mut db,
                    genesis::CREATE2_FACTORY,
                    U256::ZERO,
                    1,
                    factory.into(),
                );
            }
        }
        let ts = dump.as_ref().map(|d| d.timestamp).unwrap_or_else(now);
        let number = dump.as_ref().map(|d| d.block_number).unwrap_or(0);
        let genesis = Block::new(
            number,
            B256::ZERO,
            ts,
            config.block_gas_limit,
            config.base_fee,
            vec![],
            0,
        );
        let mut block_by_hash = HashMap::new();
        block_by_hash.insert(genesis.hash, number);
        let state = State {
            db,
            blocks: vec![genesis],
            txs: HashMap::new(),
            block_by_hash,
            time_offset: 0,
            next_timestamp: None,
            undo: vec![history::Undo::default()],
        };
        Ok(Self {
            config,
            runtime,
            state,
            snapshots: Vec::new(),
            keys,
            filters: Default::default(),
            queued: Default::default(),
        })
    }

    pub fn config(&self) -> &ChainConfig {
        &self.config
    }

    /// Dev accounts (address, private key).
    pub fn accounts(&self) -> Vec<Address> {
        self.keys.iter().map(|(a, _)| *a).collect()
    }

    pub fn dev_keys(&self) -> Vec<B256> {
        self.keys
            .iter()
            .map(|(_, k)| B256::from_slice(&k.to_bytes()))
            .collect()
    }

    fn first_number(&self) -> u64 {
        self.state.blocks[0].number
    }

    pub fn head(&self) -> &Block {
        self.state.blocks.last().expect("genesis")
    }

    pub fn block(&self, number: u64) -> Option<&Block> {
        let i = number.checked_sub(self.first_number())?;
        self.state.blocks.get(i as usize)
    }

    pub fn block_by_hash(&self, hash: B256) -> Option<&Block> {
        self.state
            .block_by_hash
            .get(&hash)
            .and_then(|n| self.block(*n))
    }

    pub fn tx(&self, hash: B256) -> Option<&TxRecord> {
        self.state.txs.get(&hash)
    }

    /// Resolves a block tag to a number (`latest`, `pending`, `safe` and `finalized` are the
    /// head).
    pub fn resolve(&self, tag: &BlockTag) -> Result<u64, ChainError> {
        match tag {
            BlockTag::Latest | BlockTag::Pending | BlockTag::Safe | BlockTag::Finalized => {
                Ok(self.head().number)
            }
            BlockTag::Earliest => Ok(self.first_number()),
            BlockTag::Number(n) if *n <= self.head().number => Ok(*n),
            BlockTag::Number(_) => Err(ChainError::UnknownBlock),
            BlockTag::Hash(h) => self
                .block_by_hash(*h)
                .map(|b| b.number)
                .ok_or(ChainError::UnknownBlock),
        }
    }

    /// The state after block `n`: the head's, or a copy of it rewound block by block.
    fn db_at(&self, n: u64) -> Result<std::borrow::Cow<'_, Db>, ChainError> {
        let head = self.head().number;
        if n >= head {
            return Ok(std::borrow::Cow::Borrowed(&self.state.db));
        }
        let first = self.first_number();
        if n < first {
            return Err(ChainError::UnknownBlock);
        }
        let mut db = self.state.db.clone();
        for b in (n + 1..=head).rev() {
            self.state.undo[(b - first) as usize].rewind(&mut db);
        }
        Ok(std::borrow::Cow::Owned(db))
    }

    fn account_at<T: Default>(
        &self,
        n: u64,
        a: Address,
        f: impl Fn(&DbAccount) -> T,
    ) -> Result<T, ChainError> {
        Ok(read(&*self.db_at(n)?, a, f))
    }

    /// Balance of `a` after block `n`.
    pub fn balance_at(&self, a: Address, n: u64) -> Result<U256, ChainError> {
        self.account_at(n, a, |x| x.info.balance)
    }

    /// Nonce of `a` after block `n`.
    pub fn nonce_at(&self, a: Address, n: u64) -> Result<u64, ChainError> {
        self.account_at(n, a, |x| x.info.nonce)
    }

    /// Code of `a` after block `n`.
    pub fn code_at(&self, a: Address, n: u64) -> Result<Bytes, ChainError> {
        self.account_at(n, a, code_of)
    }

    /// Storage slot of `a` after block `n`.
    pub fn storage_at(&self, a: Address, slot: U256, n: u64) -> Result<U256, ChainError> {
        self.account_at(n, a, |x| slot_of(x, slot))
    }

    pub fn balance(&self, a: Address) -> U256 {
        read(&self.state.db, a, |x| x.info.balance)
    }

    pub fn nonce(&self, a: Address) -> u64 {
        read(&self.state.db, a, |x| x.info.nonce)
    }

    pub fn code(&self, a: Address) -> Bytes {
        read(&self.state.db, a, code_of)
    }

    pub fn storage(&self, a: Address, slot: U256) -> U256 {
        read(&self.state.db, a, |x| slot_of(x, slot))
    }

    /// Timestamp the next block will get.
    fn next_timestamp(&self) -> u64 {
        let parent = self.head().timestamp;
        match self.state.next_timestamp {
            Some(t) => t,
            None => ((now() as i64 + self.state.time_offset).max(0) as u64).max(parent),
        }
    }

    fn block_env(&self, number: u64, timestamp: u64) -> BlockEnv {
        BlockEnv {
            number: U256::from(number),
            beneficiary: Address::ZERO,
            timestamp: U256::from(timestamp),
            gas_limit: self.config.block_gas_limit,
            basefee: self.config.base_fee,
            difficulty: U256::ZERO,
            prevrandao: Some(B256::ZERO),
            ..Default::default()
        }
    }

    fn cfg(&self, call: bool) -> CfgEnv {
        let mut cfg = CfgEnv::new_with_spec(exec::SPEC);
        cfg.chain_id = self.config.chain_id;
        cfg.disable_eip3541 = true;
        if call {
            cfg.disable_nonce_check = true;
            cfg.disable_base_fee = true;
            cfg.disable_balance_check = true;
        }
        cfg
    }

    /// Runs `tx` on `db` in a fresh context; returns the result, the state diff and the db.
    fn execute(
        &self,
        db: Db,
        tx: TxEnv,
        block: BlockEnv,
        call: bool,
    ) -> (
        Db,
        Result<(ExecutionResult, revm::state::EvmState), ChainError>,
    ) {
        let (db, res, _) = self.execute_with(db, tx, block, call, false);
        (db, res)
    }

    /// [`Chain::execute`], with the stylusTracer's records when `trace` is set.
    #[allow(clippy::type_complexity)]
    fn execute_with(
        &self,
        db: Db,
        tx: TxEnv,
        block: BlockEnv,
        call: bool,
        trace: bool,
    ) -> (
        Db,
        Result<(ExecutionResult, revm::state::EvmState), ChainError>,
        Option<serde_json::Value>,
    ) {
        let mut ctx = Context::new(db, exec::SPEC);
        ctx.cfg = self.cfg(call);
        ctx.block = block;
        let shared = if trace {
            Shared::tracing(self.runtime.clone(), self.config.stylus.clone())
        } else {
            Shared::new(self.runtime.clone(), self.config.stylus.clone())
        };
        let mut evm = exec::make_evm(ctx, shared.clone());
        let res = evm.transact(tx);
        let db = std::mem::take(&mut evm.ctx.journaled_state.database);
        let res = res
            .map(|r| (r.result, r.state))
            .map_err(|e| ChainError::InvalidTx(tx_error_message(&e.to_string())));
        (db, res, shared.trace())
    }

    /// `debug_traceCall` with the stylusTracer: the call's hostios at block `n`'s state.
    pub fn trace_call(
        &mut self,
        req: &CallRequest,
        overrides: Option<&StateOverrides>,
        n: u64,
    ) -> Result<serde_json::Value, ChainError> {
        let gas = req
            .gas
            .unwrap_or(self.config.block_gas_limit)
            .min(self.config.block_gas_limit);
        let tx = self.call_env(req, gas);
        let block = if n >= self.head().number {
            self.block_env(self.head().number + 1, self.next_timestamp())
        } else {
            let timestamp = self.block(n).ok_or(ChainError::UnknownBlock)?.timestamp;
            self.block_env(n, timestamp)
        };
        let mut db = self.db_at(n)?.into_owned();
        if let Some(o) = overrides {
            apply_overrides(&mut db, o)?;
        }
        let (_, res, trace) = self.execute_with(db, tx, block, true, true);
        res?;
        Ok(trace.unwrap_or_default())
    }

    /// `debug_traceTransaction` with the stylusTracer: the mined transaction replayed on the
    /// state before it, in its block's context.
    pub fn trace_transaction(&self, hash: B256) -> Result<serde_json::Value, ChainError> {
        let record = self
            .tx(hash)
            .ok_or_else(|| ChainError::InvalidParams(format!("transaction {hash} not found")))?;
        let number = record.block_number;
        let env = &record.envelope;
        let tx = TxEnv {
            tx_type: env.tx_type() as u8,
            caller: record.from,
            gas_limit: env.gas_limit(),
            gas_price: env.max_fee_per_gas(),
            kind: env.kind(),
            value: env.value(),
            data: env.input().clone(),
            nonce: env.nonce(),
            chain_id: env.chain_id(),
            access_list: env.access_list().cloned().unwrap_or_default(),
            gas_priority_fee: env.max_priority_fee_per_gas(),
            ..Default::default()
        };
        let block = self.block(number).ok_or(ChainError::UnknownBlock)?;
        let block_env = self.block_env(number, block.timestamp);
        let db = self.db_at(number.saturating_sub(1))?.into_owned();
        let (_, res, trace) = self.execute_with(db, tx, block_env, false, true);
        res?;
        Ok(trace.unwrap_or_default())
    }

    /// Keeps a transaction with a future nonce until the gap closes.
    fn enqueue(&mut self, env: TxEnvelope, from: Address) -> Result<B256, ChainError> {
        let hash = *env.tx_hash();
        let key = (from, env.nonce());
        if let Some(q) = self.queued.get(&key) {
            return Err(ChainError::InvalidTx(if *q.tx_hash() == hash {
                "already known".into()
            } else {
                "replacement transaction underpriced".into()
            }));
        }
        if self.queued.len() >= MAX_QUEUED {
            return Err(ChainError::InvalidTx("txpool is full".into()));
        }
        self.queued.insert(key, env);
        Ok(hash)
    }

    fn validate_funds(&self, from: Address, nonce: u64, cost: U256) -> Result<(), ChainError> {
        let have = self.nonce(from);
        if nonce < have {
            return Err(ChainError::InvalidTx(format!(
                "nonce too low: next nonce {have}, tx nonce {nonce}"
            )));
        }
        if nonce > have {
            return Err(ChainError::InvalidTx(format!(
                "nonce too high: next nonce {have}, tx nonce {nonce}"
            )));
        }
        let bal = self.balance(from);
        if bal < cost {
            return Err(ChainError::InvalidTx(format!(
                "insufficient funds for gas * price + value: address {from} have {bal} want {cost}"
            )));
        }
        Ok(())
    }

    /// Submits a signed, EIP-2718 encoded transaction and mines it in its own block.
    pub fn send_raw(&mut self, raw: &[u8]) -> Result<B256, ChainError> {
        let mut buf = raw;
        let env = TxEnvelope::decode_2718(&mut buf)
            .map_err(|e| ChainError::InvalidParams(format!("invalid transaction encoding: {e}")))?;
        if !buf.is_empty() {
            return Err(ChainError::InvalidParams(
                "trailing bytes after transaction".into(),
            ));
        }
        let from = alloy_consensus::transaction::SignerRecoverable::recover_signer(&env).map_err(
            |_| ChainError::InvalidTx("invalid signature: cannot recover sender".into()),
        )?;
        self.submit(env, from)
    }

    /// Mines `env`, or queues it when its nonce is ahead of the sender's; then mines the
    /// sender's queued transactions that have become next in line.
    fn submit(&mut self, env: TxEnvelope, from: Address) -> Result<B256, ChainError> {
        let hash = self.mine_tx(env, from)?;
        loop {
            let next = (from, self.nonce(from));
            let Some(queued) = self.queued.remove(&next) else {
                break;
            };
            // A queued transaction that no longer passes (e.g. funds) is dropped, as a pool
            // drops it.
            if self.mine_tx(queued, from).is_err() {
                break;
            }
        }
        Ok(hash)
    }

    fn mine_tx(&mut self, env: TxEnvelope, from: Address) -> Result<B256, ChainError> {
        let hash = *env.tx_hash();
        if self.state.txs.contains_key(&hash) {
            return Err(ChainError::InvalidTx("already known".into()));
        }
        match &env {
            TxEnvelope::Legacy(_) | TxEnvelope::Eip2930(_) | TxEnvelope::Eip1559(_) => {}
            _ => {
                return Err(ChainError::InvalidTx(
                    "transaction type not supported".into(),
                ))
            }
        }
        if let Some(id) = env.chain_id() {
            if id != self.config.chain_id {
                return Err(ChainError::InvalidTx(format!(
                    "invalid chain id for signer: have {id}, want {}",
                    self.config.chain_id
                )));
            }
        }
        if env.gas_limit() > self.config.block_gas_limit {
            return Err(ChainError::InvalidTx("exceeds block gas limit".into()));
        }
        if env.max_fee_per_gas() < self.config.base_fee as u128 {
            return Err(ChainError::InvalidTx(format!(
                "max fee per gas less than block base fee: maxFeePerGas: {}, baseFee: {}",
                env.max_fee_per_gas(),
                self.config.base_fee
            )));
        }
        let cost = U256::from(env.gas_limit()) * U256::from(env.max_fee_per_gas()) + env.value();
        if env.nonce() > self.nonce(from) {
            return self.enqueue(env, from);
        }
        self.validate_funds(from, env.nonce(), cost)?;
        let tx = TxEnv {
            tx_type: env.tx_type() as u8,
            caller: from,
            gas_limit: env.gas_limit(),
            gas_price: env.max_fee_per_gas(),
            kind: env.kind(),
            value: env.value(),
            data: env.input().clone(),
            nonce: env.nonce(),
            chain_id: env.chain_id(),
            access_list: env.access_list().cloned().unwrap_or_default(),
            gas_priority_fee: env.max_priority_fee_per_gas(),
            ..Default::default()
        };
        let number = self.head().number + 1;
        let timestamp = self.next_timestamp();
        let block_env = self.block_env(number, timestamp);
        let db = std::mem::take(&mut self.state.db);
        let (mut db, res) = self.execute(db, tx, block_env, false);
        let (result, diff) = match res {
            Ok(r) => r,
            Err(e) => {
                self.state.db = db;
                return Err(e);
            }
        };
        let undo = history::Undo::capture(&db, &diff);
        db.commit(diff);
        self.state.db = db;
        let gas_used = result.tx_gas_used();
        let (status, contract_address, logs) = match &result {
            ExecutionResult::Success { output, logs, .. } => {
                let ca = match output {
                    Output::Create(_, a) => *a,
                    _ => None,
                };
                (true, ca, logs.clone())
            }
            ExecutionResult::Revert { .. } | ExecutionResult::Halt { .. } => (false, None, vec![]),
        };
        let effective = env.effective_gas_price(Some(self.config.base_fee));
        let parent = self.head().hash;
        let block = Block::new(
            number,
            parent,
            timestamp,
            self.config.block_gas_limit,
            self.config.base_fee,
            vec![hash],
            gas_used,
        );
        let block_hash = block.hash;
        let logs = logs
            .into_iter()
            .enumerate()
            .map(|(i, l)| LogEntry {
                address: l.address,
                topics: l.data.topics().to_vec(),
                data: l.data.data.clone(),
                block_number: number,
                block_hash,
                tx_hash: hash,
                tx_index: 0,
                log_index: i as u64,
            })
            .collect();
        let record = TxRecord {
            hash,
            envelope: env,
            from,
            block_number: number,
            block_hash,
            index: 0,
            status,
            gas_used,
            effective_gas_price: effective,
            contract_address,
            logs,
        };
        self.state.txs.insert(hash, record);
        self.state.block_by_hash.insert(block_hash, number);
        self.state.blocks.push(block);
        self.state.undo.push(undo);
        self.state.next_timestamp = None;
        Ok(hash)
    }

    /// Signs a transaction for a dev account (eth_sendTransaction) and submits it.
    pub fn send_unsigned(&mut self, req: &CallRequest) -> Result<B256, ChainError> {
        let from = req
            .from
            .ok_or_else(|| ChainError::InvalidParams("missing from".into()))?;
        let key = self
            .keys
            .iter()
            .find(|(a, _)| *a == from)
            .map(|(_, k)| k.clone())
            .ok_or_else(|| ChainError::InvalidTx(format!("unknown account {from}")))?;
        let gas_limit = match req.gas {
            Some(g) => g,
            None => self.estimate_gas(req)?,
        };
        let max_fee = req
            .max_fee_per_gas
            .or(req.gas_price)
            .unwrap_or(self.config.base_fee as u128 * 2);
        let tx = TxEip1559 {
            chain_id: self.config.chain_id,
            nonce: req.nonce.unwrap_or_else(|| self.nonce(from)),
            gas_limit,
            max_fee_per_gas: max_fee,
            max_priority_fee_per_gas: req.max_priority_fee_per_gas.unwrap_or(0).min(max_fee),
            to: req.to.map(TxKind::Call).unwrap_or(TxKind::Create),
            value: req.value.unwrap_or_default(),
            access_list: Default::default(),
            input: req.input.clone().unwrap_or_default(),
        };
        let sighash = tx.signature_hash();
        let (sig, recid) = key
            .sign_prehash_recoverable(sighash.as_slice())
            .map_err(|_| ChainError::Internal)?;
        let signature =
            alloy_primitives::Signature::from_signature_and_parity(sig, recid.is_y_odd());
        let env = TxEnvelope::from(tx.into_signed(signature));
        self.submit(env, from)
    }

    fn call_env(&self, req: &CallRequest, gas: u64) -> TxEnv {
        TxEnv {
            tx_type: 2,
            caller: req.from.unwrap_or_default(),
            gas_limit: gas,
            gas_price: req.max_fee_per_gas.or(req.gas_price).unwrap_or(0),
            kind: req.to.map(TxKind::Call).unwrap_or(TxKind::Create),
            value: req.value.unwrap_or_default(),
            data: req.input.clone().unwrap_or_default(),
            nonce: self.nonce(req.from.unwrap_or_default()),
            chain_id: Some(self.config.chain_id),
            gas_priority_fee: Some(0),
            ..Default::default()
        }
    }

    /// eth_call: executes against the head state (plus overrides) without committing.
    pub fn call(
        &mut self,
        req: &CallRequest,
        overrides: Option<&StateOverrides>,
    ) -> Result<CallResult, ChainError> {
        let gas = req
            .gas
            .unwrap_or(self.config.block_gas_limit)
            .min(self.config.block_gas_limit);
        self.run_call(req, gas, overrides)
    }

    /// `eth_call` at block `n`: on the head state like [`Chain::call`] (in the context of the
    /// next block) when `n` is the head; otherwise on the state after block `n`, in block
    /// `n`'s context, as geth does.
    pub fn call_at(
        &mut self,
        req: &CallRequest,
        overrides: Option<&StateOverrides>,
        n: u64,
    ) -> Result<CallResult, ChainError> {
        if n >= self.head().number {
            return self.call(req, overrides);
        }
        let gas = req
            .gas
            .unwrap_or(self.config.block_gas_limit)
            .min(self.config.block_gas_limit);
        let tx = self.call_env(req, gas);
        let timestamp = self.block(n).ok_or(ChainError::UnknownBlock)?.timestamp;
        let block = self.block_env(n, timestamp);
        let mut db = self.db_at(n)?.into_owned();
        if let Some(o) = overrides {
            apply_overrides(&mut db, o)?;
        }
        let (result, _) = self.execute(db, tx, block, true).1?;
        Ok(call_result(result))
    }

    fn run_call(
        &mut self,
        req: &CallRequest,
        gas: u64,
        overrides: Option<&StateOverrides>,
    ) -> Result<CallResult, ChainError> {
        let tx = self.call_env(req, gas);
        let block = self.block_env(self.head().number + 1, self.next_timestamp());
        let res = match overrides {
            Some(o) if !o.is_empty() => {
                let mut db = self.state.db.clone();
                apply_overrides(&mut db, o)?;
                self.execute(db, tx, block, true).1
            }
            _ => {
                let db = std::mem::take(&mut self.state.db);
                let (db, res) = self.execute(db, tx, block, true);
                self.state.db = db;
                res
            }
        };
        let (result, _) = res?;
        Ok(call_result(result))
    }

    /// eth_estimateGas: the smallest gas limit with which the call succeeds.
    pub fn estimate_gas(&mut self, req: &CallRequest) -> Result<u64, ChainError> {
        let cap = req
            .gas
            .unwrap_or(self.config.block_gas_limit.min(500_000_000));
        let first = self.run_call(req, cap, None)?;
        if !first.success {
            return Err(first.into_error());
        }
        let mut lo = first.gas_used.saturating_sub(1);
        let mut hi = cap;
        // Quick try: used + 63/64 headroom covers most call trees.
        let guess = (first.gas_used * 64 / 63 + 5_000).min(cap);
        if self.run_call(req, guess, None)?.success {
            hi = guess;
        } else {
            lo = guess;
        }
        while hi - lo > 1.max(hi / 1000) {
            let mid = lo + (hi - lo) / 2;
            if self.run_call(req, mid, None)?.success {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        Ok(hi)
    }

    /// Mines an empty block (evm_mine / interval mining).
    pub fn mine(&mut self, timestamp: Option<u64>) -> u64 {
        if let Some(t) = timestamp {
            self.state.next_timestamp = Some(t);
        }
        let number = self.head().number + 1;
        let ts = self.next_timestamp();
        let block = Block::new(
            number,
            self.head().hash,
            ts,
            self.config.block_gas_limit,
            self.config.base_fee,
            vec![],
            0,
        );
        self.state.block_by_hash.insert(block.hash, number);
        self.state.blocks.push(block);
        self.state.undo.push(history::Undo::default());
        self.state.next_timestamp = None;
        number
    }

    /// evm_increaseTime: moves the clock forward; returns the total offset.
    pub fn increase_time(&mut self, secs: i64) -> i64 {
        self.state.time_offset += secs;
        self.state.time_offset
    }

    /// evm_setNextBlockTimestamp.
    pub fn set_next_timestamp(&mut self, ts: u64) -> Result<(), ChainError> {
        if ts < self.head().timestamp {
            return Err(ChainError::InvalidParams(format!(
                "timestamp {ts} is lower than the previous block's timestamp {}",
                self.head().timestamp
            )));
        }
        self.state.time_offset = ts as i64 - now() as i64;
        self.state.next_timestamp = Some(ts);
        Ok(())
    }

    /// evm_snapshot: returns the snapshot id.
    pub fn snapshot(&mut self) -> u64 {
        self.snapshots.push(self.state.clone());
        self.snapshots.len() as u64
    }

    /// evm_revert: restores snapshot `id` (and drops it and later ones).
    pub fn revert(&mut self, id: u64) -> bool {
        if id == 0 || id as usize > self.snapshots.len() {
            return false;
        }
        self.snapshots.truncate(id as usize);
        self.state = self.snapshots.pop().expect("checked");
        true
    }

    /// Logs matching `filter`.
    pub fn logs(&self, filter: &LogFilter) -> Result<Vec<LogEntry>, ChainError> {
        let (from, to) = match filter.block_hash {
            Some(h) => {
                let n = self
                    .block_by_hash(h)
                    .ok_or(ChainError::UnknownBlock)?
                    .number;
                (n, n)
            }
            None => (
                self.resolve(filter.from_block.as_ref().unwrap_or(&BlockTag::Latest))?,
                self.resolve(filter.to_block.as_ref().unwrap_or(&BlockTag::Latest))?,
            ),
        };
        let mut out = Vec::new();
        for n in from..=to {
            let Some(b) = self.block(n) else { continue };
            for h in &b.transactions {
                let Some(tx) = self.state.txs.get(h) else {
                    continue;
                };
                out.extend(tx.logs.iter().filter(|l| filter.matches(l)).cloned());
            }
        }
        Ok(out)
    }

    /// Installs a polling filter; it reports from the next block on.
    pub fn new_filter(&mut self, kind: filters::FilterKind) -> u64 {
        let next = self.head().number + 1;
        self.filters.install(kind, next)
    }

    /// What the blocks mined since the filter's last poll hold: logs (log filters) or block
    /// hashes (block filters); nothing for pending-transaction filters.
    pub fn filter_changes(&mut self, id: u64) -> Result<FilterChanges, ChainError> {
        let head = self.head().number;
        let filter = self
            .filters
            .get(id)
            .ok_or(ChainError::FilterNotFound)?
            .clone();
        // After a revert the head can be below the filter's position: start again there.
        let mut from = filter.next_block.min(head + 1);
        if let filters::FilterKind::Logs(LogFilter {
            from_block: Some(BlockTag::Number(n)),
            ..
        }) = &filter.kind
        {
            from = from.max(*n);
        }
        let changes = match &filter.kind {
            filters::FilterKind::Blocks => FilterChanges::Hashes(
                (from..=head)
                    .filter_map(|n| self.block(n))
                    .map(|b| b.hash)
                    .collect(),
            ),
            filters::FilterKind::PendingTransactions => FilterChanges::Hashes(vec![]),
            filters::FilterKind::Logs(criteria) => {
                let last = match &criteria.to_block {
                    Some(BlockTag::Number(n)) => head.min(*n),
                    _ => head,
                };
                let mut window = criteria.clone();
                window.block_hash = None;
                window.from_block = Some(BlockTag::Number(from));
                window.to_block = Some(BlockTag::Number(last));
                FilterChanges::Logs(if from > last {
                    vec![]
                } else {
                    self.logs(&window)?
                })
            }
        };
        if let Some(f) = self.filters.get_mut(id) {
            f.next_block = head + 1;
        }
        Ok(changes)
    }

    /// Every log a log filter matches (its whole block range), as `eth_getLogs`.
    pub fn filter_logs(&self, id: u64) -> Result<Vec<LogEntry>, ChainError> {
        match &self.filters.get(id).ok_or(ChainError::FilterNotFound)?.kind {
            filters::FilterKind::Logs(criteria) => self.logs(criteria),
            _ => Err(ChainError::FilterNotFound),
        }
    }

    /// Removes a filter; false when there was none.
    pub fn uninstall_filter(&mut self, id: u64) -> bool {
        self.filters.uninstall(id)
    }

    /// All accounts and storage (dump-state).
    pub fn dump(&self) -> StateDump {
        let mut accounts = std::collections::BTreeMap::new();
        for (a, acc) in &self.state.db.cache.accounts {
            let code = acc
                .info
                .code
                .as_ref()
                .map(|c| c.original_bytes())
                .unwrap_or_default();
            accounts.insert(
                *a,
                AccountDump {
                    balance: acc.info.balance,
                    nonce: acc.info.nonce,
                    code,
                    storage: acc
                        .storage
                        .iter()
                        .filter(|(_, v)| !v.is_zero())
                        .map(|(k, v)| (*k, *v))
                        .collect(),
                },
            );
        }
        StateDump {
            block_number: self.head().number,
            timestamp: self.head().timestamp,
            accounts,
        }
    }

    /// Directly sets an account's balance (anvil_setBalance).
    pub fn set_balance(&mut self, a: Address, balance: U256) {
        let mut info = self
            .state
            .db
            .cache
            .accounts
            .get(&a)
            .map(|x| x.info.clone())
            .unwrap_or_default();
        info.balance = balance;
        // A change between blocks: reading the head block's state shows it, older blocks not.
        if let Some(undo) = self.state.undo.last_mut() {
            undo.capture_account(&self.state.db, a);
        }
        self.state.db.insert_account_info(a, info);
    }
}

/// Reads `f` of account `a` in `db` (default values for an account that does not exist).
fn read<T: Default>(db: &Db, a: Address, f: impl Fn(&DbAccount) -> T) -> T {
    db.cache.accounts.get(&a).map(f).unwrap_or_default()
}

fn code_of(x: &DbAccount) -> Bytes {
    x.info
        .code
        .as_ref()
        .map(|c| c.original_bytes())
        .unwrap_or_default()
}

fn slot_of(x: &DbAccount, slot: U256) -> U256 {
    x.storage.get(&slot).copied().unwrap_or_default()
}

fn call_result(result: ExecutionResult) -> CallResult {
    match result {
        ExecutionResult::Success { output, gas, .. } => CallResult {
            success: true,
            output: output.into_data(),
            gas_used: gas.tx_gas_used(),
            halt: None,
        },
        ExecutionResult::Revert { output, gas, .. } => CallResult {
            success: false,
            output,
            gas_used: gas.tx_gas_used(),
            halt: None,
        },
        ExecutionResult::Halt { reason, gas, .. } => CallResult {
            success: false,
            output: Bytes::new(),
            gas_used: gas.tx_gas_used(),
            halt: Some(format!("{reason:?}")),
        },
    }
}

fn apply_overrides(db: &mut Db, o: &StateOverrides) -> Result<(), ChainError> {
    for (a, ov) in o {
        let mut info = db
            .cache
            .accounts
            .get(a)
            .map(|x| x.info.clone())
            .unwrap_or_default();
        if let Some(b) = ov.balance {
            info.balance = b;
        }
        if let Some(n) = ov.nonce {
            info.nonce = n;
        }
        if let Some(code) = &ov.code {
            let bc = Bytecode::new_raw(code.clone());
            info.code_hash = if code.is_empty() {
                KECCAK_EMPTY
            } else {
                bc.hash_slow()
            };
            info.code = Some(bc);
        }
        db.insert_account_info(*a, info);
        if let Some(state) = &ov.state {
            let acc: &mut DbAccount = db.cache.accounts.get_mut(a).ok_or(ChainError::Internal)?;
            acc.storage.clear();
            for (k, v) in state {
                acc.storage
                    .insert(U256::from_be_bytes(k.0), U256::from_be_bytes(v.0));
            }
            acc.account_state = revm::database::AccountState::StorageCleared;
        }
        if let Some(diff) = &ov.state_diff {
            for (k, v) in diff {
                db.insert_account_storage(*a, U256::from_be_bytes(k.0), U256::from_be_bytes(v.0))
                    .map_err(|_| ChainError::Internal)?;
            }
        }
    }
    Ok(())
}

fn tx_error_message(s: &str) -> String {
    let l = s.to_lowercase();
    if l.contains("nonce") && l.contains("low") {
        format!("nonce too low: {s}")
    } else if l.contains("lack of funds") || l.contains("balance") {
        format!("insufficient funds for gas * price + value: {s}")
    } else if l.contains("intrinsic") || l.contains("gas floor") {
        format!("intrinsic gas too low: {s}")
    } else {
        s.to_string()
    }
}

/// Hash of a pseudo block header.
pub fn block_hash(number: u64, parent: B256, timestamp: u64, txs: &[B256]) -> B256 {
    let mut buf = Vec::with_capacity(80 + txs.len() * 32);
    buf.extend_from_slice(&number.to_be_bytes());
    buf.extend_from_slice(parent.as_slice());
    buf.extend_from_slice(&timestamp.to_be_bytes());
    for t in txs {
        buf.extend_from_slice(t.as_slice());
    }
    keccak256(buf)
}
