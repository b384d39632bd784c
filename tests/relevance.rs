//! The relevance suite: queries written against our own bank (`tests/relevance/queries.tsv`), each with
//! the ids of the entries that answer it. Fails below MRR@10 0.85 or recall@3 0.90 and prints every miss.

use qa::index::Paths;
use qa::index::plan::Request;
use qa::index::search::{Reader, SearchQuery};
use qa::query::synonyms::Synonyms;

const MIN_MRR: f64 = 0.85;
const MIN_RECALL_AT_3: f64 = 0.90;

struct Case {
    line: usize,
    query: String,
    expected: Vec<String>,
    kind: String,
}

fn cases() -> Vec<Case> {
    let text = include_str!("relevance/queries.tsv");
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

#[test]
fn the_right_answer_comes_first() {
    let cases = cases();
    assert!(cases.len() >= 100, "only {} queries", cases.len());
    let temp = tempfile::TempDir::new().unwrap();
    let paths = Paths {
        corpus: std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus"),
        index: temp.path().join("index"),
    };
    qa::index::write::sync(&paths, false, &|| {}).expect("index the bank");
    let (index, fields) = qa::index::open(&paths.index).unwrap().expect("index");
    let reader = Reader::new(index, fields, Synonyms::builtin()).unwrap();

    let mut reciprocal_sum = 0.0;
    let mut in_top_3 = 0;
    let mut misses = Vec::new();
    for case in &cases {
        assert!(
            !case.expected.is_empty(),
            "line {}: no expected id",
            case.line
        );
        let search = SearchQuery {
            text: case.query.clone(),
            request: Request {
                query: qa::query::parse(&case.query),
                require_all: false,
            },
            limit: 10,
        };
        let results = reader
            .search(&search)
            .unwrap_or_else(|e| panic!("line {}: {:?}: {e:#}", case.line, case.query));
        let rank = results
            .hits
            .iter()
            .position(|hit| case.expected.contains(&hit.id));
        if let Some(rank) = rank {
            reciprocal_sum += 1.0 / (rank as f64 + 1.0);
            if rank < 3 {
                in_top_3 += 1;
            }
        }
        if rank != Some(0) {
            let first = results.hits.first().map_or("(nothing)", |h| h.id.as_str());
            let at = rank.map_or("not in top 10".to_string(), |r| {
                format!("at rank {}", r + 1)
            });
            misses.push(format!(
                "  line {} [{}] {:?}: expected {} {at}; first was {first}",
                case.line,
                case.kind,
                case.query,
                case.expected.join(" | ")
            ));
        }
    }
    let n = cases.len() as f64;
    let mrr = reciprocal_sum / n;
    let recall = in_top_3 as f64 / n;
    println!(
        "relevance: {} queries, MRR@10 {mrr:.3}, recall@3 {recall:.3}",
        cases.len()
    );
    println!("{} not first:\n{}", misses.len(), misses.join("\n"));
    assert!(
        mrr >= MIN_MRR && recall >= MIN_RECALL_AT_3,
        "MRR@10 {mrr:.3} (min {MIN_MRR}), recall@3 {recall:.3} (min {MIN_RECALL_AT_3}); misses:\n{}",
        misses.join("\n")
    );
}
