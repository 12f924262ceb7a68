//! Activation-time validation by Nitro's rules: the WASM feature set, the module's shape
//! (imports, exports, no start function) and the limits of Nitro's `parse_user`
//! (nitro-metering.md §2 "Rejected at activation", execution.md §6.1, §6.6, §6.7).
//!
//! The rejections Nitro makes while instrumenting (bulk-memory and table ops, frame size
//! and contention, a growable memory without `pay_for_memory_grow`, costs over u16) are
//! made by [`super::instrument`], which drives the [`ModuleChecker`] of this module in its
//! single pass over the binary.

use super::{
    hostio::{self, Ty},
    instrument::pricing::{nitro_op_ink, FORBIDDEN},
};
use wasmparser::{
    CompositeInnerType, ElementItems, ExternalKind, FuncType, FuncValidatorAllocations,
    KnownCustom, MemoryType, Name, Parser, Payload, TypeRef, ValType, ValidPayload, Validator,
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
    /// Summed over all element segments.
    pub const ELEMENT_ENTRIES: u32 = 4096;
    /// Bytes of the module's name (name section).
    pub const NAME_LEN: usize = 512;
    /// `StylusParams.PageLimit`; the effective limit is lower when pages are already open.
    pub const PAGE_LIMIT: u64 = 128;
    /// From ArbOS 32.
    pub const IMPORTS: u32 = 513;
}

/// ArbOS of today's production chains (and of Nitro's dev-test chain).
pub const DEFAULT_ARBOS_VERSION: u64 = 51;
/// From this ArbOS version a module using multi-value is rejected.
pub const ARBOS_NO_MULTI_VALUE: u64 = 60;
/// From this ArbOS version a module may import at most [`limits::IMPORTS`] functions.
pub const ARBOS_IMPORT_LIMIT: u64 = 32;

/// Why Nitro would refuse to activate a module.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ValidationError {
    #[error("invalid wasm (Nitro's feature set: no reference-types, SIMD, threads, tail-call, multi-memory, memory64, exceptions, GC): {0}")]
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
    #[error("multi-value types are not allowed from ArbOS {ARBOS_NO_MULTI_VALUE} (chain at ArbOS {arbos_version})")]
    MultiValue { arbos_version: u64 },
    #[error("function {func} uses {op}, which Stylus does not support (only memory.copy and memory.fill of the bulk-memory ops)")]
    ForbiddenOp { op: &'static str, func: u32 },
    #[error("memory can grow but vm_hooks::pay_for_memory_grow is not imported")]
    MissingMemoryGrowImport,
    #[error("export {0:?} has the name of an import")]
    ImportExportClash(String),
    #[error("function {func} needs a stack frame of {words} words (limit {limit})")]
    FrameTooLarge { func: u32, words: u64, limit: u64 },
    #[error("function {func} keeps {values} values live at once (limit {limit})")]
    FrameContention { func: u32, values: u64, limit: u64 },
    #[error("{what} {cost} does not fit in 16 bits")]
    CostTooLarge { what: &'static str, cost: u64 },
}

impl ValidationError {
    pub(crate) fn invalid(e: impl ToString) -> Self {
        Self::Invalid(e.to_string())
    }
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

/// What the rules depend on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rules {
    pub arbos_version: u64,
    /// Most pages the initial memory may have.
    pub page_limit: u64,
    /// Debug-mode chain: `console` and `debug` imports are accepted.
    pub allow_debug: bool,
}

impl Rules {
    /// Production rules ([`DEFAULT_ARBOS_VERSION`], 128 pages).
    pub fn new(allow_debug: bool) -> Self {
        Self {
            arbos_version: DEFAULT_ARBOS_VERSION,
            page_limit: limits::PAGE_LIMIT,
            allow_debug,
        }
    }

    /// The WASM features Nitro's validator enables at this ArbOS version.
    pub fn features(&self) -> WasmFeatures {
        if self.arbos_version < ARBOS_NO_MULTI_VALUE {
            nitro_features() | WasmFeatures::MULTI_VALUE
        } else {
            nitro_features()
        }
    }
}

/// The WASM features Nitro enables at every ArbOS version (multi-value, allowed before
/// ArbOS 60, is added by [`Rules::features`]).
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
    ft.params().len() == params.len()
        && ft.results().len() == results.len()
        && ft
            .params()
            .iter()
            .zip(params)
            .all(|(a, b)| ty_of(a) == Some(*b))
        && ft
            .results()
            .iter()
            .zip(results)
            .all(|(a, b)| ty_of(a) == Some(*b))
}

/// What the module-level checks learned, for the instrumentation and the cost model.
#[derive(Debug, Clone, Default)]
pub struct ModuleFacts {
    /// Function types by type index (`None` for non-function types).
    pub types: Vec<Option<FuncType>>,
    /// Type index of every function, imports first.
    pub func_types: Vec<u32>,
    pub imported_funcs: u32,
    /// The module's memory (at most one).
    pub memory: Option<MemoryType>,
    /// Globals the module defines (it cannot import any).
    pub globals: u32,
    /// Function index of `vm_hooks::pay_for_memory_grow`, if imported.
    pub pay_for_memory_grow: Option<u32>,
    /// Payload bytes of the data segments.
    pub data_bytes: u64,
    /// Bytes of the data segment entries (flags, offset, length prefix and payload).
    pub data_entry_bytes: u64,
    /// Bytes of the element segment entries.
    pub elem_entry_bytes: u64,
    /// Function index of `user_entrypoint`.
    pub entrypoint: u32,
}

impl ModuleFacts {
    /// Functions the module defines.
    pub fn local_funcs(&self) -> u32 {
        self.func_types.len() as u32 - self.imported_funcs
    }

    /// The type of function `index`.
    pub fn func_type(&self, index: u32) -> Option<&FuncType> {
        let ty = *self.func_types.get(index as usize)?;
        self.types.get(ty as usize)?.as_ref()
    }

    /// Parameter count of each type index (what `call_indirect` is priced by).
    pub fn type_params(&self) -> Vec<u32> {
        self.types
            .iter()
            .map(|t| t.as_ref().map_or(0, |f| f.params().len() as u32))
            .collect()
    }

    /// Whether `memory.grow` can ever succeed (Nitro hooks it then).
    pub fn memory_can_grow(&self) -> bool {
        self.memory
            .is_some_and(|m| m.maximum.is_none_or(|max| max > m.initial))
    }
}

/// Nitro's module-level rules, fed the parser's payloads one by one: [`Self::precheck`]
/// before wasmparser's validator sees each, [`Self::payload`] after it accepted it.
#[derive(Debug)]
pub struct ModuleChecker {
    rules: Rules,
    facts: ModuleFacts,
    import_names: Vec<String>,
    has_memory_export: bool,
    entrypoint: Option<u32>,
    element_entries: u64,
}

impl ModuleChecker {
    pub fn new(rules: Rules) -> Self {
        Self {
            rules,
            facts: ModuleFacts::default(),
            import_names: Vec::new(),
            has_memory_export: false,
            entrypoint: None,
            element_entries: 0,
        }
    }

    /// What the sections seen so far say.
    pub fn facts(&self) -> &ModuleFacts {
        &self.facts
    }

    /// Rules to check before wasmparser's validator sees `payload`, so that their typed
    /// error wins over its generic one: multi-value types from ArbOS 60.
    pub fn precheck(&self, payload: &Payload<'_>) -> Result<(), ValidationError> {
        let Payload::TypeSection(r) = payload else {
            return Ok(());
        };
        if self.rules.arbos_version < ARBOS_NO_MULTI_VALUE {
            return Ok(());
        }
        for rec in r.clone().into_iter().map_while(Result::ok) {
            for st in rec.into_types() {
                if let CompositeInnerType::Func(f) = &st.composite_type.inner {
                    if f.results().len() > 1 {
                        return Err(ValidationError::MultiValue {
                            arbos_version: self.rules.arbos_version,
                        });
                    }
                }
            }
        }
        Ok(())
    }

    /// Checks one payload, after wasmparser's validator accepted it. Function bodies are
    /// checked by [`check_function_size`].
    pub fn payload(&mut self, payload: &Payload<'_>) -> Result<(), ValidationError> {
        let inv = ValidationError::invalid;
        let facts = &mut self.facts;
        match payload {
            Payload::TypeSection(r) => {
                for rec in r.clone() {
                    for st in rec.map_err(inv)?.into_types() {
                        match &st.composite_type.inner {
                            CompositeInnerType::Func(f) => facts.types.push(Some(f.clone())),
                            _ => facts.types.push(None),
                        }
                    }
                }
            }
            Payload::ImportSection(r) => {
                if self.rules.arbos_version >= ARBOS_IMPORT_LIMIT {
                    limit("imports", r.count().into(), limits::IMPORTS.into())?;
                }
                for imp in r.clone() {
                    let imp = imp.map_err(inv)?;
                    if imp.name.starts_with("stylus") {
                        return Err(ValidationError::ReservedName(imp.name.to_string()));
                    }
                    let TypeRef::Func(type_idx) = imp.ty else {
                        return Err(ValidationError::NonFunctionImport(format!(
                            "{}::{}",
                            imp.module, imp.name
                        )));
                    };
                    match imp.module {
                        "vm_hooks" => {
                            let Some((params, results)) = hostio::signature(imp.name) else {
                                return Err(ValidationError::ForbiddenImport {
                                    module: imp.module.into(),
                                    name: imp.name.into(),
                                });
                            };
                            let ok = facts
                                .types
                                .get(type_idx as usize)
                                .and_then(|t| t.as_ref())
                                .is_some_and(|ft| matches_sig(ft, params, results));
                            if !ok {
                                return Err(ValidationError::BadImportSignature(imp.name.into()));
                            }
                            if imp.name == "pay_for_memory_grow" {
                                facts.pay_for_memory_grow = Some(facts.imported_funcs);
                            }
                        }
                        "console" | "debug" if self.rules.allow_debug => {}
                        _ => {
                            return Err(ValidationError::ForbiddenImport {
                                module: imp.module.into(),
                                name: imp.name.into(),
                            })
                        }
                    }
                    facts.imported_funcs += 1;
                    facts.func_types.push(type_idx);
                    self.import_names.push(imp.name.to_string());
                }
            }
            Payload::FunctionSection(r) => {
                limit("functions", r.count().into(), limits::FUNCTIONS.into())?;
                for t in r.clone() {
                    facts.func_types.push(t.map_err(inv)?);
                }
            }
            Payload::TableSection(r) => {
                for t in r.clone() {
                    limit(
                        "table entries",
                        t.map_err(inv)?.ty.initial,
                        limits::TABLE_ENTRIES,
                    )?;
                }
            }
            Payload::MemorySection(r) => {
                limit(
                    "memories",
                    r.count().into(),
                    limits::MEMORIES.try_into().unwrap_or(u64::MAX),
                )?;
                for m in r.clone() {
                    let m = m.map_err(inv)?;
                    limit("initial memory pages", m.initial, self.rules.page_limit)?;
                    facts.memory = Some(m);
                }
            }
            Payload::GlobalSection(r) => {
                limit("globals", r.count().into(), limits::GLOBALS.into())?;
                facts.globals = r.count();
            }
            Payload::ExportSection(r) => {
                limit("exports", r.count().into(), limits::EXPORTS.into())?;
                for e in r.clone() {
                    let e = e.map_err(inv)?;
                    if e.name.starts_with("stylus") {
                        return Err(ValidationError::ReservedName(e.name.to_string()));
                    }
                    if self.import_names.iter().any(|n| n == e.name) {
                        return Err(ValidationError::ImportExportClash(e.name.to_string()));
                    }
                    match (e.kind, e.name) {
                        (ExternalKind::Memory, "memory") => self.has_memory_export = true,
                        (ExternalKind::Func, "user_entrypoint") => self.entrypoint = Some(e.index),
                        _ => {}
                    }
                }
            }
            Payload::StartSection { .. } => return Err(ValidationError::StartFunction),
            Payload::ElementSection(r) => {
                limit(
                    "element segments",
                    r.count().into(),
                    limits::ELEMENT_SEGMENTS.into(),
                )?;
                for el in r.clone() {
                    let el = el.map_err(inv)?;
                    self.element_entries += u64::from(match el.items {
                        ElementItems::Functions(f) => f.count(),
                        ElementItems::Expressions(_, x) => x.count(),
                    });
                    facts.elem_entry_bytes += el.range.len() as u64;
                }
                limit(
                    "element entries",
                    self.element_entries,
                    limits::ELEMENT_ENTRIES.into(),
                )?;
            }
            Payload::DataSection(r) => {
                limit(
                    "data segments",
                    r.count().into(),
                    limits::DATA_SEGMENTS.into(),
                )?;
                for d in r.clone() {
                    let d = d.map_err(inv)?;
                    facts.data_bytes += d.data.len() as u64;
                    facts.data_entry_bytes += d.range.len() as u64;
                }
            }
            Payload::CustomSection(c) => {
                // A malformed name section is ignored, as engines do.
                if let KnownCustom::Name(names) = c.as_known() {
                    for name in names.into_iter().map_while(Result::ok) {
                        if let Name::Module { name, .. } = name {
                            limit(
                                "module name length",
                                name.len() as u64,
                                limits::NAME_LEN as u64,
                            )?;
                        }
                    }
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// The module-wide checks that need every section.
    pub fn finish(mut self) -> Result<ModuleFacts, ValidationError> {
        if !self.has_memory_export {
            return Err(ValidationError::MissingMemoryExport);
        }
        let entry = self.entrypoint.ok_or(ValidationError::MissingEntrypoint)?;
        let ok = self
            .facts
            .func_type(entry)
            .is_some_and(|ft| matches_sig(ft, &[Ty::I32], &[Ty::I32]));
        if !ok {
            return Err(ValidationError::MissingEntrypoint);
        }
        self.facts.entrypoint = entry;
        Ok(self.facts)
    }
}

/// Nitro's per-function limits: declared locals and operators (`parse_user`).
pub fn check_function_size(locals: u64, ops: u64) -> Result<(), ValidationError> {
    limit("locals per function", locals, limits::LOCALS.into())?;
    limit(
        "operators per function",
        ops,
        limits::OPERATORS.try_into().unwrap_or(u64::MAX),
    )
}

/// Validates a raw module as Nitro's `parse_user` does, with production rules (ArbOS
/// [`DEFAULT_ARBOS_VERSION`]). `allow_debug` also accepts the `console` and `debug` imports
/// (debug-mode chains only).
pub fn validate(wasm: &[u8], allow_debug: bool) -> Result<ModuleInfo, ValidationError> {
    validate_with(wasm, &Rules::new(allow_debug))
}

/// [`validate`] under explicit rules.
pub fn validate_with(wasm: &[u8], rules: &Rules) -> Result<ModuleInfo, ValidationError> {
    let inv = ValidationError::invalid;
    let mut validator = Validator::new_with_features(rules.features());
    let mut checker = ModuleChecker::new(*rules);
    let mut allocs = FuncValidatorAllocations::default();
    let mut type_params = None;
    let mut uses_unpriced_ops = false;
    for payload in Parser::new(0).parse_all(wasm) {
        let payload = payload.map_err(inv)?;
        checker.precheck(&payload)?;
        let valid = validator.payload(&payload).map_err(inv)?;
        checker.payload(&payload)?;
        let ValidPayload::Func(func, body) = valid else {
            continue;
        };
        let mut fv = func.into_validator(std::mem::take(&mut allocs));
        fv.validate(&body).map_err(inv)?;
        allocs = fv.into_allocations();
        let mut locals = 0u64;
        for l in body.get_locals_reader().map_err(inv)? {
            locals += u64::from(l.map_err(inv)?.0);
        }
        let type_params = type_params.get_or_insert_with(|| checker.facts().type_params());
        let mut ops = body.get_operators_reader().map_err(inv)?;
        let mut count = 0u64;
        while !ops.eof() {
            let op = ops.read().map_err(inv)?;
            count += 1;
            uses_unpriced_ops |= nitro_op_ink(&op, type_params) == FORBIDDEN;
        }
        check_function_size(locals, count)?;
    }
    let facts = checker.finish()?;
    Ok(ModuleInfo {
        initial_pages: facts.memory.map_or(0, |m| m.initial),
        wasm_size: wasm.len(),
        functions: facts.func_types.len() as u32,
        uses_unpriced_ops,
    })
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

    /// A module around `items` with the required import, memory and entrypoint.
    fn module(items: &str) -> Vec<u8> {
        wat(&format!(
            r#"(module
            (import "vm_hooks" "pay_for_memory_grow" (func (param i32)))
            (memory (export "memory") 1)
            (func (export "user_entrypoint") (param i32) (result i32) i32.const 0)
            {items})"#
        ))
    }

    #[test]
    fn accepts_minimal_program() {
        let info = validate(&wat(OK), false).unwrap();
        assert_eq!(info.initial_pages, 1);
        assert_eq!(info.functions, 2);
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
    fn debug_imports_only_on_debug_chains() {
        let m = wat(r#"(module (import "console" "log_i32" (func (param i32)))
            (memory (export "memory") 1)
            (func (export "user_entrypoint") (param i32) (result i32) i32.const 0))"#);
        assert!(matches!(
            validate(&m, false),
            Err(ValidationError::ForbiddenImport { .. })
        ));
        assert!(validate(&m, true).is_ok());
    }

    #[test]
    fn rejects_reference_types_and_simd() {
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
    }

    #[test]
    fn multi_value_is_allowed_before_arbos_60_only() {
        let m = module("(func $two (result i32 i32) i32.const 0 i32.const 0)");
        let at = |arbos_version| {
            validate_with(
                &m,
                &Rules {
                    arbos_version,
                    ..Rules::new(false)
                },
            )
        };
        assert!(at(51).is_ok());
        assert!(validate(&m, false).is_ok());
        assert_eq!(
            at(60),
            Err(ValidationError::MultiValue { arbos_version: 60 })
        );
        // Block parameters need multi-value too.
        let m = module(
            "(type $t (func (param i32) (result i32)))
             (func (result i32) i32.const 1 block (type $t) end)",
        );
        assert!(at(51).is_ok());
        assert!(validate_with(
            &m,
            &Rules {
                arbos_version: 60,
                ..Rules::new(false)
            }
        )
        .is_err());
    }

    #[test]
    fn rejects_shape_errors() {
        let m = wat(r#"(module (memory (export "memory") 1)
            (func (export "main") (param i32) (result i32) i32.const 0))"#);
        assert_eq!(validate(&m, false), Err(ValidationError::MissingEntrypoint));
        let m = wat(r#"(module (memory (export "memory") 1)
            (func (export "user_entrypoint") (param i64) (result i32) i32.const 0))"#);
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
    fn page_limit_is_a_rule() {
        let m = wat(r#"(module (memory (export "memory") 10)
            (func (export "user_entrypoint") (param i32) (result i32) i32.const 0))"#);
        let rules = Rules {
            page_limit: 9,
            ..Rules::new(false)
        };
        assert_eq!(
            validate_with(&m, &rules),
            Err(ValidationError::Limit {
                what: "initial memory pages",
                count: 10,
                limit: 9
            })
        );
        assert!(validate(&m, false).is_ok());
    }

    #[test]
    fn reserved_names_and_clashes() {
        let m = module(r#"(global (export "stylus_x") i32 (i32.const 0))"#);
        assert_eq!(
            validate(&m, false),
            Err(ValidationError::ReservedName("stylus_x".into()))
        );
        let m = module(r#"(func (export "pay_for_memory_grow"))"#);
        assert_eq!(
            validate(&m, false),
            Err(ValidationError::ImportExportClash(
                "pay_for_memory_grow".into()
            ))
        );
    }

    #[test]
    fn element_entries_are_summed_over_segments() {
        let funcs = |n| vec!["0"; n].join(" ");
        let m = module(&format!(
            "(table 4096 funcref) (elem (i32.const 0) func {}) (elem (i32.const 2048) func {})",
            funcs(2048),
            funcs(2048)
        ));
        assert!(validate(&m, false).is_ok());
        let m = module(&format!(
            "(table 4096 funcref) (elem (i32.const 0) func {}) (elem (i32.const 2048) func {})",
            funcs(2048),
            funcs(2049)
        ));
        assert_eq!(
            validate(&m, false),
            Err(ValidationError::Limit {
                what: "element entries",
                count: 4097,
                limit: 4096
            })
        );
    }

    #[test]
    fn module_name_is_limited() {
        let named = |n: usize| {
            wat(&format!(
                r#"(module ${} (memory (export "memory") 1)
                (func (export "user_entrypoint") (param i32) (result i32) i32.const 0))"#,
                "m".repeat(n)
            ))
        };
        assert!(validate(&named(512), false).is_ok());
        assert!(matches!(
            validate(&named(513), false),
            Err(ValidationError::Limit {
                what: "module name length",
                ..
            })
        ));
    }

    #[test]
    fn import_limit_from_arbos_32() {
        let imports: String = (0..514)
            .map(|_| r#"(import "vm_hooks" "msg_reentrant" (func (result i32)))"#)
            .collect();
        let m = wat(&format!(
            r#"(module {imports} (memory (export "memory") 1)
            (func (export "user_entrypoint") (param i32) (result i32) i32.const 0))"#
        ));
        assert!(matches!(
            validate(&m, false),
            Err(ValidationError::Limit {
                what: "imports",
                ..
            })
        ));
        let rules = Rules {
            arbos_version: 31,
            ..Rules::new(false)
        };
        assert!(validate_with(&m, &rules).is_ok());
    }

    #[test]
    fn function_size_limits() {
        let locals = |n: usize| format!("(func (local i64 {}))", "i32 ".repeat(n - 1));
        let m = module(&locals(348));
        assert!(validate(&m, false).is_ok());
        let m = module(&locals(349));
        assert!(matches!(
            validate(&m, false),
            Err(ValidationError::Limit {
                what: "locals per function",
                count: 349,
                ..
            })
        ));
        // 65,535 nops and the final end are 65,536 operators.
        let m = module(&format!("(func {})", "nop ".repeat(65_535)));
        assert!(validate(&m, false).is_ok());
        let m = module(&format!("(func {})", "nop ".repeat(65_536)));
        assert!(matches!(
            validate(&m, false),
            Err(ValidationError::Limit {
                what: "operators per function",
                ..
            })
        ));
    }

    #[test]
    fn floats_validate_but_are_flagged() {
        let m = wat(r#"(module (memory (export "memory") 1)
            (func (export "user_entrypoint") (param i32) (result i32)
              f32.const 1 drop i32.const 0))"#);
        assert!(validate(&m, false).unwrap().uses_unpriced_ops);
        assert!(!validate(&wat(OK), false).unwrap().uses_unpriced_ops);
    }
}
