//! Leptos's server functions, which this app never calls (it makes no request), depend on
//! wasm-streams 0.5 with its `browser` feature, and wasm-streams exports three classes to
//! JavaScript (`IntoUnderlyingSource`, `IntoUnderlyingByteSource`, `IntoUnderlyingSink`): a wasm
//! export is a root, so their code, the futures machinery under it and the imports only it calls
//! were in the first load although nothing can reach them (no import constructs one). Leptos turns
//! the feature on unconditionally (`leptos` 0.8's dependency on `server_fn`), so it cannot be
//! turned off in `Cargo.toml`.
//!
//! `finish` takes them out after Trunk's build: the classes from the glue, their exports from the
//! wasm, then wasm-opt `-Oz` again (with the page's own flags) drops what only they reached, and
//! the glue's import functions the wasm no longer imports go too. Each step fails the build when
//! what it expects is not there, rather than ship a half-edited page.

use std::path::Path;
use std::process::Command;

/// The classes wasm-streams 0.5 exports, as wasm-bindgen names them in the glue.
const CLASSES: [&str; 3] = ["IntoUnderlyingByteSource", "IntoUnderlyingSink", "IntoUnderlyingSource"];

/// Takes the classes out of the glue at `glue` and their exports out of the wasm at `wasm`, which
/// wasm-opt then shrinks with `wasm_opt_args`.
pub fn strip(root: &Path, glue: &Path, wasm: &Path, wasm_opt_args: &[&str]) -> Result<(), String> {
    let mut text = crate::finish::read_text(glue)?;
    for class in CLASSES {
        text = without_class(&text, class)?;
    }
    let module = crate::finish::read(wasm)?;
    let (module, removed) = without_exports(&module, |name| name.contains("intounderlying"))?;
    if removed != 13 {
        return Err(format!(
            "expected wasm-streams' 13 exports in {}, found {removed}",
            wasm.display()
        ));
    }
    crate::finish::write(wasm, &module)?;
    crate::run(
        root,
        Command::new(crate::extras::wasm_opt(root))
            .args(wasm_opt_args)
            .arg(wasm)
            .arg("-o")
            .arg(wasm),
    )?;
    let module = crate::finish::read(wasm)?;
    let text = without_unused_imports(&text, &imports(&module)?)?;
    crate::finish::write(glue, text.as_bytes())
}

/// `glue` without the exported class `class`: its definition, the line that gives it
/// `Symbol.dispose`, and its finalization registry.
fn without_class(glue: &str, class: &str) -> Result<String, String> {
    let missing = |what: &str| format!("the glue has no {what} of {class}: did wasm-bindgen's output change?");
    let start = glue
        .find(&format!("export class {class} {{\n"))
        .ok_or_else(|| missing("class"))?;
    let dispose = format!("if (Symbol.dispose) {class}.prototype[Symbol.dispose] = {class}.prototype.free;\n");
    let end = start + glue[start..].find(&dispose).ok_or_else(|| missing("dispose line"))? + dispose.len();
    let mut text = format!("{}{}", &glue[..start], glue[end..].trim_start_matches('\n'));
    let registry = format!("const {class}Finalization = ");
    let start = text.find(&registry).ok_or_else(|| missing("finalization registry"))?;
    let end = start + text[start..].find(";\n").ok_or_else(|| missing("registry's end"))? + 2;
    text.replace_range(start..end, "");
    if text.contains(class) {
        return Err(format!("the glue still names {class} after its class was taken out"));
    }
    Ok(text)
}

/// `glue` without the functions of its imports object (`__wbg_get_imports`) that are not in
/// `imported`. wasm-bindgen writes each as a property at eight spaces' indentation.
fn without_unused_imports(glue: &str, imported: &[String]) -> Result<String, String> {
    let open = "    const import0 = {\n";
    let start = glue.find(open).ok_or("the glue has no imports object")? + open.len();
    let end = start
        + glue[start..]
            .find("\n    };\n")
            .ok_or("the glue's imports object has no end")?
        + 1;
    let mut kept = String::with_capacity(end - start);
    let mut property = String::new();
    // A function nothing imports goes; anything else (`__proto__: null`) stays.
    let flush = |property: &mut String, kept: &mut String| {
        let (name, value) = property.trim_start().split_once(": ").unwrap_or_default();
        if !value.starts_with("function") || imported.iter().any(|import| import == name) {
            kept.push_str(property);
        }
        property.clear();
    };
    for line in glue[start..end].split_inclusive('\n') {
        let starts_property =
            line.starts_with("        ") && !line.starts_with("         ") && !line.starts_with("        }");
        if starts_property {
            flush(&mut property, &mut kept);
        }
        property.push_str(line);
    }
    flush(&mut property, &mut kept);
    let text = format!("{}{kept}{}", &glue[..start], &glue[end..]);
    let missing: Vec<&String> = imported
        .iter()
        .filter(|import| !text[start..start + kept.len()].contains(&format!("        {import}: ")))
        .collect();
    if !missing.is_empty() {
        return Err(format!("the glue's imports object lost {missing:?}"));
    }
    Ok(text)
}

/// The names of the functions `module` imports.
fn imports(module: &[u8]) -> Result<Vec<String>, String> {
    let mut names = Vec::new();
    for (id, body) in sections(module)? {
        if id != 2 {
            continue;
        }
        let (count, mut at) = leb128(body, 0)?;
        for _ in 0..count {
            let (_, after_module) = name(body, at)?;
            let (field, after_field) = name(body, after_module)?;
            at = skip_import_kind(body, after_field)?;
            names.push(field);
        }
    }
    Ok(names)
}

/// `module` without the exports whose names `drop` picks, and how many it dropped.
fn without_exports(module: &[u8], drop: impl Fn(&str) -> bool) -> Result<(Vec<u8>, usize), String> {
    let mut out = module[..8].to_vec();
    let mut removed = 0;
    for (id, body) in sections(module)? {
        let mut kept = body.to_vec();
        if id == 7 {
            let (count, mut at) = leb128(body, 0)?;
            let mut exports = Vec::new();
            for _ in 0..count {
                let (export, after) = name(body, at)?;
                let (_, end) = leb128(body, after + 1)?;
                if drop(&export) {
                    removed += 1;
                } else {
                    exports.push(&body[at..end]);
                }
                at = end;
            }
            kept = encoded(exports.len() as u64);
            exports.iter().for_each(|export| kept.extend_from_slice(export));
        }
        out.push(id);
        out.extend(encoded(kept.len() as u64));
        out.extend(kept);
    }
    Ok((out, removed))
}

/// The sections of `module`: id and body.
fn sections(module: &[u8]) -> Result<Vec<(u8, &[u8])>, String> {
    if module.get(..4) != Some(b"\0asm") {
        return Err("not a wasm module".to_string());
    }
    let mut found = Vec::new();
    let mut at = 8;
    while at < module.len() {
        let id = module[at];
        let (size, start) = leb128(module, at + 1)?;
        let end = start + size as usize;
        found.push((
            id,
            module.get(start..end).ok_or("a section runs past the module's end")?,
        ));
        at = end;
    }
    Ok(found)
}

/// A name (length, then UTF-8) at `at`, and the byte after it.
fn name(bytes: &[u8], at: usize) -> Result<(String, usize), String> {
    let (length, start) = leb128(bytes, at)?;
    let end = start + length as usize;
    let text = bytes.get(start..end).ok_or("a name runs past its section")?;
    Ok((String::from_utf8_lossy(text).into_owned(), end))
}

/// The byte after an import's description at `at` (its kind, then what that kind needs).
fn skip_import_kind(bytes: &[u8], at: usize) -> Result<usize, String> {
    let byte = |at: usize| bytes.get(at).copied().ok_or("an import runs past its section");
    match byte(at)? {
        0 => Ok(leb128(bytes, at + 1)?.1),
        1 => {
            // A table: its element type, then its limits.
            let flags = byte(at + 2)?;
            let (_, after) = leb128(bytes, at + 3)?;
            Ok(if flags & 1 == 1 { leb128(bytes, after)?.1 } else { after })
        }
        2 => {
            let flags = byte(at + 1)?;
            let (_, after) = leb128(bytes, at + 2)?;
            Ok(if flags & 1 == 1 { leb128(bytes, after)?.1 } else { after })
        }
        3 => Ok(at + 3),
        4 => Ok(leb128(bytes, at + 2)?.1),
        kind => Err(format!("an import of unknown kind {kind}")),
    }
}

/// An unsigned LEB128 number at `at`, and the byte after it.
fn leb128(bytes: &[u8], mut at: usize) -> Result<(u64, usize), String> {
    let (mut value, mut shift) = (0u64, 0);
    loop {
        let byte = *bytes.get(at).ok_or("a number runs past the module's end")?;
        at += 1;
        value |= u64::from(byte & 0x7f) << shift;
        if byte < 0x80 {
            return Ok((value, at));
        }
        shift += 7;
        if shift > 63 {
            return Err("a number too long for LEB128".to_string());
        }
    }
}

fn encoded(mut value: u64) -> Vec<u8> {
    let mut bytes = Vec::new();
    loop {
        let byte = (value & 0x7f) as u8;
        value >>= 7;
        if value == 0 {
            bytes.push(byte);
            return bytes;
        }
        bytes.push(byte | 0x80);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A module with one imported function and two exported ones, written by hand.
    fn module() -> Vec<u8> {
        let mut module = b"\0asm\x01\0\0\0".to_vec();
        // Type section: one type, () -> ().
        module.extend([1, 4, 1, 0x60, 0, 0]);
        // Import section: "m"."f", a function of type 0.
        module.extend([2, 7, 1, 1, b'm', 1, b'f', 0, 0]);
        // Function section: two functions of type 0.
        module.extend([3, 3, 2, 0, 0]);
        // Export section: "keep" (function 1) and "intounderlyingx_pull" (function 2).
        let mut exports = vec![2, 4];
        exports.extend(b"keep");
        exports.extend([0, 1, 20]);
        exports.extend(b"intounderlyingx_pull");
        exports.extend([0, 2]);
        module.push(7);
        module.extend(encoded(exports.len() as u64));
        module.extend(exports);
        // Code section: two empty bodies.
        module.extend([10, 7, 2, 2, 0, 0x0b, 2, 0, 0x0b]);
        module
    }

    #[test]
    fn exports_are_dropped_by_name_and_imports_read() {
        let module = module();
        let (stripped, removed) = without_exports(&module, |name| name.contains("intounderlying")).unwrap();
        assert_eq!(removed, 1);
        let export_section = sections(&stripped)
            .unwrap()
            .into_iter()
            .find(|(id, _)| *id == 7)
            .unwrap()
            .1;
        assert_eq!(export_section, [1, 4, b'k', b'e', b'e', b'p', 0, 1]);
        assert_eq!(sections(&stripped).unwrap().len(), sections(&module).unwrap().len());
        assert_eq!(imports(&stripped).unwrap(), ["f"]);
    }

    #[test]
    fn a_class_and_the_imports_no_longer_used_leave_the_glue() {
        let glue = "export class IntoUnderlyingSink {\n    free() {\n        wasm.x();\n    }\n}\n\
                    if (Symbol.dispose) IntoUnderlyingSink.prototype[Symbol.dispose] = IntoUnderlyingSink.prototype.free;\n\n\
                    function __wbg_get_imports() {\n    const import0 = {\n        __proto__: null,\n\
                    \x20       __wbg_kept_1: function(arg0) {\n            return arg0.a;\n        },\n\
                    \x20       __wbg_gone_2: function() { return handleError(function (arg0) {\n            arg0.b();\n        }, arguments); },\n\
                    \x20   };\n    return { __proto__: null, \"./app_bg.js\": import0 };\n}\n\
                    const IntoUnderlyingSinkFinalization = (typeof FinalizationRegistry === 'undefined')\n    ? { register: () => {}, unregister: () => {} }\n    : new FinalizationRegistry(ptr => wasm.free(ptr, 1));\nconst other = 1;\n";
        let text = without_class(glue, "IntoUnderlyingSink").unwrap();
        assert!(text.starts_with("function __wbg_get_imports()"), "{text}");
        assert!(text.ends_with("}\nconst other = 1;\n"), "{text}");
        let text = without_unused_imports(&text, &["__wbg_kept_1".to_string()]).unwrap();
        assert!(text.contains("__proto__: null,\n        __wbg_kept_1: function(arg0) {\n            return arg0.a;\n        },\n    };"), "{text}");
        assert!(!text.contains("__wbg_gone_2"), "{text}");
        assert!(without_class(&text, "IntoUnderlyingSink").is_err());
        assert!(without_unused_imports(&text, &["__wbg_absent_3".to_string()]).is_err());
    }
}
