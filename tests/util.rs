//! A site in a temporary folder, and the `annals` binary run on it.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub struct TestSite {
    pub dir: tempfile::TempDir,
}

pub const SITE_TOML: &str = "title = \"Test archive\"\nbase_url = \"https://example.org/\"\npaginate_by = 2\n\n[[topics]]\nslug = \"energy\"\nname = \"Energy\"\ndescription = \"Oil and gas.\"\n";

/// A statement file's text from its front-matter lines and body.
pub fn statement(front_matter: &str, body: &str) -> String {
    format!("+++\n{front_matter}\n+++\n{body}")
}

impl TestSite {
    pub fn new() -> TestSite {
        TestSite { dir: tempfile::tempdir().expect("temp dir") }
    }

    /// A site with `site.toml` (see [`SITE_TOML`]).
    pub fn with_config(config: &str) -> TestSite {
        let site = TestSite::new();
        site.write("site.toml", config);
        site
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn write(&self, rel: &str, text: &str) {
        let path = self.root().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    pub fn remove(&self, rel: &str) {
        std::fs::remove_file(self.root().join(rel)).unwrap();
    }

    pub fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_annals"))
            .current_dir(self.root())
            .args(args)
            .output()
            .expect("run annals")
    }

    /// Builds into `public/`; panics with the output when the build fails.
    pub fn build(&self, args: &[&str]) -> Output {
        let mut all = vec!["build"];
        all.extend_from_slice(args);
        let out = self.run(&all);
        assert!(out.status.success(), "build failed:\n{}", String::from_utf8_lossy(&out.stderr));
        out
    }

    /// Builds, expecting failure; returns standard error.
    pub fn build_fails(&self) -> String {
        let out = self.run(&["build"]);
        assert!(!out.status.success(), "build should fail; stdout: {}", String::from_utf8_lossy(&out.stdout));
        String::from_utf8(out.stderr).unwrap()
    }

    pub fn public(&self) -> PathBuf {
        self.root().join("public")
    }

    /// A file of the built site.
    pub fn page(&self, rel: &str) -> String {
        let path = self.public().join(rel);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}; site has: {:?}", path.display(), self.files()))
    }

    pub fn has(&self, rel: &str) -> bool {
        self.public().join(rel).is_file()
    }

    /// Every file of the built site, relative, sorted.
    pub fn files(&self) -> Vec<String> {
        let mut files: Vec<String> = walkdir(&self.public())
            .into_iter()
            .map(|p| p.strip_prefix(self.public()).unwrap().to_string_lossy().replace('\\', "/"))
            .collect();
        files.sort();
        files
    }
}

pub fn walkdir(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else { return out };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(walkdir(&path));
        } else {
            out.push(path);
        }
    }
    out
}

/// A small archive covering day-, month- and year-precise dates, undated statements, two
/// languages, a draft, and a free page.
pub fn sample_site(config: &str) -> TestSite {
    let site = TestSite::with_config(config);
    site.write(
        "content/statements/2020/03/2020-03-30-call.md",
        &statement(
            "title = \"Telephone conversation with Donald Trump\"\ndate = 2020-03-30\nkind = \"phone-call\"\nlang = \"en\"\npeople = [\"Vladimir Putin\", \"Donald Trump\"]\ntopics = [\"energy\", \"coronavirus\"]\ntags = [\"Oil market\", \"G20\"]\n[source]\nchannel = \"Embassy newsletter\"\nfile = \"sources/a.txt\"\nlines = [[1, 5], [9, 9]]\nduplicates = [[10, 14]]\nissue_date = 2020-04-04",
            "The two presidents discussed the **oil market**.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```rust\nfn main() {}\n```\n",
        ),
    );
    site.write(
        "content/statements/2020/03/2020-03-26-g20.md",
        &statement("title = \"G20 summit by videoconference\"\ndate = 2020-03-26\nkind = \"meeting\"\npeople = [\"Vladimir Putin\"]\ntopics = [\"energy\"]\ntags = [\"G20\"]", "Leaders met online.\n"),
    );
    site.write(
        "content/statements/2020/04/2020-04-address.md",
        &statement("title = \"Address extending the non-working period\"\ndate = 2020-04-01\ndate_precision = \"month\"\ndate_basis = \"text\"\nkind = \"speech\"\npeople = [\"Vladimir Putin\"]\ntopics = [\"coronavirus\"]", "Citizens of Russia, friends.\n"),
    );
    site.write(
        "content/statements/2019/2019-review.md",
        &statement("title = \"A year in review\"\ndate = 2019-01-01\ndate_precision = \"year\"\nkind = \"article\"", "The year.\n"),
    );
    site.write(
        "content/statements/undated/film.md",
        &statement("title = \"Moscow Does Not Believe in Tears\"\nkind = \"feature\"\ntopics = [\"culture-travel\"]", "A classic.\n"),
    );
    site.write(
        "content/statements/undated/ru-note.md",
        &statement("title = \"Консультации в Сингапуре\"\nlang = \"ru\"\nkind = \"meeting\"", "4 апреля прошли консультации.\n"),
    );
    site.write(
        "content/statements/2020/03/2020-03-31-draft.md",
        &statement("title = \"Unfinished draft\"\ndate = 2020-03-31\ndraft = true", "Not yet.\n"),
    );
    site.write("content/pages/about.md", &statement("title = \"About\"\nweight = 1", "We collect <em>statements</em>.\n"));
    site
}

/// Builds the site into public/, and tells how many statement files the build read.
pub fn files_read_by_a_build(site: &TestSite) -> usize {
    let out = String::from_utf8_lossy(&site.build(&[]).stdout).into_owned();
    out.split(" files read)").next().and_then(|s| s.rsplit('(').next()).and_then(|n| n.parse().ok()).unwrap_or_else(|| panic!("{out}"))
}
