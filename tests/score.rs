//! The import quality scores of `shared/eval/score.py`, computed the same way (see its
//! docstring): B-cubed F1 of segmentation, boilerplate precision and recall, duplicate recall,
//! date accuracy and precision, kind and language accuracy, people F1. Per-source scores are
//! weighted by the source's non-blank lines.

use std::collections::{HashMap, HashSet};

use serde_json::Value;

#[derive(Debug, Default, Clone)]
pub struct Scores {
    pub b3_f1: f64,
    pub boiler_p: f64,
    pub boiler_r: f64,
    pub dup_r: f64,
    pub date_acc: f64,
    pub date_prec: f64,
    pub kind_acc: f64,
    pub people_f1: f64,
    pub lang_acc: f64,
}

#[derive(Clone, PartialEq, Eq, Hash, Debug)]
enum Cluster {
    Statement(usize),
    Discarded,
    Unplaced(usize),
}

fn ranges(value: &Value) -> Vec<(usize, usize)> {
    value.as_array().into_iter().flatten().map(|r| {
        if let Some(a) = r.as_array() {
            (a[0].as_u64().unwrap() as usize, a[1].as_u64().unwrap() as usize)
        } else {
            (r["start"].as_u64().unwrap() as usize, r["end"].as_u64().unwrap() as usize)
        }
    }).collect()
}

fn date_parts(date: &Value, precision: Option<&str>) -> Option<Vec<u32>> {
    let text = date.as_str()?;
    let mut parts: Vec<u32> = text.split('-').filter_map(|p| p.parse().ok()).collect();
    match precision {
        Some("month") => parts.truncate(2),
        Some("year") => parts.truncate(1),
        _ => {}
    }
    (!parts.is_empty()).then_some(parts)
}

fn names(value: &Value) -> HashSet<String> {
    value.as_array().into_iter().flatten().filter_map(|v| v.as_str()).map(|s| s.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()).collect()
}

/// Where one side (gold or report) puts each non-blank line.
struct Assignment {
    cluster: HashMap<usize, Cluster>,
    spans: Vec<HashSet<usize>>,
    duplicates: Vec<HashSet<usize>>,
    discarded: HashSet<usize>,
}

/// A line placed twice counts where it first appears: statements in order, spans before
/// duplicate spans, then discards (as score.py does).
fn assign(statements: &[&Value], discarded: &[(usize, usize)], nonblank: &HashSet<usize>) -> Assignment {
    let mut a = Assignment { cluster: HashMap::new(), spans: Vec::new(), duplicates: Vec::new(), discarded: HashSet::new() };
    for (i, st) in statements.iter().enumerate() {
        let (mut sp, mut du) = (HashSet::new(), HashSet::new());
        for (key, bucket) in [("spans", &mut sp), ("duplicate_spans", &mut du)] {
            for (start, end) in ranges(&st[key]) {
                for l in (start..=end).filter(|l| nonblank.contains(l)) {
                    if let std::collections::hash_map::Entry::Vacant(place) = a.cluster.entry(l) {
                        place.insert(Cluster::Statement(i));
                        bucket.insert(l);
                    }
                }
            }
        }
        a.spans.push(sp);
        a.duplicates.push(du);
    }
    for &(start, end) in discarded {
        for l in (start..=end).filter(|l| nonblank.contains(l)) {
            if let std::collections::hash_map::Entry::Vacant(place) = a.cluster.entry(l) {
                place.insert(Cluster::Discarded);
                a.discarded.insert(l);
            }
        }
    }
    a
}

/// Scores one source; `predicted` are the report's statements of that source.
fn score_source(text: &str, gold: &Value, predicted: &[&Value], discarded: &[(usize, usize)]) -> (Scores, usize) {
    let nonblank: Vec<usize> = text.split('\n').enumerate().filter(|(_, l)| !l.trim().is_empty()).map(|(i, _)| i + 1).collect();
    let is_nonblank: HashSet<usize> = nonblank.iter().copied().collect();
    let gold_statements = gold["statements"].as_array().unwrap();

    let gold_discarded: Vec<(usize, usize)> = gold["discarded"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|d| (d["span"][0].as_u64().unwrap() as usize, d["span"][1].as_u64().unwrap() as usize))
        .collect();
    let gold_refs: Vec<&Value> = gold_statements.iter().collect();
    let Assignment { cluster: mut gclu, spans: g_span, duplicates: g_dup, discarded: gdisc } = assign(&gold_refs, &gold_discarded, &is_nonblank);
    let Assignment { cluster: mut pclu, spans: p_span, duplicates: p_dup, discarded: pdisc } = assign(predicted, discarded, &is_nonblank);
    for &l in &nonblank {
        gclu.entry(l).or_insert(Cluster::Unplaced(l));
        pclu.entry(l).or_insert(Cluster::Unplaced(l));
    }
    // B-cubed.
    let mut pair: HashMap<(Cluster, Cluster), f64> = HashMap::new();
    let mut gsize: HashMap<Cluster, f64> = HashMap::new();
    let mut psize: HashMap<Cluster, f64> = HashMap::new();
    for l in &nonblank {
        *pair.entry((gclu[l].clone(), pclu[l].clone())).or_default() += 1.0;
        *gsize.entry(gclu[l].clone()).or_default() += 1.0;
        *psize.entry(pclu[l].clone()).or_default() += 1.0;
    }
    let n = nonblank.len() as f64;
    let precision: f64 = nonblank.iter().map(|l| pair[&(gclu[l].clone(), pclu[l].clone())] / psize[&pclu[l]]).sum::<f64>() / n;
    let recall: f64 = nonblank.iter().map(|l| pair[&(gclu[l].clone(), pclu[l].clone())] / gsize[&gclu[l]]).sum::<f64>() / n;
    let mut scores = Scores { b3_f1: 2.0 * precision * recall / (precision + recall), ..Default::default() };
    let hit = gdisc.intersection(&pdisc).count() as f64;
    scores.boiler_p = if pdisc.is_empty() { if gdisc.is_empty() { 1.0 } else { 0.0 } } else { hit / pdisc.len() as f64 };
    scores.boiler_r = if gdisc.is_empty() { 1.0 } else { hit / gdisc.len() as f64 };

    // Matching: each gold statement to the predicted one it overlaps most.
    let p_all: Vec<HashSet<usize>> = p_span.iter().zip(&p_dup).map(|(a, b)| a | b).collect();
    let g_all: Vec<HashSet<usize>> = g_span.iter().zip(&g_dup).map(|(a, b)| a | b).collect();
    let best = |set: &HashSet<usize>, candidates: &[HashSet<usize>]| -> Option<usize> {
        let mut best: Option<(usize, usize, usize)> = None; // (overlap, size, index)
        for (j, c) in candidates.iter().enumerate() {
            let overlap = set.intersection(c).count();
            if overlap == 0 {
                continue;
            }
            let better = match best {
                None => true,
                Some((o, size, _)) => overlap > o || (overlap == o && c.len() < size),
            };
            if better {
                best = Some((overlap, c.len(), j));
            }
        }
        best.map(|(_, _, j)| j)
    };
    let matched: Vec<(usize, usize)> = (0..g_all.len()).filter_map(|i| best(&g_all[i], &p_all).map(|j| (i, j))).collect();
    let lines: Vec<&str> = text.split('\n').collect();
    let norm = |l: usize| lines[l - 1].split_whitespace().collect::<Vec<_>>().join(" ");
    let (mut total, mut found) = (0.0, 0.0);
    for &(i, j) in &matched {
        total += g_dup[i].len() as f64;
        let mut spare: HashMap<String, usize> = HashMap::new();
        for &l in g_span[i].iter().filter(|l| p_dup[j].contains(l)) {
            *spare.entry(norm(l)).or_default() += 1;
        }
        let mut dups: Vec<usize> = g_dup[i].iter().copied().collect();
        dups.sort();
        for l in dups {
            if p_dup[j].contains(&l) {
                found += 1.0;
            } else if p_span[j].contains(&l) {
                if let Some(count) = spare.get_mut(&norm(l)).filter(|c| **c > 0) {
                    *count -= 1;
                    found += 1.0;
                }
            }
        }
    }
    total += gold_statements.iter().enumerate().filter(|(i, _)| !matched.iter().any(|(m, _)| m == i)).map(|(i, _)| g_dup[i].len() as f64).sum::<f64>();
    scores.dup_r = if total == 0.0 { f64::NAN } else { found / total };

    let pdate = |j: usize| date_parts(&predicted[j]["date"], predicted[j]["date_precision"].as_str());
    let gdate = |i: usize| date_parts(&gold_statements[i]["date"], None);
    let equal = |p: &Option<Vec<u32>>, g: &Vec<u32>| p.as_ref().is_some_and(|p| p.len() >= g.len() && p[..g.len()] == g[..]);
    let dated: Vec<usize> = (0..g_all.len()).filter(|&i| gdate(i).is_some() && !g_all[i].is_empty()).collect();
    let right = dated.iter().filter(|&&i| matched.iter().find(|(m, _)| *m == i).is_some_and(|&(_, j)| equal(&pdate(j), &gdate(i).unwrap()))).count();
    scores.date_acc = if dated.is_empty() { f64::NAN } else { right as f64 / dated.len() as f64 };
    let (mut judged, mut ok) = (0.0, 0.0);
    for (j, lines_of_j) in p_all.iter().enumerate() {
        if pdate(j).is_none() {
            continue;
        }
        let Some(i) = best(lines_of_j, &g_all) else { continue };
        if let Some(g) = gdate(i) {
            judged += 1.0;
            if equal(&pdate(j), &g) {
                ok += 1.0;
            }
        }
    }
    scores.date_prec = if judged == 0.0 { f64::NAN } else { ok / judged };
    let m = matched.len() as f64;
    let same = |key: &str| matched.iter().filter(|&&(i, j)| gold_statements[i][key].as_str().map(str::to_lowercase) == predicted[j][key].as_str().map(str::to_lowercase)).count() as f64 / m;
    scores.kind_acc = same("kind");
    scores.lang_acc = same("lang");
    let (mut tp, mut fp, mut fneg) = (0.0, 0.0, 0.0);
    for &(i, j) in &matched {
        let (g, p) = (names(&gold_statements[i]["people"]), names(&predicted[j]["people"]));
        tp += g.intersection(&p).count() as f64;
        fp += p.difference(&g).count() as f64;
        fneg += g.difference(&p).count() as f64;
    }
    let gold_names_people = gold_statements.iter().any(|st| !names(&st["people"]).is_empty());
    scores.people_f1 = if !gold_names_people { f64::NAN } else if tp + fp + fneg == 0.0 { 1.0 } else { 2.0 * tp / (2.0 * tp + fp + fneg) };
    (scores, nonblank.len())
}

/// Scores a report against gold files; `text_of(name)` gives a source's text.
pub fn score(report: &Value, golds: &[Value], text_of: impl Fn(&str) -> String) -> Scores {
    let file_name = |p: &str| p.rsplit('/').next().unwrap_or(p).to_string();
    // Metric by metric: a source where a metric is undefined (NaN) does not count for it.
    let mut per_source: Vec<(Scores, f64)> = Vec::new();
    for gold in golds {
        let name = file_name(gold["source"].as_str().unwrap());
        let predicted: Vec<&Value> = report["statements"].as_array().unwrap().iter().filter(|s| file_name(s["spans"][0]["source"].as_str().unwrap()) == name).collect();
        let discarded: Vec<(usize, usize)> = report["discarded"].as_array().unwrap().iter().filter(|d| file_name(d["source"].as_str().unwrap()) == name).map(|d| (d["start"].as_u64().unwrap() as usize, d["end"].as_u64().unwrap() as usize)).collect();
        let (s, lines) = score_source(&text_of(&name), gold, &predicted, &discarded);
        per_source.push((s, lines as f64));
    }
    let mean = |get: fn(&Scores) -> f64| {
        let defined: Vec<(f64, f64)> = per_source.iter().map(|(s, w)| (get(s), *w)).filter(|(v, _)| !v.is_nan()).collect();
        defined.iter().map(|(v, w)| v * w).sum::<f64>() / defined.iter().map(|(_, w)| w).sum::<f64>()
    };
    Scores {
        b3_f1: mean(|s| s.b3_f1),
        boiler_p: mean(|s| s.boiler_p),
        boiler_r: mean(|s| s.boiler_r),
        dup_r: mean(|s| s.dup_r),
        date_acc: mean(|s| s.date_acc),
        date_prec: mean(|s| s.date_prec),
        kind_acc: mean(|s| s.kind_acc),
        people_f1: mean(|s| s.people_f1),
        lang_acc: mean(|s| s.lang_acc),
    }
}
