//! `annals init DIR`: a new, empty archive that builds at once.

use std::path::Path;

use anyhow::{bail, Context, Result};

const SITE_TOML: &str = r#"# The archive's configuration. Only `title` and `base_url` are required;
# every other key below shows its default.

title = "My archive of statements"
# Where the site will be published. A sub-path works too: "https://example.org/archive/".
base_url = "https://example.org/"
description = ""
# Language of the site's own text.
language = "en"
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
topics = "Topics"
tags = "Tags"
people = "People"
kinds = "Kinds"

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
# Countries and organisations that become tags when a statement names them (default: a
# built-in list).
# tag_names = ["NATO", "United Nations", "G20"]

# Kinds of statement. Without [[kinds]] tables, annals uses its thirteen built-in kinds
# (phone-call, meeting, speech, interview, briefing, comment, statement, press-release,
# article, message, news, feature, digest).

# Free values for your templates, as `site.extra`.
[extra]
"#;

const ABOUT: &str = r#"+++
title = "About this archive"
+++
Describe what this archive collects, where its sources come from and how it is curated.
"#;

pub fn init(dir: &Path) -> Result<()> {
    if dir.exists() {
        let mut entries = std::fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))?;
        if entries.next().is_some() {
            bail!("{} is not empty: annals init only creates new archives, so nothing of yours is overwritten", dir.display());
        }
    }
    for sub in ["content/statements", "content/pages", "sources"] {
        std::fs::create_dir_all(dir.join(sub)).with_context(|| format!("cannot create {}", dir.join(sub).display()))?;
    }
    let files = [("site.toml", SITE_TOML), ("content/pages/about.md", ABOUT), (".gitignore", "/public\n/.public.*\n")];
    for (name, text) in files {
        std::fs::write(dir.join(name), text).with_context(|| format!("cannot write {}", dir.join(name).display()))?;
    }
    Ok(())
}
