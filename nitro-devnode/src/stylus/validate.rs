//! Activation-time validation by Nitro's rules (§6.1, §6.6, §6.7).

use super::hostio::{self, Ty};
use wasmparser::{
    CompositeInnerType, ExternalKind, FuncType, Parser, Payload, TypeRef, ValType, Validator,
    WasmFeatures,
};

/// Limits of Nitro's `parse_user` (§6.6).
pub mod limits {
    pub const MEMORIES: usize = 1;
    pub const DATA_SEGMENTS: u32 = 128;
    pub const ELEMENT_SEGMENTS: u32 = 128;
    pub const EXPORTS: u32 = 1024;
    pub const FUNCTIONS: u32 = 4096;
    pub const GLOBALS: u32 = 32_768;
    pub const LOCALS: u32 = 348;
    pub const OPERATORS: usize = 65_536;
    pub const TABLE_ENTRIES: u64 = 4096;
    pub const ELEMENT_ENTRIES: u32 = 4096;
    pub const NAME_LEN: usize = 512;
    pub const PAGE_LIMIT: u64 = 128;
    pub const IMPORTS: u32 = 513;
}

/// Why Nitro would refuse to activate a module.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ValidationError {
    #[error("invalid wasm (Nitro feature set: no reference-types, SIMD, threads, tail-call, multi-memory, multi-value, memory64, exceptions, GC): {0}")]
    Invalid(String),
    #[error("import {module}::{name} is not allowed (only vm_hooks functions)")]
    ForbiddenImport { module: String, name: String },
    #[error("vm_hooks::{0} has the wrong signature")]
    BadImportSignature(String),
    #[error("imports of tables, memories or globals are not allowed ({0})")]
    NonFunctionImport(String),
    #[error("the name {0:?} is reserved (starts with 'stylus')")]
    ReservedName(String),
    #[error("missing export user_entrypoint: (i32) -> i32")]
    MissingEntrypoint,
    #[error("missing memory export \"memory\"")]
    MissingMemoryExport,
    #[error("module has a start function")]
    StartFunction,
    #[error("too many {what}: {count} > {limit}")]
    Limit {
        what: &'static str,
        count: u64,
        limit: u64,
    },
}

/// Facts about a validated module used by the executor and ArbWasm.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModuleInfo {
    pub initial_pages: u64,
    pub wasm_size: usize,
    pub functions: u32,
    /// Float, SIMD or other ops Nitro prices at u64::MAX ink are present.
    pub uses_unpriced_ops: bool,
}

/// The WASM features Nitro enables (ArbOS 60: multi-value disabled).
pub fn nitro_features() -> WasmFeatures {
    WasmFeatures::MUTABLE_GLOBAL
        | WasmFeatures::SATURATING_FLOAT_TO_INT
        | WasmFeatures::SIGN_EXTENSION
        | WasmFeatures::BULK_MEMORY
        | WasmFeatures::FLOATS
}

fn limit(what: &'static str, count: u64, limit: u64) -> Result<(), ValidationError> {
    if count > limit {
        Err(ValidationError::Limit { what, count, limit })
    } else {
        Ok(())
    }
}

fn ty_of(v: &ValType) -> Option<Ty> {
    match v {
        ValType::I32 => Some(Ty::I32),
        ValType::I64 => Some(Ty::I64),
        _ => None,
    }
}

fn matches_sig(ft: &FuncType, params: &[Ty], results: &[Ty]) -> bool {
    let p: Vec<_> = ft.params().iter().map(ty_of).collect();
    let r: Vec<_> = ft.results().iter().map(ty_of).collect();
    p.len() == params.len()
        && r.len() == results.len()
        && p.iter().zip(params).all(|(a, b)| *a == Some(*b))
        && r.iter().zip(results).all(|(a, b)| *a == Some(*b))
}

/// Validates a raw module as Nitro's activation does. `allow_debug` also accepts the
/// `console` debug imports (debug-mode chains only).
pub fn validate(wasm: &[u8], allow_debug: bool) -> Result<ModuleInfo, ValidationError> {
    let mut validator = Validator::new_with_features(nitro_features());
    validator
        .validate_all(wasm)
        .map_err(|e| ValidationError::Invalid(e.to_string()))?;

    let mut types: Vec<Option<FuncType>> = Vec::new();
    let mut func_types: Vec<u32> = Vec::new();
    let mut imported_funcs = 0u32;
    let mut memories = 0usize;
    let mut initial_pages = 0u64;
    let mut has_memory_export = false;
    let mut entry_func: Option<u32> = None;
    let mut uses_unpriced_ops = false;
    let mut defined_funcs = 0u32;

    for payload in Parser::new(0).parse_all(wasm) {
        let payload = payload.map_err(|e| ValidationError::Invalid(e.to_string()))?;
        match payload {
            Payload::TypeSection(r) => {
                for rec in r {
                    let rec = rec.map_err(|e| ValidationError::Invalid(e.to_string()))?;
                    for st in rec.into_types() {
                        match &st.composite_type.inner {
                            CompositeInnerType::Func(f) => types.push(Some(f.clone())),
                            _ => types.push(None),
                        }
                    }
                }
            }
            Payload::ImportSection(r) => {
                limit("imports", r.count() as u64, limits::IMPORTS as u64)?;
                for imp in r {
                    let imp = imp.map_err(|e| ValidationError::Invalid(e.to_string()))?;
                    let full = format!("{}::{}", imp.module, imp.name);
                    if imp.name.len() > limits::NAME_LEN || imp.module.len() > limits::NAME_LEN {
                        return Err(ValidationError::Limit {
                            what: "name length",
                            count: imp.name.len().max(imp.module.len()) as u64,
                            limit: limits::NAME_LEN as u64,
                        });
                    }
                    if imp.name.starts_with("stylus") {
                        return Err(ValidationError::ReservedName(imp.name.to_string()));
                    }
                    let TypeRef::Func(type_idx) = imp.ty else {
                        return Err(ValidationError::NonFunctionImport(full));
                    };
                    imported_funcs += 1;
                    func_types.push(type_idx);
                    match imp.module {
                        "vm_hooks" => {
                            let Some((params, results)) = hostio::signature(imp.name) else {
                                return Err(ValidationError::ForbiddenImport {
                                    module: imp.module.into(),
                                    name: imp.name.into(),
                                });
                            };
                            let ok = types
                                .get(type_idx as usize)
                                .and_then(|t| t.as_ref())
                                .is_some_and(|ft| matches_sig(ft, params, results));
                            if !ok {
                                return Err(ValidationError::BadImportSignature(imp.name.into()));
                            }
                        }
                        "console" | "debug" if allow_debug => {}
                        _ => {
                            return Err(ValidationError::ForbiddenImport {
                                module: imp.module.into(),
                                name: imp.name.into(),
                            })
                        }
                    }
                }
            }
            Payload::FunctionSection(r) => {
                limit("functions", r.count() as u64, limits::FUNCTIONS as u64)?;
                for t in r {
                    func_types.push(t.map_err(|e| ValidationError::Invalid(e.to_string()))?);
                }
            }
            Payload::TableSection(r) => {
                for t in r {
                    let t = t.map_err(|e| ValidationError::Invalid(e.to_string()))?;
                    limit("table entries", t.ty.initial, limits::TABLE_ENTRIES)?;
                }
            }
            Payload::MemorySection(r) => {
                for m in r {
                    let m = m.map_err(|e| ValidationError::Invalid(e.to_string()))?;
                    memories += 1;
                    initial_pages = m.initial;
                }
                limit("memories", memories as u64, limits::MEMORIES as u64)?;
                limit("initial memory pages", initial_pages, limits::PAGE_LIMIT)?;
            }
            Payload::GlobalSection(r) => {
                limit("globals", r.count() as u64, limits::GLOBALS as u64)?
            }
            Payload::ExportSection(r) => {
                limit("exports", r.count() as u64, limits::EXPORTS as u64)?;
                for e in r {
                    let e = e.map_err(|e| ValidationError::Invalid(e.to_string()))?;
                    if e.name.len() > limits::NAME_LEN {
                        return Err(ValidationError::Limit {
                            what: "name length",
                            count: e.name.len() as u64,
                            limit: limits::NAME_LEN as u64,
                        });
                    }
                    if e.name.starts_with("stylus") {
                        return Err(ValidationError::ReservedName(e.name.to_string()));
                    }
                    match (e.kind, e.name) {
                        (ExternalKind::Memory, "memory") => has_memory_export = true,
                        (ExternalKind::Func, "user_entrypoint") => entry_func = Some(e.index),
                        _ => {}
                    }
                }
            }
            Payload::StartSection { .. } => return Err(ValidationError::StartFunction),
            Payload::ElementSection(r) => {
                limit(
                    "element segments",
                    r.count() as u64,
                    limits::ELEMENT_SEGMENTS as u64,
                )?;
                for el in r {
                    let el = el.map_err(|e| ValidationError::Invalid(e.to_string()))?;
                    let n = match el.items {
                        wasmparser::ElementItems::Functions(f) => f.count(),
                        wasmparser::ElementItems::Expressions(_, x) => x.count(),
                    };
                    limit("element entries", n as u64, limits::ELEMENT_ENTRIES as u64)?;
                }
            }
            Payload::DataSection(r) => limit(
                "data segments",
                r.count() as u64,
                limits::DATA_SEGMENTS as u64,
            )?,
            Payload::CodeSectionEntry(body) => {
                defined_funcs += 1;
                let mut locals = 0u64;
                let lr = body
                    .get_locals_reader()
                    .map_err(|e| ValidationError::Invalid(e.to_string()))?;
                for l in lr {
                    let (n, _) = l.map_err(|e| ValidationError::Invalid(e.to_string()))?;
                    locals += n as u64;
                }
                limit("locals per function", locals, limits::LOCALS as u64)?;
                let mut ops = body
                    .get_operators_reader()
                    .map_err(|e| ValidationError::Invalid(e.to_string()))?;
                let mut count = 0usize;
                while !ops.eof() {
                    let op = ops
                        .read()
                        .map_err(|e| ValidationError::Invalid(e.to_string()))?;
                    count += 1;
                    if !uses_unpriced_ops && is_unpriced(&op) {
                        uses_unpriced_ops = true;
                    }
                }
                limit(
                    "operators per function",
                    count as u64,
                    limits::OPERATORS as u64,
                )?;
            }
            _ => {}
        }
    }

    if !has_memory_export {
        return Err(ValidationError::MissingMemoryExport);
    }
    let entry = entry_func.ok_or(ValidationError::MissingEntrypoint)?;
    let ok = func_types
        .get(entry as usize)
        .and_then(|t| types.get(*t as usize))
        .and_then(|t| t.as_ref())
        .is_some_and(|ft| matches_sig(ft, &[Ty::I32], &[Ty::I32]));
    if !ok {
        return Err(ValidationError::MissingEntrypoint);
    }
    Ok(ModuleInfo {
        initial_pages,
        wasm_size: wasm.len(),
        functions: imported_funcs + defined_funcs,
        uses_unpriced_ops,
    })
}

/// Ops Nitro prices at u64::MAX ink: floats, `memory.init`, `data.drop`, tables.
fn is_unpriced(op: &wasmparser::Operator) -> bool {
    use wasmparser::Operator as O;
    let name = format!("{op:?}");
    matches!(
        op,
        O::MemoryInit { .. } | O::DataDrop { .. } | O::TableGet { .. } | O::TableSet { .. }
    ) || name.starts_with("F32")
        || name.starts_with("F64")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wat(s: &str) -> Vec<u8> {
        wat::parse_str(s).unwrap()
    }

    const OK: &str = r#"(module
        (import "vm_hooks" "pay_for_memory_grow" (func (param i32)))
        (memory (export "memory") 1)
        (func (export "user_entrypoint") (param i32) (result i32) i32.const 0))"#;

    #[test]
    fn accepts_minimal_program() {
        let info = validate(&wat(OK), false).unwrap();
        assert_eq!(info.initial_pages, 1);
    }

    #[test]
    fn rejects_bad_import() {
        let m = wat(r#"(module (import "env" "foo" (func))
            (memory (export "memory") 1)
            (func (export "user_entrypoint") (param i32) (result i32) i32.const 0))"#);
        assert!(matches!(
            validate(&m, false),
            Err(ValidationError::ForbiddenImport { .. })
        ));
        let m = wat(r#"(module (import "vm_hooks" "not_a_hook" (func))
            (memory (export "memory") 1)
            (func (export "user_entrypoint") (param i32) (result i32) i32.const 0))"#);
        assert!(matches!(
            validate(&m, false),
            Err(ValidationError::ForbiddenImport { .. })
        ));
        let m = wat(
            r#"(module (import "vm_hooks" "read_args" (func (param i64)))
            (memory (export "memory") 1)
            (func (export "user_entrypoint") (param i32) (result i32) i32.const 0))"#,
        );
        assert_eq!(
            validate(&m, false),
            Err(ValidationError::BadImportSignature("read_args".into()))
        );
    }

    #[test]
    fn rejects_reference_types_simd_and_multi_value() {
        let m = wat(r#"(module (table 1 externref)
            (memory (export "memory") 1)
            (func (export "user_entrypoint") (param i32) (result i32) i32.const 0))"#);
        assert!(matches!(
            validate(&m, false),
            Err(ValidationError::Invalid(_))
        ));
        let m = wat(r#"(module (memory (export "memory") 1)
            (func (export "user_entrypoint") (param i32) (result i32)
              v128.const i64x2 0 0 drop i32.const 0))"#);
        assert!(matches!(
            validate(&m, false),
            Err(ValidationError::Invalid(_))
        ));
        let m = wat(r#"(module (memory (export "memory") 1)
            (func $two (result i32 i32) i32.const 0 i32.const 0)
            (func (export "user_entrypoint") (param i32) (result i32) i32.const 0))"#);
        assert!(matches!(
            validate(&m, false),
            Err(ValidationError::Invalid(_))
        ));
    }

    #[test]
    fn rejects_shape_errors() {
        let m = wat(r#"(module (memory (export "memory") 1)
            (func (export "main") (param i32) (result i32) i32.const 0))"#);
        assert_eq!(validate(&m, false), Err(ValidationError::MissingEntrypoint));
        let m = wat(r#"(module (memory 1)
            (func (export "user_entrypoint") (param i32) (result i32) i32.const 0))"#);
        assert_eq!(
            validate(&m, false),
            Err(ValidationError::MissingMemoryExport)
        );
        let m = wat(r#"(module (memory (export "memory") 1)
            (func $s) (start $s)
            (func (export "user_entrypoint") (param i32) (result i32) i32.const 0))"#);
        assert_eq!(validate(&m, false), Err(ValidationError::StartFunction));
        let m = wat(r#"(module (memory (export "memory") 129)
            (func (export "user_entrypoint") (param i32) (result i32) i32.const 0))"#);
        assert!(matches!(
            validate(&m, false),
            Err(ValidationError::Limit { .. })
        ));
        let m = wat(r#"(module (import "vm_hooks" "memory" (memory 1))
            (func (export "user_entrypoint") (param i32) (result i32) i32.const 0))"#);
        assert!(validate(&m, false).is_err());
    }

    #[test]
    fn floats_validate_but_are_flagged() {
        let m = wat(r#"(module (memory (export "memory") 1)
            (func (export "user_entrypoint") (param i32) (result i32)
              f32.const 1 drop i32.const 0))"#);
        assert!(validate(&m, false).unwrap().uses_unpriced_ops);
    }
}
