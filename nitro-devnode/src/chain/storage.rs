//! Mined blocks, their transactions and receipts, and the per-block undo records that let
//! the state be read at an older block (`history`) and blocks be taken off again
//! (snapshot reverts).

use super::{history::Undo, Block, ChainError, Db, TxRecord};
use alloy_primitives::B256;
use std::{borrow::Cow, collections::HashMap};

/// The largest block number the chain reaches (2^63 - 1, like timestamps).
pub const MAX_BLOCK_NUMBER: u64 = i64::MAX as u64;

/// Blocks from the first (genesis or a loaded dump's head) to the head.
#[derive(Debug)]
pub struct BlockStore {
    blocks: Vec<Block>,
    /// One undo record per block, parallel to `blocks`.
    undo: Vec<Undo>,
    txs: HashMap<B256, TxRecord>,
    by_hash: HashMap<B256, u64>,
}

impl BlockStore {
    pub fn new(genesis: Block) -> Self {
        let mut by_hash = HashMap::new();
        by_hash.insert(genesis.hash, genesis.number);
        Self {
            blocks: vec![genesis],
            undo: vec![Undo::default()],
            txs: HashMap::new(),
            by_hash,
        }
    }

    /// Number of blocks held (the first one included).
    pub fn len(&self) -> usize {
        self.blocks.len()
    }

    /// Never: the first block is always held.
    pub fn is_empty(&self) -> bool {
        self.blocks.is_empty()
    }

    pub fn first_number(&self) -> u64 {
        self.blocks[0].number
    }

    pub fn head(&self) -> &Block {
        self.blocks
            .last()
            .expect("the first block is never removed")
    }

    pub fn block(&self, number: u64) -> Option<&Block> {
        let i = number.checked_sub(self.first_number())?;
        self.blocks.get(usize::try_from(i).ok()?)
    }

    pub fn block_by_hash(&self, hash: B256) -> Option<&Block> {
        self.by_hash.get(&hash).and_then(|n| self.block(*n))
    }

    pub fn tx(&self, hash: B256) -> Option<&TxRecord> {
        self.txs.get(&hash)
    }

    /// The number the next block gets, unless the chain is at its last block.
    pub fn next_number(&self) -> Result<u64, ChainError> {
        let head = self.head().number;
        if head >= MAX_BLOCK_NUMBER {
            return Err(ChainError::InvalidTx(format!(
                "block number limit reached: {head}"
            )));
        }
        Ok(head + 1)
    }

    /// Appends a mined block with its undo record and transactions.
    pub fn push(&mut self, block: Block, undo: Undo, txs: Vec<TxRecord>) {
        self.by_hash.insert(block.hash, block.number);
        for t in txs {
            self.txs.insert(t.hash, t);
        }
        self.blocks.push(block);
        self.undo.push(undo);
    }

    /// Removes the head block and puts back in `db` what it changed; false at the first
    /// block.
    pub fn pop(&mut self, db: &mut Db) -> bool {
        if self.blocks.len() <= 1 {
            return false;
        }
        let (Some(block), Some(undo)) = (self.blocks.pop(), self.undo.pop()) else {
            return false;
        };
        undo.rewind(db);
        self.by_hash.remove(&block.hash);
        for h in &block.transactions {
            self.txs.remove(h);
        }
        true
    }

    /// The head block's undo record (changes made between blocks are recorded there).
    pub fn head_undo_mut(&mut self) -> &mut Undo {
        self.undo.last_mut().expect("parallel to blocks")
    }

    /// The state after block `n`: `head_db` itself at the head, or a copy rewound block by
    /// block.
    pub fn db_at<'a>(&self, head_db: &'a Db, n: u64) -> Result<Cow<'a, Db>, ChainError> {
        let head = self.head().number;
        if n >= head {
            return Ok(Cow::Borrowed(head_db));
        }
        let first = self.first_number();
        if n < first {
            return Err(ChainError::UnknownBlock);
        }
        let mut db = head_db.clone();
        // Indices are below `blocks.len()` (n >= first, head is the last block).
        for i in ((n - first + 1) as usize..self.undo.len()).rev() {
            self.undo[i].rewind(&mut db);
        }
        Ok(Cow::Owned(db))
    }
}
