//! ArbOS precompiles: ArbWasm (activation, Stylus parameters), ArbSys, ArbOwnerPublic,
//! ArbGasInfo, and no-op ArbOwner / ArbDebug / ArbWasmCache for nitro-devnode's setup.

use super::{
    ok_result, revert_result, Ctx, Shared, ARB_DEBUG, ARB_GAS_INFO, ARB_OWNER, ARB_OWNER_PUBLIC,
    ARB_SYS, ARB_WASM, ARB_WASM_CACHE,
};
use crate::stylus::runtime::ActivationError;
use alloy_primitives::{keccak256, Address, Bytes, Log, B256, U256};
use alloy_sol_types::{sol, SolCall, SolError, SolEvent, SolValue};
use revm::{
    context_interface::{Block, ContextTr, JournalTr},
    interpreter::{CallInputs, InterpreterResult},
};
use std::rc::Rc;

sol! {
    interface ArbWasm {
        function activateProgram(address program) external payable returns (uint16 version, uint256 dataFee);
        function stylusVersion() external view returns (uint16 version);
        function codehashVersion(bytes32 codehash) external view returns (uint16 version);
        function codehashKeepalive(bytes32 codehash) external payable returns (uint256 dataFee);
        function codehashAsmSize(bytes32 codehash) external view returns (uint32 size);
        function programVersion(address program) external view returns (uint16 version);
        function programInitGas(address program) external view returns (uint64 gas, uint64 gasWhenCached);
        function programMemoryFootprint(address program) external view returns (uint16 footprint);
        function programTimeLeft(address program) external view returns (uint64 _secs);
        function inkPrice() external view returns (uint32 price);
        function maxStackDepth() external view returns (uint32 depth);
        function freePages() external view returns (uint16 pages);
        function pageGas() external view returns (uint16 gas);
        function pageRamp() external view returns (uint64 ramp);
        function pageLimit() external view returns (uint16 limit);
        function minInitGas() external view returns (uint64 gas, uint64 cached);
        function initCostScalar() external view returns (uint64 percent);
        function expiryDays() external view returns (uint16 _days);
        function keepaliveDays() external view returns (uint16 _days);
        function blockCacheSize() external view returns (uint16 count);
        function activationGas() external view returns (uint64 gas);

        event ProgramActivated(bytes32 indexed codehash, bytes32 moduleHash, address program, uint256 dataFee, uint16 version);

        error ProgramNotWasm();
        error ProgramNotActivated();
        error ProgramNeedsUpgrade(uint16 version, uint16 stylusVersion);
        error ProgramExpired(uint64 ageInSeconds);
        error ProgramUpToDate();
        error ProgramKeepaliveTooSoon(uint64 ageInSeconds);
        error ProgramInsufficientValue(uint256 have, uint256 want);
    }

    interface ArbSys {
        function arbBlockNumber() external view returns (uint256);
        function arbBlockHash(uint256 arbBlockNum) external view returns (bytes32);
        function arbChainID() external view returns (uint256);
        function arbOSVersion() external view returns (uint256);
        function isTopLevelCall() external view returns (bool);
        function wasMyCallersAddressAliased() external view returns (bool);
        function myCallersAddressWithoutAliasing() external view returns (address);
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

    error Error(string message);
}

/// Seconds until an activation expires (Nitro: 365 days).
const EXPIRY_SECS: u64 = 365 * 24 * 3600;

fn program_slot(codehash: B256) -> U256 {
    let mut buf = b"nitro-devnode.program".to_vec();
    buf.extend_from_slice(codehash.as_slice());
    U256::from_be_bytes(keccak256(buf).0)
}

/// Activation record: version (bits 0..16), footprint pages (16..32), init gas
/// (32..64), activation time (64..128), asm size (128..160).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ProgramRecord {
    pub version: u16,
    pub footprint: u16,
    pub init_gas: u32,
    pub activated_at: u64,
    pub asm_size: u32,
}

impl ProgramRecord {
    fn pack(&self) -> U256 {
        U256::from(self.version)
            | U256::from(self.footprint) << 16
            | U256::from(self.init_gas) << 32
            | U256::from(self.activated_at) << 64
            | U256::from(self.asm_size) << 128
    }

    fn unpack(v: U256) -> Option<Self> {
        if v.is_zero() {
            return None;
        }
        let f = |shift: usize, bits: usize| -> u64 {
            ((v >> shift) & ((U256::from(1) << bits) - U256::from(1))).to::<u64>()
        };
        Some(Self {
            version: f(0, 16) as u16,
            footprint: f(16, 16) as u16,
            init_gas: f(32, 32) as u32,
            activated_at: f(64, 64),
            asm_size: f(128, 32) as u32,
        })
    }
}

/// The activation record of `codehash`, if activated.
pub fn program_record(ctx: &mut Ctx, codehash: B256) -> Option<ProgramRecord> {
    ctx.journal_mut().load_account(ARB_WASM).ok()?;
    let v = ctx
        .journal_mut()
        .sload(ARB_WASM, program_slot(codehash))
        .ok()?
        .data;
    ProgramRecord::unpack(v)
}

/// Stylus version `codehash` was activated with.
pub fn codehash_version(ctx: &mut Ctx, codehash: B256) -> Option<u16> {
    program_record(ctx, codehash).map(|r| r.version)
}

pub fn program_not_activated() -> Bytes {
    ArbWasm::ProgramNotActivated {}.abi_encode().into()
}

pub fn program_needs_upgrade(version: u16, stylus: u16) -> Bytes {
    ArbWasm::ProgramNeedsUpgrade {
        version,
        stylusVersion: stylus,
    }
    .abi_encode()
    .into()
}

fn error_string(msg: impl Into<String>) -> Bytes {
    Error {
        message: msg.into(),
    }
    .abi_encode()
    .into()
}

/// Activates the program at `program`: decode, validate by Nitro's rules, compile, charge the
/// data fee out of `value`, record. Returns (version, data fee, gas used) or the revert data.
pub fn activate(
    shared: &Rc<Shared>,
    ctx: &mut Ctx,
    program: Address,
    value: U256,
) -> Result<(u16, U256, u64), Bytes> {
    let (code, codehash) = {
        let acc = ctx
            .journal_mut()
            .load_account_with_code(program)
            .map_err(|_| Bytes::new())?;
        let code = acc
            .data
            .info
            .code
            .as_ref()
            .map(|c| c.original_bytes())
            .unwrap_or_default();
        (code, acc.data.info.code_hash)
    };
    if !crate::stylus::program::is_stylus_program(&code) {
        return Err(ArbWasm::ProgramNotWasm {}.abi_encode().into());
    }
    let version = shared.params.version;
    if codehash_version(ctx, codehash) == Some(version) {
        return Err(ArbWasm::ProgramUpToDate {}.abi_encode().into());
    }
    let compiled = shared
        .runtime
        .compile_code(&code, |a| super::code_of(ctx, a))
        .map_err(|e: ActivationError| match e {
            ActivationError::Program(crate::stylus::program::ProgramError::NotWasm) => {
                ArbWasm::ProgramNotWasm {}.abi_encode().into()
            }
            e => error_string(format!("activation failed: {e}")),
        })?;
    let info = compiled.info.clone();
    let data_fee = U256::from(shared.params.data_fee_per_byte) * U256::from(info.wasm_size);
    if value < data_fee {
        return Err(ArbWasm::ProgramInsufficientValue {
            have: value,
            want: data_fee,
        }
        .abi_encode()
        .into());
    }
    let module_hash = compiled.module_hash;
    shared.runtime.insert(codehash, compiled);
    let now = ctx.block().timestamp().saturating_to::<u64>();
    let record = ProgramRecord {
        version,
        footprint: info.initial_pages as u16,
        init_gas: (super::super::stylus::host::PROGRAM_INIT_GAS) as u32,
        activated_at: now,
        asm_size: (info.wasm_size * 2) as u32,
    };
    ctx.journal_mut()
        .load_account(ARB_WASM)
        .map_err(|_| Bytes::new())?;
    ctx.journal_mut()
        .sstore(ARB_WASM, program_slot(codehash), record.pack())
        .map_err(|_| Bytes::new())?;
    let ev = ArbWasm::ProgramActivated {
        codehash,
        moduleHash: module_hash,
        program,
        dataFee: data_fee,
        version,
    };
    ctx.journal_mut().log(Log {
        address: ARB_WASM,
        data: ev.encode_log_data(),
    });
    // Approximates Nitro's activation gas (grows with module size).
    let gas = 1_000_000 + 20 * info.wasm_size as u64;
    Ok((version, data_fee, gas))
}

fn refund(ctx: &mut Ctx, from: Address, to: Address, value: U256) {
    if !value.is_zero() {
        let _ = ctx.journal_mut().transfer(from, to, value);
    }
}

/// Entry point for calls to an ArbOS precompile address.
pub fn run(
    shared: &Rc<Shared>,
    ctx: &mut Ctx,
    inputs: &CallInputs,
    input: &[u8],
) -> InterpreterResult {
    let gl = inputs.gas_limit;
    let addr = inputs.bytecode_address;
    let value = inputs.call_value();
    let sel: [u8; 4] = match input.get(..4) {
        Some(s) => s.try_into().unwrap_or_default(),
        None => [0; 4],
    };
    let ok = |b: Vec<u8>| ok_result(b.into(), gl, 800);
    let revert = |b: Bytes| revert_result(b, gl, 800);
    let p = &shared.params;
    match addr {
        ARB_WASM => {
            if sel != ArbWasm::activateProgramCall::SELECTOR
                && sel != ArbWasm::codehashKeepaliveCall::SELECTOR
                && !value.is_zero()
            {
                return revert(Bytes::new());
            }
            match sel {
                ArbWasm::activateProgramCall::SELECTOR => {
                    if inputs.is_static {
                        return revert(Bytes::new());
                    }
                    let Ok(call) = ArbWasm::activateProgramCall::abi_decode(input) else {
                        return revert(Bytes::new());
                    };
                    match activate(shared, ctx, call.program, value) {
                        Ok((version, fee, gas)) => {
                            refund(ctx, ARB_WASM, inputs.caller, value - fee.min(value));
                            ok_result((version, fee).abi_encode_params().into(), gl, gas)
                        }
                        Err(data) => revert(data),
                    }
                }
                ArbWasm::stylusVersionCall::SELECTOR => ok(p.version.abi_encode()),
                ArbWasm::codehashVersionCall::SELECTOR => {
                    let Ok(call) = ArbWasm::codehashVersionCall::abi_decode(input) else {
                        return revert(Bytes::new());
                    };
                    version_or_error(ctx, gl, p.version, call.codehash, |r| {
                        r.version.abi_encode()
                    })
                }
                ArbWasm::codehashAsmSizeCall::SELECTOR => {
                    let Ok(call) = ArbWasm::codehashAsmSizeCall::abi_decode(input) else {
                        return revert(Bytes::new());
                    };
                    version_or_error(ctx, gl, p.version, call.codehash, |r| {
                        r.asm_size.abi_encode()
                    })
                }
                ArbWasm::codehashKeepaliveCall::SELECTOR => {
                    let Ok(call) = ArbWasm::codehashKeepaliveCall::abi_decode(input) else {
                        return revert(Bytes::new());
                    };
                    let r = version_or_error(ctx, gl, p.version, call.codehash, |_| {
                        U256::ZERO.abi_encode()
                    });
                    if r.result.is_ok() {
                        refund(ctx, ARB_WASM, inputs.caller, value);
                    }
                    r
                }
                ArbWasm::programVersionCall::SELECTOR
                | ArbWasm::programInitGasCall::SELECTOR
                | ArbWasm::programMemoryFootprintCall::SELECTOR
                | ArbWasm::programTimeLeftCall::SELECTOR => {
                    let Ok(program) = Address::abi_decode(&input[4..]) else {
                        return revert(Bytes::new());
                    };
                    let hash = ctx
                        .journal_mut()
                        .load_account_with_code(program)
                        .map(|a| a.data.info.code_hash)
                        .unwrap_or_default();
                    let now = ctx.block().timestamp().saturating_to::<u64>();
                    version_or_error(ctx, gl, p.version, hash, |r| match sel {
                        ArbWasm::programVersionCall::SELECTOR => r.version.abi_encode(),
                        ArbWasm::programInitGasCall::SELECTOR => {
                            (r.init_gas as u64, r.init_gas as u64 / 4).abi_encode_params()
                        }
                        ArbWasm::programMemoryFootprintCall::SELECTOR => r.footprint.abi_encode(),
                        _ => (EXPIRY_SECS.saturating_sub(now.saturating_sub(r.activated_at)))
                            .abi_encode(),
                    })
                }
                ArbWasm::inkPriceCall::SELECTOR => ok(p.ink_price.abi_encode()),
                ArbWasm::maxStackDepthCall::SELECTOR => ok(p.max_stack_depth.abi_encode()),
                ArbWasm::freePagesCall::SELECTOR => ok(p.free_pages.abi_encode()),
                ArbWasm::pageGasCall::SELECTOR => ok(p.page_gas.abi_encode()),
                ArbWasm::pageRampCall::SELECTOR => ok(620_674_314u64.abi_encode()),
                ArbWasm::pageLimitCall::SELECTOR => ok(p.page_limit.abi_encode()),
                ArbWasm::minInitGasCall::SELECTOR => {
                    ok((72u64 * 128, 11u64 * 32).abi_encode_params())
                }
                ArbWasm::initCostScalarCall::SELECTOR => ok(100u64.abi_encode()),
                ArbWasm::expiryDaysCall::SELECTOR => ok(365u16.abi_encode()),
                ArbWasm::keepaliveDaysCall::SELECTOR => ok(31u16.abi_encode()),
                ArbWasm::blockCacheSizeCall::SELECTOR => ok(32u16.abi_encode()),
                ArbWasm::activationGasCall::SELECTOR => ok(0u64.abi_encode()),
                _ => revert(Bytes::new()),
            }
        }
        ARB_SYS => match sel {
            ArbSys::arbBlockNumberCall::SELECTOR => ok(ctx.block().number().abi_encode()),
            ArbSys::arbBlockHashCall::SELECTOR => ok(B256::ZERO.abi_encode()),
            ArbSys::arbChainIDCall::SELECTOR => ok(U256::from(ctx.cfg.chain_id).abi_encode()),
            ArbSys::arbOSVersionCall::SELECTOR => ok(U256::from(55 + p.arbos_version).abi_encode()),
            ArbSys::isTopLevelCallCall::SELECTOR => ok((ctx.journal().depth() <= 2).abi_encode()),
            ArbSys::wasMyCallersAddressAliasedCall::SELECTOR => ok(false.abi_encode()),
            ArbSys::myCallersAddressWithoutAliasingCall::SELECTOR => ok(inputs.caller.abi_encode()),
            _ => revert(Bytes::new()),
        },
        ARB_OWNER_PUBLIC => match sel {
            ArbOwnerPublic::getMaxStylusContractFragmentsCall::SELECTOR => {
                ok(U256::from(crate::stylus::program::MAX_FRAGMENT_COUNT).abi_encode())
            }
            ArbOwnerPublic::isChainOwnerCall::SELECTOR => ok(true.abi_encode()),
            ArbOwnerPublic::getAllChainOwnersCall::SELECTOR => {
                ok(vec![crate::chain::genesis::DEV_ADDRESS].abi_encode())
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
        ARB_OWNER | ARB_DEBUG | ARB_WASM_CACHE => {
            // Accepted and ignored (nitro-devnode's setup calls: becomeChainOwner,
            // setL1PricePerUnit, addWasmCacheManager, …).
            refund(ctx, addr, inputs.caller, value);
            ok(vec![0u8; 32])
        }
        _ => revert(Bytes::new()),
    }
}

fn version_or_error(
    ctx: &mut Ctx,
    gl: u64,
    stylus_version: u16,
    codehash: B256,
    f: impl FnOnce(ProgramRecord) -> Vec<u8>,
) -> InterpreterResult {
    let now = ctx.block().timestamp().saturating_to::<u64>();
    match program_record(ctx, codehash) {
        None => revert_result(program_not_activated(), gl, 800),
        Some(r) if r.version != stylus_version => {
            revert_result(program_needs_upgrade(r.version, stylus_version), gl, 800)
        }
        Some(r) if now.saturating_sub(r.activated_at) > EXPIRY_SECS => revert_result(
            ArbWasm::ProgramExpired {
                ageInSeconds: now - r.activated_at,
            }
            .abi_encode()
            .into(),
            gl,
            800,
        ),
        Some(r) => ok_result(f(r).into(), gl, 800),
    }
}
