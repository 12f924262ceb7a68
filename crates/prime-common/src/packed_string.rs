//! A string in storage as its length plus 32-byte chunks under keccak-derived slots.
//!
//! Smaller code than the SDK's `StorageString`/`StorageBytes`, whose slot arithmetic pulls in a
//! 256-bit division (about 3 KB of program). Only ever written from ABI-decoded, hence valid
//! UTF-8, strings, so it is read back without validating again.

use alloc::{string::String, vec, vec::Vec};

use alloy_primitives::{B256, U256};
use stylus_sdk::{
    prelude::*,
    storage::{Erase, StorageB256, StorageMap, StorageU256},
};

/// See the module documentation.
#[storage]
pub struct PackedString {
    len: StorageU256,
    chunks: StorageMap<U256, StorageB256>,
}

impl PackedString {
    /// Stores `s`.
    pub fn set_str(&mut self, s: &str) {
        self.len.set(U256::from(s.len()));
        for (i, chunk) in s.as_bytes().chunks(32).enumerate() {
            let mut word = B256::ZERO;
            word[..chunk.len()].copy_from_slice(chunk);
            self.chunks.setter(U256::from(i)).set(word);
        }
    }

    /// The stored string.
    pub fn get_string(&self) -> String {
        let len = self.len.get().as_limbs()[0] as usize;
        let mut out = Vec::with_capacity(len.div_ceil(32) * 32);
        for i in 0..len.div_ceil(32) {
            out.extend_from_slice(self.chunks.get(U256::from(i)).as_slice());
        }
        out.truncate(len);
        // SAFETY: only `set_str` writes, from a `&str`.
        unsafe { String::from_utf8_unchecked(out) }
    }
}

impl Erase for PackedString {
    /// Forgets the string (its chunk slots keep stale words past the length, never read).
    fn erase(&mut self) {
        self.len.erase();
    }
}
