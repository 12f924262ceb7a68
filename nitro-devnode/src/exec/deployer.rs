//! Native StylusDeployer (`0xcEcb…A990`), behaving like nitro-contracts'
//! `StylusDeployer.sol` (MIT): deploy, activate if needed, initialize, refund, event.

use super::{
    arbos, frame_output, nested_frame, ok_result, revert_result, Ctx, Shared, ARB_WASM,
    STYLUS_DEPLOYER,
};
use alloy_primitives::{keccak256, Address, Bytes, Log, B256, U256};
use alloy_sol_types::{sol, SolCall, SolError, SolEvent, SolValue};
use revm::{
    context::CreateScheme,
    context_interface::{ContextTr, JournalTr},
    interpreter::{
        CallInput, CallInputs, CallScheme, CallValue, CreateInputs, FrameInput, InterpreterResult,
    },
};
use std::rc::Rc;

sol! {
    interface StylusDeployer {
        event ContractDeployed(address deployedContract);
        error ContractDeploymentError(bytes bytecode);
        error ContractInitializationError(address newContract, bytes data);
        error RefundExcessValueError(uint256 excessValue);
        error EmptyBytecode();
        error InitValueButNotInitData();
        function deploy(bytes calldata bytecode, bytes calldata initData, uint256 initValue, bytes32 salt) public payable returns (address);
        function initSalt(bytes32 salt, bytes calldata initData) public pure returns (bytes32);
        function requiresActivation(address addr) public view returns (bool);
    }
    error Panic(uint256 code);
}

/// Gas accounting for the native contract's own work and its sub-calls.
struct Meter {
    limit: u64,
    used: u64,
}

impl Meter {
    fn left(&self) -> u64 {
        self.limit.saturating_sub(self.used)
    }
    fn child(&self) -> u64 {
        let l = self.left();
        l - l / 64
    }
}

fn call(
    shared: &Rc<Shared>,
    ctx: &mut Ctx,
    m: &mut Meter,
    to: Address,
    value: U256,
    data: Bytes,
) -> (bool, Bytes) {
    let (code_hash, code) = match ctx.journal_mut().load_account_with_code(to) {
        Ok(a) => (
            a.data.info.code_hash,
            a.data.info.code.clone().unwrap_or_default(),
        ),
        Err(_) => return (false, Bytes::new()),
    };
    let give = m.child();
    let inputs = CallInputs {
        input: CallInput::Bytes(data),
        return_memory_offset: 0..0,
        gas_limit: give,
        reservoir: 0,
        bytecode_address: to,
        known_bytecode: (code_hash, code),
        target_address: to,
        caller: STYLUS_DEPLOYER,
        value: CallValue::Transfer(value),
        scheme: CallScheme::Call,
        is_static: false,
        charged_new_account_state_gas: false,
    };
    let r = nested_frame(shared, ctx, FrameInput::Call(Box::new(inputs)));
    let (res, _) = frame_output(&r);
    m.used += give - res.gas.remaining().min(give) + 700;
    (res.result.is_ok(), res.output.clone())
}

fn requires_activation(shared: &Rc<Shared>, ctx: &mut Ctx, addr: Address) -> bool {
    let hash = super::codehash_of(ctx, addr);
    arbos::codehash_version(ctx, hash) != Some(shared.params.version)
}

pub fn run(
    shared: &Rc<Shared>,
    ctx: &mut Ctx,
    inputs: &CallInputs,
    input: &[u8],
) -> InterpreterResult {
    let gl = inputs.gas_limit;
    let sel = arbos::selector(input);
    match sel {
        StylusDeployer::initSaltCall::SELECTOR => {
            match StylusDeployer::initSaltCall::abi_decode(input) {
                Ok(c) => ok_result(init_salt(c.salt, &c.initData).abi_encode().into(), gl, 1000),
                Err(_) => revert_result(Bytes::new(), gl, 1000),
            }
        }
        StylusDeployer::requiresActivationCall::SELECTOR => {
            match StylusDeployer::requiresActivationCall::abi_decode(input) {
                Ok(c) => ok_result(
                    requires_activation(shared, ctx, c.addr).abi_encode().into(),
                    gl,
                    3000,
                ),
                Err(_) => revert_result(Bytes::new(), gl, 1000),
            }
        }
        StylusDeployer::deployCall::SELECTOR if !inputs.is_static => {
            match StylusDeployer::deployCall::abi_decode(input) {
                Ok(c) => {
                    let mut m = Meter {
                        limit: gl,
                        used: 3000,
                    };
                    match deploy(shared, ctx, inputs, &mut m, c) {
                        Ok(addr) => ok_result(addr.abi_encode().into(), gl, m.used.min(gl)),
                        Err(data) => revert_result(data, gl, m.used.min(gl)),
                    }
                }
                Err(_) => revert_result(Bytes::new(), gl, 1000),
            }
        }
        _ => revert_result(Bytes::new(), gl, 1000),
    }
}

fn init_salt(salt: B256, init_data: &[u8]) -> B256 {
    let mut buf = salt.to_vec();
    buf.extend_from_slice(init_data);
    keccak256(buf)
}

fn deploy(
    shared: &Rc<Shared>,
    ctx: &mut Ctx,
    inputs: &CallInputs,
    m: &mut Meter,
    c: StylusDeployer::deployCall,
) -> Result<Address, Bytes> {
    let msg_value = inputs.call_value();
    if c.bytecode.is_empty() {
        return Err(StylusDeployer::EmptyBytecode {}.abi_encode().into());
    }
    let scheme = if c.salt.is_zero() {
        CreateScheme::Create
    } else {
        CreateScheme::Create2 {
            salt: init_salt(c.salt, &c.initData).into(),
        }
    };
    let give = m.child();
    let create = CreateInputs::new(
        STYLUS_DEPLOYER,
        scheme,
        U256::ZERO,
        c.bytecode.clone(),
        give,
        0,
    );
    let r = nested_frame(shared, ctx, FrameInput::Create(Box::new(create)));
    let (res, addr) = frame_output(&r);
    m.used += give - res.gas.remaining().min(give) + 32_000;
    let addr = match addr {
        Some(a) if res.result.is_ok() => a,
        _ if !res.output.is_empty() => return Err(res.output.clone()),
        _ => {
            return Err(StylusDeployer::ContractDeploymentError {
                bytecode: c.bytecode,
            }
            .abi_encode()
            .into())
        }
    };
    let mut data_fee = U256::ZERO;
    if requires_activation(shared, ctx, addr) {
        let Some(activation_value) = msg_value.checked_sub(c.initValue) else {
            return Err(Panic {
                code: U256::from(0x11),
            }
            .abi_encode()
            .into());
        };
        let data = arbos::ArbWasm::activateProgramCall { program: addr }.abi_encode();
        let (ok, out) = call(shared, ctx, m, ARB_WASM, activation_value, data.into());
        if !ok {
            return Err(out);
        }
        let ret = arbos::ArbWasm::activateProgramCall::abi_decode_returns(&out)
            .map_err(|_| Bytes::new())?;
        data_fee = ret.dataFee;
    }
    if !c.initData.is_empty() {
        let (ok, out) = call(shared, ctx, m, addr, c.initValue, c.initData.clone());
        if !ok {
            return Err(StylusDeployer::ContractInitializationError {
                newContract: addr,
                data: out,
            }
            .abi_encode()
            .into());
        }
    } else if !c.initValue.is_zero() {
        return Err(StylusDeployer::InitValueButNotInitData {}
            .abi_encode()
            .into());
    }
    let bal = msg_value
        .checked_sub(data_fee)
        .and_then(|v| v.checked_sub(c.initValue))
        .ok_or_else(|| {
            Bytes::from(
                Panic {
                    code: U256::from(0x11),
                }
                .abi_encode(),
            )
        })?;
    if !bal.is_zero() {
        let (ok, _) = call(shared, ctx, m, inputs.caller, bal, Bytes::new());
        if !ok {
            return Err(StylusDeployer::RefundExcessValueError { excessValue: bal }
                .abi_encode()
                .into());
        }
    }
    let ev = StylusDeployer::ContractDeployed {
        deployedContract: addr,
    };
    ctx.journal_mut().log(Log {
        address: STYLUS_DEPLOYER,
        data: ev.encode_log_data(),
    });
    m.used += 1_500;
    if m.used > m.limit {
        return Err(Bytes::new());
    }
    Ok(addr)
}
