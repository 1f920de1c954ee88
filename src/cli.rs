//! The command line: declarations only; `main.rs` dispatches.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

/// annals turns raw dumps of official statements into a curated, static archive site.
///
/// An archive is a folder with `site.toml`, `content/statements/` (one Markdown file per
/// statement), `content/pages/`, and optionally `themes/`, `templates/` and `static/`.
#[derive(Debug, Parser)]
#[command(name = "annals", version, about, long_about)]
pub struct Cli {
    /// The archive's folder (the one holding site.toml).
    #[arg(short, long, global = true, default_value = ".", value_name = "DIR")]
    pub root: PathBuf,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the static site from content/ into public/.
    ///
    /// Into a folder that holds a previous build, only the files whose inputs changed are
    /// rendered (the build keeps what it needs for that in .public.annals/ beside the output).
    /// The new site is put together beside the output and swapped in at once, only when the
    /// whole build succeeded: on any error, or if the build is killed, the previous site is left
    /// complete and untouched, and every problem found is listed with its file and line.
    Build {
        /// Where to write the site [default: public/ in the archive].
        #[arg(short, long, value_name = "DIR")]
        output: Option<PathBuf>,
        /// Include statements and pages marked `draft = true`.
        #[arg(long)]
        drafts: bool,
        /// Use this base URL instead of the one in site.toml.
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
        /// Render every file, whatever the previous build holds.
        #[arg(long)]
        clean: bool,
    },
    /// Cut raw dumps into statements: one Markdown file each in content/statements/.
    ///
    /// Detects each dump's format (e-mail newsletter, Telegram scrape, web list), drops
    /// boilerplate, merges repeated copies and writes one statement file per item with its date,
    /// kind, people, language, topics, tags and source lines. `sources/sources.toml` may name a
    /// dump's channel, format and issue date. Importing again changes nothing, and a file an
    /// editor changed since import is never overwritten (it is reported as kept).
    Import {
        /// Dumps or folders of dumps [default: sources/].
        paths: Vec<PathBuf>,
        /// Write the JSON import report (every statement and discard, with its lines) here.
        #[arg(long, value_name = "FILE")]
        report: Option<PathBuf>,
        /// Show what would be written, write nothing (the report is still written).
        #[arg(long)]
        dry_run: bool,
    },
    /// Preview the site at http://127.0.0.1:1111, rebuilt and reloaded in the browser on every
    /// change to content/, themes/, templates/, static/ or site.toml.
    ///
    /// The site is built in memory; a broken file shows its problems in the terminal and over
    /// the page, while the last good site keeps being served.
    Serve {
        /// Port to listen on.
        #[arg(short, long, default_value_t = 1111)]
        port: u16,
        /// Address to listen on. Anything but a loopback address makes the preview reachable
        /// from other machines.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Include statements and pages marked `draft = true`.
        #[arg(long)]
        drafts: bool,
    },
    /// Check the archive without writing the site: everything a build checks, plus topics and
    /// kinds not defined in site.toml and source files or line ranges that do not exist.
    ///
    /// Prints every problem with its file and line; the exit status is non-zero if there is
    /// any. With PATHS, reports only problems in those files (and in the statements the notes
    /// among them refer to): for a pull request.
    Check {
        /// Files to check [default: the whole archive].
        paths: Vec<PathBuf>,
        /// Also check every internal link and asset of the rendered pages.
        #[arg(long)]
        links: bool,
        /// Instead, list the statements the importer flagged for review (`review = [...]`),
        /// with file and line.
        #[arg(long, conflicts_with = "links")]
        review: bool,
    },
    /// Create a new file in the archive, with its front matter filled in.
    New {
        #[command(subcommand)]
        what: NewCommand,
    },
    /// Create a new, empty archive in DIR that builds at once.
    Init {
        /// The folder to create (it may exist, but must be empty).
        dir: PathBuf,
        /// The site's language: `site.toml`, its taxonomies and kinds are written in it (en
        /// and ru are built in).
        #[arg(long, default_value = "en", value_name = "CODE")]
        language: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum NewCommand {
    /// An editorial note about the given statements: writes content/notes/<date>-<slug>.md
    /// and prints its path.
    Note {
        /// Ids of the statements the note is about (their file names without `.md`).
        #[arg(required = true)]
        statements: Vec<String>,
        /// The note's title [default: from the first statement's].
        #[arg(long)]
        title: Option<String>,
        /// Who writes it [default: $ANNALS_AUTHOR, else $USER].
        #[arg(long)]
        author: Option<String>,
    },
}

#[cfg(test)]
mod tests {
    #[test]
    fn cli_definition_is_consistent() {
        use clap::CommandFactory;
        super::Cli::command().debug_assert();
    }
}
