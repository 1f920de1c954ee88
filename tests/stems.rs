//! The two sides of search stem alike: the index (src/text.rs, rust-stemmers) and the search
//! page (themes/default/static/search.js with the vendored Snowball stemmers), on a few
//! thousand English and Russian words (tests/fixtures/stem-words.txt): those of the sample
//! dumps, this repository's archive and the benchmark corpus, and every form of the Russian
//! lemmas of benches/ru_corpus.py. Both run here; node is on every machine the project runs on.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

fn node(script: &str, args: &[&str], input: &str) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut child = Command::new("node")
        .arg(root.join(script))
        .args(args)
        .current_dir(root)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("node runs (the search page's tests need it)");
    child.stdin.take().expect("stdin").write_all(input.as_bytes()).expect("input written");
    let out = child.wait_with_output().expect("node finishes");
    assert!(out.status.success(), "{script} failed:\n{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("UTF-8")
}

#[test]
fn the_index_and_the_search_page_stem_every_word_alike() {
    let words = include_str!("fixtures/stem-words.txt");
    let count = words.lines().count();
    assert!(count > 3000, "a few thousand words: {count}");
    let russian = words.lines().filter(|w| w.chars().any(|c| ('а'..='я').contains(&c))).count();
    assert!(russian > 1000 && count - russian > 1000, "both languages: {russian} Russian of {count}");
    let browser = node("tests/js/stems.mjs", &[], words);
    let mut differ = Vec::new();
    let mut changed = 0;
    for (word, theirs) in words.lines().zip(browser.lines()) {
        let folded = annals::text::fold(word);
        let ours = annals::text::stem(&folded);
        changed += usize::from(ours != word);
        if ours != theirs {
            differ.push(format!("{word}: index {ours}, page {theirs}"));
        }
    }
    assert_eq!(browser.lines().count(), count);
    assert!(differ.is_empty(), "{} of {count} words stem differently:\n{}", differ.len(), differ.join("\n"));
    assert!(changed > count / 3, "the stemmers cut words: {changed} of {count} changed");
}

#[test]
fn the_search_page_reads_queries_phrases_and_ranks_as_its_unit_tests_say() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = Command::new("node").args(["--test", "tests/js/search.test.mjs"]).current_dir(root).output().expect("node runs");
    assert!(out.status.success(), "node --test tests/js/search.test.mjs failed:\n{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
}
