#!/usr/bin/env python3
"""Validates every Atom feed (RFC 4287) and the sitemap (sitemaps.org protocol 0.9) of a built site.

Usage: check_feeds.py SITE_DIR BASE_URL    checks the site; exits 1 on any problem
       check_feeds.py --self-test          shows that broken feeds and sitemaps are caught
"""
import re
import sys
from pathlib import Path
from urllib.parse import urlparse

from lxml import etree

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
W3C_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?)?)?$")
TEXT_TYPES = {None, "text", "html", "xhtml"}


def absolute_iri(value):
    parsed = urlparse(value or "")
    return bool(parsed.scheme) and (parsed.scheme in ("tag", "urn") or bool(parsed.netloc))


def check_text_construct(element, where, problems):
    if element.get("type") not in TEXT_TYPES:
        problems.append(f"{where}: {element.tag.replace(ATOM, '')} has type {element.get('type')!r}")


def check_feed(xml, name, base_url=None):
    """Problems found in one Atom document, as messages naming `name`."""
    problems = []
    try:
        root = etree.fromstring(xml)
    except etree.XMLSyntaxError as error:
        return [f"{name}: not well-formed XML: {error}"]
    if root.tag != ATOM + "feed":
        return [f"{name}: root element is {root.tag}, not an Atom feed"]

    def one(parent, tag, where):
        found = parent.findall(ATOM + tag)
        if len(found) != 1:
            problems.append(f"{where}: needs exactly one <{tag}>, has {len(found)}")
            return None
        return found[0]

    def check_common(parent, where):
        id_ = one(parent, "id", where)
        if id_ is not None and not absolute_iri(id_.text):
            problems.append(f"{where}: <id> {id_.text!r} is not an absolute IRI")
        title = one(parent, "title", where)
        if title is not None:
            check_text_construct(title, where, problems)
            if not (title.text or "").strip():
                problems.append(f"{where}: empty <title>")
        updated = one(parent, "updated", where)
        if updated is not None and not RFC3339.match(updated.text or ""):
            problems.append(f"{where}: <updated> {updated.text!r} is not an RFC 3339 date-time")
        for published in parent.findall(ATOM + "published"):
            if not RFC3339.match(published.text or ""):
                problems.append(f"{where}: <published> {published.text!r} is not an RFC 3339 date-time")
        for link in parent.findall(ATOM + "link"):
            if not link.get("href"):
                problems.append(f"{where}: <link> without href")
        alternates = [(l.get("type"), l.get("hreflang")) for l in parent.findall(ATOM + "link") if l.get("rel", "alternate") == "alternate"]
        if len(alternates) != len(set(alternates)):
            problems.append(f"{where}: two alternate links of the same type and language")
        for author in parent.findall(ATOM + "author"):
            if author.find(ATOM + "name") is None:
                problems.append(f"{where}: <author> without <name>")
        return id_

    check_common(root, name)
    self_links = [l for l in root.findall(ATOM + "link") if l.get("rel") == "self"]
    if len(self_links) != 1:
        problems.append(f"{name}: needs one rel=\"self\" link")
    elif base_url and not self_links[0].get("href", "").startswith(base_url):
        problems.append(f"{name}: self link {self_links[0].get('href')} is outside {base_url}")
    feed_has_author = root.find(ATOM + "author") is not None
    ids = set()
    for n, entry in enumerate(root.findall(ATOM + "entry"), 1):
        where = f"{name} entry {n}"
        id_ = check_common(entry, where)
        if id_ is not None:
            if id_.text in ids:
                problems.append(f"{where}: id {id_.text} used twice")
            ids.add(id_.text)
        if not feed_has_author and entry.find(ATOM + "author") is None:
            problems.append(f"{where}: no <author> in the entry or the feed")
        content = entry.findall(ATOM + "content")
        if len(content) > 1:
            problems.append(f"{where}: more than one <content>")
        if not content and not any(l.get("rel", "alternate") == "alternate" for l in entry.findall(ATOM + "link")):
            problems.append(f"{where}: neither <content> nor an alternate link")
        for element in content + entry.findall(ATOM + "summary"):
            check_text_construct(element, where, problems)
    return problems


def check_sitemap(xml, name, site_dir=None, base_url=None):
    problems = []
    if len(xml) > 50 * 1024 * 1024:
        problems.append(f"{name}: larger than 50 MB")
    try:
        root = etree.fromstring(xml)
    except etree.XMLSyntaxError as error:
        return [f"{name}: not well-formed XML: {error}"]
    if root.tag not in (SITEMAP + "urlset", SITEMAP + "sitemapindex"):
        return [f"{name}: root element is {root.tag}, not a sitemap"]
    child = "url" if root.tag == SITEMAP + "urlset" else "sitemap"
    entries = list(root)
    if len(entries) > 50_000:
        problems.append(f"{name}: {len(entries)} entries, the limit is 50,000")
    seen = set()
    for n, entry in enumerate(entries, 1):
        where = f"{name} entry {n}"
        if entry.tag != SITEMAP + child:
            problems.append(f"{where}: unexpected <{entry.tag}>")
            continue
        locs = entry.findall(SITEMAP + "loc")
        if len(locs) != 1:
            problems.append(f"{where}: needs exactly one <loc>")
            continue
        loc = (locs[0].text or "").strip()
        if urlparse(loc).scheme not in ("http", "https") or len(loc) > 2048:
            problems.append(f"{where}: <loc> {loc!r} is not an absolute http(s) URL under 2,048 characters")
        if base_url and not loc.startswith(base_url):
            problems.append(f"{where}: <loc> {loc} is outside the site {base_url}")
        elif site_dir and base_url:
            relative = loc[len(base_url):]
            target = Path(site_dir, relative, "index.html") if relative == "" or relative.endswith("/") else Path(site_dir, relative)
            if not target.is_file():
                problems.append(f"{where}: <loc> {loc} is not a page of the site")
        if loc in seen:
            problems.append(f"{where}: {loc} listed twice")
        seen.add(loc)
        for lastmod in entry.findall(SITEMAP + "lastmod"):
            if not W3C_DATE.match(lastmod.text or ""):
                problems.append(f"{where}: <lastmod> {lastmod.text!r} is not a W3C date")
    return problems


def check_site(site_dir, base_url):
    site = Path(site_dir)
    problems = []
    feeds = sorted(site.rglob("atom.xml"))
    if not feeds:
        problems.append(f"{site}: no Atom feed found")
    for feed in feeds:
        problems += check_feed(feed.read_bytes(), str(feed.relative_to(site)), base_url)
    sitemaps = sorted(site.glob("sitemap*.xml"))
    if not (site / "sitemap.xml").is_file():
        problems.append(f"{site}: no sitemap.xml")
    for sitemap in sitemaps:
        problems += check_sitemap(sitemap.read_bytes(), sitemap.name, site, base_url)
    robots = site / "robots.txt"
    if not robots.is_file() or f"Sitemap: {base_url}sitemap.xml" not in robots.read_text():
        problems.append("robots.txt does not point to the sitemap")
    return problems, len(feeds), len(sitemaps)


GOOD_FEED = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><id>https://e.org/</id>
<updated>2020-01-01T00:00:00Z</updated><author><name>A</name></author>
<link rel="self" href="https://e.org/atom.xml"/><link href="https://e.org/"/>
<entry><title>E</title><id>https://e.org/1</id><updated>2020-01-01T00:00:00Z</updated><link href="https://e.org/1"/></entry>
</feed>"""


def self_test():
    assert check_feed(GOOD_FEED, "good", "https://e.org/") == [], check_feed(GOOD_FEED, "good")
    broken = {
        b"<id>https://e.org/1</id>": b"<id>1</id>",
        b"<updated>2020-01-01T00:00:00Z</updated><link": b"<updated>1 Jan 2020</updated><link",
        b"<title>E</title>": b"",
        b'<link href="https://e.org/1"/>': b"",
        b"</feed>": b"",
        b"<author><name>A</name></author>": b"",
    }
    for old, new in broken.items():
        assert old in GOOD_FEED, old
        assert check_feed(GOOD_FEED.replace(old, new), "broken"), f"not caught: {old!r} -> {new!r}"
    good_map = b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://e.org/a/</loc><lastmod>2020-01-01</lastmod></url></urlset>'
    assert check_sitemap(good_map, "good") == []
    broken = {b"https://e.org/a/": b"/a/", b"2020-01-01": b"January", b"<loc>https://e.org/a/</loc>": b"", b"urlset": b"pages"}
    for old, new in broken.items():
        assert check_sitemap(good_map.replace(old, new), "broken"), f"not caught: {old!r}"
    print("self-test passed: broken feeds and sitemaps are caught")


if __name__ == "__main__":
    if sys.argv[1:] == ["--self-test"]:
        self_test()
        sys.exit(0)
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    found, feeds, sitemaps = check_site(sys.argv[1], sys.argv[2])
    for problem in found:
        print(problem)
    print(f"{feeds} Atom feeds and {sitemaps} sitemap file(s) checked: {len(found)} problem(s)")
    sys.exit(1 if found else 0)
