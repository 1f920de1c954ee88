//! Problems in the user's files.
//!
//! A build does not stop at the first bad file: every stage collects [`Problem`]s, each naming
//! the file, the line when one is known, and what is wrong, and the build fails once with all of
//! them ([`Problems`]). Failures of the machine itself (a disk that cannot be written) are plain
//! `anyhow` errors with context instead.

use std::fmt;
use std::path::{Path, PathBuf};

/// One thing wrong in one file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Problem {
    pub path: PathBuf,
    /// 1-based line, when the problem sits on one.
    pub line: Option<usize>,
    pub message: String,
}

impl Problem {
    pub fn new(path: impl AsRef<Path>, line: Option<usize>, message: impl Into<String>) -> Self {
        Problem { path: path.as_ref().to_path_buf(), line, message: message.into() }
    }

    pub fn at_line(path: impl AsRef<Path>, line: usize, message: impl Into<String>) -> Self {
        Self::new(path, Some(line), message)
    }

    pub fn in_file(path: impl AsRef<Path>, message: impl Into<String>) -> Self {
        Self::new(path, None, message)
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.path.display(), line, self.message),
            None => write!(f, "{}: {}", self.path.display(), self.message),
        }
    }
}

/// Every problem a stage found; the error a failed build returns.
#[derive(Debug, Default)]
pub struct Problems(pub Vec<Problem>);

impl Problems {
    pub fn push(&mut self, problem: Problem) {
        self.0.push(problem);
    }

    pub fn extend(&mut self, problems: impl IntoIterator<Item = Problem>) {
        self.0.extend(problems);
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `Ok(value)` when nothing was found, else all problems in a stable order.
    pub fn into_result<T>(mut self, value: T) -> Result<T, Problems> {
        if self.0.is_empty() {
            Ok(value)
        } else {
            self.0.sort();
            self.0.dedup();
            Err(self)
        }
    }
}

impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for problem in &self.0 {
            writeln!(f, "{problem}")?;
        }
        let n = self.0.len();
        write!(f, "{n} problem{} found", if n == 1 { "" } else { "s" })
    }
}

impl std::error::Error for Problems {}

/// The 1-based line of byte `offset` in `text`, counting from `first_line`.
pub fn line_of_offset(text: &str, offset: usize, first_line: usize) -> usize {
    let end = offset.min(text.len());
    first_line + text.as_bytes()[..end].iter().filter(|&&b| b == b'\n').count()
}

/// A TOML error as a problem: the line of its span and its message without the excerpt that
/// `toml` draws (the line number already points there).
pub fn toml_problem(path: &Path, text: &str, first_line: usize, err: &toml::de::Error) -> Problem {
    let line = err.span().map(|span| line_of_offset(text, span.start, first_line)).unwrap_or(first_line);
    Problem::at_line(path, line, err.message().trim().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problems_display_with_and_without_line() {
        let mut problems = Problems::default();
        problems.push(Problem::at_line("a.md", 3, "bad date"));
        problems.push(Problem::in_file("b.md", "duplicate id"));
        let err = problems.into_result(()).unwrap_err();
        assert_eq!(err.to_string(), "a.md:3: bad date\nb.md: duplicate id\n2 problems found");
    }

    #[test]
    fn offsets_map_to_lines() {
        let text = "a\nbb\nccc";
        assert_eq!(line_of_offset(text, 0, 1), 1);
        assert_eq!(line_of_offset(text, 2, 1), 2);
        assert_eq!(line_of_offset(text, 5, 2), 4);
        assert_eq!(line_of_offset(text, 999, 1), 3);
    }
}
