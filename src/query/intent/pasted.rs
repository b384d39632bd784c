//! Text pasted from an error, a log or code, told apart from a question or a problem typed in words.

/// Text pasted from an error, a log or code rather than typed as words: brackets, quotes, `::`, dotted
/// or snake_case identifiers, long numbers. Such queries are matched exactly, not by typo forms.
pub fn is_pasted(text: &str) -> bool {
    // `next()`, `app.use()`: a function named in a sentence, not pasted code; an apostrophe between
    // letters (`user's`, `can't`) is English, not a quote.
    let text_marks = text.replace("()", "");
    let chars: Vec<char> = text_marks.chars().collect();
    let marks = chars
        .iter()
        .enumerate()
        .filter(|&(i, c)| match c {
            '\'' => {
                let letter = |at: Option<usize>| {
                    at.and_then(|at| chars.get(at))
                        .is_some_and(|c| c.is_alphabetic())
                };
                !(letter(i.checked_sub(1)) && letter(Some(i + 1)))
            }
            '[' | ']' | '(' | ')' | '{' | '}' | '\\' | '=' | '<' | '>' | '$' | ';' => true,
            _ => false,
        })
        .count();
    let words: Vec<&str> = text.split_whitespace().collect();
    // An error's label within its first three words: `TypeError:`, `SQLSTATE[23000]:`,
    // `Error [ERR_HTTP_HEADERS_SENT]:`, `PHP Fatal error:`.
    let error_label = words.iter().take(3).enumerate().any(|(i, word)| {
        word.ends_with(':')
            && word.len() > 4
            && words[..=i]
                .iter()
                .any(|word| word.chars().any(char::is_uppercase))
    });
    if error_label {
        return true;
    }
    // A question, or a sentence long enough to be one (a problem described: "after a deploy users get
    // the old JavaScript file"), is still typed in words when it names a function or class (`next()`,
    // `password_hash`) or a product in mixed case (`OPcache`, `JavaScript`): its identifiers match
    // exactly anyway, while it keeps its reading (what it defines, the stack it names). Pasted text
    // that merely starts with a question word has more marks.
    let asks = (words.len() >= 4 && starts_asking(words.first().copied()))
        || words.len() >= SENTENCE_WORDS;
    if asks {
        return marks >= 3;
    }
    // Elsewhere a word in mixed case is an identifier (`getUserById`, `NoneType`).
    let identifiers = words
        .iter()
        .filter(|word| {
            let word = word.trim_matches(|c: char| !c.is_alphanumeric());
            word.contains("::")
                || word.contains('_')
                || word
                    .split_once('.')
                    .is_some_and(|(head, tail)| !head.is_empty() && tail.len() > 2)
                || (word.chars().any(char::is_uppercase)
                    && word.chars().skip(1).any(char::is_uppercase)
                    && word.chars().any(char::is_lowercase))
        })
        .count();
    marks >= 2 || identifiers >= 1
}

/// Whether the text is asked as a question (a question word first, or a question mark) rather than
/// stated: "users get logged out after every deploy" states a problem without asking anything.
pub fn is_question(text: &str) -> bool {
    text.contains('?') || starts_asking(text.split_whitespace().next())
}

/// Whether a text's first word is a question word.
fn starts_asking(first: Option<&str>) -> bool {
    first.is_some_and(|first| {
        // "What's" is "whats" however its apostrophe is typed.
        let first: String = first
            .trim_matches(|c: char| !c.is_alphanumeric())
            .chars()
            .filter(|c| !matches!(c, '\'' | '\u{2019}'))
            .flat_map(char::to_lowercase)
            .collect();
        ASKING.contains(&first.as_str())
    })
}

/// From this many words on, text is a sentence typed in words unless it is marked as pasted.
const SENTENCE_WORDS: usize = 6;

/// First words of a question asked in words.
const ASKING: [&str; 20] = [
    "what", "whats", "how", "why", "when", "where", "which", "who", "can", "could", "should",
    "would", "is", "are", "does", "do", "explain", "describe", "tell", "compare",
];
