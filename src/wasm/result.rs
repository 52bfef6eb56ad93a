//! The analysis crossing to JavaScript: what `JSON.parse` of its JSON gives, without the JSON.
//!
//! A page's result is mostly its block reports (hundreds of small objects) and the article's text
//! and reader HTML (long strings full of quotes and line breaks). Written as JSON, every byte of
//! those strings was scanned for escapes twice (written, then parsed), and the JSON was decoded
//! to a JS string before `JSON.parse` read it again. Here the same `Serialize` impls the JSON
//! uses write three flat arrays instead: the strings, one after another, in one `String` (decoded
//! to one JS string in one call, and cut into its pieces with `slice`), the numbers in an `f64`
//! array, and the structure in a `u32` array of operations that `buildResult` replays into plain
//! objects and arrays. The object it builds is the one `JSON.parse` built: the same keys in the
//! same order, the same numbers, `null` where the JSON wrote `null`.
//!
//! Operations (`u32`s, each followed by its operands):
//!   NULL, FALSE, TRUE
//!   NUMBER               the next number of the f64 array
//!   SHORTEST_F32         the next number of the f64 array is an `f32`: the number its shortest
//!                        decimal reads as (what the JSON wrote), for a rare f32 (see `f32_value`)
//!   STRING len           the next `len` UTF-16 units of the string
//!   INTERNED id          a string sent before (keys, labels, tags, reasons: the short strings
//!                        that repeat), by its number in the order they were first sent
//!   NEW_INTERNED len     a string as STRING, numbered for INTERNED from now on
//!   ARRAY ... END        the values between
//!   OBJECT ... END       keys (INTERNED or NEW_INTERNED) and values, alternately

use rustc_hash::FxHashMap;
use serde::ser::{self, Serialize};
use std::hash::{BuildHasher, Hash, Hasher};
use wasm_bindgen::prelude::*;

const NULL: u32 = 0;
const FALSE: u32 = 1;
const TRUE: u32 = 2;
const NUMBER: u32 = 3;
const SHORTEST_F32: u32 = 4;
const STRING: u32 = 5;
const INTERNED: u32 = 6;
const NEW_INTERNED: u32 = 7;
const ARRAY: u32 = 8;
const OBJECT: u32 = 9;
const END: u32 = 10;

#[wasm_bindgen(inline_js = "export function buildResult(ops, nums, text) {
    // The operation numbers of src/wasm/result.rs.
    const NULL = 0, FALSE = 1, TRUE = 2, NUMBER = 3, SHORTEST_F32 = 4, STRING = 5, INTERNED = 6,
      NEW_INTERNED = 7, ARRAY = 8, OBJECT = 9, END = 10;
    let o = 0, n = 0, t = 0;
    const interned = [];
    // The shortest decimal that reads back as the same f32, read as a JS number (as JSON.parse
    // reads what serde_json wrote).
    const shortest = (v) => {
      for (let p = 1; p < 10; p++) {
        const d = Number(v.toPrecision(p));
        if (Math.fround(d) === v) return d;
      }
      return v;
    };
    function value() {
      switch (ops[o++]) {
        case NULL: return null;
        case FALSE: return false;
        case TRUE: return true;
        case NUMBER: return nums[n++];
        case SHORTEST_F32: return shortest(nums[n++]);
        case STRING: return text.slice(t, (t += ops[o++]));
        case INTERNED: return interned[ops[o++]];
        case NEW_INTERNED: {
          const s = text.slice(t, (t += ops[o++]));
          interned.push(s);
          return s;
        }
        case ARRAY: {
          const a = [];
          while (ops[o] !== END) a.push(value());
          o++;
          return a;
        }
        case OBJECT: {
          const x = {};
          while (ops[o] !== END) {
            const k = value();
            x[k] = value();
          }
          o++;
          return x;
        }
        default: throw new Error('readmode: could not return the result');
      }
    }
    return value();
}")]
extern "C" {
    /// The value `ops`, `nums` and `text` describe (see the module's header).
    #[wasm_bindgen(js_name = buildResult)]
    fn build_result(ops: &[u32], nums: &[f64], text: &str) -> JsValue;
}

/// `value` as a plain JS value: what `JSON.parse(serde_json::to_string(value))` gives.
pub(super) fn to_js<T: Serialize>(value: &T) -> Result<JsValue, Unsupported> {
    let mut w = Writer::default();
    value.serialize(&mut w)?;
    Ok(build_result(&w.ops, &w.nums, &w.text))
}

/// Strings up to this many bytes are numbered and sent once (labels, tags, reasons, short
/// block texts: the strings that repeat from block to block); longer ones each time.
const INTERN_BYTES: usize = 24;

#[derive(Default)]
struct Writer {
    ops: Vec<u32>,
    nums: Vec<f64>,
    text: String,
    /// The interned strings by their hash: their number, and where their bytes are in `text`.
    interned: FxHashMap<u64, (u32, usize, usize)>,
}

impl Writer {
    /// A string, numbered when short (`always` for keys, which JS stores objects by).
    fn string(&mut self, s: &str, always: bool) {
        if always || s.len() <= INTERN_BYTES {
            let mut h = rustc_hash::FxBuildHasher.build_hasher();
            s.hash(&mut h);
            let hash = h.finish();
            let next = self.interned.len() as u32;
            let at = self.text.len();
            match self.interned.get(&hash) {
                Some(&(id, from, to)) if &self.text[from..to] == s => {
                    self.ops.extend([INTERNED, id]);
                    return;
                }
                // Another string with the same hash: this one goes unnumbered.
                Some(_) => {}
                None => {
                    self.interned.insert(hash, (next, at, at + s.len()));
                    self.text.push_str(s);
                    self.ops.extend([NEW_INTERNED, utf16_len(s)]);
                    return;
                }
            }
        }
        self.text.push_str(s);
        self.ops.extend([STRING, utf16_len(s)]);
    }

    fn number(&mut self, n: f64) {
        // serde_json writes NaN and the infinities as null.
        if n.is_finite() {
            self.ops.push(NUMBER);
            self.nums.push(n);
        } else {
            self.ops.push(NULL);
        }
    }

    fn key(&mut self, key: &str) -> Result<(), Unsupported> {
        // A JS object given `__proto__` as a key would change its prototype rather than hold it.
        if key == "__proto__" {
            return Err(Unsupported);
        }
        self.string(key, true);
        Ok(())
    }
}

/// The length of `s` in UTF-16 units, which JavaScript's `slice` counts in.
fn utf16_len(s: &str) -> u32 {
    if s.is_ascii() {
        return s.len() as u32;
    }
    // Every character but a continuation byte starts a unit; four-byte ones make two.
    s.bytes().map(|b| u32::from(b & 0xc0 != 0x80) + u32::from(b >= 0xf0)).sum()
}

/// The value JSON.parse gives for the JSON serde_json writes for `x` (its shortest decimal). The
/// reports round their figures to hundredths (`0.93`): for those it is the double nearest to the
/// hundredths, which `k / 100.0` is (both are correctly rounded); any other f32 is left to
/// JavaScript, which finds its shortest decimal.
fn f32_value(x: f32) -> Option<f64> {
    let k = (f64::from(x) * 100.0).round();
    (k.abs() <= 10_000.0 && (k as f32) / 100.0 == x).then_some(k / 100.0)
}

/// The result held something JSON does not (a map key that is not a string, `__proto__`).
#[derive(Debug)]
pub(super) struct Unsupported;

impl std::fmt::Display for Unsupported {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("unsupported value")
    }
}

impl std::error::Error for Unsupported {}

impl ser::Error for Unsupported {
    fn custom<T: std::fmt::Display>(_: T) -> Self {
        Unsupported
    }
}

impl<'a> ser::Serializer for &'a mut Writer {
    type Ok = ();
    type Error = Unsupported;
    type SerializeSeq = Self;
    type SerializeTuple = Self;
    type SerializeTupleStruct = Self;
    type SerializeTupleVariant = Self;
    type SerializeMap = Self;
    type SerializeStruct = Self;
    type SerializeStructVariant = Self;

    fn serialize_bool(self, v: bool) -> Result<(), Unsupported> {
        self.ops.push(if v { TRUE } else { FALSE });
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Result<(), Unsupported> {
        self.serialize_i64(v.into())
    }
    fn serialize_i16(self, v: i16) -> Result<(), Unsupported> {
        self.serialize_i64(v.into())
    }
    fn serialize_i32(self, v: i32) -> Result<(), Unsupported> {
        self.serialize_i64(v.into())
    }
    fn serialize_i64(self, v: i64) -> Result<(), Unsupported> {
        // The nearest double, as JSON.parse reads the integer.
        self.number(v as f64);
        Ok(())
    }
    fn serialize_u8(self, v: u8) -> Result<(), Unsupported> {
        self.serialize_u64(v.into())
    }
    fn serialize_u16(self, v: u16) -> Result<(), Unsupported> {
        self.serialize_u64(v.into())
    }
    fn serialize_u32(self, v: u32) -> Result<(), Unsupported> {
        self.serialize_u64(v.into())
    }
    fn serialize_u64(self, v: u64) -> Result<(), Unsupported> {
        self.number(v as f64);
        Ok(())
    }
    fn serialize_f32(self, v: f32) -> Result<(), Unsupported> {
        match f32_value(v) {
            Some(n) => self.number(n),
            None if v.is_finite() => {
                self.ops.push(SHORTEST_F32);
                self.nums.push(v.into());
            }
            None => self.ops.push(NULL),
        }
        Ok(())
    }
    fn serialize_f64(self, v: f64) -> Result<(), Unsupported> {
        // serde_json writes the shortest decimal that reads back as `v`: JSON.parse gives `v`.
        self.number(v);
        Ok(())
    }
    fn serialize_char(self, v: char) -> Result<(), Unsupported> {
        self.string(v.encode_utf8(&mut [0; 4]), false);
        Ok(())
    }
    fn serialize_str(self, v: &str) -> Result<(), Unsupported> {
        self.string(v, false);
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<(), Unsupported> {
        use ser::SerializeSeq;
        let mut seq = self.serialize_seq(Some(v.len()))?;
        for b in v {
            seq.serialize_element(b)?;
        }
        seq.end()
    }
    fn serialize_none(self) -> Result<(), Unsupported> {
        self.ops.push(NULL);
        Ok(())
    }
    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Result<(), Unsupported> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Unsupported> {
        self.ops.push(NULL);
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), Unsupported> {
        self.serialize_unit()
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Result<(), Unsupported> {
        self.string(variant, false);
        Ok(())
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(self, _: &'static str, value: &T) -> Result<(), Unsupported> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), Unsupported> {
        self.ops.push(OBJECT);
        self.key(variant)?;
        value.serialize(&mut *self)?;
        self.ops.push(END);
        Ok(())
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self, Unsupported> {
        self.ops.push(ARRAY);
        Ok(self)
    }
    fn serialize_tuple(self, len: usize) -> Result<Self, Unsupported> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<Self, Unsupported> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(self, _: &'static str, _: u32, variant: &'static str, _: usize) -> Result<Self, Unsupported> {
        self.ops.push(OBJECT);
        self.key(variant)?;
        self.ops.push(ARRAY);
        Ok(self)
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self, Unsupported> {
        self.ops.push(OBJECT);
        Ok(self)
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self, Unsupported> {
        self.ops.push(OBJECT);
        Ok(self)
    }
    fn serialize_struct_variant(self, _: &'static str, _: u32, variant: &'static str, _: usize) -> Result<Self, Unsupported> {
        self.ops.push(OBJECT);
        self.key(variant)?;
        self.ops.push(OBJECT);
        Ok(self)
    }
}

/// A sequence, a tuple and a tuple struct are each an array: every element written in turn, then
/// the array's end.
macro_rules! array_writer {
    ($trait:ident, $method:ident) => {
        impl ser::$trait for &mut Writer {
            type Ok = ();
            type Error = Unsupported;
            fn $method<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Unsupported> {
                value.serialize(&mut **self)
            }
            fn end(self) -> Result<(), Unsupported> {
                self.ops.push(END);
                Ok(())
            }
        }
    };
}
array_writer!(SerializeSeq, serialize_element);
array_writer!(SerializeTuple, serialize_element);
array_writer!(SerializeTupleStruct, serialize_field);

impl ser::SerializeTupleVariant for &mut Writer {
    type Ok = ();
    type Error = Unsupported;
    fn serialize_field<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Unsupported> {
        value.serialize(&mut **self)
    }
    fn end(self) -> Result<(), Unsupported> {
        // The array, then the object around it.
        self.ops.extend([END, END]);
        Ok(())
    }
}

impl ser::SerializeMap for &mut Writer {
    type Ok = ();
    type Error = Unsupported;
    fn serialize_key<T: ?Sized + Serialize>(&mut self, key: &T) -> Result<(), Unsupported> {
        key.serialize(KeyWriter(self))
    }
    fn serialize_value<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Unsupported> {
        value.serialize(&mut **self)
    }
    fn end(self) -> Result<(), Unsupported> {
        self.ops.push(END);
        Ok(())
    }
}

impl ser::SerializeStruct for &mut Writer {
    type Ok = ();
    type Error = Unsupported;
    fn serialize_field<T: ?Sized + Serialize>(&mut self, key: &'static str, value: &T) -> Result<(), Unsupported> {
        self.key(key)?;
        value.serialize(&mut **self)
    }
    fn end(self) -> Result<(), Unsupported> {
        self.ops.push(END);
        Ok(())
    }
}

impl ser::SerializeStructVariant for &mut Writer {
    type Ok = ();
    type Error = Unsupported;
    fn serialize_field<T: ?Sized + Serialize>(&mut self, key: &'static str, value: &T) -> Result<(), Unsupported> {
        self.key(key)?;
        value.serialize(&mut **self)
    }
    fn end(self) -> Result<(), Unsupported> {
        self.ops.extend([END, END]);
        Ok(())
    }
}

/// A map's key: a string (the results' maps are structs flattened into others, keyed by their
/// field names); anything else is refused.
struct KeyWriter<'a>(&'a mut Writer);

impl ser::Serializer for KeyWriter<'_> {
    type Ok = ();
    type Error = Unsupported;
    type SerializeSeq = ser::Impossible<(), Unsupported>;
    type SerializeTuple = ser::Impossible<(), Unsupported>;
    type SerializeTupleStruct = ser::Impossible<(), Unsupported>;
    type SerializeTupleVariant = ser::Impossible<(), Unsupported>;
    type SerializeMap = ser::Impossible<(), Unsupported>;
    type SerializeStruct = ser::Impossible<(), Unsupported>;
    type SerializeStructVariant = ser::Impossible<(), Unsupported>;

    fn serialize_str(self, v: &str) -> Result<(), Unsupported> {
        self.0.key(v)
    }
    fn serialize_bool(self, _: bool) -> Result<(), Unsupported> {
        Err(Unsupported)
    }
    fn serialize_i8(self, _: i8) -> Result<(), Unsupported> {
        Err(Unsupported)
    }
    fn serialize_i16(self, _: i16) -> Result<(), Unsupported> {
        Err(Unsupported)
    }
    fn serialize_i32(self, _: i32) -> Result<(), Unsupported> {
        Err(Unsupported)
    }
    fn serialize_i64(self, _: i64) -> Result<(), Unsupported> {
        Err(Unsupported)
    }
    fn serialize_u8(self, _: u8) -> Result<(), Unsupported> {
        Err(Unsupported)
    }
    fn serialize_u16(self, _: u16) -> Result<(), Unsupported> {
        Err(Unsupported)
    }
    fn serialize_u32(self, _: u32) -> Result<(), Unsupported> {
        Err(Unsupported)
    }
    fn serialize_u64(self, _: u64) -> Result<(), Unsupported> {
        Err(Unsupported)
    }
    fn serialize_f32(self, _: f32) -> Result<(), Unsupported> {
        Err(Unsupported)
    }
    fn serialize_f64(self, _: f64) -> Result<(), Unsupported> {
        Err(Unsupported)
    }
    fn serialize_char(self, v: char) -> Result<(), Unsupported> {
        self.0.key(v.encode_utf8(&mut [0; 4]))
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<(), Unsupported> {
        Err(Unsupported)
    }
    fn serialize_none(self) -> Result<(), Unsupported> {
        Err(Unsupported)
    }
    fn serialize_some<T: ?Sized + Serialize>(self, _: &T) -> Result<(), Unsupported> {
        Err(Unsupported)
    }
    fn serialize_unit(self) -> Result<(), Unsupported> {
        Err(Unsupported)
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), Unsupported> {
        Err(Unsupported)
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Result<(), Unsupported> {
        self.0.key(variant)
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(self, _: &'static str, value: &T) -> Result<(), Unsupported> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(self, _: &'static str, _: u32, _: &'static str, _: &T) -> Result<(), Unsupported> {
        Err(Unsupported)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, Unsupported> {
        Err(Unsupported)
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, Unsupported> {
        Err(Unsupported)
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeTupleStruct, Unsupported> {
        Err(Unsupported)
    }
    fn serialize_tuple_variant(self, _: &'static str, _: u32, _: &'static str, _: usize) -> Result<Self::SerializeTupleVariant, Unsupported> {
        Err(Unsupported)
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, Unsupported> {
        Err(Unsupported)
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeStruct, Unsupported> {
        Err(Unsupported)
    }
    fn serialize_struct_variant(self, _: &'static str, _: u32, _: &'static str, _: usize) -> Result<Self::SerializeStructVariant, Unsupported> {
        Err(Unsupported)
    }
}
