//! Soft preferences that reorder answers of equal coverage without changing what matches: a stack the
//! query names (`express sql injection` → Express entries, then generic ones, then Laravel's), and the
//! entry that defines what a "what is X" question asks about (junior, X in its question), and generic
//! entries for a problem described in a sentence that names no stack (unless a word is one stack's own).

use tantivy::collector::FacetCollector;
use tantivy::query::{BooleanQuery, ConstScoreQuery, DisjunctionMaxQuery, Occur, Query, TermQuery};
use tantivy::schema::{Facet, Field, IndexRecordOption};
use tantivy::{Searcher, Term};

use super::Fields;
use super::plan::Form;
use crate::query::intent::{self, Named};

/// What an entry of the named stack gains; generic entries gain half, other stacks' nothing. Below one
/// concept's coverage, above the spread of relevance scores.
pub const STACK_BONUS: f32 = 300.0;
/// What an entry of the named stack gains in a long question ("Our Flask app runs behind a load balancer
/// ..."), generic entries half: more than one concept's coverage, because in a long question incidental
/// words decide coverage, and an Express entry that happens to share one more of them is still the wrong
/// answer (on the long questions of every relevance suite, 300 → 1600 only raised their figures).
pub const LONG_STACK_BONUS: f32 = 1600.0;
/// What a generic entry gains in a long question that names no stack (a problem described in a sentence
/// is first a general question): most of one concept's coverage, so a framework's entry that covers one
/// more of the question's words still ranks first.
pub const DESCRIBED_BONUS: f32 = 800.0;
/// A word is a stack's own (`eloquent`, `blueprint`) when at least this many of that stack's questions or
/// tags hold it, and this share of all the questions and tags that hold it.
const STACK_WORD_ENTRIES: u64 = 3;
const STACK_WORD_SHARE: f32 = 0.85;
/// What an entry that has X in its question gains when the query asks "what is X": once if its question
/// asks what something is, once if it is junior.
pub const DEFINITION_BONUS: f32 = 60.0;
/// What the entry that introduces X itself ("What is CORS?", not "What is a CORS preflight request?")
/// gains when the query asks what X is, however long the question goes on.
pub const SUBJECT_BONUS: f32 = 1000.0;

/// Splits the stacks a query names (those the bank has as a topic or framework) from its other words.
/// The names stop being words the answer must hold, unless nothing else is left.
pub fn split_stacks(
    searcher: &Searcher,
    fields: &Fields,
    words: Vec<String>,
) -> (Vec<String>, Vec<Named>) {
    let known = |name: &str| {
        [fields.topic, fields.framework].into_iter().any(|field| {
            searcher
                .doc_freq(&facet_term(field, name))
                .is_ok_and(|n| n > 0)
        })
    };
    let stacks: Vec<Named> = intent::named_stacks(&words)
        .into_iter()
        .filter(|named| named.prefer.iter().any(|name| known(name)))
        .collect();
    let rest: Vec<String> = words
        .iter()
        .filter(|word| !stacks.iter().any(|named| &named.word == *word))
        .cloned()
        .collect();
    if rest.is_empty() {
        (words, stacks)
    } else {
        (rest, stacks)
    }
}

/// The score clauses for the named stacks: theirs first, then generic entries (and close stacks, such as
/// Laravel for PHP), then the rest; by more in a `long` question. A long question that names no stack
/// (`described`) prefers generic entries a little.
pub fn stack_bonus(
    fields: &Fields,
    stacks: &[Named],
    long: bool,
    described: bool,
) -> Vec<Box<dyn Query>> {
    let bonus = if long { LONG_STACK_BONUS } else { STACK_BONUS };
    let generic = || generic(fields);
    if stacks.is_empty() {
        // A problem described in a sentence, with no stack named, is first a general question.
        return if described {
            vec![Box::new(ConstScoreQuery::new(generic(), DESCRIBED_BONUS))]
        } else {
            Vec::new()
        };
    }
    let preferred = preferred(stacks);
    let related: Vec<&str> = stacks
        .iter()
        .flat_map(|named| named.related.iter().map(String::as_str))
        .filter(|name| !preferred.contains(name))
        .collect();
    let any_of = |names: &[&str]| any_of(fields, names);
    let mut second = any_of(&related);
    second.push((Occur::Should, generic()));
    vec![
        Box::new(ConstScoreQuery::new(
            Box::new(BooleanQuery::new(any_of(&preferred))),
            bonus,
        )),
        Box::new(ConstScoreQuery::new(
            Box::new(BooleanQuery::new(second)),
            bonus / 2.0,
        )),
    ]
}

/// How many questions and tags of each topic hold this form's first word.
pub fn holders(searcher: &Searcher, fields: &Fields, form: &Form) -> Vec<(String, u64)> {
    let Some(word) = form.parts.first() else {
        return Vec::new();
    };
    let holders = BooleanQuery::new(
        [fields.question, fields.tags]
            .map(|field| {
                (
                    Occur::Should,
                    Box::new(TermQuery::new(
                        Term::from_field_text(field, word),
                        IndexRecordOption::Basic,
                    )) as Box<dyn Query>,
                )
            })
            .into(),
    );
    let mut by_topic = FacetCollector::for_field(searcher.schema().get_field_name(fields.topic));
    by_topic.add_facet(Facet::root());
    let Ok(counts) = searcher.search(&holders, &by_topic) else {
        return Vec::new();
    };
    counts
        .get(Facet::root())
        .map(|(facet, count)| (facet.to_path().join("/"), count))
        .collect()
}

/// The stack nearly all the questions and tags holding a word belong to (`eloquent` → Laravel,
/// `blueprint` → Flask), from `holders`: a question about a stack's own thing names the stack without
/// saying its name. A word spread over several topics (`customer`) or a generic topic's has none.
pub fn own_stack(by_topic: &[(String, u64)]) -> Option<String> {
    topics_own(by_topic).filter(|topic| is_stack(topic))
}

/// Whether the questions and tags holding a word (`acid`) are all of other topics than `topic`.
pub fn only_elsewhere(by_topic: &[(String, u64)], topic: &str) -> bool {
    let held = |keep: &dyn Fn(&str) -> bool| by_topic.iter().any(|(t, n)| keep(t) && *n > 0);
    held(&|_| true) && !held(&|t| t == topic)
}

/// Whether a topic is a stack (a framework or language) rather than a generic subject.
fn is_stack(topic: &str) -> bool {
    intent::all_stacks().iter().any(|stack| stack == topic)
}

/// The rule of `own_topic`, on the counts per topic of the questions and tags holding a word.
fn topics_own(by_topic: &[(String, u64)]) -> Option<String> {
    let all: u64 = by_topic.iter().map(|(_, count)| count).sum();
    let (topic, most) = by_topic.iter().max_by_key(|&(_, count)| count)?;
    (*most >= STACK_WORD_ENTRIES && *most as f32 >= STACK_WORD_SHARE * all as f32)
        .then(|| topic.clone())
}

/// What an entry whose question names both sides of a comparison gains ("the differences between PUT and
/// PATCH", `put vs patch`), or whose other phrasings name them with a word that compares ("Also asked as:
/// the difference between a session and a cookie"): an answer that compares them, rather than one that
/// mentions each.
pub const COMPARISON_BONUS: f32 = 400.0;

/// The score clause for a comparison: the entries whose question holds every side, or whose other
/// phrasings hold every side and one of `comparing` (`difference`, `vs`: phrasings that merely mention a
/// "session cookie" compare nothing).
pub fn comparison_bonus(
    fields: &Fields,
    sides: &[&[Form]],
    comparing: &[Form],
    exact: impl Fn(Field, &Form) -> Box<dyn Query>,
    indexed: impl Fn(Field) -> bool,
) -> Box<dyn Query> {
    let mut either: Vec<(Occur, Box<dyn Query>)> = vec![(
        Occur::Should,
        Box::new(BooleanQuery::new(in_field(fields.question, sides, &exact))),
    )];
    if indexed(fields.also) {
        let mut every = in_field(fields.also, sides, &exact);
        every.extend(in_field(fields.also, &[comparing], &exact));
        either.push((Occur::Should, Box::new(BooleanQuery::new(every))));
    }
    Box::new(ConstScoreQuery::new(
        Box::new(BooleanQuery::new(either)),
        COMPARISON_BONUS,
    ))
}

/// Clauses that each concept (any of its forms) be in `field`.
fn in_field(
    field: Field,
    concepts: &[&[Form]],
    exact: &impl Fn(Field, &Form) -> Box<dyn Query>,
) -> Vec<(Occur, Box<dyn Query>)> {
    concepts
        .iter()
        .map(|forms| {
            let alternatives: Vec<Box<dyn Query>> =
                forms.iter().map(|form| exact(field, form)).collect();
            (
                Occur::Must,
                Box::new(DisjunctionMaxQuery::new(alternatives)) as Box<dyn Query>,
            )
        })
        .collect()
}

/// The score clauses for "what is X": an entry whose question holds every concept earns `share` of
/// `DEFINITION_BONUS` when that question asks what something is, and again when it is junior.
pub fn definition_bonus(
    fields: &Fields,
    concepts: &[&[Form]],
    share: f32,
    exact: impl Fn(Field, &Form) -> Box<dyn Query>,
    indexed: impl Fn(Field) -> bool,
) -> Vec<Box<dyn Query>> {
    let about = |marker: Term, bonus: f32| -> Box<dyn Query> {
        let mut must: Vec<(Occur, Box<dyn Query>)> = vec![(
            Occur::Must,
            Box::new(TermQuery::new(marker, IndexRecordOption::Basic)),
        )];
        must.extend(in_field(fields.question, concepts, &exact));
        Box::new(ConstScoreQuery::new(
            Box::new(BooleanQuery::new(must)),
            bonus,
        ))
    };
    // A marker field no entry fills (a bank without levels) would match nothing: left out.
    [
        (fields.kind, super::write::DEFINITION),
        (fields.level, "junior"),
    ]
    .into_iter()
    .filter(|&(field, _)| indexed(field))
    .map(|(field, marker)| {
        about(
            Term::from_field_text(field, marker),
            DEFINITION_BONUS * share,
        )
    })
    .collect()
}

/// What an entry that introduces a concept gains when the query states a problem without asking: a
/// sixth of a concept's coverage, enough to order answers that share as many words. (Measured on the
/// nine suites by words: 250 raised more described problems but lowered short.tsv's; requiring the
/// entry's question to name a word of the problem raised fewer, since its name is what the asker lacks.)
pub const INTRODUCTION_BONUS: f32 = 150.0;

/// The score clause for a problem stated in a sentence: the entries that introduce a concept.
pub fn introduction_bonus(fields: &Fields) -> Box<dyn Query> {
    let marker = Term::from_field_text(fields.kind, super::write::DEFINITION);
    Box::new(ConstScoreQuery::new(
        Box::new(TermQuery::new(marker, IndexRecordOption::Basic)),
        INTRODUCTION_BONUS,
    ))
}

/// The score clause for "what is X, and ...": the entry whose question introduces X itself, of the
/// stack the query names (or of none) when it names one: "what is middleware in laravel" is not asking
/// "What is middleware in Express?".
pub fn subject_bonus(fields: &Fields, subject: &str, stacks: &[Named]) -> Box<dyn Query> {
    let key = intent::subject_key(subject);
    let about: Box<dyn Query> = Box::new(TermQuery::new(
        Term::from_field_text(fields.subject, &key),
        IndexRecordOption::Basic,
    ));
    let about = if stacks.is_empty() {
        about
    } else {
        let mut stack = any_of(fields, &preferred(stacks));
        stack.push((Occur::Should, generic(fields)));
        Box::new(BooleanQuery::new(vec![
            (Occur::Must, about),
            (Occur::Must, Box::new(BooleanQuery::new(stack))),
        ]))
    };
    Box::new(ConstScoreQuery::new(about, SUBJECT_BONUS))
}

/// The stacks whose entries a query naming `stacks` prefers.
fn preferred(stacks: &[Named]) -> Vec<&str> {
    stacks
        .iter()
        .flat_map(|named| named.prefer.iter().map(String::as_str))
        .collect()
}

/// Entries of any of these topics or frameworks.
fn any_of(fields: &Fields, names: &[&str]) -> Vec<(Occur, Box<dyn Query>)> {
    names
        .iter()
        .flat_map(|name| {
            [fields.topic, fields.framework].map(|field| {
                (
                    Occur::Should,
                    Box::new(TermQuery::new(
                        facet_term(field, name),
                        IndexRecordOption::Basic,
                    )) as Box<dyn Query>,
                )
            })
        })
        .collect()
}

/// Entries of no particular stack.
fn generic(fields: &Fields) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_field_text(fields.kind, super::write::GENERIC),
        IndexRecordOption::Basic,
    ))
}

fn facet_term(field: Field, name: &str) -> Term {
    Term::from_facet(field, &Facet::from_path([name]))
}

#[cfg(test)]
mod tests {
    use super::{only_elsewhere, topics_own};

    #[test]
    fn a_word_is_a_topics_own_when_nearly_only_that_topic_is_about_it() {
        let counts = |pairs: &[(&str, u64)]| -> Vec<(String, u64)> {
            pairs.iter().map(|&(t, n)| (t.to_string(), n)).collect()
        };
        // `eloquent`: Laravel's questions, and two generic ones.
        assert_eq!(
            topics_own(&counts(&[("laravel", 15), ("performance", 2)])).as_deref(),
            Some("laravel")
        );
        // `customer`: spread over stacks and generic topics.
        assert_eq!(
            topics_own(&counts(&[("laravel", 4), ("express", 3), ("databases", 4)])),
            None
        );
        // Too few to say (`crash` in two Laravel questions).
        assert_eq!(topics_own(&counts(&[("laravel", 2)])), None);
        // A generic topic's own word (`acid`).
        assert_eq!(
            topics_own(&counts(&[("databases", 9)])).as_deref(),
            Some("databases")
        );
        assert_eq!(topics_own(&[]), None);
    }

    #[test]
    fn a_word_held_only_by_other_topics_is_elsewhere() {
        let counts = |pairs: &[(&str, u64)]| -> Vec<(String, u64)> {
            pairs.iter().map(|&(t, n)| (t.to_string(), n)).collect()
        };
        // `acid`, against PHP's `properties`.
        assert!(only_elsewhere(&counts(&[("databases", 1)]), "php"));
        // `eager`, against Laravel's `eloquent`: Laravel holds it too.
        assert!(!only_elsewhere(
            &counts(&[("laravel", 2), ("flask", 1), ("databases", 2)]),
            "laravel"
        ));
        // A word no question or tag holds says nothing.
        assert!(!only_elsewhere(&counts(&[("databases", 0)]), "php"));
        assert!(!only_elsewhere(&[], "php"));
    }
}
