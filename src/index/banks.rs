//! Several banks (sources) searched as one: each has its own index, so one that is missing or broken
//! costs only its own answers. Hits are merged by score (coverage dominates scores, so they compare
//! across indexes), counts are added up, and the source is a facet like the topic. Ids stay unique:
//! the first source's ids are as indexed, every other source's are `source:id`.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{Result, bail};
use tantivy::query::Bm25StatisticsProvider;
use tantivy::schema::Field;
use tantivy::{Searcher, Term};

use super::search::{Facets, Hit, Reader, Results};
use crate::query::{Query, Search};

/// One source's reader.
pub struct Member<'a> {
    pub name: &'a str,
    /// The folder its hits' paths are relative to.
    pub folder: &'a Path,
    pub reader: &'a Reader,
}

/// The sources of one command, the first one's ids unprefixed.
pub struct Banks<'a> {
    members: Vec<Member<'a>>,
    /// The name of the first configured source (whose ids are unprefixed), even when it is missing.
    first: String,
}

impl<'a> Banks<'a> {
    /// `first` names the source whose ids are unprefixed (the first configured one).
    pub fn new(first: &str, members: Vec<Member<'a>>) -> Banks<'a> {
        Banks {
            members,
            first: first.to_string(),
        }
    }

    pub fn names(&self) -> Vec<&str> {
        self.members.iter().map(|m| m.name).collect()
    }

    /// Searches every source (or the one the query names) and merges the results.
    pub fn search(&self, search: &Search) -> Result<Results> {
        if search.query.is_filters_only() {
            return self.listed(search);
        }
        let members = self.members_for(search)?;
        let pooled = Pooled {
            searchers: members.iter().map(|m| m.reader.searcher()).collect(),
        };
        let mut merged = Results::default();
        let mut topics: BTreeMap<String, u64> = BTreeMap::new();
        for member in members {
            let results = member.reader.search_scored(search, &pooled)?;
            merged.total += results.total;
            merged
                .sources
                .push((member.name.to_string(), results.total as u64));
            for (topic, count) in results.topics {
                *topics.entry(topic).or_default() += count;
            }
            merged
                .hits
                .extend(results.hits.into_iter().map(|hit| self.own(member, hit)));
            if merged.suggestion.is_none() {
                merged.suggestion = results.suggestion;
            }
        }
        merged.hits.sort_by(|a, b| b.score.total_cmp(&a.score));
        merged.hits.truncate(search.limit.max(1));
        merged.topics = Results::most_first(topics);
        if !merged.hits.is_empty() {
            merged.suggestion = None;
        }
        Ok(merged)
    }

    /// A query of filters alone (`tag:jwt`, `level:senior topic:php`) lists every entry that passes
    /// them, in bank order, with the answer's start as snippet: there is no word to rank by.
    fn listed(&self, search: &Search) -> Result<Results> {
        let all = self.list(&search.query)?;
        let topics = Results::topics_of(&all);
        let sources = self
            .members_for(search)?
            .iter()
            .map(|m| {
                let count = all.iter().filter(|hit| hit.source == m.name).count();
                (m.name.to_string(), count as u64)
            })
            .collect();
        let total = all.len();
        let mut hits: Vec<Hit> = all.into_iter().take(search.limit.max(1)).collect();
        for hit in &mut hits {
            self.complete(hit);
        }
        Ok(Results {
            total,
            hits,
            topics,
            sources,
            suggestion: None,
        })
    }

    /// The sources a search reads: the one it names, else all; of those, the ones that have its topic
    /// and framework. A topic or framework no source has is an error naming the known ones.
    fn members_for(&self, search: &Search) -> Result<Vec<&Member<'a>>> {
        let query = &search.query;
        let mut members: Vec<&Member<'a>> = match &query.source {
            Some(wanted) => self.members.iter().filter(|m| m.name == wanted).collect(),
            None => self.members.iter().collect(),
        };
        if members.is_empty() {
            let wanted = query.source.as_deref().unwrap_or_default();
            bail!(
                "unknown source {wanted:?}; known: {}",
                self.names().join(", ")
            );
        }
        // A topic or framework only some sources have filters those; one no source has is an error.
        let checks: Vec<Result<()>> = members
            .iter()
            .map(|m| m.reader.check_filters(query))
            .collect();
        if checks.iter().all(Result::is_err) {
            if let [member] = members.as_slice() {
                member.reader.check_filters(query)?;
            }
            self.unknown_filter(search)?;
        }
        let mut checks = checks.into_iter();
        members.retain(|_| checks.next().is_some_and(|c| c.is_ok()));
        Ok(members)
    }

    /// The error for a topic or framework no source has, naming the ones they have.
    fn unknown_filter(&self, search: &Search) -> Result<()> {
        let facets = self.facets()?;
        let query = &search.query;
        if let Some(topic) = &query.topic
            && !facets.topics.contains_key(topic)
        {
            let known: Vec<_> = facets.topics.into_keys().collect();
            bail!("unknown topic {topic:?}; known: {}", known.join(", "));
        }
        if let Some(framework) = &query.framework {
            let known: Vec<_> = facets.frameworks.into_keys().collect();
            bail!(
                "unknown framework {framework:?}; known: {}",
                known.join(", ")
            );
        }
        Ok(())
    }

    /// The entry with this id (`source:id` for a source other than the first), with its source.
    pub fn by_id(&self, id: &str) -> Result<Option<Hit>> {
        for (member, local) in self.owners(id) {
            if let Some(hit) = member.reader.by_id(local)? {
                return Ok(Some(self.own(member, hit)));
            }
        }
        Ok(None)
    }

    /// `Reader::complete` for a hit of any source (its answer, and its start as the snippet).
    pub fn complete(&self, hit: &mut Hit) {
        let id = hit.id.clone();
        if let Some((member, local)) = self.owners(&id).find(|(m, _)| m.name == hit.source) {
            member.reader.complete(hit, local);
        }
    }

    /// The answer of the entry with this id as plain text (what practice hashes to notice an edit).
    pub fn answer_text(&self, id: &str) -> Result<Option<String>> {
        for (member, local) in self.owners(id) {
            if let Some(text) = member.reader.answer_text(local)? {
                return Ok(Some(text));
            }
        }
        Ok(None)
    }

    /// The members an id may belong to, with the id as that member indexed it.
    fn owners<'s, 'i>(&'s self, id: &'i str) -> impl Iterator<Item = (&'s Member<'a>, &'i str)> {
        self.members.iter().filter_map(move |member| {
            let local = if member.name == self.first {
                Some(id)
            } else {
                id.strip_prefix(member.name)
                    .and_then(|rest| rest.strip_prefix(':'))
            };
            local.map(|local| (member, local))
        })
    }

    /// Every entry that passes the query's filters (its words are not searched), source by source in
    /// bank order. A topic or framework only some sources have filters those.
    pub fn list(&self, query: &Query) -> Result<Vec<Hit>> {
        let search = Search {
            query: query.clone(),
            ..Search::default()
        };
        let members = self.members_for(&search)?;
        let mut out = Vec::new();
        for member in members {
            let hits = member.reader.list(query)?;
            out.extend(hits.into_iter().map(|hit| self.own(member, hit)));
        }
        Ok(out)
    }

    /// Visits every entry of every source with its answer as plain text.
    pub fn each_entry(&self, mut visit: impl FnMut(Hit, &str)) -> Result<()> {
        for member in &self.members {
            member
                .reader
                .each_entry(|hit, answer| visit(self.own(member, hit), answer))?;
        }
        Ok(())
    }

    /// How many entries the sources hold together.
    pub fn questions(&self) -> usize {
        self.members.iter().map(|m| m.reader.questions()).sum()
    }

    /// Question counts per source, topic and framework, added up.
    pub fn facets(&self) -> Result<Facets> {
        let mut all = Facets::default();
        for member in &self.members {
            let facets = member.reader.facets()?;
            all.questions += facets.questions;
            all.sources
                .insert(member.name.to_string(), facets.questions as u64);
            for (name, count) in facets.topics {
                *all.topics.entry(name).or_default() += count;
            }
            for (name, count) in facets.frameworks {
                *all.frameworks.entry(name).or_default() += count;
            }
        }
        Ok(all)
    }

    /// A member's hit with its source, folder and (outside the first source) prefixed id.
    fn own(&self, member: &Member, mut hit: Hit) -> Hit {
        if member.name != self.first {
            hit.id = format!("{}:{}", member.name, hit.id);
        }
        hit.source = member.name.to_string();
        hit.folder = member.folder.to_path_buf();
        hit
    }
}

/// BM25 statistics summed over several indexes of one schema. Each index alone would weigh a word by
/// its own rarity: a word that a big bank mentions once in passing would outscore a small bank's entry
/// about it, only because the small bank has few documents.
struct Pooled<'a> {
    searchers: Vec<&'a Searcher>,
}

impl Bm25StatisticsProvider for Pooled<'_> {
    fn total_num_tokens(&self, field: Field) -> tantivy::Result<u64> {
        self.searchers
            .iter()
            .map(|s| s.total_num_tokens(field))
            .sum()
    }

    fn total_num_docs(&self) -> tantivy::Result<u64> {
        self.searchers
            .iter()
            .map(|s| Bm25StatisticsProvider::total_num_docs(*s))
            .sum()
    }

    fn doc_freq(&self, term: &Term) -> tantivy::Result<u64> {
        self.searchers.iter().map(|s| s.doc_freq(term)).sum()
    }
}
