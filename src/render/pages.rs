//! The values of the pages about one thing: a statement, a list of statements, a taxonomy, a
//! free page, notes, a source dump. Each is written once, generic over [`Mode`], and serves
//! both the page's key and its rendering.

use crate::error::Problem;
use crate::markdown::Trust;
use crate::site::{Taxonomy, TaxonomyKind, Term};

use super::mode::Mode;
use super::routes::Route;
use super::view::{CountLink, PageView, Paginator, SourceLine, SourcePage, TaxonomyCount, TaxonomyView, TermView, YearLink};
use super::Plan;

impl<'a> Plan<'a> {
    pub(super) fn fill_statement<M: Mode<'a>>(&self, mode: &mut M, i: usize) -> Result<&'static str, Vec<Problem>> {
        let body = mode.statement_body(self, i)?;
        mode.insert("statement", &self.views.statement(i, body));
        Ok("statement.html")
    }

    pub(super) fn fill_home<M: Mode<'a>>(&self, mode: &mut M, page: usize) -> Result<&'static str, Vec<Problem>> {
        let archive = self.archive;
        self.paginate(mode, &self.everything, page, |page| Route::Home { page })?;
        mode.insert("statement_count", &archive.statements.len());
        let counts: Vec<TaxonomyCount> = archive
            .taxonomies
            .iter()
            .map(|t| TaxonomyCount { slug: t.kind.slug(), name: &t.name, url: self.views.url(&Route::TaxonomyIndex { kind: t.kind }), count: t.terms.len() })
            .collect();
        mode.insert("taxonomies", &counts);
        mode.insert("years", &self.year_links());
        mode.insert("undated", &self.undated_link());
        mode.insert("topics", &self.term_links(archive.taxonomy(TaxonomyKind::Topics)));
        mode.insert("kinds", &self.term_links(archive.taxonomy(TaxonomyKind::Kinds)));
        Ok("index.html")
    }

    pub(super) fn fill_taxonomy<M: Mode<'a>>(&self, mode: &mut M, t: usize) -> &'static str {
        let taxonomy = &self.archive.taxonomies[t];
        mode.insert("taxonomy", &self.taxonomy_view(taxonomy));
        mode.insert("terms", &self.term_links(taxonomy));
        "taxonomy.html"
    }

    pub(super) fn fill_term<M: Mode<'a>>(&self, mode: &mut M, taxonomy: usize, term: usize, page: usize) -> Result<&'static str, Vec<Problem>> {
        let tax = &self.archive.taxonomies[taxonomy];
        let t = &tax.terms[term];
        mode.insert("taxonomy", &self.taxonomy_view(tax));
        mode.insert("term", &self.term_view(tax, t));
        self.paginate(mode, &t.statements, page, |page| Route::Term { kind: tax.kind, slug: &t.slug, page })?;
        Ok("term.html")
    }

    pub(super) fn fill_page<M: Mode<'a>>(&self, mode: &mut M, p: usize) -> Result<&'static str, Vec<Problem>> {
        let page = self.views.page_record(p);
        let body = mode.markdown(self, &page.body, Trust::Trusted, &page.path, page.body_line)?;
        mode.insert("page", &PageView { title: &page.title, description: page.description.as_deref(), body, extra: &page.extra });
        Ok("page.html")
    }

    pub(super) fn fill_notes<M: Mode<'a>>(&self, mode: &mut M) -> &'static str {
        let notes: Vec<_> = (0..self.archive.notes.len()).map(|n| self.views.note_link(n)).collect();
        mode.insert("notes", &notes);
        "notes.html"
    }

    pub(super) fn fill_note<M: Mode<'a>>(&self, mode: &mut M, n: usize) -> Result<&'static str, Vec<Problem>> {
        let note = self.views.note_record(n);
        let body = mode.markdown(self, &note.body, Trust::Trusted, &note.path, note.body_line)?;
        mode.insert("note", &self.views.note(n, body));
        Ok("note.html")
    }

    /// The search page, with its script's interface text (see `Translations::script_strings`).
    pub(super) fn fill_search<M: Mode<'a>>(&self, mode: &mut M) -> &'static str {
        mode.insert("search_strings", &self.views.words.script_strings("search_"));
        "search.html"
    }

    pub(super) fn fill_source<M: Mode<'a>>(&self, mode: &mut M, i: usize) -> Result<&'static str, Vec<Problem>> {
        let text = self.read_source(i).map_err(|p| vec![p])?;
        let lines: Vec<SourceLine> = text.split('\n').enumerate().map(|(n, line)| SourceLine { number: n + 1, text: line.trim_end_matches('\r') }).collect();
        let (file, name) = &self.archive.sources[i];
        mode.insert("source", &SourcePage { file, raw_url: self.views.url(&Route::SourceRaw { name }), lines });
        Ok("source.html")
    }

    /// One page of a list: its items and paginator.
    pub(super) fn paginate<M: Mode<'a>>(&self, mode: &mut M, all: &[usize], page: usize, route_of: impl Fn(usize) -> Route<'a>) -> Result<(), Vec<Problem>> {
        let per_page = self.per_page();
        let start = (page - 1) * per_page;
        let shown = &all[start.min(all.len())..(start + per_page).min(all.len())];
        mode.insert("items", &self.list_items(mode, shown)?);
        mode.insert("paginator", &Paginator::new(page, self.page_count(all.len()), all.len(), |n| self.views.url(&route_of(n))));
        Ok(())
    }

    pub(super) fn list_items<M: Mode<'a>>(&self, mode: &M, statements: &[usize]) -> Result<Vec<M::Item>, Vec<Problem>> {
        statements.iter().map(|&i| mode.item(self, i)).collect::<Result<_, Problem>>().map_err(|p| vec![p])
    }

    pub(super) fn taxonomy_view(&self, taxonomy: &Taxonomy) -> TaxonomyView<'a> {
        TaxonomyView {
            slug: taxonomy.kind.slug(),
            name: self.archive.taxonomy(taxonomy.kind).name.as_str(),
            url: self.views.url(&Route::TaxonomyIndex { kind: taxonomy.kind }),
        }
    }

    pub(super) fn term_view<'t>(&self, taxonomy: &Taxonomy, term: &'t Term) -> TermView<'t> {
        let feed = (self.archive.config.feeds && taxonomy.kind == TaxonomyKind::Topics)
            .then(|| self.views.url(&Route::TermFeed { kind: taxonomy.kind, slug: &term.slug }));
        TermView {
            name: &term.name,
            slug: &term.slug,
            description: &term.description,
            defined: term.defined,
            url: self.views.url(&Route::Term { kind: taxonomy.kind, slug: &term.slug, page: 1 }),
            count: term.statements.len(),
            feed_url: feed,
        }
    }

    pub(super) fn term_links<'t>(&self, taxonomy: &'t Taxonomy) -> Vec<TermView<'t>> {
        taxonomy.terms.iter().map(|term| self.term_view(taxonomy, term)).collect()
    }

    pub(super) fn year_links(&self) -> Vec<YearLink> {
        self.archive.timeline.years.iter().map(|y| self.year_link(y)).collect()
    }

    pub(super) fn year_link(&self, year: &crate::site::Year) -> YearLink {
        YearLink { year: year.year, url: self.views.url(&Route::Year { year: year.year }), count: year.count }
    }

    pub(super) fn undated_link(&self) -> Option<CountLink> {
        let count = self.archive.timeline.undated.len();
        (count > 0).then(|| CountLink { url: self.views.url(&Route::Undated { page: 1 }), count })
    }
}
