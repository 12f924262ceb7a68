//! Instrumented modules run in wasmi with a tiny host whose `vm_hooks` do nothing (no revm):
//! the ink, status and stack globals show what the added code charged.

use super::*;
use crate::stylus::hostio::{Ty, HOSTIOS};
use wasmi::{Config, Engine, Func, FuncType, Instance, Linker, Module, Store, Val, ValType};

const WRITE_ARGS: &str = include_str!("../../../fixtures/wat/write-args.wat");
const ADD: &str = include_str!("../../../fixtures/wat/add.wat");
const DEPTH: &str = include_str!("../../../fixtures/wat/depth.wat");
const MEMORY_OPS: &str = include_str!("../../../fixtures/wat/memory-ops.wat");

/// Nitro's MaxStackDepth from ArbOS 50.
const MAX_STACK_DEPTH: u32 = 22_000;
/// Plenty of ink.
const INK: u64 = 1_000_000_000;

fn wat(s: &str) -> Vec<u8> {
    wat::parse_str(s).unwrap()
}

fn cfg() -> InstrumentConfig {
    InstrumentConfig::default()
}

fn inst(s: &str) -> Instrumented {
    instrument(&wat(s), &cfg()).unwrap()
}

/// A Stylus module around `items`.
fn module(items: &str) -> String {
    format!(
        r#"(module
        (import "vm_hooks" "pay_for_memory_grow" (func $pay (param i32)))
        (memory (export "memory") 1)
        (func (export "user_entrypoint") (param i32) (result i32) i32.const 0)
        {items})"#
    )
}

/// What the test host saw.
#[derive(Debug, Default)]
struct Host {
    /// Arguments of each `pay_for_memory_grow` call.
    grows: Vec<i32>,
}

fn int(v: &Val) -> i64 {
    match v {
        Val::I32(x) => (*x).into(),
        Val::I64(x) => *x,
        other => panic!("not an integer: {other:?}"),
    }
}

fn val_type(t: &Ty) -> ValType {
    match t {
        Ty::I32 => ValType::I32,
        Ty::I64 => ValType::I64,
    }
}

/// One call's outcome.
#[derive(Debug)]
struct Outcome {
    ok: bool,
    /// Integer results, widened.
    results: Vec<i64>,
    ink_left: u64,
    status: i32,
    stack_left: i32,
}

impl Outcome {
    fn out_of_ink(&self) -> bool {
        !self.ok && self.status == 1
    }

    fn out_of_stack(&self) -> bool {
        !self.ok && self.stack_left == 0
    }
}

struct Program {
    store: Store<Host>,
    instance: Instance,
}

impl Program {
    fn new(module: &Instrumented) -> Self {
        let mut config = Config::default();
        // The Stylus budget, not wasmi's own limit, must bound recursion.
        config.set_max_recursion_depth(MAX_STACK_DEPTH as usize);
        let engine = Engine::new(&config);
        let module = Module::new(&engine, &module.wasm[..]).expect("wasmi accepts the module");
        let mut linker = Linker::<Host>::new(&engine);
        for (name, params, results) in HOSTIOS {
            let ty = FuncType::new(params.iter().map(val_type), results.iter().map(val_type));
            let is_grow = *name == "pay_for_memory_grow";
            linker
                .func_new("vm_hooks", name, ty, move |mut caller, args, out| {
                    if is_grow {
                        caller.data_mut().grows.push(args[0].i32().unwrap());
                    }
                    for v in out.iter_mut() {
                        *v = Val::default_for_ty(v.ty());
                    }
                    Ok(())
                })
                .unwrap();
        }
        let mut store = Store::new(&engine, Host::default());
        let instance = linker.instantiate_and_start(&mut store, &module).unwrap();
        Self { store, instance }
    }

    /// An integer global, widened.
    fn global(&self, name: &str) -> i64 {
        int(&self
            .instance
            .get_global(&self.store, name)
            .unwrap()
            .get(&self.store))
    }

    fn set_global(&mut self, name: &str, v: Val) {
        let g = self.instance.get_global(&self.store, name).unwrap();
        g.set(&mut self.store, v).unwrap();
    }

    /// Calls export `name` with `ink` and `stack` words, as the host will.
    /// Integer arguments are narrowed to the parameter types.
    fn call(&mut self, name: &str, args: &[i64], ink: u64, stack: u32) -> Outcome {
        self.set_global(INK_LEFT, Val::I64(ink as i64));
        self.set_global(INK_STATUS, Val::I32(0));
        self.set_global(STACK_LEFT, Val::I32(stack as i32));
        let f: Func = self.instance.get_func(&self.store, name).unwrap();
        let ty = f.ty(&self.store);
        let args: Vec<Val> = ty
            .params()
            .iter()
            .zip(args)
            .map(|(t, a)| match t {
                ValType::I64 => Val::I64(*a),
                _ => Val::I32(*a as i32),
            })
            .collect();
        let mut results: Vec<Val> = ty
            .results()
            .iter()
            .map(|t| Val::default_for_ty(*t))
            .collect();
        let ok = f.call(&mut self.store, &args, &mut results).is_ok();
        Outcome {
            ok,
            results: results.iter().map(int).collect(),
            ink_left: self.global(INK_LEFT) as u64,
            status: self.global(INK_STATUS) as i32,
            stack_left: self.global(STACK_LEFT) as i32,
        }
    }

    /// Ink a successful call used.
    fn ink_used(&mut self, name: &str, args: &[i64]) -> u64 {
        let out = self.call(name, args, INK, MAX_STACK_DEPTH);
        assert!(out.ok, "{name} failed: {out:?}");
        assert_eq!(out.stack_left, MAX_STACK_DEPTH as i32, "frames given back");
        INK - out.ink_left
    }
}

/// Operators of every function body of `wasm`.
fn count_ops(wasm: &[u8]) -> u64 {
    let mut n = 0;
    for p in Parser::new(0).parse_all(wasm) {
        if let Payload::CodeSectionEntry(body) = p.unwrap() {
            let mut ops = body.get_operators_reader().unwrap();
            while !ops.eof() {
                ops.read().unwrap();
                n += 1;
            }
        }
    }
    n
}

/// §7: 12 per metered block, 12 + 1 + 4·(returns + 1) per function, 17 per bulk op, 4 per
/// hooked memory.grow.
fn ops_formula(c: &ModuleCounts) -> u64 {
    c.ops_before
        + 12 * c.metered_blocks
        + (13 + 4) * u64::from(c.functions)
        + 4 * c.returns
        + 17 * c.bulk_memory_ops
        + 4 * c.memory_grows
}

#[test]
fn write_args_meters_the_worked_example() {
    let m = inst(WRITE_ARGS);
    assert_eq!(m.counts.metered_blocks, 3);
    let mut p = Program::new(&m);
    assert_eq!(p.ink_used("user_entrypoint", &[4]), 6_251 + 6_326 + 2_452);
    // Short of the first block's 6,251: nothing runs.
    let out = p.call("user_entrypoint", &[4], 6_250, MAX_STACK_DEPTH);
    assert!(out.out_of_ink(), "{out:?}");
    // Enough for the first two blocks only.
    let out = p.call(
        "user_entrypoint",
        &[4],
        6_251 + 6_326 + 2_451,
        MAX_STACK_DEPTH,
    );
    assert!(out.out_of_ink(), "{out:?}");
    let out = p.call(
        "user_entrypoint",
        &[4],
        6_251 + 6_326 + 2_452,
        MAX_STACK_DEPTH,
    );
    assert!(out.ok && out.ink_left == 0 && out.status == 0, "{out:?}");
    assert_eq!(out.results, [0]);
}

/// Nitro's test_ink pricing: i32.add costs 100, everything else (header included) 0.
const ADD_ONLY: Pricing = Pricing {
    header_ink: 0,
    op_ink: |op, _| match op {
        wasmparser::Operator::I32Add => 100,
        _ => 0,
    },
    bulk_ink_per_byte: pricing::BULK_INK_PER_BYTE,
};

#[test]
fn add_costs_100_ink_per_call_under_the_test_pricing() {
    let m = instrument_with(&wat(ADD), &cfg(), &ADD_ONLY).unwrap();
    // Only add_one's block costs anything.
    assert_eq!(m.counts.metered_blocks, 1);
    let mut p = Program::new(&m);
    for ink in [100, 101, 1_000] {
        let out = p.call("add_one", &[41], ink, MAX_STACK_DEPTH);
        assert!(out.ok, "{out:?}");
        assert_eq!(out.results, [42]);
        assert_eq!(out.ink_left, ink - 100);
    }
    for ink in [0, 99] {
        let out = p.call("add_one", &[41], ink, MAX_STACK_DEPTH);
        assert!(out.out_of_ink(), "{out:?}");
        assert_eq!(out.ink_left, ink, "nothing is subtracted on a shortfall");
    }
    // Through the entrypoint: the call and the rest are free.
    let out = p.call("user_entrypoint", &[1], 100, MAX_STACK_DEPTH);
    assert!(out.ok && out.ink_left == 0, "{out:?}");
}

#[test]
fn depth_frame_is_nine_words() {
    let m = inst(DEPTH);
    assert_eq!(m.counts.max_frame_words, 9);
    let mut p = Program::new(&m);
    // Entering needs more words than the frame: with 19 words, 2 entries (19 → 10 → 1).
    for (budget, entries) in [(9, 0), (10, 1), (18, 1), (19, 2), (28, 3)] {
        p.set_global("depth", Val::I32(0));
        let out = p.call("recurse", &[0], INK, budget);
        assert!(out.out_of_stack(), "{out:?}");
        assert_eq!(out.status, 0, "not out of ink");
        assert_eq!(p.global("depth"), entries, "budget {budget}");
    }
}

#[test]
fn deep_recursion_is_bounded_by_the_budget() {
    let mut p = Program::new(&inst(DEPTH));
    let out = p.call("user_entrypoint", &[0], INK, MAX_STACK_DEPTH);
    assert!(out.out_of_stack(), "{out:?}");
    // user_entrypoint takes 5 words; recurse then enters while more than 9 are left.
    let left = MAX_STACK_DEPTH - 5;
    assert_eq!(p.global("depth"), i64::from((left - 10) / 9 + 1));
}

#[test]
fn returns_give_the_frame_back() {
    let mut p = Program::new(&inst(DEPTH));
    for (arg, result) in [(0, 7), (1, 8), (0, 7)] {
        let out = p.call("leaf", &[arg], INK, 6);
        assert!(out.ok, "{out:?}");
        assert_eq!(out.results, [result]);
        assert_eq!(out.stack_left, 6);
    }
    let out = p.call("leaf", &[0], INK, 5);
    assert!(out.out_of_stack(), "{out:?}");
}

#[test]
fn bulk_memory_pays_per_byte() {
    let m = inst(MEMORY_OPS);
    assert_eq!(m.counts.bulk_memory_ops, 2);
    let mut p = Program::new(&m);
    // One block: const, const, local.get, the op (950), end, header.
    let block = 1 + 1 + 75 + 950 + 1 + 2_450;
    for n in [0, 1, 32, 1_000] {
        for f in ["fill", "copy"] {
            assert_eq!(p.ink_used(f, &[n]), block + 100 * n as u64, "{f}");
        }
    }
    // Enough for the block but not for the bytes: out of ink before the fill.
    let out = p.call("fill", &[1_000], block + 99_999, MAX_STACK_DEPTH);
    assert!(out.out_of_ink(), "{out:?}");
    let out = p.call("fill", &[1_000], block + 100_000, MAX_STACK_DEPTH);
    assert!(out.ok && out.ink_left == 0, "{out:?}");
}

#[test]
fn bulk_memory_charge_precedes_the_op() {
    // The fill would trap out of bounds; with too little ink it never runs.
    let mut p = Program::new(&inst(MEMORY_OPS));
    let block = 1 + 1 + 75 + 950 + 1 + 2_450;
    let out = p.call("fill", &[-1], block + 1_000, MAX_STACK_DEPTH);
    assert!(out.out_of_ink(), "{out:?}");
    let out = p.call("fill", &[1 << 20], INK, MAX_STACK_DEPTH);
    assert!(!out.ok && out.status == 0, "out of bounds, paid: {out:?}");
    assert_eq!(out.ink_left, INK - block - 100 * (1 << 20));
}

#[test]
fn forbidden_ops_run_out_of_ink() {
    let m = inst(&module(
        "(func (export \"float\") (result i32) f32.const 1 f32.const 2 f32.add drop i32.const 1)
         (func (export \"int\") (result i32) i32.const 1)",
    ));
    assert!(m.counts.uses_unpayable_ops);
    let mut p = Program::new(&m);
    let out = p.call("float", &[], u64::MAX - 1, MAX_STACK_DEPTH);
    assert!(out.out_of_ink(), "{out:?}");
    assert_eq!(p.ink_used("int", &[]), 1 + 1 + 2_450);
}

#[test]
fn br_table_and_call_indirect_prices() {
    let m = inst(&module(
        r#"(type $three (func (param i32 i64 i32) (result i32)))
        (table 1 funcref) (elem (i32.const 0) $callee)
        (func $callee (type $three) i32.const 5)
        (func (export "table") (param i32) (result i32)
            block block block
                local.get 0
                br_table 0 1 2
            end i32.const 10 return
            end i32.const 20 return
            end i32.const 30)
        (func (export "indirect") (result i32)
            i32.const 1 i64.const 2 i32.const 3 i32.const 0
            call_indirect (type $three))"#,
    ));
    let mut p = Program::new(&m);
    // block ×3, local.get, br_table with 2 targets, header; then the landing block.
    let first = 3 + 75 + 2_400 + 325 * 2 + 2_450;
    let landing = 1 + 1 + 2_450; // i32.const + return (+ header)
    assert_eq!(p.ink_used("table", &[0]), first + landing);
    assert_eq!(p.ink_used("table", &[1]), first + landing);
    // Label 2 lands on i32.const 30 + end.
    assert_eq!(p.ink_used("table", &[7]), first + landing);
    // 4 consts + call_indirect (3 params) + header, the callee's block, the final end's block.
    let callee = 1 + 1 + 2_450;
    assert_eq!(
        p.ink_used("indirect", &[]),
        4 + 13_610 + 650 * 3 + 2_450 + callee + 1 + 2_450
    );
}

#[test]
fn memory_grow_pays_for_its_pages() {
    let m = inst(MEMORY_OPS);
    assert_eq!(m.counts.memory_grows, 1);
    let mut p = Program::new(&m);
    let used = p.ink_used("grow", &[3]);
    assert_eq!(used, 75 + 8_050 + 1 + 2_450);
    let out = p.call("grow", &[2], INK, MAX_STACK_DEPTH);
    assert_eq!(out.results, [4], "memory.grow still returns the old size");
    // Past the maximum it fails as before, after paying.
    let out = p.call("grow", &[100], INK, MAX_STACK_DEPTH);
    assert_eq!(out.results, [-1]);
    let out = p.call("grow", &[0], INK, MAX_STACK_DEPTH);
    assert_eq!(out.results, [6]);
    assert_eq!(p.store.data().grows, [3, 2, 100, 0]);
}

#[test]
fn fixed_size_memory_needs_no_hook() {
    let fixed = r#"(module (memory (export "memory") 2 2)
        (func (export "grow") (param i32) (result i32) local.get 0 memory.grow)
        (func (export "user_entrypoint") (param i32) (result i32) i32.const 0))"#;
    let m = inst(fixed);
    assert_eq!(m.counts.memory_grows, 0);
    let mut p = Program::new(&m);
    let out = p.call("grow", &[1], INK, MAX_STACK_DEPTH);
    assert_eq!(out.results, [-1]);
    assert!(p.store.data().grows.is_empty());
    // A growable memory without the import is refused, with or without memory.grow.
    for memory in [
        "(memory (export \"memory\") 2)",
        "(memory (export \"memory\") 2 3)",
    ] {
        let m = wat(&format!(
            r#"(module {memory}
            (func (export "user_entrypoint") (param i32) (result i32) i32.const 0))"#
        ));
        assert_eq!(
            instrument(&m, &cfg()),
            Err(ValidationError::MissingMemoryGrowImport)
        );
    }
}

#[test]
fn ops_after_follows_the_formula_and_the_emitted_code() {
    for src in [WRITE_ARGS, ADD, DEPTH, MEMORY_OPS] {
        let m = inst(src);
        assert_eq!(m.counts.ops_before, count_ops(&wat(src)));
        assert_eq!(m.counts.ops_after, count_ops(&m.wasm));
        assert_eq!(m.counts.ops_after, ops_formula(&m.counts));
    }
    // depth.wat: leaf has one return.
    assert_eq!(inst(DEPTH).counts.returns, 1);
}

#[test]
fn module_shape_after_instrumentation() {
    let m = inst(&module(
        r#"(global $g (mut i32) (i32.const 3))
        (func (export "g") (result i32) global.get $g)"#,
    ));
    let mut p = Program::new(&m);
    let out = p.call("g", &[], INK, MAX_STACK_DEPTH);
    assert_eq!(out.results, [3], "the module's global keeps its index");
    // A module without globals gets a global section.
    let m = inst(WRITE_ARGS);
    assert_eq!(m.counts.globals, 4);
    assert_eq!(m.module_hash, keccak256(&m.wasm));
    let mut validator = Validator::new_with_features(Rules::new(false).features());
    validator.validate_all(&m.wasm).unwrap();
}

#[test]
fn activation_rejections() {
    let reject = |items: &str| instrument(&wat(&module(items)), &cfg()).unwrap_err();
    for (body, name) in [
        (
            "i32.const 0 i32.const 0 i32.const 0 memory.init $d",
            "memory.init",
        ),
        ("data.drop $d", "data.drop"),
        ("elem.drop $e", "elem.drop"),
        (
            "i32.const 0 i32.const 0 i32.const 0 table.init $e",
            "table.init",
        ),
        (
            "i32.const 0 i32.const 0 i32.const 0 table.copy",
            "table.copy",
        ),
    ] {
        let items = format!(r#"(data $d "x") (table 1 funcref) (elem $e func 1) (func {body})"#);
        assert_eq!(
            reject(&items),
            ValidationError::ForbiddenOp { op: name, func: 2 }
        );
    }
    // 4,097 values on the stack at once.
    let items = format!(
        "(func {} {})",
        "i32.const 0 ".repeat(4_097),
        "drop ".repeat(4_097)
    );
    assert!(matches!(
        reject(&items),
        ValidationError::FrameContention { values: 4_097, .. }
    ));
    let items = format!(
        "(func {} {})",
        "i32.const 0 ".repeat(4_096),
        "drop ".repeat(4_096)
    );
    assert!(instrument(&wat(&module(&items)), &cfg()).is_ok());
    // Module-level rules come from the checker.
    assert_eq!(
        reject(r#"(func (export "pay_for_memory_grow"))"#),
        ValidationError::ImportExportClash("pay_for_memory_grow".into())
    );
    assert_eq!(
        reject(r#"(global (export "stylus_ink_left") (mut i64) (i64.const 0))"#),
        ValidationError::ReservedName("stylus_ink_left".into())
    );
    // cachedCost over 16 bits: ~88 KB of data segments.
    let m = wat(&format!(
        r#"(module (import "vm_hooks" "pay_for_memory_grow" (func (param i32)))
        (memory (export "memory") 2)
        (data (i32.const 0) "{}")
        (func (export "user_entrypoint") (param i32) (result i32) i32.const 0))"#,
        "x".repeat(90_000)
    ));
    assert!(matches!(
        instrument(&m, &cfg()),
        Err(ValidationError::CostTooLarge {
            what: "cachedCost",
            ..
        })
    ));
}

#[test]
fn multi_value_by_arbos_version() {
    let m = wat(&module(
        "(func $two (result i32 i32) i32.const 1 i32.const 2)
         (func (export \"sum\") (result i32) call $two i32.add)",
    ));
    let at = |arbos_version| {
        instrument(
            &m,
            &InstrumentConfig {
                arbos_version,
                ..cfg()
            },
        )
    };
    let ok = at(51).unwrap();
    let mut p = Program::new(&ok);
    assert_eq!(p.call("sum", &[], INK, MAX_STACK_DEPTH).results, [3]);
    assert_eq!(
        at(60),
        Err(ValidationError::MultiValue { arbos_version: 60 })
    );
}

#[test]
fn page_limit_comes_from_the_config() {
    let m = wat(&module(""));
    let limited = InstrumentConfig {
        page_limit: 0,
        ..cfg()
    };
    assert!(matches!(
        instrument(&m, &limited),
        Err(ValidationError::Limit {
            what: "initial memory pages",
            ..
        })
    ));
}

#[test]
fn costs_of_a_known_module() {
    // 2 defined functions with (1 param + 1 result) and (0 + 1); 1 global of the module's;
    // one data segment "abc" at 0 (entry: flags 0, i32.const 16 end, length 3, payload).
    let src = r#"(module
        (import "vm_hooks" "pay_for_memory_grow" (func (param i32)))
        (memory (export "memory") 3)
        (global (mut i32) (i32.const 0))
        (func (export "user_entrypoint") (param i32) (result i32) i32.const 0)
        (func (result i32) i32.const 1)
        (data (i32.const 16) "abc"))"#;
    let raw = wat(src);
    let m = instrument(&raw, &cfg()).unwrap();
    let c = m.counts;
    assert_eq!(
        (c.functions, c.params_results, c.globals, c.footprint),
        (2, 3, 5, 3)
    );
    // flags (1) + i32.const 16 end (3) + length (1) + payload (3)
    assert_eq!((c.segment_bytes, c.data_bytes, c.elem_bytes), (8, 3, 0));
    let w = raw.len() as u64;
    assert_eq!(c.wasm_size as u64, w);
    // cachedCost = ⌊13 420·2/10⁵⌋ + ⌊89·3/10⁵⌋ + ⌊122W/10⁵⌋ + ⌊1 628·5/1 000⌋ + ⌊75 244·8/10⁵⌋ + 5·3
    assert_eq!(u64::from(m.cached_cost), 122 * w / 100_000 + 8 + 6 + 15);
    // initCost = ⌊8 252·2/1 000⌋ + ⌊1 059·3/1 000⌋ + ⌊1 286W/10⁴⌋
    assert_eq!(u64::from(m.init_cost), 16 + 3 + 1_286 * w / 10_000);
    assert_eq!(
        u64::from(m.asm_estimate),
        512_000 + 1_993 + 34 + 62_628 * w / 10_000
    );
    // Both functions: one block each; 17 + 12 added per function.
    assert_eq!(c.ops_before, 4);
    assert_eq!(c.ops_after, 4 + 2 * (12 + 17));
    // The F, data and elem terms floor to 0.
    assert_eq!(
        m.activation_gas,
        28 * (31_733 * w / 100_000 + 2_217 * 3 + 535 * 62 / 1_000)
    );
}

#[test]
fn long_loops_do_not_grow_the_native_stack() {
    // Instrumentation multiplies the operators executed; wasmi must run them in constant
    // native stack (see the wasmi profile in Cargo.toml).
    let m = inst(&module(
        r#"(func (export "spin") (param i32) (result i32)
            loop
                local.get 0 i32.const 1 i32.sub local.tee 0
                br_if 0
            end
            i32.const 0)"#,
    ));
    let out = std::thread::Builder::new()
        .stack_size(256 << 10)
        .spawn(move || Program::new(&m).call("spin", &[1_000_000], INK * 100, 10))
        .unwrap()
        .join()
        .unwrap();
    assert!(out.ok, "{out:?}");
    // Per iteration: the loop body's block (75 + 1 + 70 + 75 + 765 + 2,450).
    let first = 1 + 2_450; // loop + header
    let last = 1 + 1 + 2_450 + 1 + 2_450; // end, then i32.const + end
    assert_eq!(INK * 100 - out.ink_left, first + 1_000_000 * 3_436 + last);
}
