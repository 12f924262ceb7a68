#![cfg_attr(not(any(test, feature = "export-abi")), no_main)]

#[cfg(not(any(test, feature = "export-abi")))]
#[no_mangle]
pub extern "C" fn main() {}

/// The ComputePool address's ABI is the union of the front's and the two facets' routers.
#[cfg(feature = "export-abi")]
struct Union;

#[cfg(feature = "export-abi")]
impl stylus_sdk::abi::export::GenerateAbi for Union {
    const NAME: &'static str = "ComputePool";

    fn fmt_abi(f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        <compute_pool::ComputePool as stylus_sdk::abi::export::GenerateAbi>::fmt_abi(f)?;
        <compute_pool_core::ComputePoolMembership as stylus_sdk::abi::export::GenerateAbi>::fmt_abi(f)?;
        <compute_pool_core::ComputePoolAdmin as stylus_sdk::abi::export::GenerateAbi>::fmt_abi(f)
    }

    fn fmt_constructor_signature(f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        <compute_pool::ComputePool as stylus_sdk::abi::export::GenerateAbi>::fmt_constructor_signature(f)
    }
}

#[cfg(feature = "export-abi")]
abi_export::export_abi_main!(Union, compute_pool::abi::DECLARATIONS);
