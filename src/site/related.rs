//! Related statements: those sharing the most informative topics and tags.
//!
//! A shared term weighs its inverse document frequency, so two statements sharing a rare tag
//! are closer than two sharing "coronavirus". Comparing every pair is quadratic (a common tag
//! at 100k statements holds tens of thousands), so candidates are drawn from each term's
//! statements nearest in time to the one at hand ([`WINDOW`] on each side), then scored exactly.

use std::sync::OnceLock;

use super::{Taxonomy, TaxonomyKind};

/// Candidates taken from each side of a statement in each of its terms' lists.
const WINDOW: usize = 24;

/// Each statement's most related others, each list found when first asked for: a build after
/// an edit shows a few dozen of them, and finding all 100,000 costs more than the rest of it.
#[derive(Debug, Clone)]
pub struct Related {
    limit: usize,
    /// Per term of the topics and tags, numbered across both: its weight and where its
    /// statements are (taxonomy, term).
    weights: Vec<f64>,
    members: Vec<(usize, usize)>,
    /// Each statement's terms, ascending.
    terms_of: Vec<Vec<u32>>,
    lists: Vec<OnceLock<Vec<usize>>>,
}

impl Related {
    /// The related lists of `count` statements: up to `limit` each.
    pub fn new(count: usize, taxonomies: &[Taxonomy], limit: usize) -> Related {
        let total = count.max(1) as f64;
        let mut weights = Vec::new();
        let mut members = Vec::new();
        let mut terms_of: Vec<Vec<u32>> = vec![Vec::new(); count];
        for (t, taxonomy) in taxonomies.iter().enumerate().filter(|(_, t)| matches!(t.kind, TaxonomyKind::Topics | TaxonomyKind::Tags)) {
            for (i, term) in taxonomy.terms.iter().enumerate() {
                let id = weights.len() as u32;
                weights.push((total / term.statements.len() as f64).ln() + 0.01);
                members.push((t, i));
                for &s in &term.statements {
                    terms_of[s].push(id);
                }
            }
        }
        for terms in &mut terms_of {
            terms.sort_unstable();
        }
        Related { limit, weights, members, terms_of, lists: (0..count).map(|_| OnceLock::new()).collect() }
    }

    /// Statement `index`'s most related others, best first; `taxonomies` are those the lists
    /// were made from.
    pub fn of(&self, index: usize, taxonomies: &[Taxonomy]) -> &[usize] {
        self.lists[index].get_or_init(|| self.find(index, taxonomies))
    }

    fn find(&self, index: usize, taxonomies: &[Taxonomy]) -> Vec<usize> {
        if self.limit == 0 {
            return Vec::new();
        }
        let mine = &self.terms_of[index];
        let mut candidates: Vec<usize> = Vec::with_capacity(mine.len() * (2 * WINDOW + 1));
        for &term in mine {
            let (t, i) = self.members[term as usize];
            let list = &taxonomies[t].terms[i].statements;
            // Lists are in archive order, as are indices, so a binary search finds our place.
            let at = list.binary_search(&index).unwrap_or_else(|i| i);
            candidates.extend(list[at.saturating_sub(WINDOW)..(at + WINDOW + 1).min(list.len())].iter().filter(|&&c| c != index));
        }
        candidates.sort_unstable();
        candidates.dedup();
        let mut scored: Vec<(f64, usize, usize)> = candidates.iter().map(|&c| (self.shared(mine, &self.terms_of[c]), c.abs_diff(index), c)).collect();
        let best_first = |a: &(f64, usize, usize), b: &(f64, usize, usize)| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2));
        if scored.len() > self.limit {
            scored.select_nth_unstable_by(self.limit, best_first);
            scored.truncate(self.limit);
        }
        scored.sort_by(best_first);
        scored.iter().map(|&(_, _, c)| c).collect()
    }

    /// The weight of the terms two statements share (both lists ascending).
    fn shared(&self, mine: &[u32], theirs: &[u32]) -> f64 {
        let (mut a, mut b, mut sum) = (0, 0, 0.0);
        while a < mine.len() && b < theirs.len() {
            match mine[a].cmp(&theirs[b]) {
                std::cmp::Ordering::Less => a += 1,
                std::cmp::Ordering::Greater => b += 1,
                std::cmp::Ordering::Equal => {
                    sum += self.weights[mine[a] as usize];
                    a += 1;
                    b += 1;
                }
            }
        }
        sum
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rare_shared_terms_count_most_and_nearer_in_time_breaks_ties() {
        let term = |slug: &str, statements: Vec<usize>| crate::site::Term { slug: slug.into(), name: slug.into(), description: String::new(), defined: false, statements };
        let taxonomy = |kind, terms: Vec<crate::site::Term>| Taxonomy { kind, name: String::new(), by_slug: Default::default(), terms };
        // 0 shares the rare tag with 3, the common topic with 1, 2 and 3.
        let taxonomies = [
            taxonomy(TaxonomyKind::Topics, vec![term("common", vec![0, 1, 2, 3])]),
            taxonomy(TaxonomyKind::Tags, vec![term("rare", vec![0, 3])]),
            taxonomy(TaxonomyKind::People, vec![term("ignored", vec![0, 4])]),
        ];
        let related = Related::new(5, &taxonomies, 2);
        assert_eq!(related.of(0, &taxonomies), [3, 1], "the rare tag first, then the nearest of the rest");
        assert_eq!(related.of(4, &taxonomies), Vec::<usize>::new(), "people do not relate statements");
        let none = Related::new(5, &taxonomies, 0);
        assert!((0..5).all(|i| none.of(i, &taxonomies).is_empty()));
    }
}
