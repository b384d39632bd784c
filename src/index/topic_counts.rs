//! Counting a search's matches, in all and per topic, in one pass. tantivy's `Count` and
//! `FacetCollector` each visit every match, the second through a collapse table and an iterator per
//! document for facets of any depth; a topic is one facet of depth one, so its ordinal is counted
//! straight from the column. On a query that matches most of a large bank this is a tenth of the search.

use std::collections::HashMap;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, StrColumn};
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

/// How many documents matched, and how many of them are in each topic (by the facet's path,
/// `backend`); a document without a topic counts in the total only.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub total: usize,
    pub topics: HashMap<String, u64>,
}

/// Collects `Counts` by the facet field named `field`.
pub struct TopicCounts {
    field: String,
}

impl TopicCounts {
    pub fn new(field: impl Into<String>) -> TopicCounts {
        TopicCounts {
            field: field.into(),
        }
    }
}

impl Collector for TopicCounts {
    type Fruit = Counts;
    type Child = SegmentCounts;

    fn for_segment(
        &self,
        _: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<SegmentCounts> {
        // A segment none of whose documents has a topic has no column.
        let column = segment.fast_fields().str(&self.field)?;
        let ords = column.as_ref().map_or_else(
            || Column::build_empty_column(segment.max_doc()),
            |column| column.ords().clone(),
        );
        let terms = column.as_ref().map_or(0, |column| column.num_terms());
        Ok(SegmentCounts {
            column,
            ords,
            total: 0,
            by_ord: vec![0; terms],
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, segments: Vec<Counts>) -> tantivy::Result<Counts> {
        let mut merged = Counts::default();
        for segment in segments {
            merged.total += segment.total;
            for (topic, count) in segment.topics {
                *merged.topics.entry(topic).or_insert(0) += count;
            }
        }
        Ok(merged)
    }
}

/// One segment's counts, by the ordinal of the topic in that segment's dictionary.
pub struct SegmentCounts {
    column: Option<StrColumn>,
    ords: Column<u64>,
    total: usize,
    by_ord: Vec<u64>,
}

impl SegmentCollector for SegmentCounts {
    type Fruit = Counts;

    fn collect(&mut self, doc: DocId, _: Score) {
        self.total += 1;
        for ord in self.ords.values_for_doc(doc) {
            if let Some(count) = self.by_ord.get_mut(ord as usize) {
                *count += 1;
            }
        }
    }

    fn harvest(self) -> Counts {
        let mut counts = Counts {
            total: self.total,
            topics: HashMap::new(),
        };
        let Some(column) = self.column else {
            return counts;
        };
        let mut bytes = Vec::new();
        for (ord, &count) in self.by_ord.iter().enumerate() {
            bytes.clear();
            if count == 0 || !column.ord_to_bytes(ord as u64, &mut bytes).unwrap_or(false) {
                continue;
            }
            // The column holds a facet's encoded form: its path with a zero byte between the parts.
            let path = String::from_utf8_lossy(&bytes).replace('\0', "/");
            *counts.topics.entry(path).or_insert(0) += count;
        }
        counts
    }
}
