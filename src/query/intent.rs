//! What kind of question a query is, read from its words alone: a definition ("what is X"), a pasted
//! error or identifier, a filler word mistyped. Pure, so each rule is a table test here; the planner
//! turns these readings into ranking.

mod framing;
mod pasted;

pub use framing::{QUESTION_WORDS, ends_clause, framing, opens_listener};
pub use pasted::{is_pasted, is_question};

const STOP_WORDS: &str = include_str!("../../data/stopwords.txt");
const PRODUCTS: &str = include_str!("../../data/products.txt");

/// Words like "how", "the", "describe" that carry no subject (`data/stopwords.txt`). A set read once: a
/// build asks for the first words of every question it indexes.
pub fn is_stop_word(word: &str) -> bool {
    static WORDS: std::sync::LazyLock<std::collections::HashSet<&'static str>> =
        std::sync::LazyLock::new(|| stop_words().collect());
    WORDS.contains(word)
}

/// Every word of `data/stopwords.txt`.
pub fn stop_words() -> impl Iterator<Item = &'static str> {
    STOP_WORDS
        .lines()
        .filter(|line| !line.starts_with('#'))
        .map(str::trim)
        .filter(|line| !line.is_empty())
}

/// The stop word a mistyped word was meant to be (`teh` → `the`, `differnce` → `difference`), if any.
/// Only the caller knows whether the bank has the word as typed; it asks only for words the bank lacks.
pub fn filler_typo(word: &str) -> Option<&'static str> {
    let len = word.chars().count();
    if !(2..=14).contains(&len) || !word.chars().all(char::is_alphabetic) {
        return None;
    }
    let max = if len >= 9 { 2 } else { 1 };
    let candidates = stop_words()
        // Two letters are one edit from many words: only a swap counts there (`si` → `is`).
        .filter(|stop| match len {
            2 => stop.chars().rev().eq(word.chars()),
            _ => stop.chars().count() >= 3,
        })
        .filter(|stop| stop.chars().all(char::is_alphabetic));
    nearest(word, candidates, max)
}

/// The candidate fewest edits from `word` (a swap of two letters is one edit), if any is within `max`;
/// the first of equals.
pub fn nearest<'a>(
    word: &str,
    candidates: impl Iterator<Item = &'a str>,
    max: usize,
) -> Option<&'a str> {
    candidates
        .map(|candidate| (strsim::damerau_levenshtein(word, candidate), candidate))
        .filter(|&(distance, _)| distance <= max)
        .min_by_key(|&(distance, _)| distance)
        .map(|(_, candidate)| candidate)
}

/// "What is X", "what are X", "define X", "X meaning": the user wants the entry that defines X.
pub fn is_definition(text: &str) -> bool {
    defined_subject(text).is_some()
}

/// What an interviewer says before the question itself: "Can you tell me what X is", "Explain what X is".
const LEAD_INS: [&str; 9] = [
    "can you tell me ",
    "could you tell me ",
    "can you explain ",
    "could you explain ",
    "please explain ",
    "tell me ",
    "please ",
    "in your own words, ",
    "in simple terms, ",
];

/// Words that end a definition's subject besides the question words (`QUESTION_WORDS`): "What is CORS,
/// and why ...", "what OPcache is and how ...".
const SUBJECT_ENDS: [&str; 15] = [
    "and", "does", "do", "did", "can", "should", "would", "is", "are", "means", "in", "on", "for",
    "with", "used",
];

/// The subject of a definition question, lowercased, without its article: `cors` for "What is CORS, and
/// why does the browser block ...", `opcache` for "Can you tell me what OPcache is and how ...";
/// `None` when the text does not ask what something is (or compares two things).
pub fn defined_subject(text: &str) -> Option<String> {
    // The opener may be mistyped as well: `wat is`, `waht are`.
    let lower: Vec<String> = text
        .trim()
        .to_lowercase()
        .split_whitespace()
        .enumerate()
        .map(|(i, word)| {
            let openers: &[&str] = match i {
                0 if word.len() >= 3 => &["what", "whats", "define", "explain"],
                1 => &["is", "are"],
                _ => &[],
            };
            // Most questions start with the opener as written: no edit distance to compute.
            if openers.contains(&word) {
                return word.to_string();
            }
            match nearest(word, openers.iter().copied(), 1) {
                Some(opener) if !is_stop_word(word) => opener.to_string(),
                _ => word.to_string(),
            }
        })
        .collect();
    let lower = lower.join(" ");
    let lower = lower.trim_end_matches(['?', '.', '!', ' ']);
    // "what is the difference between a and b" asks for a comparison, not a definition.
    let compares = [" difference", " vs ", " versus ", " compare", " between "]
        .iter()
        .any(|word| lower.contains(word));
    if compares {
        return None;
    }
    let asked = LEAD_INS
        .iter()
        .find_map(|lead| lower.strip_prefix(lead))
        .unwrap_or(lower);
    const OPENERS: [&str; 15] = [
        "how would you explain ",
        "how do you explain ",
        "how would you describe ",
        "how would you define ",
        "what is ",
        "what are ",
        "what's ",
        "whats ",
        "define ",
        "definition of ",
        "what do you mean by ",
        "what do you understand by ",
        "what does the term ",
        "explain what ",
        "explain ",
    ];
    let subject = if let Some(rest) = OPENERS.iter().find_map(|o| asked.strip_prefix(o)) {
        subject_words(rest).0
    } else if let Some(rest) = ["what does ", "what do "]
        .iter()
        .find_map(|o| asked.strip_prefix(o))
    {
        // "What does OPcache do (, and how ...)?": a subject of a few words, ended by its `do`. Not
        // "what does the server do when ...", which asks about a moment, not the server.
        let words: Vec<&str> = clause(rest).split_whitespace().collect();
        let at = words.iter().position(|word| *word == "do")?;
        if !(1..=4).contains(&at) || !matches!(words.get(at + 1), None | Some(&"and")) {
            return None;
        }
        let subject: Vec<&str> = words[..at].iter().map(|w| without_possessive(w)).collect();
        without_article(&subject).join(" ")
    } else if let Some(rest) = asked.strip_prefix("what ").filter(|_| asked != lower) {
        // "Tell me what X is": the subject ends at its verb.
        match subject_words(rest) {
            (subject, Some("is" | "are" | "means")) => subject,
            _ => return None,
        }
    } else if let Some(rest) = lower
        .strip_suffix(" meaning")
        .or_else(|| lower.strip_suffix(" definition"))
    {
        subject_words(rest).0
    } else {
        return None;
    };
    (!subject.is_empty()).then_some(subject)
}

/// The words of `text` up to the first that ends a subject (which is returned too), or punctuation that
/// ends a clause, without a leading article.
fn subject_words(text: &str) -> (String, Option<&str>) {
    let mut words = Vec::new();
    let mut end = None;
    let all: Vec<&str> = clause(text).split_whitespace().collect();
    for (i, &word) in all.iter().enumerate() {
        if let Some(stop) = SUBJECT_ENDS
            .iter()
            .chain(&QUESTION_WORDS)
            .find(|&&stop| stop == word)
        {
            end = Some(*stop);
            break;
        }
        // "explain X to someone new": who listens is no part of X.
        if word == "to" && all.get(i + 1).is_some_and(|next| opens_listener(next)) {
            break;
        }
        words.push(without_possessive(word));
    }
    (without_article(&words).join(" "), end)
}

/// The text up to the punctuation that ends its first clause. A dot inside a name (`node.js`,
/// `next.config`) ends nothing.
fn clause(text: &str) -> &str {
    let ends = |(at, c): &(usize, char)| match c {
        ',' | ';' | '?' | '!' | '(' | ':' => true,
        '.' => text[at + 1..]
            .chars()
            .next()
            .is_none_or(char::is_whitespace),
        _ => false,
    };
    text.char_indices()
        .find(ends)
        .map_or(text, |(at, _)| &text[..at])
}

/// A word without a possessive `'s` (`php's`, `flask’s`): the name it belongs to.
pub fn without_possessive(word: &str) -> &str {
    ["'s", "’s"]
        .iter()
        .find_map(|mark| word.strip_suffix(mark))
        .filter(|name| name.chars().count() >= 2)
        .unwrap_or(word)
}

/// `a`, `an` or `the`.
pub fn is_article(word: &str) -> bool {
    matches!(word, "a" | "an" | "the")
}

/// The words without a leading article.
fn without_article<'a, 'w>(words: &'a [&'w str]) -> &'a [&'w str] {
    match words {
        [first, rest @ ..] if is_article(first) => rest,
        all => all,
    }
}

/// A question that introduces its subject: one that asks what it is, or "How does X work?", "What does X
/// do?" (`What does OPcache do?`, `How does TOTP work?`). The entry a "what is X" query wants first.
pub fn introduces(question: &str) -> bool {
    introduced_subject(question).is_some()
}

/// What a question that introduces its subject introduces: X of "What is X?", "How does X work?",
/// "What does X do?".
pub fn introduced_subject(question: &str) -> Option<String> {
    if let Some(subject) = defined_subject(question) {
        return Some(subject);
    }
    let lower = question.trim().to_lowercase();
    let lower = lower.trim_end_matches(['?', '.', '!', ' ']);
    let words: Vec<&str> = lower.split_whitespace().collect();
    let subject = match words.as_slice() {
        [
            "how",
            "does" | "do",
            subject @ ..,
            "work",
            "under",
            "the",
            "hood",
        ]
        | ["how", "does" | "do", subject @ .., "work"]
        | ["what", "does" | "do", subject @ .., "do"] => subject,
        // "How does middleware work in Laravel?": the place it works in is one word, a stack's name.
        ["how", "does" | "do", subject @ .., "work", "in", place] if is_stack(place) => subject,
        _ => return None,
    };
    // A subject of a few words: "How does PHP-FPM manage workers and how do you size the pool" is not one.
    if subject.len() > 4 {
        return None;
    }
    let subject = without_article(subject);
    (!subject.is_empty()).then(|| subject.join(" "))
}

/// A subject as the index files it, so that "What is CORS?" and "what is cors, and why ..." meet: its
/// words without punctuation or a plural `s`.
///
/// A stack's name is left out ("Laravel facades" and "a facade in Laravel" meet), unless it is all the
/// subject is ("What is Redis?"): the bonus that uses the key already keeps to the named stack's entries.
pub fn subject_key(subject: &str) -> String {
    let words: Vec<String> = subject
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(str::to_lowercase)
        .collect();
    let stacks = named_stacks(&words);
    let is_stack = |word: &String| stacks.iter().any(|named| &named.word == word);
    let only_stacks = words.iter().all(is_stack);
    words
        .iter()
        .filter(|word| only_stacks || !is_stack(word))
        .map(|word| {
            let sibilant = |stem: &str| {
                ["x", "ch", "sh", "ss", "z"]
                    .iter()
                    .any(|e| stem.ends_with(e))
            };
            match (word.strip_suffix("es"), word.strip_suffix('s')) {
                (Some(stem), _) if sibilant(stem) => stem,
                (_, Some(stem)) if stem.len() >= 3 && !stem.ends_with('s') => stem,
                _ => word.as_str(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The name at the end of a qualified one (`sqlalchemy.orm.exc.DetachedInstanceError`,
/// `Illuminate\\Queue\\MaxAttemptsExceededException`, `psycopg2.errors.UniqueViolation`): what an error's
/// class is called wherever the bank mentions it, with or without its module path. Three segments at
/// least, so that `node.js`, `req.body` and `Route::get` stay what they are; a tail of four characters or
/// more, so that `server.min.js` does not become `js`.
pub fn qualified_tail(word: &str) -> Option<&str> {
    let word = word.trim_matches(|c: char| !c.is_alphanumeric() && c != '_');
    let segments: Vec<&str> = word.split(['.', '\\']).collect();
    let tail = *segments.last()?;
    let plain = |segment: &str| {
        !segment.is_empty() && segment.chars().all(|c| c.is_alphanumeric() || c == '_')
    };
    let named = tail.chars().count() >= 4 && tail.chars().any(char::is_alphabetic);
    (segments.len() >= 3 && segments.iter().all(|s| plain(s)) && named).then_some(tail)
}

/// A framework, language or product the query names, and what it prefers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Named {
    /// The word as typed.
    pub word: String,
    /// Topic or framework names whose entries answer first (`php` → `php`).
    pub prefer: Vec<String>,
    /// Names close to it that rank with generic entries (`php` → `laravel`), not below them.
    pub related: Vec<String>,
}

/// The words of a query that name a stack (`data/products.txt`), in order.
pub fn named_stacks(words: &[String]) -> Vec<Named> {
    words
        .iter()
        .filter_map(|word| {
            PRODUCTS
                .lines()
                .filter(|line| !line.starts_with('#'))
                .find_map(|line| {
                    let mut columns = line.split('\t');
                    let names: Vec<&str> = columns.next()?.split(',').map(str::trim).collect();
                    // "in PHP," or "(Flask)": the name without the punctuation around it; but `.php`
                    // is a file's extension, not the language.
                    let bare = without_possessive(word)
                        .trim_start_matches(['(', '"', '\'', '`'])
                        .trim_end_matches(|c: char| !c.is_alphanumeric());
                    if !names.contains(&bare) {
                        return None;
                    }
                    let list = |column: Option<&str>| -> Vec<String> {
                        column
                            .unwrap_or_default()
                            .split(',')
                            .map(str::trim)
                            .filter(|s| !s.is_empty())
                            .map(str::to_string)
                            .collect()
                    };
                    Some(Named {
                        word: word.clone(),
                        prefer: list(columns.next()),
                        related: list(columns.next()),
                    })
                })
        })
        .collect()
}

/// Whether a word names a stack of `data/products.txt` (`laravel`, `eloquent`, `postgresql`).
fn is_stack(word: &str) -> bool {
    !named_stacks(&[word.to_string()]).is_empty()
}

/// Every name that `data/products.txt` prefers: the stacks whose entries are not generic. Read once:
/// a build asks for every entry it writes.
pub fn all_stacks() -> &'static [String] {
    static NAMES: std::sync::LazyLock<Vec<String>> = std::sync::LazyLock::new(|| {
        let mut names: Vec<String> = PRODUCTS
            .lines()
            .filter(|line| !line.starts_with('#'))
            .filter_map(|line| line.split('\t').nth(1))
            .flat_map(|list| list.split(','))
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect();
        names.sort();
        names.dedup();
        names
    });
    &NAMES
}

#[cfg(test)]
mod tests;
