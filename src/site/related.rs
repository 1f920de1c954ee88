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
    (0..count)
        .into_par_iter()
        .map(|index| {
            let mine = &terms_of[index];
            let mut candidates: Vec<usize> = Vec::new();
            for &term in mine {
                let list = members[term as usize];
                // Lists are in archive order, as are indices, so a binary search finds our place.
                let at = list.binary_search(&index).unwrap_or_else(|i| i);
                let from = at.saturating_sub(WINDOW);
                let to = (at + WINDOW + 1).min(list.len());
                candidates.extend(list[from..to].iter().copied().filter(|&c| c != index));
            }
            candidates.sort_unstable();
            candidates.dedup();
            let mut scored: Vec<(f64, usize, usize)> = candidates
                .into_iter()
                .map(|c| (shared_weight(mine, &terms_of[c], &weights), c.abs_diff(index), c))
                .collect();
            let best_first = |a: &(f64, usize, usize), b: &(f64, usize, usize)| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2));
            if scored.len() > limit {
                scored.select_nth_unstable_by(limit, best_first);
                scored.truncate(limit);
            }
            scored.sort_by(best_first);
            // Not `into_iter().collect()`: that reuses the candidates' buffer, and 100k of
            // those kept alive are most of the build's memory.
            let mut related = Vec::with_capacity(scored.len());
            related.extend(scored.iter().map(|&(_, _, c)| c));
            related
        })
        .collect()
}

/// Sum of the weights of the terms two sorted term lists share.
fn shared_weight(a: &[u32], b: &[u32], weights: &[f64]) -> f64 {
    let (mut i, mut j, mut sum) = (0, 0, 0.0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                sum += weights[a[i] as usize];
                i += 1;
                j += 1;
            }
        }
    }
    sum
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_weight_sums_common_terms() {
        let weights = [1.0, 2.0, 4.0, 8.0];
        assert_eq!(shared_weight(&[0, 2, 3], &[1, 2, 3], &weights), 12.0);
        assert_eq!(shared_weight(&[0], &[1], &weights), 0.0);
    }
}
