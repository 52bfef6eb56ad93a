//! The content model's `tanh`, natively: glibc's `tanhf` (fdlibm's algorithm over its `expm1f`,
//! as Debian 12's glibc 2.36 builds it for x86-64) step for step, so that it gives the same `f32`
//! for every `f32` (a test checks all 2^32 of them against the platform's) and the model the
//! same probabilities to the bit, inlined in the model's loop instead of two library calls per
//! hidden unit: on a table of a million cells, every one of them scored, those calls were an
//! eighth of the command line's instructions. The wasm build keeps `f32::tanh` (Rust's own port
//! of musl's), whose figures can differ from glibc's in the last bit.

const ONE: f32 = 1.0;
const TINY: f32 = 1.0e-30;
const HUGE: f32 = 1.0e30;
const O_THRESHOLD: f32 = f32::from_bits(0x42b1_7180);
const LN2_HI: f32 = f32::from_bits(0x3f31_7180);
const LN2_LO: f32 = f32::from_bits(0x3717_f7d1);
const INVLN2: f32 = f32::from_bits(0x3fb8_aa3b);
const Q1: f32 = f32::from_bits(0xbd08_8889);
const Q2: f32 = f32::from_bits(0x3ad0_0d01);
const Q3: f32 = f32::from_bits(0xb8a6_70cd);
const Q4: f32 = f32::from_bits(0x3686_7e54);
const Q5: f32 = f32::from_bits(0xb457_edbb);

/// `tanhf(x)` as glibc computes it.
#[inline(always)]
pub(crate) fn tanh(x: f32) -> f32 {
    let bits = x.to_bits();
    let ix = bits & 0x7fff_ffff;
    let negative = bits >> 31 != 0;
    if ix >= 0x7f80_0000 {
        // Infinite or not a number.
        return if negative { ONE / x - ONE } else { ONE / x + ONE };
    }
    let z = if ix < 0x41b0_0000 {
        // |x| < 22
        if ix == 0 {
            return x;
        }
        if ix < 0x2400_0000 {
            return x * (ONE + x);
        }
        let a = f32::from_bits(ix);
        if ix >= 0x3f80_0000 {
            let t = expm1(a + a);
            ONE - 2.0 / (t + 2.0)
        } else {
            let t = expm1(-2.0 * a);
            -t / (t + 2.0)
        }
    } else {
        ONE - TINY
    };
    if negative {
        -z
    } else {
        z
    }
}

/// `expm1f(x)` as glibc computes it.
#[inline(always)]
fn expm1(x: f32) -> f32 {
    let bits = x.to_bits();
    let negative = bits >> 31 != 0;
    let hx = bits & 0x7fff_ffff;
    // Huge and non-finite arguments.
    if hx >= 0x4195_b844 {
        if hx >= 0x42b1_7218 {
            if hx > 0x7f80_0000 {
                return x + x;
            }
            if hx == 0x7f80_0000 {
                return if negative { -ONE } else { x };
            }
            if x > O_THRESHOLD {
                return HUGE * HUGE;
            }
        }
        if negative {
            return TINY - ONE;
        }
    }
    // Argument reduction.
    let (x, c, k) = if hx > 0x3eb1_7218 {
        let (hi, lo, k) = if hx < 0x3f85_1592 {
            if negative {
                (x + LN2_HI, -LN2_LO, -1)
            } else {
                (x - LN2_HI, LN2_LO, 1)
            }
        } else {
            let k = (INVLN2 * x + if negative { -0.5 } else { 0.5 }) as i32;
            let t = k as f32;
            (x - t * LN2_HI, t * LN2_LO, k)
        };
        let r = hi - lo;
        (r, (hi - r) - lo, k)
    } else if hx < 0x3300_0000 {
        return x;
    } else {
        (x, 0.0, 0)
    };
    let hfx = 0.5 * x;
    let hxs = x * hfx;
    let r1 = ONE + hxs * (Q1 + hxs * (Q2 + hxs * (Q3 + hxs * (Q4 + hxs * Q5))));
    let t = 3.0 - r1 * hfx;
    let e = hxs * ((r1 - t) / (6.0 - x * t));
    if k == 0 {
        return x - (x * e - hxs);
    }
    let e = (x * (e - c) - c) - hxs;
    if k == -1 {
        return 0.5 * (x - e) - 0.5;
    }
    if k == 1 {
        return if x < -0.25 { -2.0 * (e - (x + 0.5)) } else { ONE + 2.0 * (x - e) };
    }
    // `y` times 2^k, by adding k to its exponent.
    let scaled = |y: f32| f32::from_bits(y.to_bits().wrapping_add((k << 23) as u32));
    if k <= -2 || k > 56 {
        return scaled(ONE - (e - x)) - ONE;
    }
    if k < 23 {
        let t = f32::from_bits(0x3f80_0000 - (0x0100_0000 >> k));
        scaled(t - (e - x))
    } else {
        let t = f32::from_bits(((0x7f - k) << 23) as u32);
        scaled(x - (e + t) + ONE)
    }
}

/// [`tanh`] of eight floats at once: the same operations, every path of them worked out for every
/// float and the one [`tanh`] takes kept, so that the compiler can run them side by side (eight
/// lanes of AVX2 where the model's loop is compiled for it). Hidden units' sums lie anywhere,
/// so every path is taken by some of them; a branch per float would stop the lanes.
#[inline(always)]
pub(crate) fn tanh8(x: [f32; 8]) -> [f32; 8] {
    // A loop, not `map`: `map` is a call of its own, compiled without AVX2.
    let mut out = [0.0; 8];
    for i in 0..8 {
        out[i] = tanh_unbranched(x[i]);
    }
    out
}

/// [`tanh`] with each choice a selection between values both worked out.
#[inline(always)]
fn tanh_unbranched(x: f32) -> f32 {
    let bits = x.to_bits();
    let ix = bits & 0x7fff_ffff;
    let negative = bits >> 31 != 0;
    let a = f32::from_bits(ix);
    let big = ix >= 0x3f80_0000;
    // expm1(2|x|) from 1 up, expm1(-2|x|) below.
    let arg = if big { a + a } else { -2.0 * a };
    let t = expm1_unbranched(arg);
    let z = if big { ONE - 2.0 / (t + 2.0) } else { -t / (t + 2.0) };
    let z = if ix >= 0x41b0_0000 { ONE - TINY } else { z };
    let z = if negative { -z } else { z };
    let z = if ix < 0x2400_0000 { x * (ONE + x) } else { z };
    let z = if ix == 0 { x } else { z };
    if ix >= 0x7f80_0000 {
        if negative {
            ONE / x - ONE
        } else {
            ONE / x + ONE
        }
    } else {
        z
    }
}

/// [`expm1`] with each choice a selection, for the arguments [`tanh`] gives it (from -2 to 44,
/// where no argument is huge).
#[inline(always)]
fn expm1_unbranched(x: f32) -> f32 {
    let bits = x.to_bits();
    let negative = bits >> 31 != 0;
    let hx = bits & 0x7fff_ffff;
    // Bounded first (a float out of range or not a number makes `k_any` one never kept), so
    // that the conversion is the processor's, lane by lane, not Rust's saturating one.
    let v = (INVLN2 * x + if negative { -0.5 } else { 0.5 }).max(-1.0e4).min(1.0e4);
    // SAFETY: `v` is a number within ±10^4, which an `i32` holds.
    let k_any: i32 = unsafe { v.to_int_unchecked() };
    let t_any = k_any as f32;
    let reduced = hx > 0x3eb1_7218;
    let near = hx < 0x3f85_1592;
    let (hi, lo, k) = if !reduced {
        (x, 0.0, 0)
    } else if near {
        if negative {
            (x + LN2_HI, -LN2_LO, -1)
        } else {
            (x - LN2_HI, LN2_LO, 1)
        }
    } else {
        (x - t_any * LN2_HI, t_any * LN2_LO, k_any)
    };
    let r = hi - lo;
    let c = (hi - r) - lo;
    let hfx = 0.5 * r;
    let hxs = r * hfx;
    let r1 = ONE + hxs * (Q1 + hxs * (Q2 + hxs * (Q3 + hxs * (Q4 + hxs * Q5))));
    let t = 3.0 - r1 * hfx;
    let e = hxs * ((r1 - t) / (6.0 - r * t));
    let at_zero = r - (r * e - hxs);
    let e = (r * (e - c) - c) - hxs;
    let at_minus_one = 0.5 * (r - e) - 0.5;
    let at_one = if r < -0.25 { -2.0 * (e - (r + 0.5)) } else { ONE + 2.0 * (r - e) };
    let scaled = |y: f32| f32::from_bits(y.to_bits().wrapping_add((k as u32).wrapping_shl(23)));
    let far = scaled(ONE - (e - r)) - ONE;
    let small_k = scaled(f32::from_bits(0x3f80_0000u32.wrapping_sub(0x0100_0000u32.wrapping_shr(k as u32))) - (e - r));
    let large_k = scaled(r - (e + f32::from_bits(((0x7f - k) as u32).wrapping_shl(23))) + ONE);
    let y = if k <= -2 || k > 56 {
        far
    } else if k < 23 {
        small_k
    } else {
        large_k
    };
    let y = if k == 1 { at_one } else { y };
    let y = if k == -1 { at_minus_one } else { y };
    let y = if k == 0 { at_zero } else { y };
    if hx < 0x3300_0000 {
        x
    } else {
        y
    }
}

// The platform's `tanhf` is glibc's here (CI's Debian 12); elsewhere it may be another.
#[cfg(all(test, target_os = "linux", target_env = "gnu", target_arch = "x86_64"))]
mod tests {
    use super::{tanh, tanh8};

    /// Whether `tanh` and `tanh8` give the platform's `tanhf(x)`.
    fn same(x: f32) -> bool {
        let want = x.tanh();
        let eight = tanh8([x, -x, 0.5, x, 2.0, x, 30.0, x]);
        [tanh(x), eight[0], eight[3], eight[5], eight[7], -eight[1]]
            .iter()
            .all(|got| got.to_bits() == want.to_bits() || (got.is_nan() && want.is_nan()))
    }

    /// The bit patterns whose `tanh` differs from the platform's, from `from` on by `step`.
    fn differing(from: u32, step: usize) -> Vec<u32> {
        (from..=u32::MAX).step_by(step).filter(|&b| !same(f32::from_bits(b))).collect()
    }

    #[test]
    fn is_the_platforms_tanh_on_a_sample_of_every_float() {
        // Every 251st bit pattern (all exponents, both signs), and every 61st of the floats the
        // model's hidden units meet in practice, around 0 to beyond where tanh is 1 (|x| < 32).
        let mut off = differing(0, 251);
        for sign in [0, 0x8000_0000u32] {
            for b in (sign..=sign + 0x4200_0000).step_by(61) {
                if !same(f32::from_bits(b)) {
                    off.push(b);
                }
            }
        }
        assert!(off.is_empty(), "{} floats differ, the first {:#x}", off.len(), off[0]);
    }

    /// All 2^32 floats, eight side by side through `tanh8` (minutes, on one core):
    /// `cargo test --release --lib tanh -- --ignored`.
    #[test]
    #[ignore]
    fn is_the_platforms_tanh_on_every_float() {
        let mut off = Vec::new();
        for first in (0..=u32::MAX).step_by(8) {
            let bits: [u32; 8] = std::array::from_fn(|i| first + i as u32);
            let eight = tanh8(bits.map(f32::from_bits));
            for (b, got8) in bits.into_iter().zip(eight) {
                let want = f32::from_bits(b).tanh();
                let fits = |got: f32| got.to_bits() == want.to_bits() || (got.is_nan() && want.is_nan());
                if !(fits(got8) && fits(tanh(f32::from_bits(b)))) {
                    off.push(b);
                }
            }
        }
        assert!(off.is_empty(), "{} floats differ, the first {:#x}", off.len(), off[0]);
    }
}
