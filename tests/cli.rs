//! The command line itself: help, init.

use crate::util::TestSite;

#[test]
fn help_documents_every_command() {
    let site = TestSite::new();
    let out = site.run(&["--help"]);
    assert!(out.status.success());
    let help = String::from_utf8_lossy(&out.stdout);
    for command in ["build", "import", "serve", "check", "new", "init"] {
        assert!(help.contains(command), "{help}");
    }
    let out = site.run(&["build", "--help"]);
    let help = String::from_utf8_lossy(&out.stdout);
    assert!(help.contains("--output") && help.contains("--drafts") && help.contains("--base-url"), "{help}");
}

#[test]
fn init_makes_an_archive_that_builds_at_once() {
    let site = TestSite::new();
    let out = site.run(&["init", "new-archive"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let root = site.root().join("new-archive");
    assert!(root.join("site.toml").is_file() && root.join("content/statements").is_dir() && root.join("sources").is_dir());
    let out = site.run(&["--root", "new-archive", "build"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(root.join("public/index.html").is_file());
    assert!(root.join("public/pages/about/index.html").is_file());
}

#[test]
fn init_never_touches_an_existing_archive() {
    let site = TestSite::new();
    site.write("mine/site.toml", "title = \"Mine\"\n");
    let out = site.run(&["init", "mine"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not empty"));
    assert_eq!(std::fs::read_to_string(site.root().join("mine/site.toml")).unwrap(), "title = \"Mine\"\n");
}
