//! Every internal link and asset of every generated page resolves to a file of the output, at a
//! domain root and under a sub-path.

use std::path::Path;

use crate::util::{sample_site, TestSite};

/// Values of `href="…"` and `src="…"` in an HTML page.
fn link_targets(html: &str) -> Vec<String> {
    let mut targets = Vec::new();
    for attr in ["href=\"", "src=\""] {
        let mut rest = html;
        while let Some(start) = rest.find(attr) {
            rest = &rest[start + attr.len()..];
            let end = rest.find('"').expect("attribute closed");
            targets.push(rest[..end].replace("&amp;", "&"));
            rest = &rest[end..];
        }
    }
    targets
}

/// Checks every page of `site`; returns how many internal links were followed.
fn check_links(site: &TestSite, base_url: &str, base_path: &str) -> usize {
    let public = site.public();
    let mut checked = 0;
    let mut broken = Vec::new();
    for file in site.files().into_iter().filter(|f| f.ends_with(".html")) {
        let html = site.page(&file);
        for target in link_targets(&html) {
            let target = target.split('#').next().unwrap().to_string();
            let local = if let Some(rest) = target.strip_prefix(base_url) {
                format!("{base_path}{rest}")
            } else if target.starts_with("http://") || target.starts_with("https://") || target.starts_with("mailto:") || target.is_empty() {
                continue;
            } else {
                target.clone()
            };
            let Some(inside) = local.strip_prefix(base_path) else {
                broken.push(format!("{file}: {target} is outside the base path {base_path}"));
                continue;
            };
            let mut path = public.join(inside);
            if inside.is_empty() || inside.ends_with('/') {
                path = path.join("index.html");
            }
            checked += 1;
            if !Path::new(&path).is_file() {
                broken.push(format!("{file}: {target}"));
            }
        }
    }
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
    checked
}

#[test]
fn every_internal_link_resolves_at_a_domain_root() {
    let site = sample_site("title = \"T\"\nbase_url = \"https://example.org\"\npaginate_by = 2\n");
    site.build(&["--drafts"]);
    let checked = check_links(&site, "https://example.org/", "/");
    assert!(checked > 300, "only {checked} links checked");
}

#[test]
fn every_internal_link_resolves_under_a_sub_path() {
    let site = sample_site("title = \"T\"\nbase_url = \"https://example.org/archive/\"\npaginate_by = 2\n");
    site.build(&[]);
    let home = site.page("index.html");
    assert!(home.contains("href=\"/archive/statements/2020-03-30-call/\""), "{home}");
    assert!(home.contains("href=\"/archive/style.css\""));
    let checked = check_links(&site, "https://example.org/archive/", "/archive/");
    assert!(checked > 300, "only {checked} links checked");
    assert!(site.page("sitemap.xml").contains("<loc>https://example.org/archive/timeline/</loc>"));
}

#[test]
fn base_url_can_be_overridden_on_the_command_line() {
    let site = sample_site("title = \"T\"\nbase_url = \"https://example.org/\"\n");
    site.build(&["--base-url", "http://127.0.0.1:1111/preview"]);
    assert!(site.page("index.html").contains("href=\"/preview/timeline/\""));
    check_links(&site, "http://127.0.0.1:1111/preview/", "/preview/");
}
