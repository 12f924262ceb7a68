//! ArbSys, ArbOwner, ArbOwnerPublic, ArbGasInfo, ArbDebug and ArbosTest: what the devnode's
//! clients and nitro-devnode's setup calls use.

use super::{
    chain_owners, error_string, is_chain_owner, refund, selector, Answer, CACHE_MANAGERS, OWNERS,
};
use crate::exec::{
    Ctx, Shared, ARBOS_TEST, ARB_DEBUG, ARB_GAS_INFO, ARB_OWNER, ARB_OWNER_PUBLIC, ARB_SYS,
};
use alloy_primitives::{Address, Bytes, B256, U256};
use alloy_sol_types::{sol, SolCall, SolValue};
use revm::{
    context_interface::{Block, ContextTr, JournalTr},
    interpreter::CallInputs,
};
use std::rc::Rc;

sol! {
    interface ArbSys {
        function arbBlockNumber() external view returns (uint256);
        function arbBlockHash(uint256 arbBlockNum) external view returns (bytes32);
        function arbChainID() external view returns (uint256);
        function arbOSVersion() external view returns (uint256);
        function isTopLevelCall() external view returns (bool);
        function wasMyCallersAddressAliased() external view returns (bool);
        function myCallersAddressWithoutAliasing() external view returns (address);
    }

    interface ArbOwner {
        function addChainOwner(address newOwner) external;
        function removeChainOwner(address ownerToRemove) external;
        function isChainOwner(address addr) external view returns (bool);
        function getAllChainOwners() external view returns (address[] memory);
        function addWasmCacheManager(address manager) external;
        function removeWasmCacheManager(address manager) external;
    }

    interface ArbOwnerPublic {
        function getMaxStylusContractFragments() external view returns (uint8);
        function isChainOwner(address addr) external view returns (bool);
        function getAllChainOwners() external view returns (address[] memory);
        function getNetworkFeeAccount() external view returns (address);
        function getInfraFeeAccount() external view returns (address);
        function getBrotliCompressionLevel() external view returns (uint64);
    }

    interface ArbGasInfo {
        function getMinimumGasPrice() external view returns (uint256);
        function getL1BaseFeeEstimate() external view returns (uint256);
        function getCurrentTxL1GasFees() external view returns (uint256);
    }

    interface ArbDebug {
        function becomeChainOwner() external;
    }

    interface ArbosTest {
        function burnArbGas(uint256 gasAmount) external pure;
    }
}

const OPEN_GAS: u64 = 800;

pub(super) fn run(shared: &Rc<Shared>, ctx: &mut Ctx, inputs: &CallInputs, input: &[u8]) -> Answer {
    let p = &shared.params;
    let sel = selector(input);
    let gas = OPEN_GAS + super::copy_gas(input);
    let ok = |v: Vec<u8>| Answer::ok(v, gas);
    let addr = inputs.bytecode_address;
    if addr != ARB_OWNER && addr != ARB_DEBUG && !inputs.call_value().is_zero() {
        return Answer::Revert(Bytes::new(), OPEN_GAS);
    }
    match addr {
        ARB_SYS => match sel {
            ArbSys::arbBlockNumberCall::SELECTOR => ok(ctx.block().number().abi_encode()),
            ArbSys::arbBlockHashCall::SELECTOR => ok(B256::ZERO.abi_encode()),
            ArbSys::arbChainIDCall::SELECTOR => ok(U256::from(ctx.cfg.chain_id).abi_encode()),
            // Nitro reports ArbOS versions offset by 55.
            ArbSys::arbOSVersionCall::SELECTOR => ok(U256::from(55 + p.arbos_version).abi_encode()),
            ArbSys::isTopLevelCallCall::SELECTOR => ok((ctx.journal().depth() <= 2).abi_encode()),
            ArbSys::wasMyCallersAddressAliasedCall::SELECTOR => ok(false.abi_encode()),
            ArbSys::myCallersAddressWithoutAliasingCall::SELECTOR => ok(inputs.caller.abi_encode()),
            _ => Answer::Revert(Bytes::new(), OPEN_GAS),
        },
        ARB_OWNER_PUBLIC => match sel {
            ArbOwnerPublic::getMaxStylusContractFragmentsCall::SELECTOR => {
                let n = if p.arbos_version >= 60 {
                    crate::stylus::program::MAX_FRAGMENT_COUNT
                } else {
                    0
                };
                ok(U256::from(n).abi_encode())
            }
            ArbOwnerPublic::isChainOwnerCall::SELECTOR => {
                match ArbOwnerPublic::isChainOwnerCall::abi_decode(input) {
                    Ok(c) => ok(is_chain_owner(p, ctx, c.addr).abi_encode()),
                    Err(_) => Answer::Revert(Bytes::new(), gas),
                }
            }
            ArbOwnerPublic::getAllChainOwnersCall::SELECTOR => {
                ok(chain_owners(p, ctx).abi_encode())
            }
            ArbOwnerPublic::getBrotliCompressionLevelCall::SELECTOR => ok(1u64.abi_encode()),
            _ => ok(Address::ZERO.abi_encode()),
        },
        ARB_GAS_INFO => match sel {
            ArbGasInfo::getMinimumGasPriceCall::SELECTOR => {
                ok(U256::from(ctx.block().basefee()).abi_encode())
            }
            // Zero L1 pricing, as nitro-devnode's setup leaves it; other getters answer
            // with zero words.
            _ => ok(vec![0u8; 32 * 6]),
        },
        ARB_OWNER => {
            if !is_chain_owner(p, ctx, inputs.caller) {
                return Answer::Revert(
                    error_string("unauthorized caller to access-controlled method"),
                    gas,
                );
            }
            if inputs.is_static && sel != ArbOwner::isChainOwnerCall::SELECTOR {
                return Answer::Revert(Bytes::new(), OPEN_GAS);
            }
            refund(ctx, ARB_OWNER, inputs.caller, inputs.call_value());
            macro_rules! arg {
                ($call:ty, $field:ident) => {
                    match <$call>::abi_decode(input) {
                        Ok(c) => c.$field,
                        Err(_) => return Answer::Revert(Bytes::new(), gas),
                    }
                };
            }
            match sel {
                ArbOwner::addChainOwnerCall::SELECTOR => {
                    OWNERS.add(ctx, arg!(ArbOwner::addChainOwnerCall, newOwner));
                    ok(Vec::new())
                }
                ArbOwner::removeChainOwnerCall::SELECTOR => {
                    OWNERS.remove(ctx, arg!(ArbOwner::removeChainOwnerCall, ownerToRemove));
                    ok(Vec::new())
                }
                ArbOwner::isChainOwnerCall::SELECTOR => {
                    let a = arg!(ArbOwner::isChainOwnerCall, addr);
                    ok(is_chain_owner(p, ctx, a).abi_encode())
                }
                ArbOwner::getAllChainOwnersCall::SELECTOR => ok(chain_owners(p, ctx).abi_encode()),
                ArbOwner::addWasmCacheManagerCall::SELECTOR => {
                    CACHE_MANAGERS.add(ctx, arg!(ArbOwner::addWasmCacheManagerCall, manager));
                    ok(Vec::new())
                }
                ArbOwner::removeWasmCacheManagerCall::SELECTOR => {
                    CACHE_MANAGERS.remove(ctx, arg!(ArbOwner::removeWasmCacheManagerCall, manager));
                    ok(Vec::new())
                }
                // Other setters (setL1PricePerUnit, …) are accepted and change nothing here.
                _ => ok(vec![0u8; 32]),
            }
        }
        ARB_DEBUG => {
            refund(ctx, ARB_DEBUG, inputs.caller, inputs.call_value());
            if sel == ArbDebug::becomeChainOwnerCall::SELECTOR && !inputs.is_static {
                OWNERS.add(ctx, inputs.caller);
            }
            ok(vec![0u8; 32])
        }
        ARBOS_TEST => match ArbosTest::burnArbGasCall::abi_decode(input) {
            // A pure method: only the argument copy and the burn.
            Ok(c) => Answer::ok(
                Bytes::new(),
                super::copy_gas(input).saturating_add(c.gasAmount.saturating_to::<u64>()),
            ),
            Err(_) => Answer::Revert(Bytes::new(), super::copy_gas(input)),
        },
        _ => Answer::Revert(Bytes::new(), OPEN_GAS),
    }
}
