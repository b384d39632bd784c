//! What the renderer adds to or decodes in inline text: a link's target after its text, the
//! entities of raw HTML, and short code that stays on one line.

use crate::parse::follow_up::linked_id;
use crate::render::style::NO_BREAK;

/// Inline code up to this many characters is not broken across lines (`LIMIT n + 1`); longer code
/// wraps at its spaces like prose.
const SHORT_CODE: usize = 24;

/// Inline code as the wrapper should see it: a short span's spaces bind its words.
pub(super) fn code_span(code: &str) -> String {
    if code.chars().count() <= SHORT_CODE {
        code.replace(' ', NO_BREAK)
    } else {
        code.to_string()
    }
}

/// The entry of the bank a link points at (`../databases/locking.md#slug` from entry `id`), as the id
/// `qa show` takes.
pub(super) fn linked_entry(url: &str, id: Option<&str>) -> Option<String> {
    id.and_then(|id| linked_id(id, url))
}

/// What follows a link's text: the URL in brackets, nothing when the text already is the URL.
pub(super) fn link_suffix(url: &str, text: &str) -> Option<String> {
    let bare = url.trim_start_matches("mailto:");
    (!url.is_empty() && text.trim() != url && text.trim() != bare).then(|| format!(" ({url})"))
}

/// The entities HTML blocks commonly hold (pulldown-cmark decodes them in text, not in raw HTML).
pub(super) fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&")
}
