//! The relevance suites, each a TSV of queries with the ids of the entries that answer them and a kind:
//! `queries.tsv` (written against our own bank), `interview.tsv` (long questions as interviewers ask
//! them), `short.tsv` (search-box queries of eight kinds), `short2.tsv` (the same kinds, by another
//! hand), `blind3.tsv` (described problems, mistyped and long questions, pasted errors, by a third)
//! `blind8.tsv` (interview questions of five kinds, by an eighth), `blind10.tsv`, `blind11.tsv`,
//! `blind12.tsv` and `blind15.tsv` (the same five kinds, by a tenth, an eleventh, a twelfth and a
//! fifteenth), `blind16.tsv` (described problems, long and short questions, by a sixteenth),
//! `blind17.tsv` to `blind22.tsv` (the same and framework questions, by a seventeenth, an eighteenth, a
//! nineteenth, a twentieth, a twenty-first and a twenty-second), `blind23.tsv` to `blind25.tsv` (by
//! a twenty-third, a twenty-fourth and a twenty-fifth), the last nineteen written blind, before the
//! ranking was looked at. Prints MRR@10 and recall@3 per suite and per kind, and every miss; fails
//! below each suite's floor or when a kind falls under its own.

use std::collections::BTreeMap;

use qa::index::Paths;
use qa::query::synonyms::Synonyms;
use qa::query::{Filters, Search};

/// (file, its text, least MRR@10, least recall@3, least MRR@10 of any kind in it). Raised 2026-12-02 (the
/// seventh to the eleventh sitting) to what the suites reached, less about a query.
const SUITES: [(&str, &str, f64, f64, f64); 20] = [
    (
        "queries.tsv",
        include_str!("relevance/queries.tsv"),
        0.955,
        0.99,
        // 0.870 before the pair bonus of long questions, which put two of its 18 at rank 2 and 3; 0.838
        // after 422 entries got an "Also asked as" phrasing (2026-12-01: see interview.tsv's note).
        0.83,
    ),
    (
        "interview.tsv",
        include_str!("relevance/interview.tsv"),
        // 0.958 / 0.988 until 422 entries got an "Also asked as" phrasing in everyday words (2026-12-01):
        // 0.949 / 0.976 here (three questions lose a rank to an entry whose phrasing shares a word),
        // while the held-out long questions this suite stands for rose 0.673 -> 0.761 and 0.799 -> 0.819.
        0.945,
        0.975,
        0.945,
    ),
    (
        "short.tsv",
        include_str!("relevance/short.tsv"),
        // 0.934 until eight entries were added for gaps two held-out sets found (2026-12-01, fourth
        // sitting): a pasted duplicate-key error finds the sequence entry, a request timing out finds
        // nginx's upstream timeout, 0.931 now.
        0.95,
        // 0.977 before the 422 phrasings of 2026-12-01, 0.969 after.
        0.975,
        0.875,
    ),
    (
        "short2.tsv",
        include_str!("relevance/short2.tsv"),
        0.935,
        0.965,
        // Described 0.713 -> 0.738 with the rules of 2026-12-01's fourth sitting, 0.688 after its
        // eight entries: the address copied into every order row finds the duplicate-key entry second.
        // 0.722 with the introduction bonus for a problem stated without a question (fifth sitting).
        0.83,
    ),
    (
        // Problems described in words that share little with the bank's: lexical ranking's limit.
        // 0.751 (described 0.374) before 43 entries were added for questions the bank lacked: a few of
        // these descriptions share words with them and lose a rank (0.739, described 0.361; 0.750 and 0.390
        // with the everyday-word synonyms).
        "blind3.tsv",
        include_str!("relevance/blind3.tsv"),
        0.87,
        0.915,
        // 0.346 after the 422 phrasings of 2026-12-01 (0.366 before).
        0.795,
    ),
    (
        // 0.833 / 0.908 when first measured, before the rules its misses prompted.
        "blind8.tsv",
        include_str!("relevance/blind8.tsv"),
        0.945,
        0.975,
        0.88,
    ),
    (
        // 0.835 / 0.900 when first measured, before the rules its misses prompted and the two entries
        // written for its two questions the bank did not answer; 0.885 / 0.940 after (described 0.693).
        "blind10.tsv",
        include_str!("relevance/blind10.tsv"),
        0.93,
        0.98,
        0.81,
    ),
    (
        // 0.807 / 0.850 when first measured (four of its questions unanswered then), 0.853 / 0.890
        // with the entries written for them (described 0.724).
        "blind11.tsv",
        include_str!("relevance/blind11.tsv"),
        0.895,
        0.93,
        0.82,
    ),
    (
        // Never tuned on (its misses unread): 0.808 / 0.860, described 0.612, long 0.866 / 0.886.
        // 0.809 / 0.860 (described 0.617) with the fifth sitting's rules, whose bonus it helped size.
        "blind12.tsv",
        include_str!("relevance/blind12.tsv"),
        0.89,
        0.95,
        0.78,
    ),
    (
        // Never tuned on (its misses unread): 0.836 / 0.881, described 0.734, long 0.820 / 0.886.
        "blind15.tsv",
        include_str!("relevance/blind15.tsv"),
        0.875,
        0.925,
        0.79,
    ),
    (
        // Held out until measured once (0.782 / 0.826, described 0.707), then read as a development set.
        "blind16.tsv",
        include_str!("relevance/blind16.tsv"),
        0.9,
        0.925,
        0.81,
    ),
    (
        // Held out, misses never read: 0.793 / 0.855 (described 0.639) when kept here.
        "blind17.tsv",
        include_str!("relevance/blind17.tsv"),
        0.86,
        0.925,
        0.725,
    ),
    (
        // Held out until measured once (0.810 / 0.855, described 0.698), then read as a development set.
        "blind18.tsv",
        include_str!("relevance/blind18.tsv"),
        0.895,
        0.945,
        0.8,
    ),
    (
        // Held out until measured at the start and the end of the seventh sitting (0.820 / 0.900 ->
        // 0.826 / 0.936), then read.
        "blind19.tsv",
        include_str!("relevance/blind19.tsv"),
        0.91,
        0.96,
        0.82,
    ),
    (
        // Held out until measured at the start of the eighth sitting (0.839 / 0.907, described 0.738,
        // long 0.837), then read.
        "blind20.tsv",
        include_str!("relevance/blind20.tsv"),
        0.91,
        0.94,
        0.84,
    ),
    (
        // Held out until measured once at the end of the eighth sitting (0.894 / 0.927, described
        // 0.790: the same as with the sitting's first binary).
        "blind21.tsv",
        include_str!("relevance/blind21.tsv"),
        0.92,
        0.95,
        0.845,
    ),
    (
        // Held out until measured once in the ninth sitting, with its first binary and its last
        // (0.893 / 0.945 -> 0.909 / 0.973, described 0.843 -> 0.887).
        "blind22.tsv",
        include_str!("relevance/blind22.tsv"),
        0.935,
        0.96,
        0.84,
    ),
    (
        // Held out until measured once with the tenth sitting's first binary (0.856 / 0.900, described
        // 0.779), then read as a development set.
        "blind23.tsv",
        include_str!("relevance/blind23.tsv"),
        0.925,
        0.95,
        0.83,
    ),
    (
        // Held out until measured with the tenth sitting's first binary and its last (0.912 / 0.964 ->
        // 0.918 / 0.964, described 0.907 both); its misses never read.
        "blind24.tsv",
        include_str!("relevance/blind24.tsv"),
        0.925,
        0.97,
        0.86,
    ),
    (
        // Held out until measured with the eleventh sitting's first binary and its last (0.919 / 0.945,
        // described 0.876, both); its misses never read.
        "blind25.tsv",
        include_str!("relevance/blind25.tsv"),
        0.905,
        0.935,
        0.85,
    ),
];

struct Case {
    line: usize,
    query: String,
    expected: Vec<String>,
    kind: String,
}

fn cases(text: &str) -> Vec<Case> {
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty() && !line.starts_with('#'))
        .map(|(i, line)| {
            let mut columns = line.split('\t');
            let query = columns.next().unwrap_or_default().to_string();
            let expected = columns
                .next()
                .unwrap_or_default()
                .split_whitespace()
                .map(str::to_string)
                .collect();
            let kind = columns.next().unwrap_or_default().trim().to_string();
            Case {
                line: i + 1,
                query,
                expected,
                kind,
            }
        })
        .collect()
}

#[derive(Default)]
struct Score {
    queries: usize,
    reciprocal_sum: f64,
    in_top_3: usize,
}

impl Score {
    fn add(&mut self, rank: Option<usize>) {
        self.queries += 1;
        if let Some(rank) = rank {
            self.reciprocal_sum += 1.0 / (rank as f64 + 1.0);
            self.in_top_3 += usize::from(rank < 3);
        }
    }
    fn mrr(&self) -> f64 {
        self.reciprocal_sum / self.queries.max(1) as f64
    }
    fn recall(&self) -> f64 {
        self.in_top_3 as f64 / self.queries.max(1) as f64
    }
}

/// The shipped bank, indexed in a temporary folder.
fn bank(temp: &tempfile::TempDir) -> qa::index::search::Reader {
    let paths = Paths {
        corpus: std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus"),
        index: temp.path().join("index"),
    };
    qa::index::write::sync(&paths, false, &()).expect("index the bank");
    qa::index::open(&paths.index)
        .expect("index")
        .reader(Synonyms::builtin(), &paths.corpus)
        .unwrap()
}

#[test]
fn the_right_answer_comes_first() {
    let temp = tempfile::TempDir::new().unwrap();
    let reader = bank(&temp);
    let failures = measure(&SUITES, |query| {
        let search = Search::resolve(query, Filters::default())?;
        Ok(reader.search(&search)?.hits)
    });
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The suites again as `qa search` ranks them with the semantic model installed (questions of
/// `MIN_WORDS` words or more reordered by meaning), against the higher floors it reaches. Runs where
/// `QA_TEST_MODEL` names the model's folder (`.ci/run` installs it); elsewhere it says it is skipped.
#[test]
fn the_model_lifts_described_and_long_questions() {
    let Some(model) = std::env::var_os("QA_TEST_MODEL") else {
        eprintln!("QA_TEST_MODEL not set: the semantic model is not installed; skipped");
        return;
    };
    let encoder = qa::semantic::Encoder::load(std::path::Path::new(&model)).expect("the model");
    let temp = tempfile::TempDir::new().unwrap();
    let reader = bank(&temp);
    let cache = temp.path().join("vectors.bin");
    let mut cache = qa::semantic::cache::Cache::open(&cache).unwrap();
    // As after `qa model install`: every entry's vector kept.
    let mut texts = Vec::new();
    reader
        .each_entry(|hit, _| texts.push(qa::semantic::entry_text(&hit)))
        .unwrap();
    encoder.fill(&texts, &mut cache, &mut |_, _| {}).unwrap();
    let cache = std::cell::RefCell::new(&mut cache);
    let failures = measure(&RERANKED, |query| {
        let mut search = Search::resolve(query, Filters::default())?;
        let long = qa::semantic::applies(&search);
        if long {
            search.limit = search.limit.max(qa::semantic::DEPTH);
        }
        let mut hits = reader.search(&search)?.hits;
        if long {
            let pool = reader.list(&search.query)?;
            encoder.rerank(query, &mut hits, pool, &mut cache.borrow_mut())?;
            hits.truncate(10);
        }
        Ok(hits)
    });
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Reranked floors: what the model reached on each suite once every entry's vector is kept (0.967 /
/// 1.000, 0.962 / 1.000, 0.943 / 0.981, 0.895 / 0.944, 0.819 / 0.875), less a margin of a query or two:
/// the model's float sums may round differently on another CPU's vector instructions and swap two
/// nearly equal hits. (Fusing over the whole bank rather than the best 20 hits by words lifted blind3
/// from 0.797 and short2 from 0.892, and cost short.tsv 0.945 -> 0.943: its floor went 0.94 -> 0.935.
/// 2026-12-01: a phrasing on every entry and four new entries took short.tsv to 0.935, its floor to 0.93.
/// Sixth sitting: the query moved toward its closest entries (`semantic::feedback`) raised the described
/// problems' floors of short, short2, blind3 and blind15 to what it reached, less a query. Seventh
/// sitting: the symptom phrasings of core entries, rewritten, raised the described problems of every
/// suite (43 entries in two rounds); floors by words and reranked went to what they reached, less
/// about a query.)
const RERANKED: [(&str, &str, f64, f64, f64); 20] = [
    ("queries.tsv", SUITES[0].1, 0.965, 0.99, 0.92),
    ("interview.tsv", SUITES[1].1, 0.96, 0.99, 0.96),
    // Described 0.796: "after we scaled to 20 pods postgres started refusing new connections" finds
    // the ECONNREFUSED entry (2026-12-01, fourth sitting) before the pool-exhaustion one.
    // Described 0.826 with feedback.
    ("short.tsv", SUITES[2].1, 0.945, 0.98, 0.86),
    // Described 0.772 with feedback.
    ("short2.tsv", SUITES[3].1, 0.93, 0.98, 0.815),
    // 0.833 / 0.875, described 0.550, with feedback.
    ("blind3.tsv", SUITES[4].1, 0.91, 0.955, 0.83),
    ("blind8.tsv", SUITES[5].1, 0.96, 0.975, 0.885),
    // 0.874 / 0.920 when first measured; 0.901 / 0.950 (described 0.751) after its rules and entries.
    ("blind10.tsv", SUITES[6].1, 0.915, 0.97, 0.81),
    // 0.829 / 0.890 when first measured; 0.874 / 0.940 (described 0.744) with its entries.
    ("blind11.tsv", SUITES[7].1, 0.915, 0.97, 0.845),
    // Never tuned on: 0.873 / 0.940, described 0.703. The three entries of 2026-12-01's sixth sitting
    // (warm-up after a deploy among them) cost one of its questions its place in the top 3: 0.871 / 0.920.
    ("blind12.tsv", SUITES[8].1, 0.915, 0.98, 0.805),
    // Never tuned on: 0.857 / 0.908, described 0.712; 0.865 / 0.918, described 0.746, with feedback.
    ("blind15.tsv", SUITES[9].1, 0.91, 0.945, 0.845),
    // Held out until measured once: 0.856 / 0.881, described 0.766.
    ("blind16.tsv", SUITES[10].1, 0.895, 0.945, 0.81),
    // Held out, misses never read: 0.869 / 0.936, described 0.754, when kept here. The cache-outage
    // entry of the eighth sitting took one of its described problems out of the top 3 (0.927 -> 0.918).
    ("blind17.tsv", SUITES[11].1, 0.88, 0.925, 0.79),
    // Held out until measured once: 0.871 / 0.936, described 0.790.
    ("blind18.tsv", SUITES[12].1, 0.91, 0.96, 0.825),
    // Held out until measured: 0.859 / 0.945 at the start of the seventh sitting, 0.886 / 0.964 at its end.
    ("blind19.tsv", SUITES[13].1, 0.925, 0.96, 0.82),
    // Held out until measured: 0.871 / 0.925, described 0.752, at the start of the eighth sitting.
    // Ninth: the outbox entry's symptoms (an order saved, another service never told) take a place
    // from the saga entry on one described problem, and session hijacking's (someone else acting in
    // a user's account) one from CSRF's: recall 0.953 -> 0.935, floor 0.945 -> 0.93.
    ("blind20.tsv", SUITES[14].1, 0.885, 0.95, 0.79),
    // Held out until measured once: 0.903 / 0.945, described 0.812 (0.908 / 0.945 with the first binary).
    ("blind21.tsv", SUITES[15].1, 0.925, 0.95, 0.84),
    // Held out until measured once: 0.925 / 0.973 -> 0.937 / 0.982, described 0.868 -> 0.901.
    ("blind22.tsv", SUITES[16].1, 0.95, 0.98, 0.9),
    // Held out until measured once: 0.885 / 0.927, described 0.818.
    ("blind23.tsv", SUITES[17].1, 0.92, 0.945, 0.83),
    // Held out until measured (by `qa search` in a fresh HOME: 0.936 / 0.991 with the tenth sitting's first
    // binary, 0.934 / 0.991 with its last); 0.925 / 0.991 here, described 0.835. Misses never read.
    ("blind24.tsv", SUITES[18].1, 0.92, 0.98, 0.825),
    // Held out until measured (0.935 / 0.954 with the eleventh sitting's first binary and its last,
    // described 0.853). Misses never read.
    ("blind25.tsv", SUITES[19].1, 0.925, 0.94, 0.825),
];

/// Runs every suite through `rank` (a query's hits, best first); prints the figures and misses, and
/// returns what fell under a floor.
fn measure(
    suites: &[(&str, &str, f64, f64, f64)],
    rank: impl Fn(&str) -> anyhow::Result<Vec<qa::index::search::Hit>>,
) -> Vec<String> {
    let mut failures = Vec::new();
    for &(file, text, min_mrr, min_recall, min_kind_mrr) in suites {
        let cases = cases(text);
        assert!(cases.len() >= 80, "{file}: only {} queries", cases.len());
        let mut total = Score::default();
        let mut kinds: BTreeMap<String, Score> = BTreeMap::new();
        let mut misses = Vec::new();
        for case in &cases {
            assert!(
                !case.expected.is_empty(),
                "{file}:{}: no expected id",
                case.line
            );
            let hits = rank(&case.query)
                .unwrap_or_else(|e| panic!("{file}:{}: {:?}: {e:#}", case.line, case.query));
            let rank = hits.iter().position(|hit| case.expected.contains(&hit.id));
            total.add(rank);
            kinds.entry(case.kind.clone()).or_default().add(rank);
            if rank != Some(0) {
                let first = hits.first().map_or("(nothing)", |h| h.id.as_str());
                let at = rank.map_or("not in top 10".to_string(), |r| {
                    format!("at rank {}", r + 1)
                });
                misses.push(format!(
                    "  {file}:{} [{}] {:?}: expected {} {at}; first was {first}",
                    case.line,
                    case.kind,
                    case.query,
                    case.expected.join(" | ")
                ));
            }
        }
        println!(
            "{file}: {} queries, MRR@10 {:.3}, recall@3 {:.3}",
            total.queries,
            total.mrr(),
            total.recall()
        );
        for (kind, score) in &kinds {
            println!(
                "  {kind:<12} {:>3} queries, MRR@10 {:.3}, recall@3 {:.3}",
                score.queries,
                score.mrr(),
                score.recall()
            );
            if score.mrr() < min_kind_mrr {
                failures.push(format!(
                    "{file} [{kind}]: MRR@10 {:.3} < {min_kind_mrr}",
                    score.mrr()
                ));
            }
        }
        println!("{} not first:\n{}", misses.len(), misses.join("\n"));
        if total.mrr() < min_mrr || total.recall() < min_recall {
            failures.push(format!(
                "{file}: MRR@10 {:.3} (min {min_mrr}), recall@3 {:.3} (min {min_recall})",
                total.mrr(),
                total.recall()
            ));
        }
    }
    failures
}
