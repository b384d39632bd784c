//! Prints the top ten of a query on the bank in `corpus/` with their scores, and why each named id
//! scored what it did: `cargo run --release --example explain -- "QUERY" [ID ...]`. A tool for tuning the
//! ranking by hand against the relevance suites' misses.

use std::io::Write;

use qa::index::Paths;
use qa::query::synonyms::Synonyms;
use qa::query::{Filters, Search};

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let text = args.next().unwrap_or_default();
    let ids: Vec<String> = args.collect();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let paths = Paths {
        corpus: root.join("corpus"),
        index: root.join("target/explain-index"),
    };
    qa::index::write::sync(&paths, false, &())?;
    let reader = qa::index::open(&paths.index)
        .map_err(|why| anyhow::anyhow!("{why:?}"))?
        .reader(Synonyms::builtin(), &paths.corpus)?;
    let search = Search::resolve(&text, Filters::default())?;
    let mut out = std::io::stdout().lock();
    let printed = (|| -> anyhow::Result<()> {
        for hit in reader.search(&search)?.hits {
            writeln!(out, "{:9.2}  {}", hit.score, hit.id)?;
        }
        for id in ids {
            writeln!(out, "\n== {id}")?;
            match reader.explain(&search, &id)? {
                Some(tree) => writeln!(out, "{}", compact(&tree))?,
                None => writeln!(out, "(does not match)")?,
            }
        }
        Ok(())
    })();
    // `| head` closing the pipe is the reader being done, not a failure.
    match printed {
        Err(err)
            if err
                .downcast_ref::<std::io::Error>()
                .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe) =>
        {
            Ok(())
        }
        other => other,
    }
}

/// The explanation tree as one line per node: score and description, indented by depth.
fn compact(json: &str) -> String {
    let value: serde_json::Value = serde_json::from_str(json).unwrap_or_default();
    let mut out = String::new();
    walk(&value, 0, &mut out);
    out
}

fn walk(node: &serde_json::Value, depth: usize, out: &mut String) {
    let value = node["value"].as_f64().unwrap_or_default();
    if value == 0.0 && depth > 0 {
        return;
    }
    let description = node["description"].as_str().unwrap_or_default();
    out.push_str(&format!("{}{value:.2} {description}\n", "  ".repeat(depth)));
    if depth < 6 {
        for child in node["details"].as_array().into_iter().flatten() {
            walk(child, depth + 1, out);
        }
    }
}
