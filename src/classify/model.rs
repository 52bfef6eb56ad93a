//! The learned content model: two small neural networks (one hidden layer each) over the block
//! [`features`](super::features), trained by `readmode train` on the tuning part of the WCXB
//! corpus (`src/cli/train.rs`). It overrules the rules where it is sure: it turns away content the
//! rules kept (the block takes its zone's clutter label, or `other`) and brings back content the
//! rules dropped for want of evidence (never a block in a container named as clutter).
//!
//! Each way has its own network: the one that turns content away is trained to weigh leaked
//! boilerplate heavily (one snippet of site text left in the body costs as much as a wrong
//! paragraph), the one that brings blocks back is trained for F1 with a lighter leak term. A block
//! is judged by one network only, the one for its rule verdict.

use super::features::{ln_words, Feature, COUNT};
use super::{Label, Verdict};

/// One network: standardisation, one hidden layer of `tanh` units, a logistic output.
#[derive(Debug, Clone)]
pub(crate) struct Net {
    pub(crate) mean: Vec<f32>,
    pub(crate) scale: Vec<f32>,
    /// `hidden × COUNT`, row-major.
    pub(crate) w1: Vec<f32>,
    pub(crate) b1: Vec<f32>,
    pub(crate) w2: Vec<f32>,
    pub(crate) b2: f32,
    /// `w1` column by column (`COUNT × hidden`): one input's weights into every hidden unit side
    /// by side, so [`Net::predict`] works on all the units at once.
    w1_by_input: Vec<f32>,
}

/// Hidden layers up to this size are worked out on the stack.
const MAX_STACK_HIDDEN: usize = 64;

/// The hidden layer's size in the committed weights (`model_weights.rs`).
const BUILT_IN_HIDDEN: usize = weights::drop::B1.len();

impl Net {
    pub(crate) fn new(mean: Vec<f32>, scale: Vec<f32>, w1: Vec<f32>, b1: Vec<f32>, w2: Vec<f32>, b2: f32) -> Net {
        let hidden = b1.len();
        let mut w1_by_input = vec![0f32; w1.len()];
        for h in 0..hidden {
            for k in 0..COUNT {
                w1_by_input[k * hidden + h] = w1[h * COUNT + k];
            }
        }
        Net { mean, scale, w1, b1, w2, b2, w1_by_input }
    }

    pub(crate) fn hidden(&self) -> usize {
        self.b1.len()
    }

    /// Probability that a block with these features is article content.
    pub(crate) fn predict(&self, f: &[f32; COUNT]) -> f32 {
        // The same sums eight units at a time where the processor can: the same products added
        // in the same order (no fused multiply-add), so the same figures to the bit. On a table of
        // a million cells, every one of them scored, that is 6% of the command line's time.
        #[cfg(target_arch = "x86_64")]
        if std::is_x86_feature_detected!("avx2") {
            // SAFETY: the processor has AVX2, just checked.
            return unsafe { self.predict_avx2(f) };
        }
        self.predict_here(f)
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    fn predict_avx2(&self, f: &[f32; COUNT]) -> f32 {
        self.predict_here(f)
    }

    #[inline(always)]
    fn predict_here(&self, f: &[f32; COUNT]) -> f32 {
        let mut x = [0f32; COUNT];
        if let (Ok(mean), Ok(scale)) = (<&[f32; COUNT]>::try_from(&self.mean[..]), <&[f32; COUNT]>::try_from(&self.scale[..])) {
            for k in 0..COUNT {
                x[k] = (f[k] - mean[k]) / scale[k];
            }
        } else {
            for k in 0..COUNT {
                x[k] = (f[k] - self.mean[k]) / self.scale[k];
            }
        }
        let hidden = self.hidden();
        // Each unit's weighted sum, input after input in the same order as a row-by-row dot
        // product (so the same figures to the bit), for every unit in one sweep: for the size
        // the committed weights have, with the sums held in registers from the first input to
        // the last (on a table of a million cells, every one of them scored, that halved the
        // time the sums took).
        let mut stack = [-0.0f32; MAX_STACK_HIDDEN];
        let mut heap = Vec::new();
        let sums: &mut [f32] = if hidden == BUILT_IN_HIDDEN {
            stack[..BUILT_IN_HIDDEN].copy_from_slice(&self.sums::<BUILT_IN_HIDDEN>(&x));
            &mut stack[..BUILT_IN_HIDDEN]
        } else {
            let sums = if hidden <= MAX_STACK_HIDDEN {
                &mut stack[..hidden]
            } else {
                heap.resize(hidden, -0.0f32);
                &mut heap
            };
            for (column, v) in self.w1_by_input.chunks_exact(hidden.max(1)).zip(&x) {
                for (s, w) in sums.iter_mut().zip(column) {
                    *s += w * v;
                }
            }
            sums
        };
        let mut out = self.b2;
        // Natively, glibc's tanh eight units at a time (see `tanh`); in the wasm, Rust's.
        #[cfg(not(target_arch = "wasm32"))]
        {
            use super::tanh::{tanh, tanh8};
            let (b1, w2) = (&self.b1[..hidden], &self.w2[..hidden]);
            let mut h = 0;
            for ((b1, w2), sums) in b1.chunks_exact(8).zip(w2.chunks_exact(8)).zip(sums.chunks_exact(8)) {
                let mut z = [0.0; 8];
                for i in 0..8 {
                    z[i] = b1[i] + sums[i];
                }
                let t = tanh8(z);
                for i in 0..8 {
                    out += w2[i] * t[i];
                }
                h += 8;
            }
            for h in h..hidden {
                out += self.w2[h] * tanh(self.b1[h] + sums[h]);
            }
        }
        #[cfg(target_arch = "wasm32")]
        for h in 0..hidden {
            out += self.w2[h] * (self.b1[h] + sums[h]).tanh();
        }
        1.0 / (1.0 + (-out).exp())
    }

    /// The hidden units' weighted sums for a layer of `H` units, as [`Net::predict_here`] adds them.
    #[inline(always)]
    fn sums<const H: usize>(&self, x: &[f32; COUNT]) -> [f32; H] {
        let mut sums = [-0.0f32; H];
        for (column, v) in self.w1_by_input.chunks_exact(H).zip(x) {
            let Ok(column) = <&[f32; H]>::try_from(column) else { break };
            for h in 0..H {
                sums[h] += column[h] * v;
            }
        }
        sums
    }
}

/// The two networks and their thresholds, as `readmode train` writes them to `model_weights.rs`.
#[derive(Debug, Clone)]
pub(crate) struct Model {
    /// Judges the blocks the rules call content.
    pub(crate) drop_net: Net,
    /// Judges the blocks the rules turn away.
    pub(crate) keep_net: Net,
    /// A block the rules call content stays content unless the drop network's probability falls
    /// below `drop_below`; a block the rules turn away becomes content from `keep_from`.
    pub(crate) drop_below: f32,
    pub(crate) keep_from: f32,
}

mod weights {
    include!("model_weights.rs");
}

/// A network of the generated weights module.
macro_rules! net {
    ($m:path) => {{
        use $m as w;
        Net::new(w::MEAN.to_vec(), w::SCALE.to_vec(), w::W1.iter().flatten().copied().collect(), w::B1.to_vec(), w::W2.to_vec(), w::B2)
    }};
}

impl Model {
    /// The model compiled into the crate.
    pub(crate) fn built_in() -> Model {
        Model {
            drop_net: net!(weights::drop),
            keep_net: net!(weights::keep),
            drop_below: weights::DROP_BELOW,
            keep_from: weights::KEEP_FROM,
        }
    }

    /// Probability that a block with these features is article content, by the network for a
    /// block the rules call content (`rule_content`) or turn away.
    pub(crate) fn predict(&self, f: &[f32; COUNT], rule_content: bool) -> f32 {
        if rule_content {
            self.drop_net.predict(f)
        } else {
            self.keep_net.predict(f)
        }
    }
}

/// The model may turn away a content block of at most about this many words (`ln(1 + words)`).
const MAX_DROP_LN_WORDS: f32 = 4.6; // ~100 words

/// Whether [`decide`] could give another verdict than the rules' for a block of `words` words:
/// blocks it cannot change are not scored at all (most of a page, on cluttered pages).
pub(crate) fn may_change(rule: &Verdict, zone: Option<Label>, words: usize) -> bool {
    if rule.label.is_content() {
        ln_words(words) < MAX_DROP_LN_WORDS
    } else {
        zone.is_none()
    }
}

/// The model's verdict on a block the rules labelled `rule`; `zone` is the clutter label of the
/// container around it, if any.
pub(crate) fn decide(model: &Model, f: &[f32; COUNT], rule: &Verdict, zone: Option<Label>) -> Verdict {
    let p = model.predict(f, rule.label.is_content());
    match (rule.label.is_content(), p) {
        // A long stretch of prose the rules placed in the body is not turned away on style alone.
        (true, p) if p < model.drop_below && f[Feature::LnWords] < MAX_DROP_LN_WORDS => {
            Verdict { label: zone.unwrap_or(Label::Other), confidence: 1.0 - p, reasons: Vec::new(), model: Some(p) }
        }
        // A block inside a container that names itself clutter (an ad slot, a menu) stays out.
        (false, p) if p >= model.keep_from && zone.is_none() => {
            Verdict { label: Label::Content, confidence: p, reasons: Vec::new(), model: Some(p) }
        }
        _ => Verdict { model: Some(p), ..rule.clone() },
    }
}
