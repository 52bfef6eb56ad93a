//! A fuzzer for the whole analysis, on stable Rust: pages of the three corpora (or, without them,
//! the golden pages) mutated with an HTML-aware mutator and analysed, each analysis checked by
//! `tests/hostile/oracle.rs` (allow-list, URL schemes, never a blank reader), for panics and for
//! time over a budget. `cargo fuzz` needs nightly's sanitizer flags; this needs nothing more than
//! `cargo test`.
//!
//! ```sh
//! cargo test --release --test fuzz                        # a quick, deterministic run (make test)
//! cargo test --release --test fuzz -- --minutes 60        # a long run, seeded from ../shared/corpus
//! cargo test --release --test fuzz -- --minutes 60 --seed 7 --budget-ms 2000 --out target/fuzz
//! ```
//!
//! A finding is written to `--out` (default `target/fuzz`) as `KIND-HASH.html` with what went
//! wrong in `KIND-HASH.txt`: `panic`, `oracle` (a check failed), `slow` (over the budget) or `hang`
//! (over 60 s: the run stops). Both are measured in the fuzzing thread's CPU time where the system
//! says it (Linux: `/proc/thread-self/task/…/stat`), so a loaded machine does not turn into findings;
//! elsewhere in wall-clock time. Copy the page into `tests/hostile/cases/` once fixed:
//! `tests/hostile.rs` replays every case there through the same checks (`-- --replay DIR
//! --iterations 0` checks the pages of DIR instead, as they are). The quick run (no
//! `--minutes`) replays those cases too, then mutates the golden pages with a fixed seed; it fails
//! on a panic or a failed check, and only prints its timing (the machine's load is not the page's).

#![cfg_attr(target_arch = "wasm32", no_main)]
#![cfg(not(target_arch = "wasm32"))]

#[path = "hostile/oracle.rs"]
mod oracle;

use readmode::{analyze_html, is_probably_readerable, Options};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const PAGE_URL: &str = "https://fuzz.example/section/story.html";
/// Seeds larger than this are cut to it (at a character boundary), to keep the rate up.
const MAX_SEED_BYTES: usize = 256 << 10;
/// An input running this long is a hang: the run writes it and stops.
const HANG: Duration = Duration::from_secs(60);

/// The CPU time one thread has used, in milliseconds, read from Linux's `/proc` (10 ms ticks, the
/// kernel's USER_HZ of 100 on every Linux this runs on); `None` where there is no such file.
/// Reading it takes microseconds, next to analyses of milliseconds.
struct ThreadClock(PathBuf);

impl ThreadClock {
    /// The clock of the calling thread.
    fn current() -> Option<ThreadClock> {
        let tid = std::fs::read_link("/proc/thread-self").ok()?;
        let clock = ThreadClock(Path::new("/proc").join(tid).join("stat"));
        clock.millis().map(|_| clock)
    }

    fn millis(&self) -> Option<u64> {
        let stat = std::fs::read_to_string(&self.0).ok()?;
        // Fields after the command name (in parentheses, which may hold spaces): utime and stime
        // are the 14th and 15th fields of the line, the 12th and 13th after the name.
        let rest = &stat[stat.rfind(')')? + 1..];
        let mut fields = rest.split_whitespace().skip(11);
        let utime: u64 = fields.next()?.parse().ok()?;
        let stime: u64 = fields.next()?.parse().ok()?;
        Some((utime + stime) * 10)
    }
}

/// Pieces the mutator inserts: markup that has broken a reader before, or might.
const TOKENS: &[&str] = &[
    "<p>", "</p>", "<div>", "</div>", "<span>", "</span>", "<b>", "</b>", "<font>", "<a href=\"x.html\">", "</a>",
    "<noscript>", "</noscript>", "<noscript><img src=\"real.jpg\"></noscript>", "<img class=lazy src=blank.gif>",
    "<img srcset=\"a 2×, b 1é\">", "<img src=\"pic.jpg\" srcset=\"s.jpg 300w, l.jpg 1200w\" sizes=\"(max-width: 600px) 100vw\">",
    "<img data-src=\"x.jpg\" data-srcset=\"/w_3,c/a.jpg 3w,\">", "<picture><source srcset=\"a.webp 2x\" type=\"image/webp\">",
    "<base href=\"/base/dir/\">", "<base href=\"javascript:alert(1)//\">", "<base href=\"//cdn.example\">",
    "<a href=\"javascript:alert(1)\">", "<a href=\"file:///etc/passwd\">", "<a href=\"  jav&#x09;ascript:x\">",
    "<img src=\"data:image/svg+xml,<svg onload=alert(1)>\">", "<img src=\"http://insecure.example/i.jpg\">",
    "<video src=\"v.mp4\" poster=\"http://p.example/p.jpg\"><source src=\"data:text/html,x\"></video>",
    "<iframe src=\"https://www.youtube.com/embed/abc\"></iframe>", "<noscript><iframe src=\"gtm.html\" /></noscript>",
    "<table><tr><td>", "</td><td>", "</tr></table>", "<ul><li>", "<li>", "</ul>", "<h1>", "</h1>", "<h2>", "<br>",
    "<svg><path d=\"M0\"/></svg>", "<math><mi>x</mi></math>", "<template><p>t</p></template>", "<select><option>o",
    "<!--$?--><template id=\"B:0\"></template>", "<!--/$-->", "<div hidden id=\"S:0\"><p>streamed</p></div>",
    "<details><summary>s</summary>", "<pre>", "</pre>", "<code class=\"language-rust\">", "<time datetime=\"2024-×\">",
    "<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"headline\":\"H\\u00e9 \\ud800\",\"datePublished\":\"2024-01-0×\",\"author\":{\"name\":\"É\"},}</script>",
    "<script type=\"application/ld+json\">[{\"@graph\":[{\"@type\":[\"Article\"],\"image\":{\"url\":\"http://i.example/l.jpg\"}}]</script>",
    "<meta property=\"og:image\" content=\"http://i.example/og.jpg\">", "<meta name=\"author\" content=\"A ×\">",
    "<title>A | B – C</title>", "<html lang=\"é\" dir=\"rtl\">", "<p style=\"display:none\">", "<div aria-hidden=\"true\">",
    "<div class=\"related share comments ad\">", "<nav>", "<footer>", "<article>", "</article>", "<main>", "<form>",
    "&amp;", "&#x1F600;", "&#0;", "&#xD800;", "&", "&lt;script&gt;", "<![CDATA[x]]>", "<plaintext>", "<xmp>", "<textarea>",
    "×", "é", "😀", "\u{a0}", "\u{2028}", "\u{fffd}", "\u{200b}", "\u{301}", "ß", "İ", "\u{feff}", "\0",
];

/// A small, fast, seedable random number generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// A random character boundary of `s`.
fn boundary(s: &str, rng: &mut Rng) -> usize {
    let mut i = rng.below(s.len() + 1);
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// A range of `s` of at most `max` bytes, on character boundaries.
fn range(s: &str, rng: &mut Rng, max: usize) -> (usize, usize) {
    let a = boundary(s, rng);
    let mut b = (a + 1 + rng.below(max)).min(s.len());
    while !s.is_char_boundary(b) {
        b -= 1;
    }
    (a, b.max(a))
}

/// One to eight mutations of `page`, some taking text from `other`.
fn mutate(page: &str, other: &str, rng: &mut Rng) -> String {
    let mut s = page.to_string();
    for _ in 0..1 + rng.below(8) {
        match rng.below(10) {
            0 | 1 => {
                let at = boundary(&s, rng);
                s.insert_str(at, TOKENS[rng.below(TOKENS.len())]);
            }
            2 => {
                let (a, b) = range(&s, rng, 512);
                s.replace_range(a..b, "");
            }
            3 => {
                let (a, b) = range(&s, rng, 256);
                let piece = s[a..b].to_string();
                let at = boundary(&s, rng);
                s.insert_str(at, &piece.repeat(1 + rng.below(4)));
            }
            4 => {
                let (a, b) = range(other, rng, 2048);
                let at = boundary(&s, rng);
                s.insert_str(at, &other[a..b]);
            }
            5 => {
                // A value for some attribute: after a `="`.
                let starts: Vec<usize> = s.match_indices("=\"").map(|(i, _)| i + 2).take(4096).collect();
                if !starts.is_empty() {
                    let at = starts[rng.below(starts.len())];
                    s.insert_str(at, TOKENS[TOKENS.len() - 1 - rng.below(30)]);
                }
            }
            6 => {
                // Deep nesting around a piece of the page.
                let tag = ["div", "span", "b", "noscript", "td", "li", "p", "a", "table"][rng.below(9)];
                let most = if rng.below(20) == 0 { 2000 } else { 40 };
                let depth = 1 + rng.below(most);
                let (a, b) = range(&s, rng, 300);
                let inner = s[a..b].to_string();
                let wrapped = format!("{}{inner}{}", format!("<{tag}>").repeat(depth), format!("</{tag}>").repeat(depth));
                s.replace_range(a..b, &wrapped);
            }
            7 => {
                // Many attributes on one element.
                let at = s.find("<p").or_else(|| s.find("<div")).map_or(0, |i| i + 2);
                let most = if rng.below(20) == 0 { 3000 } else { 30 };
                let n = 1 + rng.below(most);
                let attrs: String = (0..n).map(|i| format!(" data-a{i}=\"{}\"", TOKENS[rng.below(TOKENS.len())].replace('"', "'"))).collect();
                s.insert_str(at, &attrs);
            }
            8 => {
                // A byte changed, read back leniently (always valid UTF-8).
                if !s.is_empty() {
                    let mut bytes = std::mem::take(&mut s).into_bytes();
                    let i = rng.below(bytes.len());
                    bytes[i] = [b'<', b'>', b'"', b'\'', b'/', b'=', b' ', b'&', 0xc3, 0xe2, 0x80][rng.below(11)];
                    s = String::from_utf8_lossy(&bytes).into_owned();
                }
            }
            _ => {
                let (a, b) = range(&s, rng, 64);
                let chars: String = s[a..b].chars().rev().collect();
                s.replace_range(a..b, &chars);
            }
        }
    }
    s
}

/// The outcome of one input: `None` when every check held.
fn run_one(html: &str, url: Option<&str>) -> Option<(&'static str, String)> {
    let options = Options { url: url.map(str::to_string), ..Options::default() };
    let result = std::panic::catch_unwind(|| {
        let readerable = readmode::dom::parse_html(html).map(|d| is_probably_readerable(&d));
        (analyze_html(html, &options), readerable)
    });
    match result {
        Err(_) => Some(("panic", PANIC.lock().map(|m| m.clone()).unwrap_or_default())),
        Ok((Err(_), _)) => None,
        Ok((Ok(a), _)) => oracle::check(&a, url).err().map(|e| ("oracle", e)),
    }
}

/// The message of the last panic (the hook keeps it rather than printing it).
static PANIC: Mutex<String> = Mutex::new(String::new());

struct Args {
    minutes: Option<f64>,
    iterations: u64,
    seed: u64,
    budget: Duration,
    out: PathBuf,
    seeds: Vec<PathBuf>,
    /// Folders whose pages are checked as they are, instead of the regression cases.
    replay: Vec<PathBuf>,
}

fn args() -> Args {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut a = Args {
        minutes: None,
        iterations: 400,
        seed: 1,
        budget: Duration::from_millis(2000),
        out: root.join("target").join("fuzz"),
        seeds: Vec::new(),
        replay: Vec::new(),
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        let mut value = || it.next().unwrap_or_else(|| panic!("{arg} needs a value"));
        match arg.as_str() {
            "--minutes" => a.minutes = Some(value().parse().expect("--minutes takes a number")),
            "--iterations" => a.iterations = value().parse().expect("--iterations takes a number"),
            "--seed" => a.seed = value().parse().expect("--seed takes a number"),
            "--budget-ms" => a.budget = Duration::from_millis(value().parse().expect("--budget-ms takes a number")),
            "--out" => a.out = PathBuf::from(value()),
            "--seeds" => a.seeds.push(PathBuf::from(value())),
            "--replay" => a.replay.push(PathBuf::from(value())),
            // What libtest's runner passes (`cargo test -- --quiet`, `--nocapture`...).
            _ if arg.starts_with("--") => {}
            _ => {}
        }
    }
    a
}

/// Page files under `dir` (`*.html`, `*.html.gz`, any depth).
fn page_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        let name = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        if p.is_dir() {
            page_files(&p, out);
        } else if name.ends_with(".html") || name.ends_with(".html.gz") {
            out.push(p);
        }
    }
}

fn read_seed(path: &Path) -> Option<String> {
    let mut bytes = std::fs::read(path).ok()?;
    if path.extension().is_some_and(|e| e == "gz") {
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(&bytes[..]).take(MAX_SEED_BYTES as u64 * 4).read_to_end(&mut out).ok()?;
        bytes = out;
    }
    let mut s = String::from_utf8_lossy(&bytes).into_owned();
    if s.len() > MAX_SEED_BYTES {
        let mut cut = MAX_SEED_BYTES;
        while !s.is_char_boundary(cut) {
            cut -= 1;
        }
        s.truncate(cut);
    }
    Some(s)
}

fn hash(s: &str) -> u64 {
    // FNV-1a: a stable name for a finding.
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ b as u64).wrapping_mul(0x100_0000_01b3))
}

fn save(out: &Path, kind: &str, html: &str, why: &str) -> PathBuf {
    std::fs::create_dir_all(out).expect("cannot create the findings folder");
    let stem = out.join(format!("{kind}-{:016x}", hash(html)));
    std::fs::write(stem.with_extension("html"), html).expect("cannot write a finding");
    std::fs::write(stem.with_extension("txt"), why).expect("cannot write a finding");
    stem.with_extension("html")
}

fn main() {
    let args = args();
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    std::panic::set_hook(Box::new(|info| {
        if let Ok(mut m) = PANIC.lock() {
            *m = info.to_string();
        }
    }));

    // Seeds: what --seeds names; for a long run, by default the three corpora beside the checkout;
    // for the quick run, the golden pages. The regression cases are always replayed first.
    let mut cases = Vec::new();
    if args.replay.is_empty() {
        page_files(&root.join("tests").join("hostile").join("cases"), &mut cases);
    }
    for d in &args.replay {
        page_files(d, &mut cases);
    }
    let mut files = Vec::new();
    let dirs = if !args.seeds.is_empty() {
        args.seeds.clone()
    } else if args.minutes.is_some() {
        vec![root.join("..").join("shared").join("corpus")]
    } else {
        vec![root.join("tests").join("pages")]
    };
    for d in &dirs {
        page_files(d, &mut files);
    }
    let seeds: Vec<String> = files.iter().filter_map(|f| read_seed(f)).filter(|s| !s.trim().is_empty()).collect();
    assert!(!seeds.is_empty(), "fuzz: no seed pages under {dirs:?}");

    let mut failures = Vec::new();
    for case in &cases {
        let html = read_seed(case).unwrap_or_default();
        for url in [Some(PAGE_URL), None] {
            if let Some((kind, why)) = run_one(&html, url) {
                failures.push(format!("{}: {kind}: {why}", case.display()));
            }
        }
    }

    // The watchdog: an input that runs past HANG is written out and the run stops.
    // Time is this thread's CPU time where the system gives it (see ThreadClock), else wall time.
    let cpu = ThreadClock::current().map(Arc::new);
    let wall = Instant::now();
    let now = {
        let cpu = cpu.clone();
        move || match &cpu {
            Some(c) => c.millis().unwrap_or(0),
            None => wall.elapsed().as_millis() as u64,
        }
    };
    let current: Arc<Mutex<String>> = Arc::new(Mutex::new(String::new()));
    let started = Arc::new(AtomicU64::new(0));
    {
        let (current, started, out, now) = (current.clone(), started.clone(), args.out.clone(), now.clone());
        std::thread::spawn(move || loop {
            std::thread::sleep(Duration::from_secs(1));
            let s = started.load(Ordering::Relaxed);
            if s != 0 && now() > s + HANG.as_millis() as u64 {
                let html = current.lock().map(|c| c.clone()).unwrap_or_default();
                let path = save(&out, "hang", &html, &format!("over {} s", HANG.as_secs()));
                eprintln!("fuzz: hang, input written to {}", path.display());
                std::process::exit(1);
            }
        });
    }

    let mut rng = Rng(args.seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
    let deadline = args.minutes.map(|m| Duration::from_secs_f64(m * 60.0));
    let (mut runs, mut slow, mut slowest) = (0u64, 0u64, (Duration::ZERO, String::new()));
    let mut found = 0usize;
    let start = Instant::now();
    let mut last_report = Instant::now();
    loop {
        match deadline {
            Some(d) if start.elapsed() >= d => break,
            None if runs >= args.iterations => break,
            _ => {}
        }
        let page = &seeds[rng.below(seeds.len())];
        let other = &seeds[rng.below(seeds.len())];
        let html = mutate(page, other, &mut rng);
        let url = if rng.below(8) == 0 { None } else { Some(PAGE_URL) };
        if let Ok(mut c) = current.lock() {
            c.clone_from(&html);
        }
        let t = now();
        started.store(t + 1, Ordering::Relaxed);
        let outcome = run_one(&html, url);
        let took = Duration::from_millis(now().saturating_sub(t));
        started.store(0, Ordering::Relaxed);
        runs += 1;
        if took > slowest.0 {
            slowest = (took, format!("{} bytes", html.len()));
        }
        if let Some((kind, why)) = outcome {
            found += 1;
            let path = save(&args.out, kind, &html, &why);
            eprintln!("fuzz: {kind} ({}), input written to {}", why.lines().next().unwrap_or(""), path.display());
            failures.push(format!("{kind}: {}", path.display()));
        } else if took > args.budget {
            slow += 1;
            if args.minutes.is_some() {
                found += 1;
                let path = save(&args.out, "slow", &html, &format!("{} ms, over the {} ms budget", took.as_millis(), args.budget.as_millis()));
                eprintln!("fuzz: slow ({} ms), input written to {}", took.as_millis(), path.display());
            }
        }
        if args.minutes.is_some() && last_report.elapsed() > Duration::from_secs(60) {
            last_report = Instant::now();
            let secs = start.elapsed().as_secs_f64();
            eprintln!("fuzz: {runs} inputs in {secs:.0} s ({:.1}/s), {found} findings", runs as f64 / secs);
        }
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "fuzz: {} regression cases, {runs} inputs from {} seeds in {secs:.1} s ({:.1} inputs/s), slowest {} ms {} ({}), \
         {slow} over the {} ms budget, {} failures",
        cases.len(),
        seeds.len(),
        runs as f64 / secs.max(1e-9),
        slowest.0.as_millis(),
        if cpu.is_some() { "of CPU" } else { "of wall-clock time" },
        slowest.1,
        args.budget.as_millis(),
        failures.len()
    );
    if !failures.is_empty() {
        for f in &failures {
            println!("  {f}");
        }
        std::process::exit(1);
    }
    // The closing line cargo's own test binaries print.
    println!("test result: ok. {} passed; 0 failed; 0 ignored; 0 measured; 0 filtered out", cases.len() as u64 * 2 + runs);
}
