//! Related statements: those sharing the most informative topics and tags.
//!
//! A shared term weighs its inverse document frequency, so two statements sharing a rare tag
//! are closer than two sharing "coronavirus". Comparing every pair is quadratic (a common tag
//! at 100k statements holds tens of thousands), so candidates are drawn from each term's
//! statements nearest in time to the one at hand ([`WINDOW`] on each side), then scored exactly.

use rayon::prelude::*;

use super::{Taxonomy, TaxonomyKind};

/// Candidates taken from each side of a statement in each of its terms' lists.
const WINDOW: usize = 24;

/// For each of `count` statements, its `limit` most related others, best first.
pub fn compute(count: usize, taxonomies: &[Taxonomy], limit: usize) -> Vec<Vec<usize>> {
    if limit == 0 {
        return vec![Vec::new(); count];
    }
    let total = count.max(1) as f64;
    // Global term ids over topics and tags, with their weights and member lists.
    let mut weights = Vec::new();
    let mut members: Vec<&[usize]> = Vec::new();
    let mut terms_of: Vec<Vec<u32>> = vec![Vec::new(); count];
    for taxonomy in taxonomies.iter().filter(|t| matches!(t.kind, TaxonomyKind::Topics | TaxonomyKind::Tags)) {
        for term in &taxonomy.terms {
            let id = weights.len() as u32;
            weights.push((total / term.statements.len() as f64).ln() + 0.01);
            members.push(&term.statements);
            for &s in &term.statements {
                terms_of[s].push(id);
            }
        }
    }
    for terms in &mut terms_of {
        terms.sort_unstable();
    }
    // Each worker marks the candidates it has seen (by the statement they were seen for) and
    // the weights of the terms of the statement at hand: no sorting, no list merging.
    let scratch = || (vec![u32::MAX; count], vec![0.0f64; weights.len()]);
    (0..count)
        .into_par_iter()
        .with_min_len(256)
        .map_init(scratch, |(seen, mine_weights), index| {
            let mine = &terms_of[index];
            for &term in mine {
                mine_weights[term as usize] = weights[term as usize];
            }
            let mut scored: Vec<(f64, usize, usize)> = Vec::with_capacity(mine.len() * (2 * WINDOW + 1));
            for &term in mine {
                let list = members[term as usize];
                // Lists are in archive order, as are indices, so a binary search finds our place.
                let at = list.binary_search(&index).unwrap_or_else(|i| i);
                let from = at.saturating_sub(WINDOW);
                let to = (at + WINDOW + 1).min(list.len());
                for &c in &list[from..to] {
                    if c != index && seen[c] != index as u32 {
                        seen[c] = index as u32;
                        let shared: f64 = terms_of[c].iter().map(|&t| mine_weights[t as usize]).sum();
                        scored.push((shared, c.abs_diff(index), c));
                    }
                }
            }
            for &term in mine {
                mine_weights[term as usize] = 0.0;
            }
            let best_first = |a: &(f64, usize, usize), b: &(f64, usize, usize)| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2));
            if scored.len() > limit {
                scored.select_nth_unstable_by(limit, best_first);
                scored.truncate(limit);
            }
            scored.sort_by(best_first);
            // Not `into_iter().collect()`: that would keep the candidates' buffer, and 100k of
            // those kept alive are most of the build's memory.
            let mut related = Vec::with_capacity(scored.len());
            related.extend(scored.iter().map(|&(_, _, c)| c));
            related
        })
        .collect()
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
        let related = compute(5, &taxonomies, 2);
        assert_eq!(related[0], [3, 1], "the rare tag first, then the nearest of the rest");
        assert_eq!(related[4], Vec::<usize>::new(), "people do not relate statements");
        assert!(compute(5, &taxonomies, 0).iter().all(Vec::is_empty));
    }
}
