//! Stylus program loading: the on-chain code formats (§6.5) to raw WASM bytes.
//!
//! - classic: `EF F0 00 <dict>` + brotli(wasm)
//! - fragmented root (ArbOS 60+): `EF F0 02 <dict> ‖ u32 BE wasm length ‖ 20-byte fragment addresses…`
//!   with fragments `EF F0 01 ‖ chunk`; the chunks concatenated form the brotli stream.

use alloy_primitives::{Address, Bytes};
use std::io::Read;

/// Prefix of a classic Stylus program.
pub const STYLUS_PREFIX: [u8; 3] = [0xEF, 0xF0, 0x00];
/// Prefix of a fragment contract.
pub const FRAGMENT_PREFIX: [u8; 3] = [0xEF, 0xF0, 0x01];
/// Prefix of a fragmented root contract.
pub const ROOT_PREFIX: [u8; 3] = [0xEF, 0xF0, 0x02];
/// Nitro's `MaxWasmSize` (uncompressed), 128 KiB.
pub const MAX_WASM_SIZE: usize = 128 * 1024;
/// Nitro's initial `MaxFragmentCount`.
pub const MAX_FRAGMENT_COUNT: usize = 2;

/// Why code is not a loadable Stylus program.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProgramError {
    #[error("code is not a Stylus program (missing EF F0 00 / EF F0 02 prefix)")]
    NotWasm,
    #[error("unsupported brotli dictionary {0} (only 0 = none is supported)")]
    UnsupportedDictionary(u8),
    #[error("brotli decompression failed: {0}")]
    Decompress(String),
    #[error("decompressed wasm is {0} bytes, more than MaxWasmSize ({MAX_WASM_SIZE})")]
    TooLarge(usize),
    #[error("malformed fragmented root contract")]
    BadRoot,
    #[error("{0} fragments, more than MaxFragmentCount ({MAX_FRAGMENT_COUNT})")]
    TooManyFragments(usize),
    #[error("fragment {0} is not an EF F0 01 fragment contract")]
    BadFragment(Address),
    #[error("fragmented program decompressed to {got} bytes, root declares {declared}")]
    LengthMismatch { got: usize, declared: usize },
}

/// ArbOS version from which fragmented root programs exist.
pub const FRAGMENTS_ARBOS_VERSION: u64 = 60;

/// True when `code` is a Stylus program under `arbos_version`'s rules (classic, or from
/// ArbOS 60 a fragmented root).
pub fn is_stylus_program(code: &[u8], arbos_version: u64) -> bool {
    code.len() >= 4
        && (code[..3] == STYLUS_PREFIX
            || (code[..3] == ROOT_PREFIX && arbos_version >= FRAGMENTS_ARBOS_VERSION))
}

/// Decodes on-chain code to the raw WASM module. `fragment_code` reads the code of a
/// fragment contract (used for `EF F0 02` roots).
pub fn decode_program(
    code: &[u8],
    arbos_version: u64,
    mut fragment_code: impl FnMut(Address) -> Bytes,
) -> Result<Vec<u8>, ProgramError> {
    if code.len() < 4 {
        return Err(ProgramError::NotWasm);
    }
    if code[..3] == STYLUS_PREFIX {
        check_dict(code[3])?;
        return decompress(&code[4..], MAX_WASM_SIZE);
    }
    if code[..3] == ROOT_PREFIX && arbos_version >= FRAGMENTS_ARBOS_VERSION {
        check_dict(code[3])?;
        let rest = &code[4..];
        if rest.len() < 4 || !(rest.len() - 4).is_multiple_of(20) {
            return Err(ProgramError::BadRoot);
        }
        let declared = u32::from_be_bytes([rest[0], rest[1], rest[2], rest[3]]) as usize;
        if declared > MAX_WASM_SIZE {
            return Err(ProgramError::TooLarge(declared));
        }
        let addrs: Vec<Address> = rest[4..].chunks(20).map(Address::from_slice).collect();
        if addrs.is_empty() {
            return Err(ProgramError::BadRoot);
        }
        if addrs.len() > MAX_FRAGMENT_COUNT {
            return Err(ProgramError::TooManyFragments(addrs.len()));
        }
        let mut stream = Vec::new();
        for a in addrs {
            let frag = fragment_code(a);
            if frag.len() < 3 || frag[..3] != FRAGMENT_PREFIX {
                return Err(ProgramError::BadFragment(a));
            }
            stream.extend_from_slice(&frag[3..]);
        }
        let wasm = decompress(&stream, declared)?;
        if wasm.len() != declared {
            return Err(ProgramError::LengthMismatch {
                got: wasm.len(),
                declared,
            });
        }
        return Ok(wasm);
    }
    Err(ProgramError::NotWasm)
}

fn check_dict(d: u8) -> Result<(), ProgramError> {
    if d == 0 {
        Ok(())
    } else {
        Err(ProgramError::UnsupportedDictionary(d))
    }
}

fn decompress(data: &[u8], limit: usize) -> Result<Vec<u8>, ProgramError> {
    let mut out = Vec::new();
    let reader = brotli_decompressor::Decompressor::new(data, 4096);
    reader
        .take(limit as u64 + 1)
        .read_to_end(&mut out)
        .map_err(|e| ProgramError::Decompress(e.to_string()))?;
    if out.len() > limit {
        return Err(ProgramError::TooLarge(out.len()));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_non_stylus_code() {
        assert_eq!(
            decode_program(&[0x60, 0x00], 60, |_| Bytes::new()),
            Err(ProgramError::NotWasm)
        );
        assert_eq!(
            decode_program(&[0xEF, 0xF0, 0x00, 0x01, 0x00], 60, |_| Bytes::new()),
            Err(ProgramError::UnsupportedDictionary(1))
        );
        assert!(matches!(
            decode_program(&[0xEF, 0xF0, 0x00, 0x00, 0xff, 0xff, 0xff], 60, |_| {
                Bytes::new()
            }),
            Err(ProgramError::Decompress(_))
        ));
    }

    #[test]
    fn root_needs_fragments() {
        let mut root = vec![0xEF, 0xF0, 0x02, 0x00, 0, 0, 0, 8];
        root.extend_from_slice(&[0x11; 20]);
        assert_eq!(
            decode_program(&root, 60, |_| Bytes::from_static(&[0x60])),
            Err(ProgramError::BadFragment(Address::repeat_byte(0x11)))
        );
    }
}
