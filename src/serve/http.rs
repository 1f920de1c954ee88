//! Answering requests from the in-memory site. Only files the renderer produced can be served:
//! there is no path to the disk to escape through.

use tiny_http::{Header, Response, StatusCode};

use super::rebuild::Preview;
use crate::output::Memory;

/// Where the live-reload script and its event stream are served; no site path starts so.
pub const RELOAD_PREFIX: &str = "/__annals/";
const LIVERELOAD_JS: &str = include_str!("livereload.js");

pub fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("valid header")
}

/// Answers a request; a file holding every statement (the search index, the data files) is
/// brought up to date first.
pub fn respond(request: tiny_http::Request, preview: &Preview) -> std::io::Result<()> {
    let raw = request.url().split(['?', '#']).next().unwrap_or("/").to_string();
    if raw == format!("{RELOAD_PREFIX}livereload.js") {
        return request.respond(Response::from_string(LIVERELOAD_JS).with_header(header("Content-Type", "text/javascript; charset=utf-8")));
    }
    let site = preview.site();
    let Some(path) = site_path(&raw) else {
        return request.respond(not_found(site));
    };
    let file = if path.is_empty() || path.ends_with('/') { format!("{path}index.html") } else { path.clone() };
    if preview.is_aggregate(&file) {
        preview.bring_aggregates_up_to_date();
    } else {
        preview.render_if_deferred(&file);
    }
    match site.get(&file) {
        Some(bytes) => {
            let content_type = content_type(&file);
            let body = if content_type.starts_with("text/html") { inject_reload(&bytes) } else { bytes.to_vec() };
            request.respond(Response::from_data(body).with_header(header("Content-Type", content_type)).with_header(header("Cache-Control", "no-store")))
        }
        None if site.get(&format!("{path}/index.html")).is_some() => {
            request.respond(Response::empty(StatusCode(301)).with_header(header("Location", &format!("/{path}/"))))
        }
        None => request.respond(not_found(site)),
    }
}

/// The site path of a URL path: percent-decoded, without the leading `/`; `None` for
/// anything that tries to leave the site (`..`, backslashes, NUL).
fn site_path(url_path: &str) -> Option<String> {
    let decoded = percent_decode(url_path)?;
    let path = decoded.strip_prefix('/')?;
    let bad = path.contains('\\') || path.contains('\0') || path.split('/').any(|segment| segment == ".." || segment == ".");
    (!bad).then(|| path.to_string())
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn not_found(site: &Memory) -> Response<std::io::Cursor<Vec<u8>>> {
    let body = site.get("404.html").map(|b| inject_reload(&b)).unwrap_or_else(|| b"Not found".to_vec());
    Response::from_data(body).with_status_code(404).with_header(header("Content-Type", "text/html; charset=utf-8"))
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" if path.ends_with("atom.xml") => "application/atom+xml",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

/// The page with the live-reload script before `</body>`: only ever while serving.
fn inject_reload(html: &[u8]) -> Vec<u8> {
    let script = format!("<script src=\"{RELOAD_PREFIX}livereload.js\"></script>");
    let text = String::from_utf8_lossy(html);
    match text.rfind("</body>") {
        Some(at) => format!("{}{script}{}", &text[..at], &text[at..]).into_bytes(),
        None => format!("{text}{script}").into_bytes(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_cannot_leave_the_site() {
        assert_eq!(site_path("/statements/x/").as_deref(), Some("statements/x/"));
        assert_eq!(site_path("/a%20b/").as_deref(), Some("a b/"));
        assert_eq!(site_path("/../site.toml"), None);
        assert_eq!(site_path("/%2e%2e/site.toml"), None);
        assert_eq!(site_path("/a/..%2f..%2fsite.toml"), None);
        assert_eq!(site_path("/a%5c..%5cb"), None);
        assert_eq!(site_path("/%zz"), None);
    }

    #[test]
    fn reload_script_goes_before_body_end() {
        let html = inject_reload(b"<html><body><p>x</p></body></html>");
        assert_eq!(String::from_utf8(html).unwrap(), "<html><body><p>x</p><script src=\"/__annals/livereload.js\"></script></body></html>");
    }
}
