//! Decimal numbers read exactly as `str::parse::<f32>()` and `parse::<f64>()` read them (the same
//! syntax, rounded to nearest, ties to even), for the numbers of `srcset` descriptors (`300w`,
//! `1.5x`). The standard library's parser carries 17.5 KB of tables of powers of five for its fast
//! paths, a tenth of the wasm's data; these descriptors are a few digits long, so a plain
//! big-integer division does, and is exact for any length.

/// The number `s` as `s.parse::<f32>()` reads it, when that is finite.
pub(crate) fn finite_f32(s: &str) -> Option<f32> {
    let (negative, q, k) = round(s, &F32)?;
    let v = q as f32 * pow2_f32(k);
    Some(if negative { -v } else { v })
}

/// The number `s` as `s.parse::<f64>()` reads it, when that is finite.
pub(crate) fn finite_f64(s: &str) -> Option<f64> {
    let (negative, q, k) = round(s, &F64)?;
    let v = q as f64 * pow2_f64(k);
    Some(if negative { -v } else { v })
}

/// A binary floating-point format: a value is `q * 2^k` with `q < 2^bits` and `k` in
/// `min_k..=max_k`; `decimals` bound the decimal exponents worth computing (values below
/// `10^-decimals.0` round to zero, values from `10^decimals.1` up are infinite).
struct Format {
    bits: u32,
    min_k: i64,
    max_k: i64,
    decimals: (i64, i64),
}

const F32: Format = Format { bits: 24, min_k: -149, max_k: 104, decimals: (46, 40) };
const F64: Format = Format { bits: 53, min_k: -1074, max_k: 971, decimals: (325, 310) };

/// 2^k as an f32, for `k` in `F32.min_k..=F32.max_k` (exact: a power of two in range).
fn pow2_f32(k: i64) -> f32 {
    if k >= -126 {
        f32::from_bits(((k + 127) as u32) << 23)
    } else {
        f32::from_bits(1 << (k + 149))
    }
}

/// 2^k as an f64, for `k` in `F64.min_k..=F64.max_k`.
fn pow2_f64(k: i64) -> f64 {
    if k >= -1022 {
        f64::from_bits(((k + 1023) as u64) << 52)
    } else {
        f64::from_bits(1 << (k + 1074))
    }
}

/// `s` read with Rust's float syntax (`[+-]` then digits with at most one `.` and at least one
/// digit, then `e`/`E`, a sign and digits) and rounded to `format`: its sign, `q` and `k`. None
/// when the syntax is not that, or the value is infinite; `inf` and `nan`, which Rust also reads,
/// are not finite either.
fn round(s: &str, format: &Format) -> Option<(bool, u64, i64)> {
    let bytes = s.as_bytes();
    let (negative, mut i) = match bytes.first() {
        Some(b'-') => (true, 1),
        Some(b'+') => (false, 1),
        _ => (false, 0),
    };
    let mut n = Big::default();
    // Digits from the first non-zero one; digits after the point (they lower the exponent).
    let (mut significant, mut fraction, mut digits, mut point) = (0i64, 0i64, 0, false);
    while let Some(&b) = bytes.get(i) {
        match b {
            b'0'..=b'9' => {
                digits += 1;
                if b != b'0' || significant > 0 {
                    significant += 1;
                    n.mul_add(10, u32::from(b - b'0'));
                }
                fraction += i64::from(point);
            }
            b'.' if !point => point = true,
            _ => break,
        }
        i += 1;
    }
    if digits == 0 {
        return None;
    }
    let mut exponent = 0i64;
    if let Some(b'e' | b'E') = bytes.get(i) {
        i += 1;
        let minus = match bytes.get(i) {
            Some(b'-') => {
                i += 1;
                true
            }
            Some(b'+') => {
                i += 1;
                false
            }
            _ => false,
        };
        let start = i;
        while let Some(d @ b'0'..=b'9') = bytes.get(i) {
            // Saturates: past a billion the value is zero or infinite all the same.
            exponent = (exponent * 10 + i64::from(d - b'0')).min(1 << 40);
            i += 1;
        }
        if i == start {
            return None;
        }
        if minus {
            exponent = -exponent;
        }
    }
    if i != bytes.len() {
        return None;
    }
    if significant == 0 {
        return Some((negative, 0, 0));
    }
    // The value is n * 10^e, and lies in [10^(magnitude-1), 10^magnitude).
    let e = exponent - fraction;
    let magnitude = significant + e;
    if magnitude >= format.decimals.1 {
        return None;
    }
    if magnitude <= -format.decimals.0 {
        return Some((negative, 0, 0));
    }
    let mut d = Big::from(1);
    let scaled = if e > 0 { &mut n } else { &mut d };
    for _ in 0..e.unsigned_abs() {
        scaled.mul_add(10, 0);
    }
    // Scale n / d by 2^-k into [2^(bits-1), 2^bits), or less when k is at its least (subnormals).
    let bits = i64::from(format.bits);
    let mut k = n.bit_len() - d.bit_len() - bits;
    if k > 0 {
        d.shl(k as u64);
    } else {
        n.shl(k.unsigned_abs());
    }
    let mut top = d.clone();
    top.shl(bits as u64);
    if n >= top {
        d.shl(1);
        k += 1;
    }
    if k < format.min_k {
        d.shl((format.min_k - k) as u64);
        k = format.min_k;
    }
    // q = n / d by long division, r = the remainder, then round to nearest, ties to even.
    let mut q = 0u64;
    for bit in (0..bits as u64).rev() {
        let mut part = d.clone();
        part.shl(bit);
        if n >= part {
            n.sub(&part);
            q |= 1 << bit;
        }
    }
    n.shl(1);
    if n > d || (n == d && q & 1 == 1) {
        q += 1;
        if q == 1 << bits {
            q >>= 1;
            k += 1;
        }
    }
    if k > format.max_k {
        return None;
    }
    Some((negative, q, k))
}

/// A non-negative integer in base 2^32, least significant limb first, with no high zero limbs.
#[derive(Clone, Default, PartialEq, Eq)]
struct Big(Vec<u32>);

impl From<u32> for Big {
    fn from(v: u32) -> Big {
        let mut b = Big::default();
        b.mul_add(1, v);
        b
    }
}

impl Big {
    /// self = self * m + a.
    fn mul_add(&mut self, m: u32, a: u32) {
        let mut carry = u64::from(a);
        for limb in &mut self.0 {
            let v = u64::from(*limb) * u64::from(m) + carry;
            *limb = v as u32;
            carry = v >> 32;
        }
        if carry > 0 {
            self.0.push(carry as u32);
        }
    }

    fn bit_len(&self) -> i64 {
        self.0.last().map_or(0, |top| 32 * self.0.len() as i64 - i64::from(top.leading_zeros()))
    }

    fn shl(&mut self, bits: u64) {
        if self.0.is_empty() {
            return;
        }
        let (limbs, bits) = ((bits / 32) as usize, (bits % 32) as u32);
        if bits > 0 {
            let mut carry = 0;
            for limb in &mut self.0 {
                let v = (u64::from(*limb) << bits) | carry;
                *limb = v as u32;
                carry = v >> 32;
            }
            if carry > 0 {
                self.0.push(carry as u32);
            }
        }
        self.0.splice(0..0, std::iter::repeat_n(0, limbs));
    }

    /// self = self - other, for other <= self.
    fn sub(&mut self, other: &Big) {
        let mut borrow = 0;
        for (i, limb) in self.0.iter_mut().enumerate() {
            let v = i64::from(*limb) - i64::from(other.0.get(i).copied().unwrap_or(0)) - borrow;
            *limb = v as u32;
            borrow = i64::from(v < 0);
        }
        while self.0.last() == Some(&0) {
            self.0.pop();
        }
    }
}

impl PartialOrd for Big {
    fn partial_cmp(&self, other: &Big) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Big {
    fn cmp(&self, other: &Big) -> std::cmp::Ordering {
        self.0.len().cmp(&other.0.len()).then_with(|| self.0.iter().rev().cmp(other.0.iter().rev()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same(s: &str) {
        let f32s = s.parse::<f32>().ok().filter(|v| v.is_finite());
        assert_eq!(finite_f32(s).map(f32::to_bits), f32s.map(f32::to_bits), "f32 {s:?}");
        let f64s = s.parse::<f64>().ok().filter(|v| v.is_finite());
        assert_eq!(finite_f64(s).map(f64::to_bits), f64s.map(f64::to_bits), "f64 {s:?}");
    }

    #[test]
    fn reads_descriptors_as_the_standard_parser() {
        for s in [
            "300", "1200", "1.5", "2", "0.5", ".5", "5.", "1.", ".", "", "-", "+", "e5", "1e", "1e+", "1e-",
            "-0", "+0", "0.000", "-1", "+2.5", "1e3", "1E3", "1e+3", "2.5e-3", "00012.50", "1..2", "1.2.3",
            "1e3e4", "1 ", " 1", "1x", "inf", "-inf", "NaN", "infinity", "1_0", "0x10", "1e-2147483649",
            "1e99999999999999999999", "0e99999999999999999999", "-1e-99999999999", "1.3333333333333333333",
            "16777217", "16777219", "3.4028235e38", "3.4028236e38", "3.40282357e38", "3.4028234664e38",
            "340282356779733661637539395458142568448", "340282356779733661637539395458142568447",
            "1.4e-45", "7e-46", "7.1e-46", "7.006492321624085e-46", "7.006492321624086e-46",
            "1.7976931348623157e308", "1.7976931348623158e308", "1.7976931348623159e308", "2.4703282292062328e-324",
            "2.4703282292062327e-324", "4.9e-324", "-2e-324", "-3e-324", "9007199254740993", "9007199254740995",
        ] {
            same(s);
        }
    }

    #[test]
    fn rounds_halfway_cases_as_the_standard_parser() {
        // The exact decimal value of every midpoint between neighbouring f32 values, at a spread
        // of magnitudes (subnormals included), and one digit either side of it.
        let mut bits = 1u32;
        while bits < 0x7f7f_ffff {
            let low = f64::from(f32::from_bits(bits));
            let high = f64::from(f32::from_bits(bits + 1));
            let mid = format!("{:.200e}", (low + high) / 2.0);
            let (mantissa, exp) = mid.split_once('e').unwrap();
            let mantissa = mantissa.trim_end_matches('0');
            for m in [mantissa.to_string(), format!("{mantissa}1"), format!("{mantissa}0000")] {
                same(&format!("{m}e{exp}"));
            }
            bits += bits / 16 + 1;
        }
    }

    #[test]
    fn reads_long_numbers_as_the_standard_parser() {
        // 17 to 40 digits, past what an f64 holds, at every exponent an f64 reaches.
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        for _ in 0..20_000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let digits: String = (0..17 + seed % 24).map(|i| char::from(b'0' + ((seed >> (i % 50)) % 10) as u8)).collect();
            let exponent = (seed >> 20) as i64 % 700 - 350;
            same(&format!("{}.{}e{exponent}", &digits[..1], &digits[1..]));
            same(&format!("-0.{digits}e{exponent}"));
        }
    }

    #[test]
    fn reads_random_strings_as_the_standard_parser() {
        let alphabet = b"0123456789.eE+-00001199";
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..100_000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let len = (seed % 12) as usize;
            let s: String = (0..len)
                .map(|i| alphabet[((seed >> (8 + 3 * i)) as usize + i) % alphabet.len()] as char)
                .collect();
            same(&s);
        }
    }
}
