//! Putting the site's table together from its layers, and checking it.
//!
//! English is the reference: the built-in `en.toml`, then a theme's and the site's
//! `i18n/en.toml`, declare every key (a theme or site adds a key there). A site in another
//! language takes the built-in table of that language if annals has one, then the theme's and
//! the site's `i18n/<language>.toml`, then `[translations]` in `site.toml` (which, on an
//! English site, overrides the English table). Each layer may only override declared keys.
//!
//! A key the site's language lacks is an error, not a fallback to English: a missing word
//! would put English on a site whose readers may not read it, which is what translation is
//! there to prevent; the error lists every missing key, so a new language is written in one
//! pass. So is a plural text lacking a form the language's counts need, a placeholder the
//! English text does not have, an unknown language, and a file that is not valid TOML.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::config::{SiteConfig, CONFIG_FILE};
use crate::error::{toml_problem, Problem, Problems};

use super::plural::{self, Category, Plurals};
use super::{Entry, Translations};

/// The tables annals has built in, by language.
const BUILTIN: &[(&str, &str)] = &[
    ("en", include_str!("../../../themes/default/i18n/en.toml")),
    ("ru", include_str!("../../../themes/default/i18n/ru.toml")),
];

const REFERENCE: &str = "en";

/// One file (or table) of translations, its entries with the line each is on.
struct Layer {
    path: PathBuf,
    entries: Vec<(String, Option<usize>, toml::Value)>,
}

/// Where an entry of the final table came from, for problems found once all are merged.
#[derive(Clone)]
struct Origin {
    path: PathBuf,
    line: Option<usize>,
}

/// The table of `config.language` for the site in `root`.
pub fn load(root: &Path, config: &SiteConfig) -> Result<Translations, Problems> {
    let mut problems = Problems::default();
    let theme_dir = root.join("themes").join(&config.theme);
    let site_toml = root.join(CONFIG_FILE);
    let site_text = crate::fs::read_text(&site_toml).unwrap_or_default();
    let shown = |path: &Path| path.strip_prefix(root).unwrap_or(path).to_path_buf();
    let file_layers = |language: &str, problems: &mut Problems| -> Vec<Layer> {
        let builtin = builtin_layer(language, problems);
        let files = [theme_dir.join("i18n"), root.join("i18n")].map(|dir| dir.join(format!("{language}.toml")));
        let files = files.into_iter().filter(|path| path.is_file()).filter_map(|path| read_layer(&path, &shown(&path), problems));
        builtin.into_iter().chain(files).collect()
    };
    let english = file_layers(REFERENCE, &mut problems);
    let language = config.language.as_str();
    let mut layers = if language == REFERENCE { Vec::new() } else { file_layers(language, &mut problems) };
    if !config.translations.is_empty() {
        layers.push(Layer {
            path: shown(&site_toml),
            entries: config.translations.iter().map(|(key, value)| (key.clone(), line_of_entry(&site_text, key), value.clone())).collect(),
        });
    }
    let language_line = crate::config::line_of_key(&site_text, "language");
    if language != REFERENCE && layers.is_empty() {
        let builtin: Vec<&str> = BUILTIN.iter().map(|(code, _)| *code).collect();
        problems.push(Problem::new(
            shown(&site_toml),
            language_line,
            format!(
                "no translation for language {language:?}: annals has {} built in; write i18n/{language}.toml with every key of the English table (themes/default/i18n/en.toml in annals' source)",
                builtin.join(" and ")
            ),
        ));
        return Err(problems);
    }
    let Some(plurals) = Plurals::of(language) else {
        problems.push(Problem::new(shown(&site_toml), language_line, format!("`language` must be a BCP 47 tag with CLDR plural rules (en, ru, de, pt-BR…), not {language:?}")));
        return Err(problems);
    };
    let table = assemble(language, english, layers, plurals, &mut problems);
    problems.into_result(table)
}

/// The built-in table of `language` alone, as a site with no translation files has it.
pub fn builtin(language: &str) -> Translations {
    let mut problems = Problems::default();
    let english = builtin_layer(REFERENCE, &mut problems).into_iter().collect();
    let layers = if language == REFERENCE { Vec::new() } else { builtin_layer(language, &mut problems).into_iter().collect() };
    let plurals = Plurals::of(language).unwrap_or_else(|| panic!("CLDR has plural rules for the built-in language {language}"));
    let table = assemble(language, english, layers, plurals, &mut problems);
    assert!(problems.is_empty(), "the built-in {language} table is complete: {problems}");
    table
}

/// The languages annals has built-in tables of.
pub fn builtin_languages() -> impl Iterator<Item = &'static str> {
    BUILTIN.iter().map(|(code, _)| *code)
}

/// The built-in layer of `language` (or of its primary language: `ru` for `ru-RU`), if any.
fn builtin_layer(language: &str, problems: &mut Problems) -> Option<Layer> {
    let primary = language.split('-').next().unwrap_or(language);
    let (code, text) = BUILTIN.iter().find(|(code, _)| *code == language).or_else(|| BUILTIN.iter().find(|(code, _)| *code == primary))?;
    parse_layer(&PathBuf::from(format!("(built-in theme)/i18n/{code}.toml")), text, problems)
}

fn read_layer(path: &Path, shown: &Path, problems: &mut Problems) -> Option<Layer> {
    match crate::fs::read_text(path) {
        Ok(text) => parse_layer(shown, &text, problems),
        Err(err) => {
            problems.push(Problem::in_file(shown, format!("cannot read: {err}")));
            None
        }
    }
}

fn parse_layer(path: &Path, text: &str, problems: &mut Problems) -> Option<Layer> {
    match toml::from_str::<toml::Table>(text) {
        Ok(table) => Some(Layer {
            path: path.to_path_buf(),
            entries: table.into_iter().map(|(key, value)| { let line = line_of_entry(text, &key); (key, line, value) }).collect(),
        }),
        Err(err) => {
            problems.push(toml_problem(path, text, 1, &err));
            None
        }
    }
}

/// The line of `key = …` or of `[key]` in a TOML text.
fn line_of_entry(text: &str, key: &str) -> Option<usize> {
    crate::config::line_of_key(text, key).or_else(|| {
        let header = format!("[{key}]");
        text.lines().position(|line| line.trim() == header || line.trim() == format!("[translations.{key}]")).map(|i| i + 1)
    })
}

/// A TOML value as an entry: a string, or a table of plural forms.
fn entry_of(key: &str, value: &toml::Value) -> Result<Entry, String> {
    match value {
        toml::Value::String(text) => Ok(Entry::Text(text.clone())),
        toml::Value::Table(forms) => {
            let mut parsed = BTreeMap::new();
            for (name, form) in forms {
                let category = Category::of_name(name).ok_or_else(|| format!("`{key}.{name}`: a plural form is one of zero, one, two, few, many, other"))?;
                let text = form.as_str().ok_or_else(|| format!("`{key}.{name}` must be a string"))?;
                parsed.insert(category, text.to_string());
            }
            if !parsed.contains_key(&Category::Other) {
                return Err(format!("`{key}` has plural forms but no `other`, the form CLDR falls back to"));
            }
            Ok(Entry::Plural(parsed))
        }
        other => Err(format!("`{key}` must be a string, or a table of plural forms (one = \"…\", other = \"…\"), not a {}", other.type_str())),
    }
}

/// The `{name}`s a text uses.
fn placeholders(entry: &Entry) -> BTreeSet<&str> {
    let texts: Vec<&str> = match entry {
        Entry::Text(text) => vec![text],
        Entry::Plural(forms) => forms.values().map(String::as_str).collect(),
    };
    let mut names = BTreeSet::new();
    for text in texts {
        let mut rest = text;
        while let Some(open) = rest.find('{') {
            rest = &rest[open + 1..];
            if let Some(close) = rest.find('}') {
                names.insert(&rest[..close]);
                rest = &rest[close + 1..];
            }
        }
    }
    names
}

/// Merges the English layers, then the language's over them, checking each entry; problems go
/// to `problems`, and the table is complete when none did.
fn assemble(language: &str, english: Vec<Layer>, layers: Vec<Layer>, plurals: Plurals, problems: &mut Problems) -> Translations {
    let mut reference: BTreeMap<String, Entry> = BTreeMap::new();
    for layer in &english {
        for (key, line, value) in &layer.entries {
            match entry_of(key, value) {
                Ok(entry) => {
                    reference.insert(key.clone(), entry);
                }
                Err(message) => problems.push(Problem::new(&layer.path, *line, message)),
            }
        }
    }
    let mut entries: BTreeMap<String, (Entry, Option<Origin>)> = BTreeMap::new();
    if language == REFERENCE {
        entries = reference.iter().map(|(key, entry)| (key.clone(), (entry.clone(), None))).collect();
    }
    for layer in &layers {
        for (key, line, value) in &layer.entries {
            let at = |message: String| Problem::new(&layer.path, *line, message);
            let Some(english_entry) = reference.get(key) else {
                problems.push(at(format!("unknown key `{key}`: the English table has no such key (a typo? a new key is declared in i18n/en.toml)")));
                continue;
            };
            let entry = match entry_of(key, value) {
                Ok(entry) => entry,
                Err(message) => {
                    problems.push(at(message));
                    continue;
                }
            };
            if matches!((english_entry, &entry), (Entry::Text(_), Entry::Plural(_))) {
                problems.push(at(format!("`{key}` goes with no number in English: give it a string, not plural forms")));
                continue;
            }
            let allowed = placeholders(english_entry);
            let unknown: Vec<String> = placeholders(&entry).difference(&allowed).map(|name| format!("{{{name}}}")).collect();
            if !unknown.is_empty() {
                let known: Vec<String> = allowed.iter().map(|name| format!("{{{name}}}")).collect();
                let known = if known.is_empty() { "none".to_string() } else { known.join(", ") };
                problems.push(at(format!("`{key}` uses {}, which the English text does not give (it has {known})", unknown.join(", "))));
                continue;
            }
            entries.insert(key.clone(), (entry, Some(Origin { path: layer.path.clone(), line: *line })));
        }
    }
    let missing: Vec<&str> = reference.keys().filter(|key| !entries.contains_key(*key)).map(String::as_str).collect();
    if !missing.is_empty() {
        let last = layers.last().map_or_else(|| PathBuf::from(CONFIG_FILE), |layer| layer.path.clone());
        problems.push(Problem::in_file(
            last,
            format!("the {language:?} translation lacks {} key{} of the English table: {} (add them to i18n/{language}.toml)", missing.len(), if missing.len() == 1 { "" } else { "s" }, missing.join(", ")),
        ));
    }
    for (key, (entry, origin)) in &entries {
        let (Entry::Plural(forms), Some(origin)) = (entry, origin) else { continue };
        let given: BTreeSet<Category> = forms.keys().copied().collect();
        let lacking: Vec<String> = plural::missing(&plurals, &given)
            .into_iter()
            .map(|(category, examples)| format!("`{}` (for {}…)", category.name(), examples.iter().map(u64::to_string).collect::<Vec<_>>().join(", ")))
            .collect();
        if !lacking.is_empty() {
            problems.push(Problem::new(&origin.path, origin.line, format!("`{key}` lacks the plural form{} {} that {language:?} counts need", if lacking.len() == 1 { "" } else { "s" }, lacking.join(", "))));
        }
    }
    Translations::new(language.to_string(), entries.into_iter().map(|(key, (entry, _))| (key, entry)).collect(), plurals)
}
