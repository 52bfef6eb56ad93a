//! Training the content model (`readmode train`): two one-hidden-layer networks over the block
//! features, fitted on the tuning parts of the corpora given (WCXB, trafilatura's snippet corpus,
//! Readability's test pages: any of them, best all three) and judged on the parts kept aside.
//!
//! 1. Every page is parsed and classified by the rules alone; each visible block gets its
//!    features, a target and whether the classifier lets the model decide it. The target: on a
//!    WCXB or Readability page, is the block's text part of the page's reference text? On a
//!    snippet page, which names a few sentences the article holds (`with`) and a few pieces of
//!    boilerplate (`without`), a block holding one of the first is content, one holding one of
//!    the second is not, and every other block has no target (it weighs nothing).
//! 2. Both networks are fitted on the tuning pages' blocks the model decides (Adam, weighted
//!    cross-entropy; a block weighs as many words as it has, up to [`MAX_WEIGHT`], since the score
//!    counts words, and more for each boilerplate snippet it holds, since leak counts those): the
//!    one that turns content away with a heavy leak term, [`DROP_LEAK_SNIPPET_WEIGHT`], the one
//!    that brings blocks back with a light one, [`KEEP_LEAK_SNIPPET_WEIGHT`].
//! 3. The thresholds (when the model may overrule the rules) are the ones that score best in a
//!    4-fold cross-validation over the tuning pages, folds grouped by site (two pages of one site,
//!    one template, are never one on each side): the mean over the corpora of each corpus's own
//!    figure (WCXB: F1 less a quarter of the leak; snippets: snippet F1; Readability: word F1).
//! 4. Both parts are scored, rules alone and with the model, as `readmode eval` scores them (the
//!    model decides the blocks the classifier lets it decide, no others), and the tuning part once
//!    more as the cross-validation saw it (every page by a model not fitted on it: the honest
//!    figure beside the pages kept aside), per corpus.
//! 5. The weights are written as Rust source, compiled into the crate (and the wasm).
//!
//! Deterministic (fixed seeds; the fits run in parallel), a few minutes on 2 cores.

use crate::classify::features::{self, COUNT};
use crate::classify::model::{decide, Model, Net};
use crate::classify::classify_with;
use crate::lexicon::words_of_text;
use crate::dom::parse_html;
use crate::extract::metadata::extract_metadata;
use crate::extract::url::BaseUrl;
use super::corpus::{
    CorpusKind, is_held_out_readability, is_held_out_site, load_snippet_index, load_wcxb_truth, read_page, site_of, Truth,
};
use super::score::{collapse_space, format_table, score_page, table, PageScore};
use std::io::Write;
use std::path::Path;

/// Hidden units.
const HIDDEN: usize = 32;
const EPOCHS: usize = 12;
const BATCH: usize = 256;
const LEARNING_RATE: f32 = 0.003;
const L2: f32 = 1e-3;
/// A block's weight in training is its word count, up to this.
const MAX_WEIGHT: f32 = 60.0;
/// What a unit of leak costs, in F1, when the threshold is chosen.
const LEAK_COST: f64 = 0.25;
/// Total training weight of one page.
const PAGE_WEIGHT: f32 = 1000.0;
/// Extra weight of a block per boilerplate snippet (the reference's `without` list) its text
/// holds, in the network that turns content away: three tenths of a page. Leak is counted per
/// snippet over all pages, so a block that leaks costs more than its words say.
const DROP_LEAK_SNIPPET_WEIGHT: f32 = 300.0;
/// The same in the network that brings blocks back: a tenth of a page (without it the network
/// brings back more boilerplate; with the drop network's weight it brings back less content).
const KEEP_LEAK_SNIPPET_WEIGHT: f32 = 100.0;
const SEED: u64 = 0x5eed_2026;

/// The name a corpus kind's figures are printed under.
fn corpus_name(kind: CorpusKind) -> &'static str {
    match kind {
        CorpusKind::Wcxb => "WCXB",
        CorpusKind::Snippets => "snippets",
        CorpusKind::Readability => "Readability",
    }
}

/// A page to train on, before it is read: its reference, where it came from and its file.
struct PageRef {
    truth: Truth,
    source: CorpusKind,
    /// The site it belongs to (cross-validation folds never split a site).
    site: String,
    held_out: bool,
    path: std::path::PathBuf,
}

/// One page, classified by the rules.
struct PageData {
    truth: Truth,
    source: CorpusKind,
    site: String,
    held_out: bool,
    /// Per block: features, target, words, text, the rules' verdict, whether the model decides it.
    blocks: Vec<BlockData>,
    rule_body: String,
}

struct BlockData {
    f: [f32; COUNT],
    target: bool,
    words: f32,
    text: String,
    /// Visible and not the title: the article text is made of the content blocks among these.
    shown: bool,
    rule: crate::classify::Verdict,
    zone: Option<crate::classify::Label>,
    /// How many of the page's boilerplate snippets (`without`) the block's text holds.
    leaks: u32,
    /// Whether the block has a target at all (on a snippet page, only blocks holding a snippet).
    labeled: bool,
    /// Whether the classifier lets the model decide the block: not the rules' sure verdicts (a
    /// byline, a repeat), code in the body, long prose, nor a block in a container named as clutter.
    scored: bool,
}

pub struct Report {
    pub summary: String,
    pub weights_source: String,
}

fn page_data(r: &PageRef, html: &str) -> Option<PageData> {
    let truth = &r.truth;
    let doc = crate::dom::prepare::page_as_shown(parse_html(html).ok()?);
    let doc = &doc;
    let base = truth.url.as_deref().and_then(BaseUrl::parse);
    let meta = extract_metadata(doc, base.as_ref());
    let (c, feats, scored) = classify_with(doc, &crate::known(&meta), None);
    let reference = format!(" {} ", words_of_text(&truth.text));
    let without: Vec<String> = truth.without.iter().map(|w| w.to_lowercase()).filter(|w| !w.trim().is_empty()).collect();
    // Snippets are matched as score.py matches them: white space collapsed, case kept.
    let with: Vec<String> = truth.with.iter().map(|w| collapse_space(w)).filter(|w| !w.is_empty()).collect();
    let mut blocks = Vec::new();
    for (i, b) in c.seg.blocks.iter().enumerate() {
        let low = b.text.to_lowercase();
        let leaks = without.iter().filter(|s| low.contains(s.as_str())).count() as u32;
        let (target, labeled) = if r.source == CorpusKind::Snippets {
            let text = collapse_space(&b.text);
            let holds = with.iter().any(|s| text.contains(s.as_str()));
            // A block holding both kinds has no target: keeping it finds one and leaks the other.
            (holds && leaks == 0, holds != (leaks > 0))
        } else {
            let w = words_of_text(&b.text);
            (!w.is_empty() && reference.contains(&format!(" {w} ")), true)
        };
        blocks.push(BlockData {
            f: feats[i],
            target,
            words: b.words() as f32,
            text: b.text.clone(),
            shown: !b.hidden && Some(i) != c.title_block,
            rule: c.verdicts[i].clone(),
            zone: c.zone[b.node].as_ref().map(|z| z.label),
            leaks,
            labeled,
            scored: scored[i],
        });
    }
    let rule_body = body(&blocks, |b| b.rule.label.is_content());
    Some(PageData { truth: truth.clone(), source: r.source, site: r.site.clone(), held_out: r.held_out, blocks, rule_body })
}

/// The pages of the corpora given, each recognised by its layout as `readmode eval` does.
fn corpus_pages(corpora: &[std::path::PathBuf]) -> Result<Vec<PageRef>, String> {
    let mut pages = Vec::new();
    for corpus in corpora {
        let page_file = |dir: &Path, id: &str| [".html", ".html.gz"].iter().map(|e| dir.join(format!("{id}{e}"))).find(|p| p.exists());
        match CorpusKind::of(corpus)? {
            CorpusKind::Wcxb => for t in load_wcxb_truth(corpus)? {
                let Some(path) = page_file(&corpus.join("html"), &t.id) else { continue };
                let url = t.url.clone().unwrap_or_default();
                pages.push(PageRef { site: site_of(&url), held_out: is_held_out_site(&url), truth: t, source: CorpusKind::Wcxb, path });
            }
            CorpusKind::Snippets => for p in load_snippet_index(corpus)? {
                let Some(path) = page_file(&corpus.join("pages"), &p.id) else { continue };
                let truth = Truth {
                    id: p.id.clone(),
                    page_type: "article".into(),
                    text: String::new(),
                    url: p.url.contains("://").then(|| p.url.clone()),
                    with: p.with.clone(),
                    without: p.without.clone(),
                };
                pages.push(PageRef { site: site_of(&p.url), held_out: is_held_out_site(&p.url), truth, source: CorpusKind::Snippets, path });
            }
            CorpusKind::Readability => {
                let dir = corpus.join("pages");
                let mut slugs: Vec<String> = std::fs::read_dir(&dir)
                    .map_err(|e| format!("cannot read {}: {e}", dir.display()))?
                    .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
                    .collect();
                slugs.sort();
                for slug in slugs {
                    let page = dir.join(&slug);
                    let readerable = std::fs::read_to_string(page.join("expected-metadata.json"))
                        .ok()
                        .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
                        .and_then(|v| v.get("readerable").and_then(serde_json::Value::as_bool))
                        .unwrap_or(false);
                    // Only pages with an article to compare against (the others have no expected text).
                    let Ok(expected) = std::fs::read(page.join("expected.html")) else { continue };
                    if !readerable || !page.join("source.html").is_file() {
                        continue;
                    }
                    let text = super::eval::html_text(&crate::dom::decode_html(&expected, None).text);
                    // Pages of one site share the slug's first word (nytimes-1, nytimes-2).
                    let site = slug.split('-').next().unwrap_or(&slug).to_string();
                    let truth = Truth { id: slug.clone(), page_type: "article".into(), text, url: None, with: Vec::new(), without: Vec::new() };
                    pages.push(PageRef { held_out: is_held_out_readability(&slug), site, truth, source: CorpusKind::Readability, path: page.join("source.html") });
                }
            }
        }
    }
    Ok(pages)
}

fn body(blocks: &[BlockData], is_content: impl Fn(&BlockData) -> bool) -> String {
    blocks.iter().filter(|b| b.shown && is_content(b)).map(|b| b.text.as_str()).collect::<Vec<_>>().join("\n\n")
}

/// A small deterministic generator (xorshift), so training needs no crate.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn uniform(&mut self) -> f32 {
        (self.next() >> 40) as f32 / (1u64 << 24) as f32
    }
}

/// Fits one network; also returns its mean training loss at the last epoch.
fn fit(samples: &[(&[f32; COUNT], bool, f32)]) -> (Net, f64) {
    // Standardise.
    let n = samples.len().max(1) as f32;
    let mut mean = vec![0f32; COUNT];
    let mut scale = vec![0f32; COUNT];
    for (f, _, _) in samples {
        for k in 0..COUNT {
            mean[k] += f[k] / n;
        }
    }
    for (f, _, _) in samples {
        for k in 0..COUNT {
            scale[k] += (f[k] - mean[k]).powi(2) / n;
        }
    }
    for s in &mut scale {
        *s = s.sqrt().max(1e-3);
    }
    let xs: Vec<[f32; COUNT]> = samples
        .iter()
        .map(|(f, _, _)| {
            let mut x = [0f32; COUNT];
            for k in 0..COUNT {
                x[k] = (f[k] - mean[k]) / scale[k];
            }
            x
        })
        .collect();
    // Parameters: w1 (HIDDEN×COUNT), b1, w2, b2 — in one vector for Adam.
    let np = HIDDEN * COUNT + HIDDEN + HIDDEN + 1;
    let mut rng = Rng(SEED);
    let mut p: Vec<f32> = (0..np).map(|_| (rng.uniform() - 0.5) * 2.0 * (1.0 / (COUNT as f32).sqrt())).collect();
    let (mut m, mut v) = (vec![0f32; np], vec![0f32; np]);
    let (b1_at, w2_at, b2_at) = (HIDDEN * COUNT, HIDDEN * COUNT + HIDDEN, HIDDEN * COUNT + 2 * HIDDEN);
    let mut order: Vec<usize> = (0..xs.len()).collect();
    let mut step = 0i32;
    let mut last_loss = 0f64;
    for _ in 0..EPOCHS {
        for i in (1..order.len()).rev() {
            let j = (rng.next() % (i as u64 + 1)) as usize;
            order.swap(i, j);
        }
        let mut loss = 0f64;
        let mut wsum = 0f64;
        for chunk in order.chunks(BATCH) {
            let mut g = vec![0f32; np];
            let mut batch_w = 0f32;
            for &i in chunk {
                let (x, (_, y, w)) = (&xs[i], samples[i]);
                let mut hid = [0f32; HIDDEN];
                let mut out = p[b2_at];
                for h in 0..HIDDEN {
                    let row = &p[h * COUNT..(h + 1) * COUNT];
                    let z: f32 = p[b1_at + h] + row.iter().zip(x).map(|(a, b)| a * b).sum::<f32>();
                    hid[h] = z.tanh();
                    out += p[w2_at + h] * hid[h];
                }
                let prob = 1.0 / (1.0 + (-out).exp());
                let t = if y { 1.0 } else { 0.0 };
                loss += -(w as f64) * if y { (prob as f64).max(1e-7).ln() } else { (1.0 - prob as f64).max(1e-7).ln() };
                wsum += w as f64;
                batch_w += w;
                let d_out = w * (prob - t);
                g[b2_at] += d_out;
                for h in 0..HIDDEN {
                    g[w2_at + h] += d_out * hid[h];
                    let d_z = d_out * p[w2_at + h] * (1.0 - hid[h] * hid[h]);
                    g[b1_at + h] += d_z;
                    let row = &mut g[h * COUNT..(h + 1) * COUNT];
                    for k in 0..COUNT {
                        row[k] += d_z * x[k];
                    }
                }
            }
            step += 1;
            let (b1, b2) = (0.9f32, 0.999f32);
            for k in 0..np {
                let grad = g[k] / batch_w.max(1e-6) + L2 * p[k];
                m[k] = b1 * m[k] + (1.0 - b1) * grad;
                v[k] = b2 * v[k] + (1.0 - b2) * grad * grad;
                let mh = m[k] / (1.0 - b1.powi(step));
                let vh = v[k] / (1.0 - b2.powi(step));
                p[k] -= LEARNING_RATE * mh / (vh.sqrt() + 1e-8);
            }
        }
        last_loss = loss / wsum.max(1.0);
    }
    let net = Net::new(mean, scale, p[..b1_at].to_vec(), p[b1_at..w2_at].to_vec(), p[w2_at..b2_at].to_vec(), p[b2_at]);
    (net, last_loss)
}

/// Cross-validation folds over the tuning pages.
const FOLDS: usize = 4;

/// A page's fold: its site's, so that no site is split between fitting and judging.
fn fold_of(site: &str) -> usize {
    site.bytes().fold(0usize, |h, b| h.wrapping_mul(31).wrapping_add(b as usize)) % FOLDS
}

/// Training samples of some pages: the blocks the model will be asked about (see
/// [`BlockData::scored`]). Every page weighs the same in total, as every page counts the same in
/// the mean F1; within a page a block weighs its words (up to [`MAX_WEIGHT`]).
fn samples_of<'a>(pages: &[&'a PageData], leak_weight: f32) -> Vec<(&'a [f32; COUNT], bool, f32)> {
    pages
        .iter()
        .flat_map(|p| {
            let total: f32 = p.blocks.iter().filter(|b| b.shown && b.labeled).map(|b| b.words.clamp(1.0, MAX_WEIGHT)).sum();
            let per_page = PAGE_WEIGHT / total.max(1.0);
            p.blocks.iter().filter(|b| b.shown && b.scored && b.labeled).map(move |b| {
                // A block holding boilerplate the reference names counts as that much leak.
                let leak = if b.target { 0.0 } else { b.leaks as f32 * leak_weight };
                (&b.f, b.target, b.words.clamp(1.0, MAX_WEIGHT) * per_page + leak)
            })
        })
        .collect()
}

/// The body the classifier gives with `model`: it decides only the blocks it is asked about.
fn model_body(model: &Model, page: &PageData) -> String {
    body(&page.blocks, |b| if b.scored { decide(model, &b.f, &b.rule, b.zone).label.is_content() } else { b.rule.label.is_content() })
}

fn scores(pages: &[&PageData], body_of: impl Fn(&PageData) -> String) -> Vec<PageScore> {
    pages.iter().map(|p| score_page(&p.truth, &body_of(p))).collect()
}

/// What the threshold search maximises, and the figures that make it, for some pages.
struct Figures {
    objective: f64,
    /// One line per corpus.
    lines: String,
}

/// Each corpus's own figure for a body per page, and their mean: WCXB F1 less a quarter of the
/// leak, snippet F1 (all snippets of all pages counted together, as score.py counts them),
/// Readability word F1. Every corpus given counts the same.
fn figures(pages: &[&PageData], body_of: impl Fn(usize) -> String) -> Figures {
    let bodies: Vec<String> = (0..pages.len()).map(body_of).collect();
    let (mut sum, mut n, mut lines) = (0.0, 0.0, String::new());
    for source in [CorpusKind::Wcxb, CorpusKind::Snippets, CorpusKind::Readability] {
        let at: Vec<usize> = (0..pages.len()).filter(|&i| pages[i].source == source).collect();
        let part: Vec<&PageData> = at.iter().map(|&i| pages[i]).collect();
        if part.is_empty() {
            continue;
        }
        let (objective, line) = if source == CorpusKind::Snippets {
            let (mut tp, mut fn_, mut fp) = (0usize, 0usize, 0usize);
            for &i in &at {
                let p = pages[i];
                let out = collapse_space(&bodies[i]);
                let found = |s: &String| out.contains(&collapse_space(s));
                let hits = p.truth.with.iter().filter(|s| found(s)).count();
                tp += hits;
                fn_ += p.truth.with.len() - hits;
                fp += p.truth.without.iter().filter(|s| found(s)).count();
            }
            let ratio = |a: usize, b: usize| a as f64 / b.max(1) as f64;
            let f1 = ratio(2 * tp, 2 * tp + fp + fn_);
            (f1, format!("snippet F1 {f1:.3}  P {:.3}  R {:.3}", ratio(tp, tp + fp), ratio(tp, tp + fn_)))
        } else {
            let page_scores: Vec<PageScore> = at.iter().map(|&i| score_page(&pages[i].truth, &bodies[i])).collect();
            let row = &table(&page_scores)[0];
            let objective = if source == CorpusKind::Wcxb { row.f1 - LEAK_COST * row.leak } else { row.f1 };
            (objective, format!("F1 {:.3}  P {:.3}  R {:.3}  leak {:.3}", row.f1, row.p, row.r, row.leak))
        };
        sum += objective;
        n += 1.0;
        lines += &format!("  {:<12} n={:<5} {line}\n", corpus_name(source), part.len());
    }
    Figures { objective: sum / f64::max(n, 1.0), lines }
}


pub fn train(corpora: &[std::path::PathBuf], log: &mut dyn Write) -> Result<Report, String> {
    // 1. Pages and blocks.
    let refs = corpus_pages(corpora)?;
    let next = std::sync::atomic::AtomicUsize::new(0);
    let workers = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1).min(8);
    let mut pages: Vec<(usize, PageData)> = std::thread::scope(|s| {
        let hs: Vec<_> = (0..workers)
            .map(|_| {
                let (next, refs) = (&next, &refs);
                s.spawn(move || {
                    let mut out = Vec::new();
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(r) = refs.get(i) else { break };
                        let data = read_page(&r.path).ok().and_then(|bytes| {
                            let html = crate::dom::decode_html(&bytes, r.truth.url.as_deref()).text;
                            std::panic::catch_unwind(|| page_data(r, &html)).ok().flatten()
                        });
                        out.push((i, data.unwrap_or_else(|| PageData {
                            truth: r.truth.clone(),
                            source: r.source,
                            site: r.site.clone(),
                            held_out: r.held_out,
                            blocks: Vec::new(),
                            rule_body: String::new(),
                        })));
                    }
                    out
                })
            })
            .collect();
        hs.into_iter().flat_map(|h| h.join().expect("train worker")).collect()
    });
    pages.sort_by_key(|(i, _)| *i);
    let pages: Vec<PageData> = pages.into_iter().map(|(_, p)| p).collect();
    let (tuning, held): (Vec<&PageData>, Vec<&PageData>) = pages.iter().partition(|p| !p.held_out);
    let _ = writeln!(log, "readmode train: {} pages ({} tuning)", pages.len(), tuning.len());

    // 2-3. Thresholds by cross-validation on the tuning pages (the kept-aside part stays unseen):
    // each fold's model is judged on the pages it was not fitted on. The folds' models and the
    // final one (fold `FOLDS` leaves no page out) are fitted in parallel.
    let fold_pages = |fold: usize| -> Vec<&PageData> { tuning.iter().copied().filter(|p| fold_of(&p.site) != fold).collect() };
    let mut models: Vec<Model> = fit_models(&(0..=FOLDS).map(fold_pages).collect::<Vec<_>>(), log);
    let mut model = models.pop().expect("the final model");
    let grid: Vec<(f32, f32)> =
        [0.2f32, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5].iter().flat_map(|&d| [0.5f32, 0.6, 0.7, 0.8, 0.9, 1.01].map(move |k| (d, k))).collect();
    // Per grid point, each tuning page's body from the model not fitted on it.
    let cv_figures = |d: f32, k: f32| -> Figures {
        let folds: Vec<Model> = models.iter().map(|m| Model { drop_below: d, keep_from: k, ..m.clone() }).collect();
        figures(&tuning, |i| model_body(&folds[fold_of(&tuning[i].site)], tuning[i]))
    };
    let rules = figures(&tuning, |i| tuning[i].rule_body.clone());
    let _ = write!(log, "readmode train: rules alone on the tuning pages (objective {:.4}):\n{}", rules.objective, rules.lines);
    let mut best = ((0.5f32, 0.5f32), f64::MIN, String::new());
    for &(d, k) in &grid {
        let f = cv_figures(d, k);
        let _ = writeln!(log, "readmode train: drop below {d:.2}, keep from {k:.2}: cross-validated objective {:.4}", f.objective);
        if f.objective > best.1 {
            best = ((d, k), f.objective, f.lines);
        }
    }
    (model.drop_below, model.keep_from) = best.0;

    // 4. Figures.
    let mut summary = format!(
        "tuning part, cross-validated by site (each page scored by a model not fitted on its site; objective {:.4}):\n{}",
        best.1, best.2
    );
    for (name, part) in [("tuning part", &tuning), ("kept-aside part", &held)] {
        summary += &format!("{name}, rules alone:\n{}", figures(part, |i| part[i].rule_body.clone()).lines);
        summary += &format!(
            "{name}, with the model (drop below {:.2}, keep from {:.2}):\n{}",
            model.drop_below,
            model.keep_from,
            figures(part, |i| model_body(&model, part[i])).lines
        );
    }
    let wcxb: Vec<&PageData> = held.iter().copied().filter(|p| p.source == CorpusKind::Wcxb).collect();
    if !wcxb.is_empty() {
        summary += &format!("kept-aside WCXB pages by type, with the model:\n{}", format_table(&table(&scores(&wcxb, |p| model_body(&model, p)))));
    }

    // 5. Weights as Rust source.
    let weights_source = format!(
        "// Generated by `readmode train --corpus <wcxb-dev> --corpus <trafilatura-dev> --corpus <readability>`\n\
         // (src/cli/train.rs); do not edit.\n\
         // Features: {names}.\n\
         /// The network that judges the blocks the rules call content.\n\
         pub mod drop {{\n{drop_net}}}\n\
         /// The network that judges the blocks the rules turn away.\n\
         pub mod keep {{\n{keep_net}}}\n\
         pub const DROP_BELOW: f32 = {drop:e};\n\
         pub const KEEP_FROM: f32 = {keep:e};\n",
        names = features::NAMES.join(", "),
        drop_net = net_source(&model.drop_net),
        keep_net = net_source(&model.keep_net),
        drop = model.drop_below,
        keep = model.keep_from,
    );
    Ok(Report { summary, weights_source })
}

/// Both networks for each set of pages, fitted on as many threads as there are cores (each fit
/// is deterministic, so the result does not depend on the order they run in).
fn fit_models(page_sets: &[Vec<&PageData>], log: &mut dyn Write) -> Vec<Model> {
    let jobs: Vec<(usize, f32)> =
        (0..page_sets.len()).flat_map(|i| [(i, DROP_LEAK_SNIPPET_WEIGHT), (i, KEEP_LEAK_SNIPPET_WEIGHT)]).collect();
    let next = std::sync::atomic::AtomicUsize::new(0);
    let workers = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1).min(jobs.len());
    let mut nets: Vec<(usize, Net, f64)> = std::thread::scope(|s| {
        let hs: Vec<_> = (0..workers)
            .map(|_| {
                let (next, jobs) = (&next, &jobs);
                s.spawn(move || {
                    let mut out = Vec::new();
                    loop {
                        let j = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(&(set, leak_weight)) = jobs.get(j) else { break };
                        let (net, loss) = fit(&samples_of(&page_sets[set], leak_weight));
                        out.push((j, net, loss));
                    }
                    out
                })
            })
            .collect();
        hs.into_iter().flat_map(|h| h.join().expect("train worker")).collect()
    });
    nets.sort_by_key(|n| n.0);
    let mut nets = nets.into_iter();
    (0..page_sets.len())
        .map(|set| {
            let (_, drop_net, drop_loss) = nets.next().expect("drop network");
            let (_, keep_net, keep_loss) = nets.next().expect("keep network");
            let name = if set < FOLDS { format!("fold {}/{FOLDS}", set + 1) } else { "all tuning pages".to_string() };
            let _ = writeln!(log, "readmode train: {name} fitted (loss {drop_loss:.4} drop, {keep_loss:.4} keep)");
            Model { drop_net, keep_net, drop_below: 0.5, keep_from: 0.5 }
        })
        .collect()
}

/// One network's constants, for `model_weights.rs`.
fn net_source(net: &Net) -> String {
    let arr = |v: &[f32]| format!("[{}]", v.iter().map(|x| format!("{x:e}")).collect::<Vec<_>>().join(", "));
    let hidden = net.hidden();
    let rows: Vec<String> = (0..hidden).map(|h| arr(&net.w1[h * COUNT..(h + 1) * COUNT])).collect();
    format!(
        "    pub const MEAN: [f32; {COUNT}] = {mean};\n\
         \x20   pub const SCALE: [f32; {COUNT}] = {scale};\n\
         \x20   pub const W1: [[f32; {COUNT}]; {hidden}] = [\n        {w1}\n    ];\n\
         \x20   pub const B1: [f32; {hidden}] = {b1};\n\
         \x20   pub const W2: [f32; {hidden}] = {w2};\n\
         \x20   pub const B2: f32 = {b2:e};\n",
        mean = arr(&net.mean),
        scale = arr(&net.scale),
        w1 = rows.join(",\n        "),
        b1 = arr(&net.b1),
        w2 = arr(&net.w2),
        b2 = net.b2,
    )
}
