//! Tidy tests, in the spirit of rust-analyzer's: the invariants ARCHITECTURE.md states, checked
//! on the source text so that breaking one fails the build instead of going unnoticed.
//!
//! Only the code before a file's first `#[cfg(test)]` is held to the engine's rules: tests may
//! read files and import from above.

#![cfg(not(target_arch = "wasm32"))]

use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every `.rs` file below `dir`, as paths relative to the repository.
fn rust_files(dir: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![root().join(dir)];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("a source folder").flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|extension| extension == "rs") {
                let relative = path.strip_prefix(root()).expect("below the root");
                out.push(relative.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    out.sort();
    out
}

fn read(relative: &str) -> String {
    std::fs::read_to_string(root().join(Path::new(relative))).expect("a readable source file")
}

/// The code of a file that is not test code: everything before its first `#[cfg(test)]`, without
/// comment lines (which may well name what the code must not do).
fn production_code(relative: &str) -> String {
    let text = read(relative);
    let code = match text.find("#[cfg(test)]") {
        Some(index) => &text[..index],
        None => &text,
    };
    code.lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The files (outside `allowed`) whose production code names `word`.
fn naming(word: &str, files: &[String], allowed: &[&str]) -> Vec<String> {
    files
        .iter()
        .filter(|file| !allowed.contains(&file.as_str()))
        .filter(|file| production_code(file).contains(word))
        .cloned()
        .collect()
}

#[test]
fn serde_yaml_is_named_only_in_the_yaml_module() {
    // serde_yaml is archived upstream; confined to one module, a fork can replace it there.
    let offenders = naming("serde_yaml", &rust_files("src"), &["src/yaml.rs"]);
    assert!(offenders.is_empty(), "serde_yaml outside src/yaml.rs: {offenders:?}");
}

#[test]
fn certificates_are_parsed_and_their_extensions_read_only_in_the_x509_module() {
    // x509-parser's default parse links a parser for every extension it knows; `x509` parses
    // none and reads the few this tool needs, as those methods would.
    let files = rust_files("src");
    for word in [
        "X509Certificate::from_der",
        "parse_x509_certificate",
        ".parsed_extension()",
        ".basic_constraints()",
        ".key_usage()",
        ".extended_key_usage()",
        ".subject_alternative_name()",
        ".is_ca()",
    ] {
        assert_eq!(naming(word, &files, &["src/x509.rs"]), Vec::<String>::new(), "{word}");
    }
}

#[test]
fn web_apis_are_named_only_at_the_browser_edge() {
    let allowed = ["src/app/browser.rs", "src/app/panic_banner.rs"];
    for word in ["web_sys", "js_sys"] {
        let offenders = naming(word, &rust_files("src"), &allowed);
        assert!(offenders.is_empty(), "{word} outside {allowed:?}: {offenders:?}");
    }
}

#[test]
fn the_engine_does_no_io_reads_no_clock_and_knows_no_ui() {
    let engine: Vec<String> = rust_files("src")
        .into_iter()
        .filter(|file| !file.starts_with("src/app/") && !file.starts_with("src/bin/"))
        // The snapshot helper is a test-only module (`#[cfg(test)] mod snapshot`).
        .filter(|file| file != "src/snapshot.rs")
        .collect();
    for word in [
        "std::fs",
        "std::env",
        "SystemTime",
        "Instant::now",
        "leptos",
        "println!",
        "eprintln!",
    ] {
        let offenders = naming(word, &engine, &[]);
        assert!(offenders.is_empty(), "the engine names {word}: {offenders:?}");
    }
}

#[test]
fn imports_run_one_way() {
    // input -> yaml -> decode -> model -> checks -> report -> renderings, with the shared words of
    // `finding` at the bottom. Each layer may not name the ones above it.
    let rules: &[(&str, &[&str])] = &[
        ("src/finding.rs", &["crate::"]),
        ("src/citation.rs", &["crate::"]),
        ("src/yaml.rs", &["crate::"]),
        ("src/pem.rs", &["crate::"]),
        ("src/x509.rs", &["crate::"]),
        (
            "src/model.rs",
            &["crate::decode", "crate::checks", "crate::report", "crate::finding"],
        ),
        (
            "src/decode/",
            &[
                "crate::checks",
                "crate::report",
                "crate::finding",
                "crate::render",
                "crate::json",
                "crate::diagram",
            ],
        ),
        (
            "src/trust/",
            &[
                "crate::decode",
                "crate::checks",
                "crate::report",
                "crate::finding",
                "crate::render",
                "crate::json",
                "crate::diagram",
                "crate::app",
            ],
        ),
        (
            "src/checks/",
            &[
                "crate::report",
                "crate::render",
                "crate::json",
                "crate::diagram",
                "crate::app",
            ],
        ),
        (
            "src/report.rs",
            &["crate::render", "crate::json", "crate::diagram", "crate::app"],
        ),
    ];
    for (place, forbidden) in rules {
        for file in rust_files("src").iter().filter(|file| file.starts_with(place)) {
            // The checks' test helper sits above them all, by design.
            if file == "src/checks/testing.rs" {
                continue;
            }
            let code = production_code(file);
            for word in *forbidden {
                assert!(!code.contains(word), "{file} names {word}: imports must run one way");
            }
        }
    }
}

#[test]
fn every_source_file_says_what_it_is() {
    let mut files = rust_files("src");
    files.extend(rust_files("tests"));
    files.extend(rust_files("xtask/src"));
    files.extend(rust_files("examples"));
    let offenders: Vec<&String> = files.iter().filter(|file| !read(file).starts_with("//!")).collect();
    assert!(offenders.is_empty(), "files without a leading //! line: {offenders:?}");
}
