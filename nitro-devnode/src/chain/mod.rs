//! The chain: the head state and the parts that change it, each in its own module, as
//! anvil splits its backend:
//!
//! - [`validate`]: decoding and checking transactions;
//! - [`pool`]: transactions waiting for a nonce gap to close;
//! - [`executor`]: running a transaction or call (revm + Stylus, `exec::make_evm`);
//! - [`miner`]: sealing blocks and receipts; [`storage`]: blocks, receipts, undo records;
//! - [`clock`]: block timestamps; [`signer`]: dev accounts; [`snapshots`]; [`filters`];
//! - [`history`]: reading an older block's state; [`dump`]: state dumps; [`genesis`].
//!
//! [`Chain`] ties them together and is what the JSON-RPC layer calls.

pub mod clock;
pub mod dump;
pub mod executor;
pub mod filters;
pub mod genesis;
mod history;
pub mod miner;
pub mod pool;
pub mod signer;
pub mod snapshots;
pub mod storage;
mod trace;
pub mod types;
pub mod validate;

use crate::exec::{Db, StylusParams};
use alloy_consensus::{Transaction as _, TxEip1559, TxEnvelope};
use alloy_primitives::{keccak256, Address, Bytes, TxKind, B256, U256};
use clock::Clock;
use executor::{Executor, Mode};
use revm::{
    context::{BlockEnv, TxEnv},
    context_interface::result::ExecutionResult,
    database::DbAccount,
    primitives::KECCAK_EMPTY,
    state::Bytecode,
    DatabaseCommit,
};
use storage::BlockStore;
pub use types::*;

pub use crate::exec::DEFAULT_ARBOS_VERSION;
/// The ArbOS versions the node can follow.
pub const ARBOS_VERSIONS: [u64; 2] = [51, 60];

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

/// A local chain.
pub struct Chain {
    config: ChainConfig,
    executor: Executor,
    /// The head state.
    db: Db,
    store: BlockStore,
    clock: Clock,
    pool: pool::Pool,
    snapshots: snapshots::Snapshots,
    signer: signer::DevSigner,
    filters: filters::Filters,
}

impl Chain {
    pub fn new(config: ChainConfig) -> Self {
        Self::with_dump(config, None).expect("genesis without dump cannot fail")
    }

    /// A chain whose genesis state is `dump` (see [`Chain::dump`]) when given.
    pub fn with_dump(mut config: ChainConfig, dump: Option<StateDump>) -> Result<Self, ChainError> {
        let signer = signer::DevSigner::new(config.accounts);
        // The dev accounts own the chain (ArbOwner, ArbWasmCache), as the dev key does on a
        // Nitro devnode.
        config.stylus.chain_owners = signer.accounts();
        let db = match &dump {
            Some(d) => dump::load(d).map_err(ChainError::InvalidDump)?,
            None => genesis::state(&config, &signer.accounts()),
        };
        let ts = dump
            .as_ref()
            .map(|d| d.timestamp)
            .unwrap_or_else(clock::now);
        let number = dump.as_ref().map(|d| d.block_number).unwrap_or(0);
        let genesis = miner::empty_block(&config, number, B256::ZERO, ts);
        Ok(Self {
            executor: Executor::new(&config),
            config,
            db,
            store: BlockStore::new(genesis),
            clock: Clock::default(),
            pool: Default::default(),
            snapshots: Default::default(),
            signer,
            filters: Default::default(),
        })
    }

    pub fn config(&self) -> &ChainConfig {
        &self.config
    }

    /// Dev accounts.
    pub fn accounts(&self) -> Vec<Address> {
        self.signer.accounts()
    }

    /// Private keys of the dev accounts (same order).
    pub fn dev_keys(&self) -> Vec<B256> {
        self.signer.keys()
    }

    pub fn head(&self) -> &Block {
        self.store.head()
    }

    pub fn block(&self, number: u64) -> Option<&Block> {
        self.store.block(number)
    }

    pub fn block_by_hash(&self, hash: B256) -> Option<&Block> {
        self.store.block_by_hash(hash)
    }

    pub fn tx(&self, hash: B256) -> Option<&TxRecord> {
        self.store.tx(hash)
    }

    /// Transactions waiting in the pending pool.
    pub fn pending_count(&self) -> usize {
        self.pool.len()
    }

    /// Resolves a block tag to a number (`latest`, `pending`, `safe` and `finalized` are the
    /// head).
    pub fn resolve(&self, tag: &BlockTag) -> Result<u64, ChainError> {
        match tag {
            BlockTag::Latest | BlockTag::Pending | BlockTag::Safe | BlockTag::Finalized => {
                Ok(self.head().number)
            }
            BlockTag::Earliest => Ok(self.store.first_number()),
            BlockTag::Number(n) if *n <= self.head().number => Ok(*n),
            BlockTag::Number(_) => Err(ChainError::UnknownBlock),
            BlockTag::Hash(h) => self
                .block_by_hash(*h)
                .map(|b| b.number)
                .ok_or(ChainError::UnknownBlock),
        }
    }

    fn account_at<T: Default>(
        &self,
        n: u64,
        a: Address,
        f: impl Fn(&DbAccount) -> T,
    ) -> Result<T, ChainError> {
        Ok(read(&*self.store.db_at(&self.db, n)?, a, f))
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
        read(&self.db, a, |x| x.info.balance)
    }

    pub fn nonce(&self, a: Address) -> u64 {
        read(&self.db, a, |x| x.info.nonce)
    }

    pub fn code(&self, a: Address) -> Bytes {
        read(&self.db, a, code_of)
    }

    pub fn storage(&self, a: Address, slot: U256) -> U256 {
        read(&self.db, a, |x| slot_of(x, slot))
    }

    /// Timestamp the next block will get.
    fn next_timestamp(&self) -> u64 {
        self.clock.next_timestamp(self.head().timestamp)
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

    /// Submits a signed, EIP-2718 encoded transaction: mined in its own block, or kept in the
    /// pending pool when its nonce is ahead of the sender's.
    pub fn send_raw(&mut self, raw: &[u8]) -> Result<B256, ChainError> {
        let (env, from) = validate::decode_raw(raw)?;
        self.submit(env, from)
    }

    /// Mines `env`, or pools it when its nonce is ahead of the sender's; then mines the
    /// sender's pooled transactions that have become next in line.
    fn submit(&mut self, env: TxEnvelope, from: Address) -> Result<B256, ChainError> {
        let hash = *env.tx_hash();
        if self.store.tx(hash).is_some() {
            return Err(ChainError::InvalidTx("already known".into()));
        }
        let cost = validate::check_static(&env, &self.config)?;
        if env.nonce() > self.nonce(from) {
            let balance = self.balance(from);
            let db = &self.db;
            let admitted = self
                .pool
                .add(env, from, cost, balance, |a| read(db, a, |x| x.info.nonce))?;
            return Ok(admitted.hash);
        }
        self.mine_tx(env, from, cost)?;
        while let Some(next) = self.pool.take(from, self.nonce(from)) {
            // A pooled transaction that no longer passes (e.g. funds) is dropped, as a pool
            // drops it.
            let Ok(cost) = validate::check_static(&next, &self.config) else {
                break;
            };
            if self.mine_tx(next, from, cost).is_err() {
                break;
            }
        }
        Ok(hash)
    }

    fn mine_tx(&mut self, env: TxEnvelope, from: Address, cost: U256) -> Result<B256, ChainError> {
        validate::check_account(
            from,
            env.nonce(),
            self.nonce(from),
            self.balance(from),
            cost,
        )?;
        let number = self.store.next_number()?;
        let timestamp = self.next_timestamp();
        let block_env = self.block_env(number, timestamp);
        let tx = validate::tx_env(&env, from);
        let (result, diff) =
            self.executor
                .run(&self.config, &mut self.db, tx, block_env, Mode::Transaction)?;
        let undo = history::Undo::capture(&self.db, &diff);
        self.db.commit(diff);
        let (block, record) = miner::seal_transaction(
            &self.config,
            env,
            from,
            &result,
            number,
            self.head().hash,
            timestamp,
        );
        let hash = record.hash;
        self.store.push(block, undo, vec![record]);
        self.clock.consume();
        self.pool.prune(from, self.nonce(from));
        Ok(hash)
    }

    /// Signs a transaction for a dev account (eth_sendTransaction) and submits it.
    pub fn send_unsigned(&mut self, req: &CallRequest) -> Result<B256, ChainError> {
        let from = req
            .from
            .ok_or_else(|| ChainError::InvalidParams("missing from".into()))?;
        if !self.signer.accounts().contains(&from) {
            return Err(ChainError::InvalidTx(format!("unknown account {from}")));
        }
        let gas_limit = match req.gas {
            Some(g) => g,
            None => self.estimate_gas(req)?,
        };
        let max_fee = req
            .max_fee_per_gas
            .or(req.gas_price)
            .unwrap_or(u128::from(self.config.base_fee) * 2);
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
        let env = self.signer.sign(from, tx)?;
        self.submit(env, from)
    }

    fn call_env(&self, db: &Db, req: &CallRequest, gas: u64) -> TxEnv {
        let from = req.from.unwrap_or_default();
        TxEnv {
            tx_type: 2,
            caller: from,
            gas_limit: gas,
            gas_price: req.max_fee_per_gas.or(req.gas_price).unwrap_or(0),
            kind: req.to.map(TxKind::Call).unwrap_or(TxKind::Create),
            value: req.value.unwrap_or_default(),
            data: req.input.clone().unwrap_or_default(),
            nonce: read(db, from, |x| x.info.nonce),
            chain_id: Some(self.config.chain_id),
            gas_priority_fee: Some(0),
            ..Default::default()
        }
    }

    fn call_gas(&self, req: &CallRequest) -> u64 {
        req.gas
            .unwrap_or(self.config.block_gas_limit)
            .min(self.config.block_gas_limit)
    }

    /// eth_call: executes against the head state (plus overrides) without committing.
    pub fn call(
        &mut self,
        req: &CallRequest,
        overrides: Option<&StateOverrides>,
    ) -> Result<CallResult, ChainError> {
        self.run_call(req, self.call_gas(req), overrides)
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
        let timestamp = self.block(n).ok_or(ChainError::UnknownBlock)?.timestamp;
        let block = self.block_env(n, timestamp);
        let mut db = self.store.db_at(&self.db, n)?.into_owned();
        if let Some(o) = overrides {
            apply_overrides(&mut db, o)?;
        }
        let tx = self.call_env(&db, req, self.call_gas(req));
        check_call_funds(&db, &tx)?;
        let (result, _) = self
            .executor
            .run(&self.config, &mut db, tx, block, Mode::Call)?;
        Ok(call_result(result))
    }

    fn run_call(
        &mut self,
        req: &CallRequest,
        gas: u64,
        overrides: Option<&StateOverrides>,
    ) -> Result<CallResult, ChainError> {
        let number = self.head().number.saturating_add(1);
        let block = self.block_env(number, self.next_timestamp());
        let (result, _) = match overrides {
            Some(o) if !o.is_empty() => {
                let mut db = self.db.clone();
                apply_overrides(&mut db, o)?;
                let tx = self.call_env(&db, req, gas);
                check_call_funds(&db, &tx)?;
                self.executor
                    .run(&self.config, &mut db, tx, block, Mode::Call)?
            }
            _ => {
                let tx = self.call_env(&self.db, req, gas);
                check_call_funds(&self.db, &tx)?;
                self.executor
                    .run(&self.config, &mut self.db, tx, block, Mode::Call)?
            }
        };
        Ok(call_result(result))
    }

    /// eth_estimateGas: the smallest gas limit with which the call succeeds.
    pub fn estimate_gas(&mut self, req: &CallRequest) -> Result<u64, ChainError> {
        let cap = req
            .gas
            .unwrap_or(self.config.block_gas_limit.min(500_000_000))
            .min(self.config.block_gas_limit);
        let first = self.run_call(req, cap, None)?;
        if !first.success {
            return Err(first.into_error());
        }
        let mut lo = first.gas_used.saturating_sub(1);
        let mut hi = cap;
        // Quick try: used + 63/64 headroom covers most call trees.
        let guess = (first.gas_used.saturating_mul(64) / 63)
            .saturating_add(5_000)
            .min(cap);
        if self.run_call(req, guess, None)?.success {
            hi = guess;
        } else {
            lo = guess;
        }
        while hi.saturating_sub(lo) > 1.max(hi / 1000) {
            let mid = lo + (hi - lo) / 2;
            if self.run_call(req, mid, None)?.success {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        Ok(hi)
    }

    /// Mines an empty block (evm_mine / interval mining), at `timestamp` when given (not
    /// below the head's); returns its number.
    pub fn mine(&mut self, timestamp: Option<u64>) -> Result<u64, ChainError> {
        let number = self.store.next_number()?;
        if let Some(t) = timestamp {
            self.clock.set_next(t, self.head().timestamp)?;
        }
        let block = miner::empty_block(
            &self.config,
            number,
            self.head().hash,
            self.next_timestamp(),
        );
        self.store.push(block, history::Undo::default(), vec![]);
        self.clock.consume();
        Ok(number)
    }

    /// evm_increaseTime: moves the clock forward; returns the total offset.
    pub fn increase_time(&mut self, secs: u64) -> Result<i64, ChainError> {
        self.clock.increase(secs)
    }

    /// evm_setNextBlockTimestamp.
    pub fn set_next_timestamp(&mut self, ts: u64) -> Result<(), ChainError> {
        self.clock.set_next(ts, self.head().timestamp)
    }

    /// evm_snapshot: returns the snapshot id.
    pub fn snapshot(&mut self) -> u64 {
        self.snapshots.take(self.store.len(), self.clock)
    }

    /// evm_revert: restores snapshot `id` (and drops it and later ones) and empties the
    /// pending pool; false for an unknown id.
    pub fn revert(&mut self, id: u64) -> bool {
        let Some(undone) = self.snapshots.take_back(id) else {
            return false;
        };
        for s in &undone {
            while self.store.len() > s.blocks {
                self.store.pop(&mut self.db);
            }
            s.edits.rewind(&mut self.db);
        }
        if let Some(oldest) = undone.last() {
            self.clock = oldest.clock;
        }
        self.pool.clear();
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
        if from > to {
            return Err(ChainError::InvalidParams(format!(
                "invalid block range: fromBlock {from} is after toBlock {to}"
            )));
        }
        let mut out = Vec::new();
        for n in from..=to {
            let Some(b) = self.block(n) else { continue };
            for h in &b.transactions {
                let Some(tx) = self.store.tx(*h) else {
                    continue;
                };
                out.extend(tx.logs.iter().filter(|l| filter.matches(l)).cloned());
            }
        }
        Ok(out)
    }

    /// Installs a polling filter; it reports from the next block on.
    pub fn new_filter(&mut self, kind: filters::FilterKind) -> u64 {
        let next = self.head().number.saturating_add(1);
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
        let mut from = filter.next_block.min(head.saturating_add(1));
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
            f.next_block = head.saturating_add(1);
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
        dump::export(&self.db, self.head().number, self.head().timestamp)
    }

    /// Directly sets an account's balance (anvil_setBalance).
    pub fn set_balance(&mut self, a: Address, balance: U256) {
        let mut info = self
            .db
            .cache
            .accounts
            .get(&a)
            .map(|x| x.info.clone())
            .unwrap_or_default();
        info.balance = balance;
        // A change between blocks: reading the head block's state shows it, older blocks not;
        // a revert to a snapshot taken at this head undoes it.
        self.store.head_undo_mut().capture_account(&self.db, a);
        self.snapshots.before_edit(&self.db, a, self.store.len());
        self.db.insert_account_info(a, info);
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

/// A call must be able to pay what it sends (and its gas when it names a gas price), as on
/// geth: balance checks are off in revm for calls, so this is the check. State overrides
/// (a `balance` for the sender) are applied before it.
fn check_call_funds(db: &Db, tx: &TxEnv) -> Result<(), ChainError> {
    let have = read(db, tx.caller, |x| x.info.balance);
    let want = U256::from(tx.gas_limit)
        .checked_mul(U256::from(tx.gas_price))
        .and_then(|g| g.checked_add(tx.value));
    match want {
        Some(w) if w <= have => Ok(()),
        _ => Err(ChainError::InvalidTx(format!(
            "insufficient funds for gas * price + value: address {} have {have} want {}",
            tx.caller,
            want.map(|w| w.to_string())
                .unwrap_or_else(|| "more than 2^256-1".into())
        ))),
    }
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
        let acc: &mut DbAccount = db.cache.accounts.entry(*a).or_default();
        if let Some(state) = &ov.state {
            acc.storage.clear();
            acc.account_state = revm::database::AccountState::StorageCleared;
            for (k, v) in state {
                acc.storage
                    .insert(U256::from_be_bytes(k.0), U256::from_be_bytes(v.0));
            }
        }
        if let Some(diff) = &ov.state_diff {
            for (k, v) in diff {
                acc.storage
                    .insert(U256::from_be_bytes(k.0), U256::from_be_bytes(v.0));
            }
        }
    }
    Ok(())
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

#[cfg(test)]
mod tests;
