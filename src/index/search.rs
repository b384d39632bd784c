//! Query text → ranked hits. The user's words are never parsed as query syntax: they go through the same
//! analyzer as the indexed text (lowercasing, English stemming), so `c++`, `AND (` or `title:` cannot be a
//! syntax error. Ranking is BM25 over the question (boosted), the tags and the answer, plus a bonus when
//! the words appear as a phrase.

use std::collections::BTreeMap;
use std::ops::Range;

use anyhow::{Result, bail};
use tantivy::collector::{Count, FacetCollector, TopDocs};
use tantivy::query::{
    BooleanQuery, BoostQuery, ConstScoreQuery, Occur, PhraseQuery, Query, TermQuery,
};
use tantivy::schema::{Facet, IndexRecordOption, Value};
use tantivy::snippet::SnippetGenerator;
use tantivy::{DocAddress, Index, ReloadPolicy, Searcher, TantivyDocument, Term};

use super::Fields;

/// More distinct words than this in one query add nothing but cost; the rest are ignored.
const MAX_TERMS: usize = 32;
/// Phrase bonuses are only tried for queries up to this many words.
const MAX_PHRASE_TERMS: usize = 12;
const SNIPPET_CHARS: usize = 220;

/// A search, resolved from the command line.
#[derive(Debug, Clone)]
pub struct SearchQuery {
    pub text: String,
    pub topic: Option<String>,
    pub framework: Option<String>,
    pub limit: usize,
}

/// One ranked answer.
#[derive(Debug, Clone)]
pub struct Hit {
    pub id: String,
    pub question: String,
    pub topic: String,
    pub framework: Option<String>,
    pub tags: Vec<String>,
    pub level: Option<String>,
    pub path: String,
    pub line: usize,
    pub score: f32,
    pub snippet: Snippet,
}

/// A piece of the answer, with the byte ranges of the words that matched.
#[derive(Debug, Clone, Default)]
pub struct Snippet {
    pub text: String,
    pub highlights: Vec<Range<usize>>,
}

#[derive(Debug, Default)]
pub struct Results {
    pub total: usize,
    pub hits: Vec<Hit>,
}

/// Counts of questions per topic and per framework.
#[derive(Debug, Default)]
pub struct Facets {
    pub questions: usize,
    pub topics: BTreeMap<String, u64>,
    pub frameworks: BTreeMap<String, u64>,
}

/// An open index, ready for queries.
pub struct Reader {
    index: Index,
    fields: Fields,
    searcher: Searcher,
}

impl Reader {
    pub fn new(index: Index, fields: Fields) -> Result<Reader> {
        // Manual reload: the default policy starts a file-watcher thread we would never use.
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(Reader {
            searcher: reader.searcher(),
            index,
            fields,
        })
    }

    pub fn search(&self, query: &SearchQuery) -> Result<Results> {
        let f = &self.fields;
        let Some(text_query) = self.text_query(&query.text)? else {
            return Ok(Results::default());
        };
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, text_query.box_clone())];
        for (field, value, what) in [
            (f.topic, &query.topic, "topic"),
            (f.framework, &query.framework, "framework"),
        ] {
            if let Some(value) = value {
                let term = Term::from_facet(field, &Facet::from_path([value.as_str()]));
                if self.searcher.doc_freq(&term)? == 0 {
                    let known = self.facets()?;
                    let names = if what == "topic" {
                        known.topics
                    } else {
                        known.frameworks
                    };
                    let names: Vec<_> = names.into_keys().collect();
                    bail!("unknown {what} {value:?}; known: {}", names.join(", "));
                }
                let filter = TermQuery::new(term, IndexRecordOption::Basic);
                clauses.push((
                    Occur::Must,
                    Box::new(ConstScoreQuery::new(Box::new(filter), 0.0)),
                ));
            }
        }
        let full = BooleanQuery::new(clauses);
        let collector = (
            TopDocs::with_limit(query.limit.max(1)).order_by_score(),
            Count,
        );
        let (top, total) = self.searcher.search(&full, &collector)?;
        let mut snippets = SnippetGenerator::create(&self.searcher, &*text_query, f.body)?;
        snippets.set_max_num_chars(SNIPPET_CHARS);
        let mut hits = Vec::with_capacity(top.len());
        for (score, address) in top {
            let doc: TantivyDocument = self.searcher.doc(address)?;
            let snippet = snippets.snippet_from_doc(&doc);
            let snippet = if snippet.is_empty() {
                Snippet {
                    text: lead(&string(&doc, f.body)),
                    highlights: Vec::new(),
                }
            } else {
                Snippet {
                    text: snippet.fragment().to_string(),
                    highlights: snippet.highlighted().to_vec(),
                }
            };
            hits.push(self.hit(&doc, score, snippet));
        }
        Ok(Results { total, hits })
    }

    /// The entry with this exact id, if indexed.
    pub fn by_id(&self, id: &str) -> Result<Option<Hit>> {
        let query = TermQuery::new(
            Term::from_field_text(self.fields.id, id),
            IndexRecordOption::Basic,
        );
        let top = self
            .searcher
            .search(&query, &TopDocs::with_limit(1).order_by_score())?;
        top.first()
            .map(|&(score, address): &(f32, DocAddress)| {
                let doc: TantivyDocument = self.searcher.doc(address)?;
                Ok(self.hit(&doc, score, Snippet::default()))
            })
            .transpose()
    }

    /// Question counts per topic and framework.
    pub fn facets(&self) -> Result<Facets> {
        let mut facets = Facets {
            questions: self.searcher.num_docs() as usize,
            ..Facets::default()
        };
        for (name, map) in [
            ("topic", &mut facets.topics),
            ("framework", &mut facets.frameworks),
        ] {
            let mut collector = FacetCollector::for_field(name);
            collector.add_facet(Facet::root());
            let counts = self
                .searcher
                .search(&tantivy::query::AllQuery, &collector)?;
            for (facet, count) in counts.get(Facet::root()) {
                map.insert(facet.to_path().join("/"), count);
            }
        }
        Ok(facets)
    }

    /// The user's words as a scoring query, or `None` when no word survives analysis (`-`, `*`, "").
    fn text_query(&self, text: &str) -> Result<Option<Box<dyn Query>>> {
        let f = &self.fields;
        let mut analyzer = self.index.tokenizer_for_field(f.body)?;
        let mut stream = analyzer.token_stream(text);
        let mut words: Vec<String> = Vec::new();
        while stream.advance() && words.len() < 4 * MAX_TERMS {
            words.push(stream.token().text.clone());
        }
        if words.is_empty() {
            return Ok(None);
        }
        let mut distinct = words.clone();
        distinct.sort();
        distinct.dedup();
        distinct.truncate(MAX_TERMS);
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for word in &distinct {
            for (field, boost) in [(f.question, 3.0), (f.tags, 2.0), (f.body, 1.0)] {
                let term = TermQuery::new(
                    Term::from_field_text(field, word),
                    IndexRecordOption::WithFreqs,
                );
                clauses.push((
                    Occur::Should,
                    Box::new(BoostQuery::new(Box::new(term), boost)),
                ));
            }
        }
        if (2..=MAX_PHRASE_TERMS).contains(&words.len()) {
            for (field, boost) in [(f.question, 4.0), (f.body, 2.0)] {
                let terms = words
                    .iter()
                    .map(|w| Term::from_field_text(field, w))
                    .collect();
                let phrase = PhraseQuery::new(terms);
                clauses.push((
                    Occur::Should,
                    Box::new(BoostQuery::new(Box::new(phrase), boost)),
                ));
            }
        }
        Ok(Some(Box::new(BooleanQuery::new(clauses))))
    }

    fn hit(&self, doc: &TantivyDocument, score: f32, snippet: Snippet) -> Hit {
        let f = &self.fields;
        let level = string(doc, f.level);
        let tags = string(doc, f.tags);
        Hit {
            id: string(doc, f.id),
            question: string(doc, f.question),
            topic: facet(doc, f.topic).unwrap_or_default(),
            framework: facet(doc, f.framework),
            tags: tags
                .split(", ")
                .filter(|t| !t.is_empty())
                .map(str::to_string)
                .collect(),
            level: (!level.is_empty()).then_some(level),
            path: string(doc, f.path),
            line: doc.get_first(f.line).and_then(|v| v.as_u64()).unwrap_or(0) as usize,
            score,
            snippet,
        }
    }
}

fn string(doc: &TantivyDocument, field: tantivy::schema::Field) -> String {
    doc.get_first(field)
        .and_then(|v| v.as_str())
        .unwrap_or_default()
        .to_string()
}

fn facet(doc: &TantivyDocument, field: tantivy::schema::Field) -> Option<String> {
    doc.get_first(field)
        .and_then(|v| v.as_facet())
        .map(|encoded| encoded.trim_start_matches(['/', '\0']).replace('\0', "/"))
        .filter(|s| !s.is_empty())
}

/// The first sentence or so of an answer, for hits that matched only the question or tags.
fn lead(body: &str) -> String {
    let flat = body.split_whitespace().collect::<Vec<_>>().join(" ");
    match flat.char_indices().nth(SNIPPET_CHARS) {
        Some((cut, _)) => format!("{}…", &flat[..cut]),
        None => flat,
    }
}
