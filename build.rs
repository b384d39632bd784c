//! Embeds the shipped bank (`corpus/`) in the binary, so an installed `qa` needs no checkout: a table of
//! `(path, bytes)` for every Markdown file, and a hash of them all, computed here once, so the freshness
//! check of the built-in bank is one comparison instead of a stat per file.

use std::collections::hash_map::DefaultHasher;
use std::fmt::Write as _;
use std::hash::Hasher;
use std::path::{Path, PathBuf};
use std::{env, fs};

fn main() {
    let root = Path::new(&env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"))
        .join("corpus");
    println!("cargo:rerun-if-changed={}", root.display());
    let mut files = Vec::new();
    collect(&root, &mut files);
    files.sort();
    // SipHash with fixed keys: the same bank gives the same hash in every build.
    let mut hasher = DefaultHasher::new();
    let mut table = String::from("&[\n");
    for path in &files {
        let relative = path
            .strip_prefix(&root)
            .expect("below the corpus")
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/");
        let bytes = fs::read(path).expect("reading a bank file");
        hasher.write(relative.as_bytes());
        hasher.write_u8(0);
        hasher.write(&bytes);
        println!("cargo:rerun-if-changed={}", path.display());
        writeln!(
            table,
            "    ({relative:?}, include_bytes!({:?})),",
            path.display().to_string()
        )
        .expect("writing to a string");
    }
    table.push(']');
    let code = format!(
        "/// Every Markdown file of the shipped bank: path below `corpus/` and contents.\n\
         pub static FILES: &[(&str, &[u8])] = {table};\n\
         /// A hash of the paths and contents of `FILES`.\n\
         pub const HASH: u64 = {:#018x};\n",
        hasher.finish()
    );
    let out = PathBuf::from(env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("bank.rs");
    fs::write(out, code).expect("writing the embedded bank table");
    link_position_dependent();
}

/// Links the `qa` binary as a position-dependent executable on Linux with glibc. A position-independent
/// one makes the loader apply ~48,000 relative relocations and copy the pages that hold them before
/// `main`: 1.5 ms of the 3.7 ms `qa --version` takes, and of every search (BENCHMARKS.md, "the binary's start").
/// Only the binaries: the library, tests and proc-macros stay position-independent (the compiled code is
/// position-independent either way, so any linker driver accepts it). The price is the executable's own
/// address randomization; libraries, heap and stack are still randomized.
fn link_position_dependent() {
    let var = |name: &str| env::var(name).unwrap_or_default();
    if var("CARGO_CFG_TARGET_OS") == "linux" && var("CARGO_CFG_TARGET_ENV") == "gnu" {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
}

/// Every `.md` file below `dir`, skipping hidden entries.
fn collect(dir: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        if path.is_dir() {
            collect(&path, files);
        } else if path.extension().is_some_and(|e| e == "md") {
            files.push(path);
        }
    }
}
