//! The in-memory archive: statements in time order, their taxonomies, the timeline, and the
//! links between statements (previous/next in time, related by shared topics and tags).
//!
//! Everything here is plain data built once from [`Content`]; statements are referred to by
//! their index in [`Archive::statements`], which is newest first with undated ones last.

mod related;

use std::collections::HashMap;

use chrono::Datelike;

use crate::config::SiteConfig;
use crate::content::{Content, Note, Page, Statement};
use crate::error::{Problem, Problems};
use crate::slug::slugify;

/// The four ways statements are grouped besides time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TaxonomyKind {
    Topics,
    Tags,
    People,
    Kinds,
}

impl TaxonomyKind {
    pub const ALL: [TaxonomyKind; 4] = [TaxonomyKind::Topics, TaxonomyKind::Tags, TaxonomyKind::People, TaxonomyKind::Kinds];

    /// The URL segment and template name of the taxonomy.
    pub fn slug(self) -> &'static str {
        match self {
            TaxonomyKind::Topics => "topics",
            TaxonomyKind::Tags => "tags",
            TaxonomyKind::People => "people",
            TaxonomyKind::Kinds => "kinds",
        }
    }

    /// The raw values a statement holds in this taxonomy.
    pub fn values_of(self, statement: &Statement) -> &[String] {
        match self {
            TaxonomyKind::Topics => &statement.topics,
            TaxonomyKind::Tags => &statement.tags,
            TaxonomyKind::People => &statement.people,
            TaxonomyKind::Kinds => statement.kind.as_slice(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Taxonomy {
    pub kind: TaxonomyKind,
    /// Display name from `site.toml`.
    pub name: String,
    /// Terms ordered by name.
    pub terms: Vec<Term>,
    by_slug: HashMap<String, usize>,
}

#[derive(Debug, Clone)]
pub struct Term {
    pub slug: String,
    pub name: String,
    pub description: String,
    /// Whether `site.toml` defines it (topics and kinds only; tags and people are free).
    pub defined: bool,
    /// Statements holding it, newest first.
    pub statements: Vec<usize>,
}

impl Taxonomy {
    pub fn term(&self, value: &str) -> Option<&Term> {
        slugify(value).and_then(|slug| self.by_slug.get(&slug)).map(|&i| &self.terms[i])
    }
}

/// Statements by year and month, oldest first.
#[derive(Debug, Default, Clone)]
pub struct Timeline {
    pub years: Vec<Year>,
    /// Statements without a date, by id.
    pub undated: Vec<usize>,
}

#[derive(Debug, Clone)]
pub struct Year {
    pub year: i32,
    pub months: Vec<Month>,
    /// Statements known only to the year.
    pub year_only: Vec<usize>,
    pub count: usize,
}

#[derive(Debug, Clone)]
pub struct Month {
    pub month: u32,
    /// Oldest first; month-precise ones first of all (they are stored as the 1st).
    pub statements: Vec<usize>,
    /// Editorial notes dated in the month, oldest first.
    pub notes: Vec<usize>,
}

/// The whole archive, ready to render.
#[derive(Debug, Clone)]
pub struct Archive {
    pub config: SiteConfig,
    /// Newest first; undated last, by id.
    pub statements: Vec<Statement>,
    pub pages: Vec<Page>,
    /// Editorial notes, newest first.
    pub notes: Vec<Note>,
    pub taxonomies: Vec<Taxonomy>,
    pub timeline: Timeline,
    /// For each statement, the most related others, best first.
    pub related: Vec<Vec<usize>>,
    /// For each statement, the notes about it.
    pub notes_of: Vec<Vec<usize>>,
    /// The source dumps statements name, by their `[source] file`, with the URL name of each.
    pub sources: Vec<(String, String)>,
    by_id: HashMap<String, usize>,
}

impl Archive {
    /// Builds the archive; a note about a statement that does not exist is a problem.
    pub fn new(config: SiteConfig, content: Content) -> Result<Archive, Problems> {
        let (archive, problems) = Self::with_problems(config, content);
        problems.into_result(archive)
    }

    /// Builds the archive from whatever is good, with the problems found on the way.
    pub fn with_problems(config: SiteConfig, content: Content) -> (Archive, Problems) {
        let Content { mut statements, pages, mut notes } = content;
        statements.sort_by(|a, b| {
            b.date.is_some().cmp(&a.date.is_some())
                .then(b.date.cmp(&a.date))
                .then(a.date_precision.cmp(&b.date_precision))
                .then_with(|| a.id.cmp(&b.id))
        });
        notes.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.slug.cmp(&b.slug)));
        let by_id: HashMap<String, usize> = statements.iter().enumerate().map(|(i, s)| (s.id.clone(), i)).collect();
        let mut problems = Problems::default();
        let mut notes_of = vec![Vec::new(); statements.len()];
        for (n, note) in notes.iter().enumerate() {
            for id in &note.statements {
                match by_id.get(id) {
                    Some(&i) => notes_of[i].push(n),
                    None => problems.push(Problem::at_line(&note.path, note.statements_line, format!("`statements` names {id:?}, but no statement has that id"))),
                }
            }
        }
        let taxonomies = TaxonomyKind::ALL.iter().map(|&kind| build_taxonomy(kind, &config, &statements)).collect::<Vec<_>>();
        let timeline = build_timeline(&statements, &notes);
        let related = related::compute(&statements, &taxonomies, config.related_limit);
        let sources = source_names(&statements);
        (Archive { config, statements, pages, notes, taxonomies, timeline, related, notes_of, sources, by_id }, problems)
    }

    /// The index in [`Archive::sources`] of a source dump named in a `[source]` table.
    pub fn source_index(&self, file: &str) -> Option<usize> {
        self.sources.binary_search_by(|(f, _)| f.as_str().cmp(file)).ok()
    }

    /// The index of the statement with this id.
    pub fn statement_index(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    pub fn taxonomy(&self, kind: TaxonomyKind) -> &Taxonomy {
        &self.taxonomies[TaxonomyKind::ALL.iter().position(|&k| k == kind).expect("all kinds are built")]
    }

    pub fn dated_count(&self) -> usize {
        self.statements.len() - self.timeline.undated.len()
    }

    /// The statements just before and after `index` in time (older, newer). Undated statements
    /// are neighbours of each other only.
    pub fn neighbours(&self, index: usize) -> (Option<usize>, Option<usize>) {
        let dated = self.dated_count();
        let (start, end) = if index < dated { (0, dated) } else { (dated, self.statements.len()) };
        let older = (index + 1 < end).then_some(index + 1);
        let newer = (index > start).then(|| index - 1);
        if index < dated { (older, newer) } else { (newer, older) }
    }
}

/// The distinct source files statements name, sorted, each with a URL name made from its file
/// name (a number is added when two files would share one). Paths leaving the archive (`..`,
/// absolute) are left out: they are never read.
fn source_names(statements: &[Statement]) -> Vec<(String, String)> {
    use std::path::{Component, Path};
    let mut files: Vec<String> = statements
        .iter()
        .filter_map(|s| s.source.as_ref()?.file.clone())
        .filter(|f| Path::new(f).components().all(|c| matches!(c, Component::Normal(_))))
        .collect();
    files.sort();
    files.dedup();
    let mut used = std::collections::HashSet::new();
    files
        .into_iter()
        .map(|file| {
            let stem = Path::new(&file).file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
            let base = slugify(&stem).unwrap_or_else(|| "source".into());
            let name = (1..).map(|n| if n == 1 { base.clone() } else { format!("{base}-{n}") }).find(|n| used.insert(n.clone())).expect("a free name");
            (file, name)
        })
        .collect()
}

fn build_taxonomy(kind: TaxonomyKind, config: &SiteConfig, statements: &[Statement]) -> Taxonomy {
    let defined: Vec<(String, String, String)> = match kind {
        TaxonomyKind::Topics => config.topics.iter().map(|t| (t.slug.clone(), t.name.clone(), t.description.clone())).collect(),
        TaxonomyKind::Kinds => config.kinds.iter().map(|k| (k.slug.clone(), k.name.clone(), k.description.clone())).collect(),
        _ => Vec::new(),
    };
    let defined: HashMap<String, (String, String)> = defined.into_iter().map(|(slug, name, desc)| (slug, (name, desc))).collect();
    let mut by_slug: HashMap<String, usize> = HashMap::new();
    let mut terms: Vec<Term> = Vec::new();
    for (index, statement) in statements.iter().enumerate() {
        for value in kind.values_of(statement) {
            let Some(slug) = slugify(value) else { continue };
            let term_index = *by_slug.entry(slug.clone()).or_insert_with(|| {
                let (name, description, is_defined) = match defined.get(&slug) {
                    Some((name, desc)) => (name.clone(), desc.clone(), true),
                    None => (value.clone(), String::new(), false),
                };
                terms.push(Term { slug, name, description, defined: is_defined, statements: Vec::new() });
                terms.len() - 1
            });
            let term = &mut terms[term_index];
            if term.statements.last() != Some(&index) {
                term.statements.push(index);
            }
        }
    }
    terms.sort_by(|a, b| a.name.to_lowercase().cmp(&b.name.to_lowercase()).then_with(|| a.slug.cmp(&b.slug)));
    let by_slug = terms.iter().enumerate().map(|(i, t)| (t.slug.clone(), i)).collect();
    let name = match kind {
        TaxonomyKind::Topics => &config.taxonomies.topics,
        TaxonomyKind::Tags => &config.taxonomies.tags,
        TaxonomyKind::People => &config.taxonomies.people,
        TaxonomyKind::Kinds => &config.taxonomies.kinds,
    };
    Taxonomy { kind, name: name.clone(), terms, by_slug }
}

fn build_timeline(statements: &[Statement], notes: &[Note]) -> Timeline {
    use crate::content::DatePrecision;
    use std::collections::BTreeMap;
    #[derive(Default)]
    struct YearParts {
        months: BTreeMap<u32, (Vec<usize>, Vec<usize>)>,
        year_only: Vec<usize>,
        count: usize,
    }
    let mut years: BTreeMap<i32, YearParts> = BTreeMap::new();
    let mut undated = Vec::new();
    for (index, statement) in statements.iter().enumerate() {
        let Some(date) = statement.date else {
            undated.push(index);
            continue;
        };
        let year = years.entry(date.year()).or_default();
        year.count += 1;
        if statement.date_precision == DatePrecision::Year {
            year.year_only.push(index);
        } else {
            year.months.entry(date.month()).or_default().0.push(index);
        }
    }
    for (index, note) in notes.iter().enumerate() {
        years.entry(note.date.year()).or_default().months.entry(note.date.month()).or_default().1.push(index);
    }
    let years = years
        .into_iter()
        .map(|(year, parts)| {
            let months = parts
                .months
                .into_iter()
                .map(|(month, (mut in_month, mut month_notes))| {
                    // Month-precise statements (stored as the 1st) come first, as "day unknown".
                    in_month.sort_by_key(|&i| (statements[i].date, statements[i].date_precision == DatePrecision::Day, i));
                    month_notes.sort_by_key(|&n| (notes[n].date, n));
                    Month { month, statements: in_month, notes: month_notes }
                })
                .collect();
            let mut year_only = parts.year_only;
            year_only.sort_by(|&a, &b| statements[a].id.cmp(&statements[b].id));
            Year { year, months, year_only, count: parts.count }
        })
        .collect();
    undated.sort_by(|&a, &b| statements[a].id.cmp(&statements[b].id));
    Timeline { years, undated }
}
