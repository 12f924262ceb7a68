//! A string in storage, Solidity-style: up to 31 bytes inline in one slot with its length
//! (`len * 2` in the last byte), longer ones as `len * 2 + 1` in that slot and 32-byte
//! chunks under a map. So the short strings the protocol stores (node specs URIs, pool and
//! domain names) cost one slot.
//!
//! Smaller code than the SDK's `StorageString`/`StorageBytes`, whose slot arithmetic pulls in a
//! 256-bit division (about 3 KB of program). Contracts store ABI `string` arguments as they
//! came ([`crate::abi_string::AbiString`]) and return them the same way.

use alloc::{string::String, vec, vec::Vec};

use alloy_primitives::{B256, U256};
use stylus_sdk::{
    prelude::*,
    storage::{Erase, StorageB256},
};

use crate::map::Map;

/// See the module documentation.
#[storage]
pub struct PackedString {
    /// A short string and `len * 2`, or `len * 2 + 1` for a long one.
    head: StorageB256,
    /// The 32-byte chunks of a long string.
    chunks: Map<U256, StorageB256>,
}

impl PackedString {
    /// Stores `s`.
    pub fn set_str(&mut self, s: &str) {
        self.set_bytes(s.as_bytes())
    }

    /// Stores the bytes of a string (an ABI `string` argument: not necessarily UTF-8, as
    /// Solidity does not require it).
    pub fn set_bytes(&mut self, bytes: &[u8]) {
        let mut head = B256::ZERO;
        if bytes.len() < 32 {
            head[..bytes.len()].copy_from_slice(bytes);
            head[31] = (bytes.len() * 2) as u8;
        } else {
            head[24..].copy_from_slice(&(bytes.len() as u64 * 2 + 1).to_be_bytes());
            for (i, chunk) in bytes.chunks(32).enumerate() {
                let mut word = B256::ZERO;
                word[..chunk.len()].copy_from_slice(chunk);
                self.chunks.setter(U256::from(i)).set(word);
            }
        }
        self.head.set(head);
    }

    /// The stored string (UTF-8 as long as only `set_str` wrote it).
    pub fn get_string(&self) -> String {
        // SAFETY: see `get_bytes`; strings stored from `&str` are UTF-8, and the ABI encoding
        // of a returned `String` copies its bytes without looking at them.
        unsafe { String::from_utf8_unchecked(self.get_bytes()) }
    }

    /// The stored bytes.
    pub fn get_bytes(&self) -> Vec<u8> {
        let head = self.head.get();
        let out = if head[31] & 1 == 0 {
            head[..(head[31] / 2) as usize].to_vec()
        } else {
            // Written by `set_str`: the length fits in the low 8 bytes.
            let mut low = [0u8; 8];
            low.copy_from_slice(&head[24..]);
            let len = (u64::from_be_bytes(low) / 2) as usize;
            let mut out = Vec::with_capacity(len.div_ceil(32) * 32);
            for i in 0..len.div_ceil(32) {
                out.extend_from_slice(self.chunks.get(U256::from(i)).as_slice());
            }
            out.truncate(len);
            out
        };
        out
    }
}

impl Erase for PackedString {
    /// Forgets the string (the chunk slots of a long one keep stale words, never read).
    fn erase(&mut self) {
        self.head.erase();
    }
}

#[cfg(test)]
mod tests {
    use motsu::prelude::*;

    use super::*;
    use alloy_primitives::Address;

    #[storage]
    struct Tester {
        s: PackedString,
    }

    unsafe impl TopLevelStorage for Tester {}

    #[public]
    impl Tester {
        fn set(&mut self, s: String) {
            self.s.set_str(&s);
        }
        fn get(&self) -> String {
            self.s.get_string()
        }
        fn erase(&mut self) {
            self.s.erase();
        }
    }

    #[motsu::test]
    fn round_trips_short_and_long_strings(c: Contract<Tester>, alice: Address) {
        for s in [
            "",
            "x",
            "ipfs://nodekey/",
            &"a".repeat(31),
            &"b".repeat(32),
            &"c".repeat(33),
            &"é".repeat(50),
            "short again",
        ] {
            c.sender(alice).set(s.into());
            assert_eq!(c.sender(alice).get(), s);
        }
        c.sender(alice).erase();
        assert_eq!(c.sender(alice).get(), "");
    }
}
