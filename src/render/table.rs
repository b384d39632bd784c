//! Markdown tables on a terminal: aligned columns under a ruled header when they fit in the width, and
//! otherwise one block per row (`Header: value` lines), so no row is ever wrapped into a mess of pipes.

use pulldown_cmark::Alignment;

use super::style::{self, Line, Span, line_width, nest};
use super::wrap::wrap;

/// Cells collected from pulldown-cmark's table events.
#[derive(Debug, Default)]
pub struct Table {
    alignments: Vec<Alignment>,
    rows: Vec<Vec<Vec<Span>>>,
    head_rows: usize,
}

const GAP: usize = 2;

impl Table {
    pub fn new(alignments: Vec<Alignment>) -> Table {
        Table {
            alignments,
            ..Table::default()
        }
    }

    pub fn start_row(&mut self) {
        self.rows.push(Vec::new());
    }

    pub fn end_head(&mut self) {
        self.head_rows = self.rows.len();
    }

    pub fn push_cell(&mut self, spans: Vec<Span>) {
        if self.rows.is_empty() {
            self.start_row();
        }
        if let Some(row) = self.rows.last_mut() {
            row.push(spans);
        }
    }

    /// The table's lines, at most `max` columns wide.
    pub fn render(&self, max: usize) -> Vec<Line> {
        // Each cell as one line: whitespace runs are single spaces, as in a paragraph.
        let rows: Vec<Vec<Line>> = self
            .rows
            .iter()
            .map(|row| {
                row.iter()
                    .map(|cell| wrap(cell, usize::MAX / 2, usize::MAX / 2).concat())
                    .collect()
            })
            .collect();
        let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
        let mut widths = vec![0; columns];
        for row in &rows {
            for (i, cell) in row.iter().enumerate() {
                widths[i] = widths[i].max(line_width(cell));
            }
        }
        let total = widths.iter().sum::<usize>() + GAP * columns.saturating_sub(1);
        if total <= max {
            self.aligned(&rows, &widths)
        } else {
            self.blocks(&rows, max)
        }
    }

    fn aligned(&self, rows: &[Vec<Line>], widths: &[usize]) -> Vec<Line> {
        let mut lines = Vec::new();
        for (r, row) in rows.iter().enumerate() {
            let head = r < self.head_rows;
            let mut line = Line::new();
            for (i, &column) in widths.iter().enumerate() {
                let empty = Line::new();
                let cell = row.get(i).unwrap_or(&empty);
                let pad = column - line_width(cell);
                let (left, right) = match self.alignments.get(i) {
                    Some(Alignment::Right) => (pad, 0),
                    Some(Alignment::Center) => (pad / 2, pad - pad / 2),
                    _ => (0, pad),
                };
                if i > 0 {
                    line.push(Span::plain(" ".repeat(GAP)));
                }
                line.push(Span::plain(" ".repeat(left)));
                line.extend(cell.iter().map(|span| {
                    let style = if head {
                        nest(span.style, style::strong())
                    } else {
                        span.style
                    };
                    Span::new(span.text.clone(), style)
                }));
                line.push(Span::plain(" ".repeat(right)));
            }
            lines.push(line);
            if head && r + 1 == self.head_rows {
                let rule: Vec<String> = widths.iter().map(|w| "─".repeat(*w)).collect();
                lines.push(vec![Span::new(rule.join(&" ".repeat(GAP)), style::dim())]);
            }
        }
        lines
    }

    /// One block per body row: each cell on its own line(s) after its column's header.
    fn blocks(&self, rows: &[Vec<Line>], max: usize) -> Vec<Line> {
        let header: Vec<Line> = rows
            .first()
            .filter(|_| self.head_rows > 0)
            .cloned()
            .unwrap_or_default();
        let mut lines = Vec::new();
        for row in rows.iter().skip(self.head_rows) {
            if !lines.is_empty() {
                lines.push(Line::new());
            }
            for (i, cell) in row.iter().enumerate() {
                let mut spans: Vec<Span> = header
                    .get(i)
                    .map(|h| {
                        h.iter()
                            .map(|s| Span::new(s.text.clone(), nest(s.style, style::strong())))
                            .collect()
                    })
                    .unwrap_or_default();
                if !spans.is_empty() {
                    spans.push(Span::new(": ", style::strong()));
                }
                spans.extend(cell.iter().cloned());
                for (n, mut line) in wrap(&spans, max, max.saturating_sub(2))
                    .into_iter()
                    .enumerate()
                {
                    if n > 0 {
                        line.insert(0, Span::plain("  "));
                    }
                    lines.push(line);
                }
            }
        }
        lines
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(rows: &[&[&str]]) -> Table {
        let mut table = Table::new(vec![Alignment::None, Alignment::Right]);
        for (r, row) in rows.iter().enumerate() {
            table.start_row();
            for cell in *row {
                table.push_cell(vec![Span::plain(*cell)]);
            }
            if r == 0 {
                table.end_head();
            }
        }
        table
    }

    fn text(lines: &[Line]) -> Vec<String> {
        lines
            .iter()
            .map(|l| {
                l.iter()
                    .map(|s| s.text.as_str())
                    .collect::<String>()
                    .trim_end()
                    .to_string()
            })
            .collect()
    }

    #[test]
    fn columns_are_aligned_when_they_fit() {
        let t = table(&[&["Code", "Count"], &["200", "12"], &["404 Not Found", "3"]]);
        assert_eq!(
            text(&t.render(40)),
            [
                "Code           Count",
                "─────────────  ─────",
                "200               12",
                "404 Not Found      3"
            ]
        );
    }

    #[test]
    fn rows_become_blocks_when_too_wide() {
        let t = table(&[
            &["Method", "Meaning"],
            &["GET", "reads a resource and never changes it"],
        ]);
        assert_eq!(
            text(&t.render(24)),
            [
                "Method: GET",
                "Meaning: reads a",
                "  resource and never",
                "  changes it"
            ]
        );
    }
}
