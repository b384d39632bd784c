//! Running a search: the planned query (see `plan.rs`) with its filters, the top hits with snippets, the
//! topic counts of everything that matched, and "did you mean" when nothing did.

use anyhow::{Result, bail};
use tantivy::collector::{DocSetCollector, FacetCollector, TopDocs};
use tantivy::query::{AllQuery, BooleanQuery, Occur, Query, TermQuery};
use tantivy::query::{Bm25StatisticsProvider, QueryClone};
use tantivy::schema::{Facet, IndexRecordOption};
use tantivy::snippet::SnippetGenerator;
use tantivy::{DocAddress, Index, ReloadPolicy, Searcher, TantivyDocument, Term};

use super::Fields;
use super::answers::{Answers, Texts};
use super::deferred::{self, Policy};
use super::hit::{self, SNIPPET_CHARS};
pub use super::hit::{Facets, Hit, Results, Snippet};
use super::plan::{Deferred, Planner};
use super::topic_counts::TopicCounts;
use crate::parse::text::plain_text;
use crate::query::Search;
use crate::query::synonyms::Synonyms;

/// A search's queries.
struct Plan {
    /// What must match, the soft preferences and the filters: every match is ranked by it.
    first: BooleanQuery,
    /// What must match, which snippets highlight.
    matching: Box<dyn Query>,
    /// The rest of the score, for the best of the first pass only (`deferred`).
    deferred: Option<Deferred>,
}

impl Plan {
    /// The whole query, the deferred part in it.
    fn whole(&self) -> Box<dyn Query> {
        match &self.deferred {
            None => self.first.box_clone(),
            Some(deferred) => Box::new(BooleanQuery::new(vec![
                (Occur::Must, self.first.box_clone()),
                (Occur::Should, deferred.query()),
            ])),
        }
    }
}

/// An open index, ready for queries.
pub struct Reader {
    index: Index,
    fields: Fields,
    searcher: Searcher,
    synonyms: Synonyms,
    answers: Answers,
}

impl Reader {
    pub(crate) fn new(
        index: Index,
        fields: Fields,
        synonyms: Synonyms,
        answers: Answers,
    ) -> Result<Reader> {
        // Manual reload: the default policy starts a file-watcher thread we would never use.
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(Reader {
            searcher: reader.searcher(),
            index,
            fields,
            synonyms,
            answers,
        })
    }

    pub fn search(&self, search: &Search) -> Result<Results> {
        self.check_filters(&search.query)?;
        self.search_unchecked(search)
    }

    /// An error naming the known ones when the query filters on a topic or framework the index lacks.
    pub fn check_filters(&self, query: &crate::query::Query) -> Result<()> {
        let f = &self.fields;
        self.check_facet(f.topic, query.topic.as_deref())?;
        self.check_facet(f.framework, query.framework.as_deref())
    }

    /// `search` without `check_filters`: an unknown topic finds nothing.
    pub fn search_unchecked(&self, search: &Search) -> Result<Results> {
        self.search_scored(search, &self.searcher)
    }

    /// `search_unchecked` with BM25 statistics (document counts, term frequencies) from `stats`: the
    /// pooled statistics of every source searched, so scores compare across their indexes.
    pub(crate) fn search_scored(
        &self,
        search: &Search,
        stats: &dyn Bm25StatisticsProvider,
    ) -> Result<Results> {
        self.search_with(search, stats, Policy::DEFAULT)
    }

    /// `search_scored` deferring the answers' phrase as `policy` says (same results whatever it says).
    pub(crate) fn search_with(
        &self,
        search: &Search,
        stats: &dyn Bm25StatisticsProvider,
        policy: Policy,
    ) -> Result<Results> {
        let f = &self.fields;
        let query = &search.query;
        let Some(plan) = self.planned(search, Some((stats, policy)))? else {
            return Ok(Results::default());
        };
        let limit = search.limit.max(1);
        // More candidates than documents would only cost memory (`--due` asks for every entry).
        let documents = self.searcher.num_docs() as usize;
        let first = match plan.deferred {
            Some(_) => policy.candidates(limit).min(documents).max(limit),
            None => limit,
        };
        let collector = (
            TopDocs::with_limit(first).order_by_score(),
            TopicCounts::new(self.name(f.topic)),
        );
        let (mut top, counts) =
            (self.searcher).search_with_statistics_provider(&plan.first, &collector, stats)?;
        if let Some(phrase) = &plan.deferred {
            let complete = counts.total <= first;
            top = match deferred::rescore(&self.searcher, stats, phrase, &top, complete, limit)? {
                Some(best) => best,
                None => self.searcher.search_with_statistics_provider(
                    &plan.whole(),
                    &TopDocs::with_limit(limit).order_by_score(),
                    stats,
                )?,
            };
        }
        let total = counts.total;
        let text_query = plan.matching;
        let topics = Results::most_first(counts.topics);
        let mut snippets = SnippetGenerator::create(&self.searcher, &*text_query, f.body)?;
        snippets.set_max_num_chars(SNIPPET_CHARS);
        let mut texts = Texts::new(&self.answers);
        let mut hits = Vec::with_capacity(top.len());
        for (score, address) in top {
            let doc: TantivyDocument = self.searcher.doc(address)?;
            let mut hit = hit::from_doc(&self.fields, &doc, score, Snippet::default());
            let answer = texts.markdown(&hit.path, &hit.id, hit.span);
            let body = answer.as_deref().map(plain_text).unwrap_or_default();
            let snippet = snippets.snippet(&body);
            hit.snippet = if snippet.is_empty() {
                Snippet::lead(&body)
            } else {
                Snippet {
                    text: snippet.fragment().to_string(),
                    highlights: snippet.highlighted().to_vec(),
                }
            };
            hit.answer = answer;
            hits.push(hit);
        }
        let suggestion = if hits.is_empty() {
            self.suggest(&query.words)?
        } else {
            None
        };
        Ok(Results {
            total,
            hits,
            topics,
            sources: Vec::new(),
            suggestion,
        })
    }

    /// Why the entry with this id scored what it did for this search (tantivy's explanation tree, as
    /// JSON), or `None` when it is not indexed or does not match: for tuning the ranking by hand
    /// (`cargo run --example explain`).
    pub fn explain(&self, search: &Search, id: &str) -> Result<Option<String>> {
        let Some(plan) = self.planned(search, None)? else {
            return Ok(None);
        };
        let full = plan.whole();
        let query = TermQuery::new(
            Term::from_field_text(self.fields.id, id),
            IndexRecordOption::Basic,
        );
        let Some(&(_, address)) = self
            .searcher
            .search(&query, &TopDocs::with_limit(1).order_by_score())?
            .first()
        else {
            return Ok(None);
        };
        Ok(full
            .explain(&self.searcher, address)
            .ok()
            .map(|explanation| explanation.to_pretty_json()))
    }

    /// The queries of a search; `None` when nothing searchable is left. The answers' phrase is deferred
    /// when the policy finds it worth it by these statistics.
    fn planned(
        &self,
        search: &Search,
        defer: Option<(&dyn Bm25StatisticsProvider, Policy)>,
    ) -> Result<Option<Plan>> {
        let mut planner = Planner::new(&self.index, &self.searcher, &self.fields, &self.synonyms)?;
        let Some(planned) = planner.text_query(search) else {
            return Ok(None);
        };
        let matching = planned.matching;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, matching.box_clone())];
        clauses.extend(planned.bonus.into_iter().map(|q| (Occur::Should, q)));
        clauses.extend(planner.filters(&search.query));
        let mut deferred = planned.deferred;
        if let Some(phrase) = deferred.take() {
            match defer {
                Some((stats, policy)) if policy.worth_it(stats, &phrase)? => {
                    deferred = Some(phrase)
                }
                _ => clauses.push((Occur::Should, phrase.query())),
            }
        }
        Ok(Some(Plan {
            first: BooleanQuery::new(clauses),
            matching,
            deferred,
        }))
    }

    /// An unknown topic or framework is an error that lists the known ones.
    fn check_facet(&self, field: tantivy::schema::Field, value: Option<&str>) -> Result<()> {
        let Some(value) = value else { return Ok(()) };
        let term = Term::from_facet(field, &Facet::from_path([value]));
        if self.searcher.doc_freq(&term)? > 0 {
            return Ok(());
        }
        let known = self.facets()?;
        let what = self.name(field);
        let names = if field == self.fields.topic {
            known.topics
        } else {
            known.frameworks
        };
        let names: Vec<_> = names.into_keys().collect();
        bail!("unknown {what} {value:?}; known: {}", names.join(", "))
    }

    /// The query with each word the bank does not contain replaced by the closest word it does (within two
    /// edits), or `None` when no word needs or has a replacement.
    fn suggest(&self, words: &[String]) -> Result<Option<String>> {
        let mut changed = false;
        let mut out = Vec::with_capacity(words.len());
        for word in words {
            let known = self
                .searcher
                .doc_freq(&Term::from_field_text(self.fields.vocab, word))?
                > 0;
            let replacement = if known || word.chars().count() < 3 {
                None
            } else {
                super::vocab::closest(&self.searcher, self.fields.vocab, word)?
            };
            changed |= replacement.is_some();
            out.push(replacement.unwrap_or_else(|| word.clone()));
        }
        Ok(changed.then(|| out.join(" ")))
    }

    /// The entry with this exact id, if indexed.
    pub fn by_id(&self, id: &str) -> Result<Option<Hit>> {
        self.doc_by_id(id)?
            .map(|(score, doc)| Ok(hit::from_doc(&self.fields, &doc, score, Snippet::default())))
            .transpose()
    }

    /// The stored document with this exact id, and its score, if indexed.
    fn doc_by_id(&self, id: &str) -> Result<Option<(f32, TantivyDocument)>> {
        let query = TermQuery::new(
            Term::from_field_text(self.fields.id, id),
            IndexRecordOption::Basic,
        );
        let top = self
            .searcher
            .search(&query, &TopDocs::with_limit(1).order_by_score())?;
        top.first()
            .map(|&(score, address): &(f32, DocAddress)| Ok((score, self.searcher.doc(address)?)))
            .transpose()
    }

    /// Every entry that passes the query's filters (topic, framework, level, tags; its words are not
    /// searched), in bank order: by path, then line. For `qa random`, `qa export` and completions.
    pub fn list(&self, query: &crate::query::Query) -> Result<Vec<Hit>> {
        let f = &self.fields;
        self.check_filters(query)?;
        let mut planner = Planner::new(&self.index, &self.searcher, f, &self.synonyms)?;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, Box::new(AllQuery))];
        clauses.extend(planner.filters(query));
        let found = self
            .searcher
            .search(&BooleanQuery::new(clauses), &DocSetCollector)?;
        let mut hits = found
            .into_iter()
            .map(|address| {
                let doc: TantivyDocument = self.searcher.doc(address)?;
                Ok(hit::from_doc(&self.fields, &doc, 0.0, Snippet::default()))
            })
            .collect::<Result<Vec<Hit>>>()?;
        hits.sort_by(|a, b| (&a.path, a.line, &a.id).cmp(&(&b.path, b.line, &b.id)));
        Ok(hits)
    }

    /// Question counts per topic and framework.
    pub fn facets(&self) -> Result<Facets> {
        let mut facets = Facets {
            questions: self.searcher.num_docs() as usize,
            ..Facets::default()
        };
        for (field, map) in [
            (self.fields.topic, &mut facets.topics),
            (self.fields.framework, &mut facets.frameworks),
        ] {
            let mut collector = FacetCollector::for_field(self.name(field));
            collector.add_facet(Facet::root());
            let counts = self.searcher.search(&AllQuery, &collector)?;
            for (facet, count) in counts.get(Facet::root()) {
                map.insert(facet.to_path().join("/"), count);
            }
        }
        Ok(facets)
    }

    /// A field's name in the schema (`Fields` holds the fields, the schema their names).
    fn name(&self, field: tantivy::schema::Field) -> String {
        self.index.schema().get_field_name(field).to_string()
    }

    /// Visits every indexed entry (in bank order) with its answer as plain text, read from the bank: the
    /// bank as `qa quiz` and `qa stats` see it.
    pub fn each_entry(&self, mut visit: impl FnMut(Hit, &str)) -> Result<()> {
        let mut texts = Texts::new(&self.answers);
        for hit in self.list(&crate::query::Query::default())? {
            let body = texts
                .markdown(&hit.path, &hit.id, hit.span)
                .map(|answer| plain_text(&answer))
                .unwrap_or_default();
            visit(hit, &body);
        }
        Ok(())
    }

    /// The answer of the entry with this id as plain text, read from the bank, if indexed and still
    /// there (what practice hashes to notice an edit).
    pub fn answer_text(&self, id: &str) -> Result<Option<String>> {
        let Some(hit) = self.by_id(id)? else {
            return Ok(None);
        };
        Ok(Texts::new(&self.answers)
            .markdown(&hit.path, &hit.id, hit.span)
            .map(|answer| plain_text(&answer)))
    }

    /// Reads the answer of a hit found by meaning rather than words (`semantic`), `id` as this index
    /// knows it, and opens its snippet with the answer's start: no matched word to cut one around.
    pub fn complete(&self, hit: &mut Hit, id: &str) {
        let answer = Texts::new(&self.answers).markdown(&hit.path, id, hit.span);
        let body = answer.as_deref().map(plain_text).unwrap_or_default();
        hit.snippet = Snippet::lead(&body);
        hit.answer = answer;
    }

    /// The index's searcher, whose statistics `Banks` pools.
    pub(crate) fn searcher(&self) -> &Searcher {
        &self.searcher
    }

    /// How many entries the index holds.
    pub fn questions(&self) -> usize {
        self.searcher.num_docs() as usize
    }
}
