//! Every URL the site has, in one place.
//!
//! A route's [`path`](Route::path) is relative to the site root (`statements/x/`); templates
//! get it with the base path in front (`/archive/statements/x/`), so links work at a domain
//! root and under a sub-path alike. Its [`file`](Route::file) is where it is written.

use crate::site::TaxonomyKind;

use super::search::SearchFile;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route<'a> {
    Home { page: usize },
    Statement { slug: &'a str },
    TaxonomyIndex { kind: TaxonomyKind },
    Term { kind: TaxonomyKind, slug: &'a str, page: usize },
    TermFeed { kind: TaxonomyKind, slug: &'a str },
    Timeline,
    Search,
    Year { year: i32 },
    Month { year: i32, month: u32 },
    Undated { page: usize },
    Page { slug: &'a str },
    Notes,
    Note { slug: &'a str },
    Feed,
    NotFound,
    Sitemap,
    SitemapPart { number: usize },
    Robots,
    StatementText { slug: &'a str },
    /// A source dump's page, with a line anchor per line.
    Source { name: &'a str },
    /// A source dump as it was received.
    SourceRaw { name: &'a str },
    Data { file: &'static str },
    Asset { name: &'a str },
    /// A redirect from an earlier URL: a site path from `aliases`.
    Alias { path: &'a str },
    SearchIndex { file: SearchFile },
}

/// `page/N/` after a list's own path, for pages after the first.
fn paged(base: String, page: usize) -> String {
    if page <= 1 { base } else { format!("{base}page/{page}/") }
}

impl Route<'_> {
    pub fn path(&self) -> String {
        match self {
            Route::Home { page } => paged(String::new(), *page),
            Route::Statement { slug } => format!("statements/{slug}/"),
            Route::TaxonomyIndex { kind } => format!("{}/", kind.slug()),
            Route::Term { kind, slug, page } => paged(format!("{}/{slug}/", kind.slug()), *page),
            Route::TermFeed { kind, slug } => format!("{}/{slug}/atom.xml", kind.slug()),
            Route::Timeline => "timeline/".into(),
            Route::Search => "search/".into(),
            Route::Year { year } => format!("timeline/{year:04}/"),
            Route::Month { year, month } => format!("timeline/{year:04}/{month:02}/"),
            Route::Undated { page } => paged("timeline/undated/".into(), *page),
            Route::Page { slug } => format!("pages/{slug}/"),
            Route::Notes => "notes/".into(),
            Route::Note { slug } => format!("notes/{slug}/"),
            Route::Feed => "atom.xml".into(),
            Route::NotFound => "404.html".into(),
            Route::Sitemap => "sitemap.xml".into(),
            Route::SitemapPart { number } => format!("sitemap-{number}.xml"),
            Route::Robots => "robots.txt".into(),
            Route::StatementText { slug } => format!("statements/{slug}/index.txt"),
            Route::Source { name } => format!("sources/{name}/"),
            Route::SourceRaw { name } => format!("sources/{name}.txt"),
            Route::Data { file } => format!("data/{file}"),
            Route::Asset { name } => (*name).to_string(),
            Route::Alias { path } => (*path).to_string(),
            Route::SearchIndex { file } => file.path(),
        }
    }

    /// The output file, relative to the output folder: directories get an `index.html`.
    pub fn file(&self) -> String {
        let path = self.path();
        if path.is_empty() || path.ends_with('/') { format!("{path}index.html") } else { path }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_and_files() {
        assert_eq!(Route::Home { page: 1 }.file(), "index.html");
        assert_eq!(Route::Home { page: 2 }.path(), "page/2/");
        assert_eq!(Route::Term { kind: TaxonomyKind::Tags, slug: "g20", page: 3 }.file(), "tags/g20/page/3/index.html");
        assert_eq!(Route::Month { year: 2020, month: 4 }.path(), "timeline/2020/04/");
        assert_eq!(Route::TermFeed { kind: TaxonomyKind::Topics, slug: "energy" }.file(), "topics/energy/atom.xml");
        assert_eq!(Route::NotFound.file(), "404.html");
    }
}
