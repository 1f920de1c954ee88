//! Atom feeds: the archive's newest statements and notes (`/atom.xml`), and each topic's
//! newest statements.

use chrono::Datelike;

use crate::error::Problem;
use crate::markdown::{self, Trust};
use crate::site::Archive;

use super::mode::Mode;
use super::routes::Route;
use super::view::{FeedEntry, FeedView};
use super::Plan;

impl<'a> Plan<'a> {
    pub(super) fn fill_main_feed<M: Mode<'a>>(&self, mode: &mut M) -> Result<&'static str, Vec<Problem>> {
        self.fill_feed(mode, &self.archive.config.title, &Route::Home { page: 1 }, &Route::Feed, &self.everything, true)?;
        Ok("atom.xml")
    }

    pub(super) fn fill_term_feed<M: Mode<'a>>(&self, mode: &mut M, taxonomy: usize, term: usize) -> Result<&'static str, Vec<Problem>> {
        let archive = self.archive;
        let tax = &archive.taxonomies[taxonomy];
        let t = &tax.terms[term];
        let page = Route::Term { kind: tax.kind, slug: &t.slug, page: 1 };
        let feed = Route::TermFeed { kind: tax.kind, slug: &t.slug };
        self.fill_feed(mode, &format!("{} — {}", archive.config.title, t.name), &page, &feed, &t.statements, false)?;
        Ok("atom.xml")
    }

    /// A feed of the newest dated statements among `statements`, and of the newest notes too
    /// when `with_notes`.
    fn fill_feed<M: Mode<'a>>(&self, mode: &mut M, title: &str, page: &Route, feed: &Route, statements: &[usize], with_notes: bool) -> Result<(), Vec<Problem>> {
        let config = &self.archive.config;
        let limit = config.feed_limit;
        let mut entries = Vec::with_capacity(limit);
        for i in newest_dated(self.archive, statements, limit) {
            let statement = self.views.statement_record(i);
            entries.push(FeedEntry {
                title: statement.title.clone(),
                url: config.absolute_url(&Route::Statement { slug: &statement.slug }.path()),
                updated: rfc3339(statement.date),
                summary: statement.summary.clone().unwrap_or_else(|| statement.body.excerpt.clone()),
                content: mode.statement_body(self, i)?,
                people: statement.people.clone(),
                topics: statement.topics.clone(),
            });
        }
        if with_notes {
            for n in 0..self.archive.notes.len().min(limit) {
                let note = self.views.note_record(n);
                entries.push(FeedEntry {
                    title: self.views.words.text("feed_note_title", None, &[("title", &note.title)]).unwrap_or_else(|_| note.title.clone()),
                    url: config.absolute_url(&Route::Note { slug: &note.slug }.path()),
                    updated: rfc3339(Some(note.date)),
                    summary: markdown::excerpt(&note.body, 240),
                    content: mode.markdown(self, &note.body, Trust::Trusted, &note.path, note.body_line)?,
                    people: note.author.iter().cloned().collect(),
                    topics: note.topics.clone(),
                });
            }
            // Newest first across both; ties keep statements before notes.
            entries.sort_by(|a, b| b.updated.cmp(&a.updated));
            entries.truncate(limit);
        }
        let updated = entries.first().map(|e| e.updated.clone()).unwrap_or_else(|| rfc3339(None));
        mode.insert("feed", &FeedView { title, url: config.absolute_url(&page.path()), self_url: config.absolute_url(&feed.path()), updated });
        mode.insert("entries", &entries);
        Ok(())
    }
}

/// The first `limit` statements of `statements` (newest first) that have a date.
pub(super) fn newest_dated<'s>(archive: &'s Archive, statements: &'s [usize], limit: usize) -> impl Iterator<Item = usize> + 's {
    statements.iter().copied().filter(|&i| archive.statements[i].date.is_some()).take(limit)
}

fn rfc3339(date: Option<chrono::NaiveDate>) -> String {
    let date = date.unwrap_or_default();
    format!("{:04}-{:02}-{:02}T00:00:00Z", date.year(), date.month(), date.day())
}
