//! The plain view, for pipes, files, NO_COLOR and `--color never`: no escape sequences, answers as the
//! Markdown they are written in, a hit's snippet on one line.

use std::io::{self, Write};

use super::{View, answer_text, clean, flat, hit_meta, hit_snippet, summary};
use crate::entry::Entry;
use crate::index::search::{Facets, Results};

pub fn hits<W: Write>(
    w: &mut W,
    view: &View,
    results: &Results,
    full: bool,
    reviews: &[String],
) -> io::Result<()> {
    for (rank, hit) in results.hits.iter().enumerate() {
        let meta = hit_meta(view, results, hit, reviews.get(rank));
        writeln!(w, "{}. {}", rank + 1, clean(&hit.question))?;
        writeln!(w, "   {}", clean(&meta))?;
        match hit.answer.as_ref().filter(|_| full) {
            Some(answer) => writeln!(w, "\n{}\n", clean(answer).trim_end())?,
            None => writeln!(w, "   {}\n", clean(&flat(hit_snippet(hit))))?,
        }
    }
    writeln!(w, "{}", clean(&summary(results)))
}

pub fn entry<W: Write>(w: &mut W, entry: &Entry, meta: &str, tags: &str) -> io::Result<()> {
    writeln!(w, "{}\n{}", clean(&entry.question), clean(meta))?;
    if !tags.is_empty() {
        writeln!(w, "tags: {}", clean(tags))?;
    }
    writeln!(w, "\n{}", clean(answer_text(&entry.answer)).trim_end())
}

pub fn topics<W: Write>(w: &mut W, facets: &Facets) -> io::Result<()> {
    writeln!(w, "{} questions\n", facets.questions)?;
    if facets.sources.len() > 1 {
        writeln!(w, "sources:")?;
        for (name, count) in &facets.sources {
            writeln!(w, "  {:<16} {count:>5}", clean(name))?;
        }
        writeln!(w)?;
    }
    writeln!(w, "topics:")?;
    for (name, count) in &facets.topics {
        writeln!(w, "  {:<16} {count:>5}", clean(name))?;
    }
    if !facets.frameworks.is_empty() {
        writeln!(w, "\nframeworks:")?;
        for (name, count) in &facets.frameworks {
            writeln!(w, "  {:<16} {count:>5}", clean(name))?;
        }
    }
    Ok(())
}
