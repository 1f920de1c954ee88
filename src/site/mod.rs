//! The in-memory archive: statements in time order, their taxonomies, the timeline, and the
//! links between statements (previous/next in time, related by shared topics and tags).
//!
//! Everything here is plain data built once from [`Content`]; statements are referred to by
//! their index in [`Archive::statements`], which is newest first with undated ones last.

mod related;

use rustc_hash::FxHashMap as HashMap;

use chrono::Datelike;

use rayon::prelude::*;

use crate::config::SiteConfig;
use crate::content::{Content, Loaded, Note, NoteShape, Page, Statement, StatementShape};
use crate::error::{Problem, Problems};
use crate::slug::slugify;
use crate::fingerprint::{Fingerprint, Hasher};
use crate::text::Vocabulary;

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

    /// Its place in [`TaxonomyKind::ALL`].
    pub fn index(self) -> usize {
        match self {
            TaxonomyKind::Topics => 0,
            TaxonomyKind::Tags => 1,
            TaxonomyKind::People => 2,
            TaxonomyKind::Kinds => 3,
        }
    }

    /// The raw values a statement holds in this taxonomy.
    pub fn values_of<'a>(self, statement: &StatementShape<'a>) -> &'a [String] {
        match self {
            TaxonomyKind::Topics => statement.topics,
            TaxonomyKind::Tags => statement.tags,
            TaxonomyKind::People => statement.people,
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

/// Where an alias redirects to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AliasTarget {
    Statement(usize),
    Note(usize),
    Page(usize),
}

/// An earlier URL of a statement, note or page, written as a redirect to it.
#[derive(Debug, Clone)]
pub struct Alias {
    /// The site path: `statements/old-id/` or `old/page.html`.
    pub path: String,
    pub target: AliasTarget,
}

/// One of the archive's records: what a content file says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub enum Record {
    Statement(usize),
    Note(usize),
    Page(usize),
}

/// The whole archive, ready to render.
///
/// Its records (statements, notes, pages) are what the files say; everything else here, its
/// structure, is built from their shapes alone ([`Statement::shape`], [`Note::shape`],
/// [`Page::shape`]), so that an edit that keeps every shape can replace a record in place
/// ([`Archive::update_record`]) and leave the structure as it is.
#[derive(Debug, Clone)]
pub struct Archive {
    pub config: SiteConfig,
    /// Newest first; undated last, by id.
    pub statements: Vec<Statement>,
    pub pages: Vec<Page>,
    /// Editorial notes, newest first.
    pub notes: Vec<Note>,
    /// The statements' search terms.
    pub vocabulary: Vocabulary,
    /// When the content files were looked at, and how many statement files were read (see
    /// [`Content`]).
    pub loaded_at: i128,
    pub statements_read: usize,
    pub taxonomies: Vec<Taxonomy>,
    /// For each statement, the index of each of its values in each taxonomy's terms, in
    /// [`TaxonomyKind::ALL`] order.
    pub terms_of: Vec<[Vec<usize>; 4]>,
    pub timeline: Timeline,
    /// For each statement, the most related others (see [`Archive::related`]).
    related: related::Related,
    /// For each statement, the notes about it.
    pub notes_of: Vec<Vec<usize>>,
    /// The source dumps statements name, by their `[source] file`, with the URL name of each.
    pub sources: Vec<(String, String)>,
    /// Every redirect from an earlier URL, in the order of the records.
    pub aliases: Vec<Alias>,
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
        let Content { mut statements, pages, mut notes, vocabulary, loaded_at, statements_read } = content;
        statements.sort_by(|a, b| {
            let (a, b) = (a.shape(), b.shape());
            b.date.is_some().cmp(&a.date.is_some())
                .then(b.date.cmp(&a.date))
                .then(a.date_precision.cmp(&b.date_precision))
                .then_with(|| a.id.cmp(b.id))
        });
        notes.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.slug.cmp(&b.slug)));
        let shapes: Vec<StatementShape> = statements.iter().map(Statement::shape).collect();
        let by_id: HashMap<String, usize> = shapes.iter().enumerate().map(|(i, s)| (s.id.to_string(), i)).collect();
        let mut problems = Problems::default();
        let mut notes_of = vec![Vec::new(); statements.len()];
        for (n, note) in notes.iter().enumerate() {
            for id in note.shape().statements {
                match by_id.get(id) {
                    Some(&i) => notes_of[i].push(n),
                    None => problems.push(Problem::at_line(&note.path, note.statements_line, format!("`statements` names {id:?}, but no statement has that id"))),
                }
            }
        }
        let built: Vec<(Taxonomy, Vec<Vec<usize>>)> =
            TaxonomyKind::ALL.par_iter().map(|&kind| build_taxonomy(kind, &config, &shapes)).collect();
        let mut terms_of: Vec<[Vec<usize>; 4]> = vec![Default::default(); statements.len()];
        let mut taxonomies = Vec::with_capacity(built.len());
        for (k, (taxonomy, of_statement)) in built.into_iter().enumerate() {
            for (i, terms) in of_statement.into_iter().enumerate() {
                terms_of[i][k] = terms;
            }
            taxonomies.push(taxonomy);
        }
        let timeline = build_timeline(&shapes, &notes.iter().map(Note::shape).collect::<Vec<_>>());
        let related = related::Related::new(shapes.len(), &taxonomies, config.related_limit);
        let sources = source_names(&shapes);
        let aliases = aliases_of(&shapes, &notes, &pages);
        drop(shapes);
        let archive = Archive { config, statements, pages, notes, vocabulary, loaded_at, statements_read, taxonomies, terms_of, timeline, related, notes_of, sources, aliases, by_id };
        (archive, problems)
    }

    /// The records back as content, for a rebuild after a change to the structure.
    pub fn into_content(self) -> Content {
        let mut content = Content { statements: self.statements, pages: self.pages, notes: self.notes, vocabulary: self.vocabulary, loaded_at: self.loaded_at, statements_read: self.statements_read };
        content.sort();
        content
    }

    /// Replaces the record read from the same file when the new one has the same shape:
    /// `Ok` names the record replaced; `Err` gives `loaded` back when the structure changes
    /// (or no record came from that file), for a rebuild.
    pub fn update_record(&mut self, loaded: Loaded) -> Result<Record, Loaded> {
        match loaded {
            Loaded::Statement(new) => match self.statements.iter().position(|s| s.path.as_os_str() == new.path.as_os_str()) {
                Some(i) if self.statements[i].shape() == new.shape() => {
                    self.statements[i] = new;
                    Ok(Record::Statement(i))
                }
                _ => Err(Loaded::Statement(new)),
            },
            Loaded::Note(new) => match self.notes.iter().position(|n| n.path == new.path) {
                Some(n) if self.notes[n].shape() == new.shape() => {
                    self.notes[n] = new;
                    Ok(Record::Note(n))
                }
                _ => Err(Loaded::Note(new)),
            },
            Loaded::Page(new) => match self.pages.iter().position(|p| p.path == new.path) {
                Some(p) if self.pages[p].shape() == new.shape() => {
                    self.pages[p] = new;
                    Ok(Record::Page(p))
                }
                _ => Err(Loaded::Page(new)),
            },
        }
    }

    /// Statement `index`'s most related others, best first.
    pub fn related(&self, index: usize) -> &[usize] {
        self.related.of(index, &self.taxonomies)
    }

    /// Every record, with a fingerprint of what its file says.
    pub fn record_keys(&self) -> impl Iterator<Item = (Record, Fingerprint)> + '_ {
        let statements = self.statements.iter().enumerate().map(|(i, s)| (Record::Statement(i), s.record_key()));
        let notes = self.notes.iter().enumerate().map(|(n, note)| (Record::Note(n), note.record_key));
        let pages = self.pages.iter().enumerate().map(|(p, page)| (Record::Page(p), page.record_key));
        statements.chain(notes).chain(pages)
    }

    /// A fingerprint of the archive's structure: the configuration and every record's shape.
    /// Two archives with the same have the same pages, each listing the same records.
    pub fn structure_key(&self) -> Fingerprint {
        let mut hasher = Hasher::new("structure");
        hasher.value(&self.config);
        for statement in &self.statements {
            hasher.value(&statement.shape());
        }
        for note in &self.notes {
            hasher.value(&note.shape());
        }
        for page in &self.pages {
            hasher.value(&page.shape());
        }
        hasher.finish()
    }

    /// Whether some record was read from a file inside the folder `dir`.
    pub fn holds_files_under(&self, dir: &std::path::Path) -> bool {
        let paths = self.statements.iter().map(|s| &s.path).chain(self.notes.iter().map(|n| &n.path)).chain(self.pages.iter().map(|p| &p.path));
        paths.into_iter().any(|path| path.starts_with(dir) && path != dir)
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
        &self.taxonomies[kind.index()]
    }

    /// The terms statement `index` holds in a taxonomy, in the order it lists them.
    pub fn terms(&self, kind: TaxonomyKind, index: usize) -> impl Iterator<Item = &Term> {
        let taxonomy = self.taxonomy(kind);
        self.terms_of[index][kind.index()].iter().map(|&t| &taxonomy.terms[t])
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

fn aliases_of(statements: &[StatementShape], notes: &[Note], pages: &[Page]) -> Vec<Alias> {
    let of = |aliases: &[String], target: AliasTarget| aliases.iter().map(move |path| Alias { path: path.clone(), target }).collect::<Vec<_>>();
    let mut all = Vec::new();
    for (i, s) in statements.iter().enumerate() {
        all.extend(of(s.aliases, AliasTarget::Statement(i)));
    }
    for (n, note) in notes.iter().enumerate() {
        all.extend(of(note.shape().aliases, AliasTarget::Note(n)));
    }
    for (p, page) in pages.iter().enumerate() {
        all.extend(of(page.shape().aliases, AliasTarget::Page(p)));
    }
    all
}

/// The distinct source files statements name, sorted, each with a URL name: its file name
/// without the extension when that is already safe in a URL and on any file system (lower-case
/// ASCII letters, digits, `-` and `_`), so that `/sources/<dump>/` is the dump's own name, else
/// a slug of it (a number is added when two files would share one). Paths leaving the archive
/// (`..`, absolute) are left out: they are never read.
fn source_names(statements: &[StatementShape]) -> Vec<(String, String)> {
    use std::path::{Component, Path};
    let mut files: Vec<String> = statements
        .iter()
        .filter_map(|s| s.source_file.map(str::to_string))
        .filter(|f| Path::new(f).components().all(|c| matches!(c, Component::Normal(_))))
        .collect();
    files.sort();
    files.dedup();
    let mut used = std::collections::HashSet::new();
    files
        .into_iter()
        .map(|file| {
            let stem = Path::new(&file).file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
            let safe = !stem.is_empty() && stem.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_');
            let base = if safe { stem } else { slugify(&stem).unwrap_or_else(|| "source".into()) };
            let name = (1..).map(|n| if n == 1 { base.clone() } else { format!("{base}-{n}") }).find(|n| used.insert(n.clone())).expect("a free name");
            (file, name)
        })
        .collect()
}

/// A taxonomy, and for each statement the indices of its terms there.
fn build_taxonomy(kind: TaxonomyKind, config: &SiteConfig, statements: &[StatementShape]) -> (Taxonomy, Vec<Vec<usize>>) {
    let defined: Vec<(String, String, String)> = match kind {
        TaxonomyKind::Topics => config.topics.iter().map(|t| (t.slug.clone(), t.name.clone(), t.description.clone())).collect(),
        TaxonomyKind::Kinds => config.kinds.iter().map(|k| (k.slug.clone(), k.name.clone(), k.description.clone())).collect(),
        TaxonomyKind::Tags | TaxonomyKind::People => Vec::new(),
    };
    let defined: HashMap<String, (String, String)> = defined.into_iter().map(|(slug, name, desc)| (slug, (name, desc))).collect();
    // Statements repeat the same few thousand values: each is slugged once.
    let mut slug_of: HashMap<&str, Option<String>> = HashMap::default();
    let mut by_slug: HashMap<String, usize> = HashMap::default();
    let mut terms: Vec<Term> = Vec::new();
    let mut of_statement: Vec<Vec<usize>> = Vec::with_capacity(statements.len());
    for (index, statement) in statements.iter().enumerate() {
        let mut mine = Vec::new();
        for value in kind.values_of(statement) {
            let Some(slug) = slug_of.entry(value.as_str()).or_insert_with(|| slugify(value)).clone() else { continue };
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
                mine.push(term_index);
            }
        }
        of_statement.push(mine);
    }
    // Terms in name order; statements' term indices follow them to their new places.
    let mut order: Vec<usize> = (0..terms.len()).collect();
    order.sort_by(|&a, &b| terms[a].name.to_lowercase().cmp(&terms[b].name.to_lowercase()).then_with(|| terms[a].slug.cmp(&terms[b].slug)));
    let mut new_place = vec![0; terms.len()];
    for (place, &old) in order.iter().enumerate() {
        new_place[old] = place;
    }
    let mut slots: Vec<Option<Term>> = terms.into_iter().map(Some).collect();
    let terms: Vec<Term> = order.iter().map(|&old| slots[old].take().expect("each term moves once")).collect();
    for mine in &mut of_statement {
        for t in mine.iter_mut() {
            *t = new_place[*t];
        }
    }
    let by_slug = terms.iter().enumerate().map(|(i, t)| (t.slug.clone(), i)).collect();
    let name = match kind {
        TaxonomyKind::Topics => &config.taxonomies.topics,
        TaxonomyKind::Tags => &config.taxonomies.tags,
        TaxonomyKind::People => &config.taxonomies.people,
        TaxonomyKind::Kinds => &config.taxonomies.kinds,
    };
    (Taxonomy { kind, name: name.clone(), terms, by_slug }, of_statement)
}

fn build_timeline(statements: &[StatementShape], notes: &[NoteShape]) -> Timeline {
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
            year_only.sort_by(|&a, &b| statements[a].id.cmp(statements[b].id));
            Year { year, months, year_only, count: parts.count }
        })
        .collect();
    undated.sort_by(|&a, &b| statements[a].id.cmp(statements[b].id));
    Timeline { years, undated }
}
