//! Small, size-conscious ABI helpers: `Error(string)` and `Panic(uint256)` revert data,
//! hand-built calldata and word readers for the few external calls ComputePool makes.

use alloc::vec::Vec;

use alloy_primitives::{Address, U256};

/// `Error(string)` revert data (selector 0x08c379a0), as Solidity's `require(cond, msg)`.
pub fn error_string(msg: &str) -> Vec<u8> {
    let padded = msg.len().div_ceil(32) * 32;
    let mut out = Vec::with_capacity(4 + 64 + padded);
    out.extend_from_slice(&[0x08, 0xc3, 0x79, 0xa0]);
    out.extend_from_slice(&U256::from(32).to_be_bytes::<32>());
    out.extend_from_slice(&U256::from(msg.len()).to_be_bytes::<32>());
    out.extend_from_slice(msg.as_bytes());
    out.resize(4 + 64 + padded, 0);
    out
}

/// `require(cond, msg)`.
pub fn require(cond: bool, msg: &str) -> Result<(), Vec<u8>> {
    if cond {
        Ok(())
    } else {
        Err(error_string(msg))
    }
}

/// Solidity panic code for checked arithmetic (over- or underflow).
pub const PANIC_ARITHMETIC: u8 = 0x11;
/// Solidity panic code for an out-of-bounds array index.
pub const PANIC_INDEX: u8 = 0x32;

/// `Panic(uint256)` revert data (selector 0x4e487b71).
pub fn panic(code: u8) -> Vec<u8> {
    let mut out = Vec::with_capacity(36);
    out.extend_from_slice(&[0x4e, 0x48, 0x7b, 0x71]);
    out.extend_from_slice(&U256::from(code).to_be_bytes::<32>());
    out
}

/// Checked `a + b`, `Panic(0x11)` on overflow.
pub fn add(a: U256, b: U256) -> Result<U256, Vec<u8>> {
    a.checked_add(b).ok_or_else(|| panic(PANIC_ARITHMETIC))
}

/// Checked `a - b`, `Panic(0x11)` on underflow.
pub fn sub(a: U256, b: U256) -> Result<U256, Vec<u8>> {
    a.checked_sub(b).ok_or_else(|| panic(PANIC_ARITHMETIC))
}

/// `xs[i]`, `Panic(0x32)` when out of range (mismatched batch arrays).
pub fn at<T: Clone>(xs: &[T], i: usize) -> Result<T, Vec<u8>> {
    xs.get(i).cloned().ok_or_else(|| panic(PANIC_INDEX))
}

/// Calldata under construction: a selector followed by 32-byte words.
pub struct Calldata(pub Vec<u8>);

impl Calldata {
    /// Starts calldata with a 4-byte selector.
    pub fn new(selector: u32) -> Self {
        let mut v = Vec::with_capacity(4 + 32 * 6);
        v.extend_from_slice(&selector.to_be_bytes());
        Self(v)
    }

    /// Appends a `uint256` word.
    pub fn uint(mut self, v: U256) -> Self {
        self.0.extend_from_slice(&v.to_be_bytes::<32>());
        self
    }

    /// Appends an `address` word.
    pub fn addr(mut self, a: Address) -> Self {
        self.0.extend_from_slice(&[0u8; 12]);
        self.0.extend_from_slice(a.as_slice());
        self
    }

    /// Appends a `bool` word.
    pub fn boolean(self, b: bool) -> Self {
        self.uint(U256::from(b as u8))
    }

    /// Appends a `bytes32` word.
    pub fn word(mut self, w: &[u8; 32]) -> Self {
        self.0.extend_from_slice(w);
        self
    }

    /// Appends the tail of a `bytes` argument (length word + padded data); its head word,
    /// the offset, must have been written with [`Calldata::uint`].
    pub fn bytes_tail(mut self, data: &[u8]) -> Self {
        self.0
            .extend_from_slice(&U256::from(data.len()).to_be_bytes::<32>());
        self.0.extend_from_slice(data);
        let padded = data.len().div_ceil(32) * 32;
        self.0.resize(self.0.len() + padded - data.len(), 0);
        self
    }
}

/// Word `i` of return data; data too short to decode reverts without data, as Solidity's
/// ABI decoder does.
pub fn word(ret: &[u8], i: usize) -> Result<U256, Vec<u8>> {
    ret.get(i * 32..i * 32 + 32)
        .map(U256::from_be_slice)
        .ok_or_else(Vec::new)
}

/// Word `i` of return data as an address.
pub fn addr_word(ret: &[u8], i: usize) -> Result<Address, Vec<u8>> {
    let w = word(ret, i)?;
    Ok(Address::from_word(w.to_be_bytes::<32>().into()))
}

/// Word `i` of return data as a bool.
pub fn bool_word(ret: &[u8], i: usize) -> Result<bool, Vec<u8>> {
    Ok(!word(ret, i)?.is_zero())
}

/// A returned `address[]` whose offset word is at index `i`.
pub fn addr_array(ret: &[u8], i: usize) -> Result<Vec<Address>, Vec<u8>> {
    let off = usize::try_from(word(ret, i)?).map_err(|_| Vec::new())? / 32;
    let len = usize::try_from(word(ret, off)?).map_err(|_| Vec::new())?;
    let mut out = Vec::new();
    for k in 0..len {
        out.push(addr_word(ret, off + 1 + k)?);
    }
    Ok(out)
}
