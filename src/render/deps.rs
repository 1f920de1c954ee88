//! Which records each output file shows, recorded while its key is computed.
//!
//! A page's key is computed from the views it is rendered from, and views read records only
//! through [`super::view::Views`]' record methods, which call [`read`]. While the runner
//! computes a job's key it [`track`]s those reads, so that `serve` learns, for every statement,
//! note and page, the jobs that show it: its own page, its neighbours', the lists, term,
//! timeline and feed pages it appears on, pages citing it by shortcode, related lists. After an
//! edit that keeps the archive's structure, the jobs to look at are found in this index in the
//! time the change takes, not the archive.

use std::cell::RefCell;
use std::path::Path;

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use crate::fingerprint::{self, Fingerprint};
use crate::site::Record;

thread_local! {
    /// The reads of the job whose key this thread is computing, if any.
    static READS: RefCell<Option<Vec<Record>>> = const { RefCell::new(None) };
}

/// Notes that the job being keyed on this thread reads `record`.
pub fn read(record: Record) {
    READS.with(|reads| {
        if let Some(reads) = reads.borrow_mut().as_mut() {
            reads.push(record);
        }
    });
}

/// Runs `f`, returning what it returned and the records it read (each once, sorted).
pub fn track<T>(f: impl FnOnce() -> T) -> (T, Vec<Record>) {
    let outer = READS.with(|reads| reads.borrow_mut().replace(Vec::new()));
    let value = f();
    let mut records = READS.with(|reads| std::mem::replace(&mut *reads.borrow_mut(), outer)).unwrap_or_default();
    records.sort_unstable();
    records.dedup();
    (value, records)
}

/// For each record, the jobs (by their place in the job list) whose key read it.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct DependencyIndex {
    shown_by: FxHashMap<Record, Vec<u32>>,
}

impl DependencyIndex {
    /// Adds what job number `job` read. Reads are only ever added: a job that stopped reading
    /// a record is looked at once more after that record changes, which costs a key, not a
    /// wrong page.
    pub fn add(&mut self, job: u32, records: &[Record]) {
        for &record in records {
            let jobs = self.shown_by.entry(record).or_default();
            if jobs.last() != Some(&job) && !jobs.contains(&job) {
                jobs.push(job);
            }
        }
    }

    /// The jobs that show any of `records`, each once, in job-list order.
    pub fn jobs_showing(&self, records: &[Record]) -> Vec<u32> {
        let mut jobs: Vec<u32> = records.iter().filter_map(|r| self.shown_by.get(r)).flatten().copied().collect();
        jobs.sort_unstable();
        jobs.dedup();
        jobs
    }
}

/// What a build knew of its pages' dependencies, kept for the next build into the same output:
/// when the theme, the configuration and the archive's structure are the same, only the pages
/// showing a record that changed can have changed.
#[derive(Debug, Serialize, Deserialize)]
pub struct Recorded {
    program: Fingerprint,
    /// The theme and what every page shows (see `Plan::theme_key`).
    pub base: Fingerprint,
    /// See `Archive::structure_key`.
    pub structure: Fingerprint,
    /// Each record's fingerprint when its pages were keyed.
    pub records: FxHashMap<Record, Fingerprint>,
    pub shown_by: DependencyIndex,
}

impl Recorded {
    pub fn new(base: Fingerprint, structure: Fingerprint, records: FxHashMap<Record, Fingerprint>, shown_by: DependencyIndex) -> Recorded {
        Recorded { program: fingerprint::of_this_program(), base, structure, records, shown_by }
    }

    /// What was recorded at `path`, when this program recorded it.
    pub fn read(path: &Path) -> Option<Recorded> {
        let recorded: Recorded = bincode::deserialize(&std::fs::read(path).ok()?).ok()?;
        (recorded.program == fingerprint::of_this_program()).then_some(recorded)
    }

    pub fn write(&self, path: &Path) -> std::io::Result<()> {
        crate::fs::write_serialized(path, self)
    }

    /// The records whose fingerprint is not the one recorded.
    pub fn changed(&self, now: &FxHashMap<Record, Fingerprint>) -> Vec<Record> {
        let mut changed: Vec<Record> = now.iter().filter(|(record, key)| self.records.get(record) != Some(key)).map(|(record, _)| *record).collect();
        changed.sort_unstable();
        changed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_are_tracked_per_call_and_nested_calls_stay_apart() {
        let ((), outer) = track(|| {
            read(Record::Statement(3));
            let ((), inner) = track(|| read(Record::Note(1)));
            assert_eq!(inner, [Record::Note(1)]);
            read(Record::Statement(1));
            read(Record::Statement(3));
        });
        assert_eq!(outer, [Record::Statement(1), Record::Statement(3)]);
        read(Record::Page(0)); // outside any tracking: ignored
        let ((), none) = track(|| {});
        assert!(none.is_empty());
    }

    #[test]
    fn index_answers_which_jobs_show_a_record() {
        let mut index = DependencyIndex::default();
        index.add(0, &[Record::Statement(1), Record::Statement(2)]);
        index.add(5, &[Record::Statement(2)]);
        index.add(5, &[Record::Statement(2)]);
        assert_eq!(index.jobs_showing(&[Record::Statement(2)]), [0, 5]);
        assert_eq!(index.jobs_showing(&[Record::Statement(1), Record::Note(0)]), [0]);
        assert!(index.jobs_showing(&[Record::Page(9)]).is_empty());
    }
}
