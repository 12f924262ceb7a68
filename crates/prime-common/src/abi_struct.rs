//! Solidity structs as public return types on stylus-sdk 0.9.
//!
//! The SDK encodes a returned Rust tuple as one tuple value (correct for a single struct
//! output), but its ABI export prints a tuple as several outputs. [`abi_struct!`] gives a
//! `sol!` struct an `AbiType` so that a function returning it is exported as returning one
//! tuple (`returns ((uint256,uint256))`) and arrays of it as `(…)[]`, while encoding stays
//! alloy's struct encoding.

/// `abi_struct!(Type, "(uint256,uint256)")`: implements `stylus_sdk::abi::AbiType` for the
/// `sol!` struct `Type`, whose canonical tuple type is the literal (and, in the calling
/// crate's `export-abi` build, the SDK's `InnerTypes`). For return types only. The exported
/// components are unnamed: the human-readable ABI the export goes through has no syntax for
/// tuple component names.
#[macro_export]
macro_rules! abi_struct {
    ($ty:ty, $abi:literal) => {
        impl ::stylus_sdk::abi::AbiType for $ty {
            type SolType = Self;
            // The leading space only shows in the exported interface: it stops the SDK
            // from printing `returns (T)[]` (unparsable) for an array of this struct.
            const ABI: ::stylus_sdk::abi::ConstString =
                ::stylus_sdk::abi::ConstString::new(concat!(" ", $abi));
            const EXPORT_ABI_ARG: ::stylus_sdk::abi::ConstString =
                ::stylus_sdk::abi::ConstString::new($abi);
            const EXPORT_ABI_RET: ::stylus_sdk::abi::ConstString =
                ::stylus_sdk::abi::ConstString::new(concat!("(", $abi, ")"));
            const CAN_BE_CALLDATA: bool = false;
        }

        #[cfg(feature = "export-abi")]
        impl ::stylus_sdk::abi::export::internal::InnerTypes for $ty {}
    };
}
