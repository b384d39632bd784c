//! Table tests of the Markdown renderer: one row per Markdown construct, named after the case, with the
//! screen text expected at a given width (styles are checked separately where they matter).

use super::render;
use crate::render::style::{self, Line, line_width};
use crate::render::{CodeLines, Screen, Theme};

fn screen(width: usize) -> Screen {
    Screen {
        width,
        code_lines: CodeLines::Wrap,
        theme: Theme::default(),
    }
}

fn text(lines: &[Line]) -> Vec<String> {
    lines
        .iter()
        .map(|l| {
            l.iter()
                .map(|s| s.text.replace(style::NO_BREAK, " "))
                .collect::<String>()
                .trim_end()
                .to_string()
        })
        .collect()
}

#[test]
fn constructs_render_as_readable_text() {
    let cases: &[(&str, &str, usize, &[&str])] = &[
        (
            "soft breaks are joined and the paragraph rewrapped",
            "A failed\nquery then throws\ninstead of returning false and\nquietly continuing.",
            40,
            &[
                "A failed query then throws instead of",
                "returning false and quietly continuing.",
            ],
        ),
        (
            "backslash escapes are resolved, not printed",
            "a short\\-lived token (5\\-15 minutes), `errmode_exception`, \\*not bold\\*",
            80,
            &["a short-lived token (5-15 minutes), errmode_exception, *not bold*"],
        ),
        (
            "short inline code is not broken across lines",
            "with keyset pagination it needs only `LIMIT n + 1`.",
            44,
            &["with keyset pagination it needs only", "LIMIT n + 1."],
        ),
        (
            "emphasis and inline code lose their markers",
            "Use **exceptions** and *never* `PDO::ERRMODE_SILENT`.",
            80,
            &["Use exceptions and never PDO::ERRMODE_SILENT."],
        ),
        (
            "a link shows its text, then its URL when it differs",
            "See [the docs](https://php.net/pdo) or <https://php.net>.",
            80,
            &["See the docs (https://php.net/pdo) or https://php.net."],
        ),
        (
            "nested lists indent under their bullet",
            "- one\n  - inner item that wraps onto a second line\n- two",
            24,
            &[
                "• one",
                "  ◦ inner item that",
                "    wraps onto a second",
                "    line",
                "• two",
            ],
        ),
        (
            "ordered lists keep their numbers",
            "3. third\n4. fourth",
            80,
            &["3. third", "4. fourth"],
        ),
        (
            "entities are decoded in text and HTML blocks",
            "`<script>` becomes &lt;script&gt; &amp; more\n\n<p>a &amp; b</p>",
            80,
            &["<script> becomes <script> & more", "", "a & b"],
        ),
        (
            "details blocks show their summary and body",
            "<details>\n<summary>Show answer</summary>\n\nThe body.\n\n</details>",
            80,
            &["Show answer", "", "The body."],
        ),
        (
            "a quote keeps its bar on every line",
            "> quoted words that wrap",
            12,
            &["│ quoted", "│ words that", "│ wrap"],
        ),
        (
            "code is indented, tabs expanded, never rewrapped",
            "Text.\n\n```text\nif (x) {\n\treturn;\n}\n```",
            80,
            &["Text.", "", "    if (x) {", "        return;", "    }"],
        ),
        (
            "a long code line goes on after a mark, indented as the block",
            "```text\n// a comment much longer than the screen\n```",
            20,
            &[
                "    // a comment muc",
                "    ↪ h longer than",
                "    ↪ the screen",
            ],
        ),
        (
            "headings are their own block",
            "Intro.\n\n### The three modes\nText.",
            80,
            &["Intro.", "", "The three modes", "", "Text."],
        ),
        (
            "a hard break starts a new line",
            "line one  \nline two",
            80,
            &["line one", "line two"],
        ),
        (
            "a table fits as aligned columns",
            "| Code | Meaning |\n|---:|---|\n| 200 | OK |\n| 404 | Not Found |",
            80,
            &[
                "Code  Meaning",
                "────  ─────────",
                " 200  OK",
                " 404  Not Found",
            ],
        ),
        (
            "task list items show their box",
            "- [x] done\n- [ ] open",
            80,
            &["• [x] done", "• [ ] open"],
        ),
    ];
    for (case, markdown, width, expected) in cases {
        let lines = render(markdown, &screen(*width), 0, None);
        assert_eq!(text(&lines), *expected, "{case}");
    }
}

#[test]
fn no_line_is_wider_than_the_screen() {
    let markdown = "A paragraph with `a_very_long_inline_code_identifier_that_cannot_fit` and \
                    https://example.com/a/very/long/url/that/goes/on/and/on.\n\n\
                    - item\n  - nested item with more words than fit\n\n> quoted text here\n\n\
                    | a | b |\n|---|---|\n| long cell text here | another long cell |\n";
    for width in [20, 30, 60] {
        for line in render(markdown, &screen(width), 2, None) {
            assert!(line_width(&line) <= width, "{width}: {:?}", text(&[line]));
        }
    }
}

#[test]
fn the_indent_applies_to_every_line() {
    let lines = render("one two three\n\n```js\nx()\n```", &screen(10), 3, None);
    assert_eq!(text(&lines), ["   one two", "   three", "", "       x()"]);
}

#[test]
fn styles_mark_code_emphasis_and_links() {
    let lines = render("`code` **bold** [t](http://u)", &screen(80), 0, None);
    let style_of = |text: &str| {
        lines[0]
            .iter()
            .find(|s| s.text.contains(text))
            .map(|s| s.style)
    };
    assert_eq!(style_of("code"), Some(style::inline_code()));
    assert_eq!(style_of("bold"), Some(style::strong()));
    assert_eq!(style_of("(http://u)"), Some(style::dim()));
}

#[test]
fn whole_code_lines_are_kept_for_a_pager() {
    let mut wide = screen(20);
    wide.code_lines = CodeLines::Whole;
    let lines = render(
        "```text\n// a comment much longer than the screen\n```",
        &wide,
        0,
        None,
    );
    assert_eq!(
        text(&lines),
        ["    // a comment much longer than the screen"]
    );
}

#[test]
fn a_link_to_another_entry_is_a_note_with_the_command_that_opens_it() {
    let markdown = "See [locking](../databases/locking.md#what-is-a-lock) and [PHP](https://php.net), \
then [locks](../databases/locking.md#what-is-a-lock) again and [MVCC](../databases/mvcc.md#what-is-mvcc).";
    let lines = render(markdown, &screen(80), 0, Some("notes:security/x#q"));
    assert_eq!(
        text(&lines),
        [
            "See locking [1] and PHP (https://php.net), then locks [1] again and MVCC [2].",
            "",
            "[1] qa show notes:databases/locking#what-is-a-lock",
            "[2] qa show notes:databases/mvcc#what-is-mvcc",
        ]
    );
    // The link's text is underlined.
    let underlined = lines[0]
        .iter()
        .find(|span| span.text.contains("locking"))
        .map(|span| span.style);
    assert_eq!(underlined, Some(style::link()));
    let lines = render(markdown, &screen(200), 0, None);
    assert!(text(&lines)[0].contains("locking (../databases/locking.md#what-is-a-lock)"));
}
