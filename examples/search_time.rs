//! Times `Reader::search` in one process (no start-up, no freshness proof): `cargo run --release
//! --example search_time -- CORPUS INDEX "QUERY" [RUNS]`. The medians show what a search costs inside
//! `qa`, for profiling against the floor's bare search.

use std::time::Instant;

use qa::query::synonyms::Synonyms;
use qa::query::{Filters, Search};

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [corpus, index, text, rest @ ..] = args.as_slice() else {
        anyhow::bail!("usage: search_time CORPUS INDEX QUERY [RUNS]");
    };
    let runs: usize = rest.first().map_or(Ok(50), |r| r.parse())?;
    let reader = qa::index::open(std::path::Path::new(index))
        .map_err(|why| anyhow::anyhow!("{why:?}"))?
        .reader(Synonyms::builtin(), std::path::Path::new(corpus))?;
    let search = Search::resolve(text, Filters::default())?;
    let mut times = Vec::with_capacity(runs);
    let mut total = 0;
    for _ in 0..runs {
        let started = Instant::now();
        total = reader.search(&search)?.total;
        times.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    println!(
        "{total} hits; median {:.2} ms, min {:.2} ms",
        times[runs / 2],
        times[0]
    );
    Ok(())
}
