//! The incremental runner: renders exactly the jobs whose key changed.
//!
//! `annals build` and `annals check` run it with the keys of the output they find (or none),
//! `annals serve` with the keys it keeps in memory. For each job it computes the key, looks it
//! up, and renders and writes the file only when the key is new; it returns every job's file
//! and key, which the caller keeps for next time.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use crate::error::{Problem, Problems};
use crate::fingerprint::Fingerprint;
use crate::output::{self, Sink};
use crate::site::Record;

use super::deps;
use super::jobs::{Job, Keyed};
use super::Plan;

/// The keys an output's files were last written with.
pub trait Cache: Sync {
    fn key(&self, file: &str) -> Option<Fingerprint>;
}

/// No previous output: every job is rendered.
pub struct Nothing;

impl Cache for Nothing {
    fn key(&self, _file: &str) -> Option<Fingerprint> {
        None
    }
}

impl Cache for HashMap<String, Fingerprint> {
    fn key(&self, file: &str) -> Option<Fingerprint> {
        self.get(file).copied()
    }
}

/// What a run did.
#[derive(Debug, Default)]
pub struct Ran {
    /// Each job's file and key, in the order of the jobs.
    pub files: Vec<(String, Fingerprint)>,
    /// How many files were rendered and written (their key was new).
    pub written: usize,
    /// When tracked: the records each job's key read, in the order of the jobs.
    pub reads: Vec<Vec<Record>>,
    /// The jobs (by their place in the jobs run) whose key was new but which were deferred.
    pub deferred: Vec<usize>,
}

impl Ran {
    /// Whether the job at `at` (its place in the jobs run) was keyed but deferred.
    pub fn was_deferred(&self, at: usize) -> bool {
        // Places are pushed in the order of the jobs.
        self.deferred.binary_search(&at).is_ok()
    }
}

pub struct Options<'o> {
    /// Record which records each job shows (see [`deps`]).
    pub track: bool,
    /// Called after each job.
    pub on_job: &'o (dyn Fn() + Sync),
    /// Jobs to key but not to render yet: `serve`'s idle rendering stops short with them when
    /// an edit or a request waits.
    pub defer: &'o (dyn Fn(Job) -> bool + Sync),
}

impl Default for Options<'_> {
    fn default() -> Self {
        Options { track: false, on_job: &|| {}, defer: &|_| false }
    }
}

/// Runs `jobs` against `cache`, writing what changed into `sink`. Fails with every problem
/// found; `sink` may then hold some of the new files, so callers write into a sink they can
/// throw away.
pub fn run(plan: &Plan, jobs: &[Job], cache: &dyn Cache, sink: &dyn Sink, options: &Options) -> Result<Ran, Problems> {
    let written = AtomicUsize::new(0);
    let outcomes: Vec<Result<(String, Fingerprint, Vec<Record>, bool), Vec<Problem>>> = jobs
        .par_iter()
        .map(|&job| {
            let file = plan.route(job).file();
            let (keyed, reads) = if options.track { deps::track(|| plan.key(job)) } else { (plan.key(job), Vec::new()) };
            let keyed = keyed?;
            let key = keyed.key();
            let new = cache.key(&file) != Some(key);
            let deferred = new && (options.defer)(job);
            if new && !deferred {
                let bytes = match keyed {
                    Keyed::Made(_, bytes) => bytes,
                    Keyed::Key(_) => plan.render(job)?,
                };
                output::write(sink, &file, &bytes).map_err(|p| vec![p])?;
                written.fetch_add(1, Ordering::Relaxed);
            }
            (options.on_job)();
            Ok((file, key, reads, deferred))
        })
        .collect();
    let mut ran = Ran { files: Vec::with_capacity(outcomes.len()), written: written.into_inner(), reads: Vec::new(), deferred: Vec::new() };
    let mut problems = Problems::default();
    for (at, outcome) in outcomes.into_iter().enumerate() {
        match outcome {
            Ok((file, key, reads, deferred)) => {
                ran.files.push((file, key));
                if options.track {
                    ran.reads.push(reads);
                }
                if deferred {
                    ran.deferred.push(at);
                }
            }
            Err(found) => problems.extend(found),
        }
    }
    problems.into_result(ran)
}
