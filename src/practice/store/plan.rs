//! The saved plan (`qa plan`) in the state file: one row per source, next to the cards it paces. It lives
//! here rather than in the config file because it is measured against this file's cards: another state
//! file (`QA_STATE`, `--state`) is another learner with another pace, and a plan that outlived its
//! review state would count the wrong cards.

use anyhow::{Context, Result, anyhow};
use rusqlite::{OptionalExtension, params};

use super::{Store, immediate};
use crate::practice::plan::Saved;

/// Dates are stored as `YYYY-MM-DD`, topics as one line separated by `,` (slugs never hold one).
impl Store {
    /// Saves the plan, replacing the one before.
    pub fn save_plan(&mut self, plan: &Saved) -> Result<()> {
        let tx = immediate(&mut self.conn)?;
        tx.execute(
            "INSERT OR REPLACE INTO plans (source, by_date, per_day, start_date, seen_at_start, topics)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                self.source,
                plan.by.to_string(),
                i64::try_from(plan.per_day).unwrap_or(i64::MAX),
                plan.start.to_string(),
                i64::try_from(plan.seen_at_start).unwrap_or(i64::MAX),
                plan.topics.join(","),
            ],
        )?;
        tx.commit().context("saving the plan")
    }

    /// The saved plan, if any.
    pub fn plan(&self) -> Result<Option<Saved>> {
        let row = self
            .conn
            .query_row(
                "SELECT by_date, per_day, start_date, seen_at_start, topics FROM plans WHERE source = ?1",
                [&self.source],
                |row| {
                    Ok((
                        row.get::<_, String>(0)?,
                        row.get::<_, i64>(1)?,
                        row.get::<_, String>(2)?,
                        row.get::<_, i64>(3)?,
                        row.get::<_, String>(4)?,
                    ))
                },
            )
            .optional()?;
        let Some((by, per_day, start, seen, topics)) = row else {
            return Ok(None);
        };
        let date = |text: &str| {
            text.parse().map_err(|_| {
                anyhow!("the saved plan has a broken date {text:?}; run qa plan again")
            })
        };
        Ok(Some(Saved {
            by: date(&by)?,
            per_day: usize::try_from(per_day).unwrap_or(0),
            start: date(&start)?,
            seen_at_start: usize::try_from(seen).unwrap_or(0),
            topics: topics
                .split(',')
                .filter(|t| !t.is_empty())
                .map(str::to_string)
                .collect(),
        }))
    }

    /// Removes the saved plan; false when there was none.
    pub fn clear_plan(&mut self) -> Result<bool> {
        let removed = self
            .conn
            .execute("DELETE FROM plans WHERE source = ?1", [&self.source])?;
        Ok(removed > 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plan_is_saved_replaced_and_cleared() {
        let dir = tempfile::TempDir::new().unwrap();
        let mut store = Store::open(&dir.path().join("s.sqlite3"), "default").unwrap();
        assert_eq!(store.plan().unwrap(), None);
        let mut plan = Saved {
            by: "2026-12-15".parse().unwrap(),
            per_day: 7,
            start: "2026-11-29".parse().unwrap(),
            seen_at_start: 3,
            topics: vec!["databases".into(), "security".into()],
        };
        store.save_plan(&plan).unwrap();
        assert_eq!(store.plan().unwrap().as_ref(), Some(&plan));
        plan.per_day = 9;
        plan.topics.clear();
        store.save_plan(&plan).unwrap();
        assert_eq!(store.plan().unwrap(), Some(plan));
        assert!(store.clear_plan().unwrap());
        assert!(!store.clear_plan().unwrap());
    }
}
