//! The one integration-test binary: each module runs the real `annals` binary on small sites
//! it writes into a temporary folder.
//!
//! - `build`: a good site and what its pages show.
//! - `errors`: hostile and broken input: every problem reported with file and line, no panic,
//!   the previous site kept.
//! - `links`: every internal link and asset of every page resolves, at a domain root and under
//!   a sub-path.
//! - `check`: `annals check`, with and without paths and `--links`.
//! - `cli`: `init`, `--help`, flags.
//! - `notes`: editorial notes, shortcodes, `new note`.
//! - `serve`: the preview server on a free port: pages, 404, traversal, concurrency, live
//!   reload after edits, a broken file and its fix.
//! - `incremental`: after every kind of edit, `serve`'s and `build`'s incremental output equals a
//!   clean build byte for byte; what an edit reaches is what the dependency index names.
//! - `search`: the static search index, decoded as the theme's script decodes it.
//! - `import`: the importer on the sample dumps (scored like `shared/eval/score.py`, in
//!   `score`) and on hostile dumps.

mod score;
mod util;

mod build;
mod check;
mod cli;
mod errors;
mod import;
mod i18n;
mod incremental;
mod links;
mod notes;
mod search;
mod stems;
mod serve;
