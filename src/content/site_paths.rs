//! Site paths written by hand in front matter (`aliases`): checked here, because each becomes
//! a file of the built site.

/// `aliases = ["/old/path/", "/old/page.html"]` as site paths: `old/path/` (a folder, written
/// as its `index.html`) and `old/page.html`. Each must start at the site root and hold only
/// URL-safe ASCII (letters, digits, `-`, `_`, `.`, `~`), with no empty, `.` or `..` segment;
/// the site root itself cannot be an alias.
pub fn aliases(values: Vec<String>) -> Result<Vec<String>, String> {
    let mut out: Vec<String> = Vec::with_capacity(values.len());
    for value in values {
        let path = site_path(value.trim()).ok_or_else(|| {
            format!("`aliases` holds {value:?}: an alias is a path from the site root like \"/statements/old-id/\" or \"/old/page.html\", of letters, digits, `-`, `_`, `.` and `~`")
        })?;
        if !out.contains(&path) {
            out.push(path);
        }
    }
    Ok(out)
}

fn site_path(value: &str) -> Option<String> {
    let rest = value.strip_prefix('/')?;
    let trimmed = rest.trim_end_matches('/');
    if trimmed.is_empty() {
        return None;
    }
    let segments_ok = trimmed.split('/').all(|segment| {
        !segment.is_empty()
            && segment != "."
            && segment != ".."
            && segment.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~'))
    });
    if !segments_ok {
        return None;
    }
    let is_file = !rest.ends_with('/') && trimmed.rsplit('/').next().is_some_and(|last| last.ends_with(".html") || last.ends_with(".htm"));
    Some(if is_file { trimmed.to_string() } else { format!("{trimmed}/") })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_and_pages() {
        assert_eq!(aliases(vec!["/statements/old/".into(), "/statements/old".into(), " /x/y.html ".into()]).unwrap(), ["statements/old/", "x/y.html"]);
        for bad in ["statements/old/", "/", "//", "/../x/", "/a/./b/", "/a//b/", "/a b/", "/a\\b/", "/тест/", "/a?b=1"] {
            assert!(aliases(vec![bad.into()]).is_err(), "{bad:?} must be refused");
        }
    }
}
