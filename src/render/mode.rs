//! The two ways a page's data is put together: for its key, and for its rendering.
//!
//! Each page kind fills its template's values once, in one function generic over [`Mode`]
//! (see `pages.rs`). In [`Keying`] the values are hashed, and the costly parts of a page are
//! stood in for by their fingerprints: a list entry by its key, a statement's body by the
//! fingerprint of its text and of what it cites. In [`Rendering`] the same values go into the
//! template's context with those parts rendered. A page's key and its output therefore come
//! from the same data, and cannot disagree about what the page depends on.

use std::path::Path;

use serde::Serialize;
use tera::Context;

use crate::error::Problem;
use crate::fingerprint::{Fingerprint, Hasher};
use crate::markdown::Trust;

use super::Plan;

/// What a page's fill function is given.
pub trait Mode<'p> {
    /// A statement's list entry: its key, or its HTML.
    type Item: Serialize;
    /// Rendered Markdown: its fingerprint, or its HTML.
    type Html: Serialize;

    /// Puts a value in the template's context.
    fn insert<T: Serialize + ?Sized>(&mut self, name: &str, value: &T);
    fn item(&self, plan: &Plan<'p>, statement: usize) -> Result<Self::Item, Problem>;
    /// A statement's body as HTML (read from its file).
    fn statement_body(&self, plan: &Plan<'p>, statement: usize) -> Result<Self::Html, Vec<Problem>>;
    /// Markdown held in memory (notes, pages), whose first line is line `first_line` of `path`.
    fn markdown(&self, plan: &Plan<'p>, text: &str, trust: Trust, path: &Path, first_line: usize) -> Result<Self::Html, Vec<Problem>>;
}

/// Building a page's key.
pub struct Keying(pub Hasher);

impl<'p> Mode<'p> for Keying {
    type Item = Fingerprint;
    type Html = Fingerprint;

    fn insert<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) {
        self.0.text(name).value(value);
    }

    fn item(&self, plan: &Plan<'p>, statement: usize) -> Result<Fingerprint, Problem> {
        Ok(plan.item_key(statement))
    }

    fn statement_body(&self, plan: &Plan<'p>, statement: usize) -> Result<Fingerprint, Vec<Problem>> {
        let record = plan.views.statement_record(statement);
        let mut hasher = Hasher::new("statement body");
        hasher.fingerprint(record.body.hash);
        for citation in &record.body.cites {
            hasher.fingerprint(plan.citation_key(citation));
        }
        Ok(hasher.finish())
    }

    fn markdown(&self, plan: &Plan<'p>, text: &str, trust: Trust, _path: &Path, _first_line: usize) -> Result<Fingerprint, Vec<Problem>> {
        let mut hasher = Hasher::new("markdown");
        hasher.text(text).value(&(trust == Trust::Trusted));
        for citation in crate::shortcodes::citations(text) {
            hasher.fingerprint(plan.citation_key(&citation));
        }
        Ok(hasher.finish())
    }
}

/// Rendering a page.
pub struct Rendering(pub Context);

impl<'p> Mode<'p> for Rendering {
    type Item = std::sync::Arc<str>;
    type Html = String;

    fn insert<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) {
        self.0.insert(name, value);
    }

    fn item(&self, plan: &Plan<'p>, statement: usize) -> Result<std::sync::Arc<str>, Problem> {
        plan.item_html(statement)
    }

    fn statement_body(&self, plan: &Plan<'p>, statement: usize) -> Result<String, Vec<Problem>> {
        plan.statement_body_html(statement)
    }

    fn markdown(&self, plan: &Plan<'p>, text: &str, trust: Trust, path: &Path, first_line: usize) -> Result<String, Vec<Problem>> {
        plan.markdown(text, trust, path, first_line)
    }
}
