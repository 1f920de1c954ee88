//! `annals init DIR`: a new, empty archive that builds at once.

use std::path::Path;

use anyhow::{bail, Context, Result};

use crate::config::DEFAULT_KINDS;
use crate::render::i18n;

const SITE_TOML: &str = r#"# The archive's configuration. Only `title` and `base_url` are required;
# every other key below shows its default.

title = @TITLE@
# Where the site will be published. A sub-path works too: "https://example.org/archive/".
base_url = "https://example.org/"
description = ""
# Language of the site's own text.
language = @LANGUAGE@
# A folder under themes/; "default" is built in.
theme = "default"
# Statements per list page.
paginate_by = 50
# Atom feeds: /atom.xml and one per topic.
feeds = true
feed_limit = 20
# Full-text search in the browser: an index under /search/ and the page that reads it.
search = true
# Related statements shown on a statement page.
related_limit = 5
# Who publishes the archive (feeds, page metadata); default: the title.
# author = "…"

# Display names of the taxonomies.
[taxonomies]
topics = @TOPICS@
tags = @TAGS@
people = @PEOPLE@
kinds = @KINDS@

# Topics: the subject groupings. A topic used by a statement but not defined here still
# renders, under its slug. `annals import` puts a statement in a topic when it names the
# topic's keywords; without `keywords`, it uses built-in rules for these default slugs:
# coronavirus, ukraine, united-states, arms-control, energy, history-ww2, space, middle-east,
# balkans, nato, media, sanctions, humanitarian-aid, culture-travel, eurasia, arctic,
# asia-pacific, europe.
# [[topics]]
# slug = "energy"
# name = "Energy"
# description = "Oil, gas and the markets."
# keywords = ["energy", "oil", "gas ", "opec"]

# Known people: the importer lists a statement's speakers and participants under their
# canonical names, recognising the variants.
# [[people]]
# name = "Sergey Lavrov"
# variants = ["Lavrov", "Sergei Lavrov", "С.В.Лавров"]

# [import]
# Countries and organisations that become tags when a statement names them, besides the
# built-in list (which names NATO, the United Nations, the G20 and many more).
# tag_names = ["IAEA", "Arab League"]

@KIND_TABLES@
# Free values for your templates, as `site.extra`.
[extra]
"#;

const ABOUT: &str = "+++\ntitle = @ABOUT_TITLE@\n+++\n@ABOUT_TEXT@\n";

/// Where an English archive has the built-in kinds' comment, another language's lists them
/// with their names in that language.
const BUILTIN_KINDS: &str = "# Kinds of statement. Without [[kinds]] tables, annals uses its thirteen built-in kinds
# (phone-call, meeting, speech, interview, briefing, comment, statement, press-release,
# article, message, news, feature, digest).
";

/// Creates the archive in `dir`, its `site.toml` and about page in `language`, one of the
/// languages annals has a built-in translation table of.
pub fn init(dir: &Path, language: &str) -> Result<()> {
    if !i18n::builtin_languages().any(|code| code == language) {
        let known: Vec<&str> = i18n::builtin_languages().collect();
        bail!(
            "annals has no built-in translation for {language:?} (it has {}): init with one of those, then set `language` in site.toml and add i18n/{language}.toml",
            known.join(", ")
        );
    }
    if dir.exists() {
        let mut entries = std::fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))?;
        if entries.next().is_some() {
            bail!("{} is not empty: annals init only creates new archives, so nothing of yours is overwritten", dir.display());
        }
    }
    for sub in ["content/statements", "content/pages", "sources"] {
        std::fs::create_dir_all(dir.join(sub)).with_context(|| format!("cannot create {}", dir.join(sub).display()))?;
    }
    let (site_toml, about) = texts(language);
    let files = [("site.toml", site_toml.as_str()), ("content/pages/about.md", about.as_str()), (".gitignore", "/public\n/.public.*\n")];
    for (name, text) in files {
        std::fs::write(dir.join(name), text).with_context(|| format!("cannot write {}", dir.join(name).display()))?;
    }
    Ok(())
}

/// `site.toml` and the about page in `language`, their words from its translation table.
fn texts(language: &str) -> (String, String) {
    let words = i18n::builtin(language);
    let quoted = |key: &str| toml::Value::String(words.word(key)).to_string();
    let kinds = if language == "en" {
        BUILTIN_KINDS.to_string()
    } else {
        let mut tables = String::from("# Kinds of statement, with their names on the site.\n");
        for (slug, _) in DEFAULT_KINDS {
            tables.push_str(&format!("[[kinds]]\nslug = \"{slug}\"\nname = {}\n\n", quoted(&format!("kind_{slug}"))));
        }
        tables
    };
    let site_toml = SITE_TOML
        .replace("@TITLE@", &quoted("init_title"))
        .replace("@LANGUAGE@", &toml::Value::String(language.to_string()).to_string())
        .replace("@TOPICS@", &quoted("taxonomy_topics"))
        .replace("@TAGS@", &quoted("taxonomy_tags"))
        .replace("@PEOPLE@", &quoted("taxonomy_people"))
        .replace("@KINDS@", &quoted("taxonomy_kinds"))
        .replace("@KIND_TABLES@", &kinds);
    let about = ABOUT.replace("@ABOUT_TITLE@", &quoted("init_about_title")).replace("@ABOUT_TEXT@", &words.word("init_about_text"));
    (site_toml, about)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_built_in_language_names_every_default_kind() {
        let english = i18n::builtin("en");
        for (slug, name) in DEFAULT_KINDS {
            assert_eq!(english.word(&format!("kind_{slug}")), *name, "the English table and config's defaults agree");
        }
    }

    #[test]
    fn a_russian_site_toml_parses_with_russian_names() {
        let (text, about) = texts("ru");
        let config = crate::config::SiteConfig::parse(Path::new("site.toml"), &text).unwrap();
        assert_eq!(config.language, "ru");
        assert_eq!((config.taxonomies.topics.as_str(), config.taxonomies.kinds.as_str()), ("Темы", "Виды"));
        assert_eq!(config.kinds.len(), DEFAULT_KINDS.len());
        assert_eq!(config.kinds.iter().find(|k| k.slug == "phone-call").map(|k| k.name.as_str()), Some("Телефонный разговор"));
        assert!(about.contains("title = \"Об этом архиве\""), "{about}");
    }
}
