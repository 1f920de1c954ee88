//! The one integration-test binary: each module runs the real `annals` binary on small sites
//! it writes into a temporary folder.
//!
//! - `build`: a good site and what its pages show.
//! - `errors`: hostile and broken input: every problem reported with file and line, no panic,
//!   the previous site kept.
//! - `links`: every internal link and asset of every page resolves, at a domain root and under
//!   a sub-path.
//! - `cli`: `init`, `--help`, flags.

mod util;

mod build;
mod cli;
mod errors;
mod links;
