#![cfg_attr(not(any(test, feature = "export-abi")), no_main)]

#[cfg(not(any(test, feature = "export-abi")))]
#[no_mangle]
pub extern "C" fn main() {}

#[cfg(feature = "export-abi")]
abi_export::export_abi_main!(
    rewards_distributor_work_submission_factory::RewardsDistributorWorkSubmissionFactory,
    rewards_distributor_work_submission_factory::abi::DECLARATIONS
);
