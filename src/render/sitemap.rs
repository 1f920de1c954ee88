//! The sitemap: every page meant for readers, in one file or, beyond the protocol's limit of
//! 50,000 URLs, in numbered parts under a sitemap index.

use super::jobs::SITEMAP_LIMIT;
use super::mode::Mode;
use super::routes::Route;
use super::Plan;

impl<'a> Plan<'a> {
    pub(super) fn fill_sitemap<M: Mode<'a>>(&self, mode: &mut M) -> &'static str {
        let urls = self.sitemap_urls();
        if urls.len() > SITEMAP_LIMIT {
            let parts: Vec<String> = (1..=urls.len().div_ceil(SITEMAP_LIMIT))
                .map(|number| self.archive.config.absolute_url(&Route::SitemapPart { number }.path()))
                .collect();
            mode.insert("sitemaps", &parts);
            "sitemap_index.xml"
        } else {
            mode.insert("urls", urls);
            "sitemap.xml"
        }
    }

    pub(super) fn fill_sitemap_part<M: Mode<'a>>(&self, mode: &mut M, number: usize) -> &'static str {
        let urls = self.sitemap_urls();
        let start = (number - 1) * SITEMAP_LIMIT;
        mode.insert("urls", &urls[start.min(urls.len())..(start + SITEMAP_LIMIT).min(urls.len())]);
        "sitemap.xml"
    }
}
