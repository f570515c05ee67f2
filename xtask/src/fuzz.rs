//! `cargo xtask fuzz --seconds N [TARGET...]`: runs the fuzz targets of `fuzz/` (cargo-fuzz,
//! libFuzzer, the nightly toolchain) for N seconds each, from the seeds in `fuzz/seeds/`, in a
//! scratch corpus under `target/` so that the repository is not written to, and prints the
//! executions of each. A crash fails the command and leaves its input in `fuzz/artifacts/`: make
//! it a regression test. `cargo xtask test` runs a short pass when the nightly toolchain is there.

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use crate::run;

/// Every target, in the order they run.
pub const TARGETS: &[&str] = &[
    "inspect",
    "yaml",
    "certificate",
    "token",
    "keys",
    "server_chain",
    "repair_redact",
];

const CARGO_FUZZ_VERSION: &str = "0.13.2";

/// Whether `cargo +nightly` works here.
pub fn nightly_available() -> bool {
    Command::new("rustup")
        .args(["run", "nightly", "rustc", "--version"])
        .output()
        .is_ok_and(|output| output.status.success())
}

/// Installs cargo-fuzz when it is not there (from crates.io, pinned).
fn ensure_cargo_fuzz(root: &Path) -> Result<(), String> {
    let installed = Command::new("cargo")
        .args(["fuzz", "--version"])
        .output()
        .is_ok_and(|output| String::from_utf8_lossy(&output.stdout).contains(CARGO_FUZZ_VERSION));
    if installed {
        return Ok(());
    }
    run(
        root,
        Command::new("cargo").args(["install", "cargo-fuzz", "--locked", "--version", CARGO_FUZZ_VERSION]),
    )
}

/// Runs `targets` (all when empty) for `seconds` each; returns (target, executions) per target.
pub fn run_targets(root: &Path, seconds: u64, targets: &[String]) -> Result<Vec<(String, u64)>, String> {
    if !nightly_available() {
        return Err("the fuzz targets need the nightly toolchain (`rustup toolchain list`)".into());
    }
    ensure_cargo_fuzz(root)?;
    let chosen: Vec<String> = if targets.is_empty() {
        TARGETS.iter().map(|target| target.to_string()).collect()
    } else {
        targets.to_vec()
    };
    let mut results = Vec::new();
    for target in &chosen {
        let corpus = root.join("target/fuzz-corpus").join(target);
        std::fs::create_dir_all(&corpus).map_err(|error| format!("cannot create {}: {error}", corpus.display()))?;
        let seeds = root.join("fuzz/seeds").join(target);
        let started = Instant::now();
        let output = Command::new("cargo")
            .current_dir(root)
            .args(["+nightly", "fuzz", "run", "--release", target])
            .arg(&corpus)
            .arg(&seeds)
            .arg("--")
            .args([
                format!("-max_total_time={seconds}"),
                "-rss_limit_mb=2048".to_string(),
                "-timeout=10".to_string(),
                "-max_len=65536".to_string(),
                "-print_final_stats=1".to_string(),
            ])
            .output()
            .map_err(|error| format!("cannot run cargo fuzz: {error}"))?;
        let log = String::from_utf8_lossy(&output.stderr);
        let executions = log
            .lines()
            .find_map(|line| line.strip_prefix("stat::number_of_executed_units:"))
            .and_then(|value| value.trim().parse::<u64>().ok())
            .unwrap_or(0);
        eprintln!(
            "fuzz {target}: {executions} executions in {:.0} s",
            started.elapsed().as_secs_f64()
        );
        if !output.status.success() {
            let tail: Vec<&str> = log.lines().rev().take(40).collect();
            let tail: Vec<&str> = tail.into_iter().rev().collect();
            return Err(format!(
                "fuzz target {target} failed (its input is in fuzz/artifacts/{target}/):\n{}",
                tail.join("\n")
            ));
        }
        results.push((target.clone(), executions));
    }
    Ok(results)
}

/// `cargo xtask fuzz`: prints a table of executions per target.
pub fn command(root: &Path, args: &[String]) -> Result<(), String> {
    let mut seconds = 60;
    let mut targets = Vec::new();
    let mut rest = args.iter();
    while let Some(argument) = rest.next() {
        match argument.as_str() {
            "--seconds" => {
                seconds = rest
                    .next()
                    .and_then(|value| value.parse().ok())
                    .ok_or("--seconds takes a number")?;
            }
            target if TARGETS.contains(&target) => targets.push(target.to_string()),
            other => {
                return Err(format!(
                    "unknown fuzz argument `{other}` (targets: {})",
                    TARGETS.join(", ")
                ))
            }
        }
    }
    let results = run_targets(root, seconds, &targets)?;
    println!("{:<16} {:>14}", "target", "executions");
    for (target, executions) in results {
        println!("{target:<16} {executions:>14}");
    }
    Ok(())
}
