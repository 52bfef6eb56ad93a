//! The native command line: `readmode extract`, `readmode batch`, `readmode eval`.

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    std::process::exit(cli::run(std::env::args().skip(1).collect()));
}

#[cfg(not(target_arch = "wasm32"))]
mod cli {
    use readmode::{analyze_html, Analysis, Options};
    use serde_json::{json, Map, Value};
    use std::path::{Path, PathBuf};

    const USAGE: &str = "usage:
  readmode extract FILE [--url URL] [--format text|html|json]
  readmode batch DIR --out FILE.json
  readmode eval --corpus DIR [--pred FILE.json] [--worst N]
  readmode train --corpus DIR [--out FILE.rs]

  extract  reads one page (.html or .html.gz) and prints its article: the title and plain text
           (text), the reader HTML (html), or the whole analysis with every block (json).
  batch    analyses every *.html and *.html.gz in DIR and writes one JSON object mapping the page
           id (the file name up to its first dot) to its articleBody and metadata.
  eval     scores the native build on a corpus: a WCXB folder (html/ + ground-truth/) gives word
           F1, with and leak per page type as ../shared/tools/score.py prints them; Readability's
           test pages (pages/*/source.html) give the readerable and metadata figures. Both print
           all pages, the tuning part and the kept-aside part (WCXB ids ending in 7, Readability
           slugs from n to z). --pred scores a batch output (e.g. the browser build's) instead;
           --worst N lists the N worst pages with what was lost and what leaked.
  train    trains the content model on the tuning part of a WCXB corpus, prints its figures on
           both parts beside the rules alone, and writes the weights (default
           src/classify/model_weights.rs).";

    /// The URL a page was fetched from, when no --url is given: a WCXB-style corpus keeps it in
    /// `../ground-truth/ID.json`; otherwise the placeholder the Mozilla test pages assume.
    const FALLBACK_URL: &str = "http://fakehost/test/page.html";

    pub fn run(args: Vec<String>) -> i32 {
        let result = match args.first().map(String::as_str) {
            Some("extract") => extract(&args[1..]),
            Some("batch") => batch(&args[1..]),
            Some("eval") => eval(&args[1..]),
            Some("train") => train(&args[1..]),
            Some("-h") | Some("--help") | Some("help") => {
                println!("{USAGE}");
                return 0;
            }
            _ => Err(format!("expected a command\n{USAGE}")),
        };
        match result {
            Ok(()) => 0,
            Err(e) => {
                eprintln!("readmode: {e}");
                1
            }
        }
    }

    /// Pulls `--name VALUE` out of `args`.
    fn take_flag(args: &mut Vec<String>, name: &str) -> Result<Option<String>, String> {
        match args.iter().position(|a| a == name) {
            None => Ok(None),
            Some(i) if i + 1 < args.len() => {
                let v = args.remove(i + 1);
                args.remove(i);
                Ok(Some(v))
            }
            Some(_) => Err(format!("{name} needs a value")),
        }
    }

    pub fn read_page(path: &Path) -> Result<String, String> {
        readmode::eval::read_page(path)
    }

    fn page_id(path: &Path) -> String {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        name.split('.').next().unwrap_or("").to_string()
    }

    fn corpus_url(path: &Path) -> Option<String> {
        let gt = path.parent()?.parent()?.join("ground-truth").join(format!("{}.json", page_id(path)));
        let v: Value = serde_json::from_str(&std::fs::read_to_string(gt).ok()?).ok()?;
        v.get("url")?.as_str().map(str::to_string)
    }

    /// Prints to stdout; a closed pipe (`readmode extract page.html | head`) ends quietly.
    fn out(text: &str) {
        use std::io::Write;
        let mut o = std::io::stdout().lock();
        if writeln!(o, "{text}").and_then(|_| o.flush()).is_err() {
            std::process::exit(0);
        }
    }

    fn extract(args: &[String]) -> Result<(), String> {
        let mut args = args.to_vec();
        let url = take_flag(&mut args, "--url")?;
        let format = take_flag(&mut args, "--format")?.unwrap_or_else(|| "text".into());
        let [file] = &args[..] else { return Err(format!("extract takes one FILE\n{USAGE}")) };
        if !matches!(format.as_str(), "text" | "html" | "json") {
            return Err(format!("unknown format {format:?}: use text, html or json"));
        }
        let path = Path::new(file);
        let html = read_page(path)?;
        let options = Options { url: url.or_else(|| corpus_url(path)), ..Options::default() };
        let a = analyze_html(&html, &options).map_err(|e| format!("{}: {e}", path.display()))?;
        match format.as_str() {
            "text" => {
                if !a.readerable {
                    eprintln!("readmode: {}", a.reason.as_deref().unwrap_or("not readerable"));
                }
                out(&format!("{}\n\n{}", a.article.metadata.title.as_deref().unwrap_or(""), a.article.text));
            }
            "html" => out(&a.article.html),
            "json" => out(&serde_json::to_string_pretty(&a).map_err(|e| e.to_string())?),
            f => return Err(format!("unknown format {f:?}: use text, html or json")),
        }
        Ok(())
    }

    /// The record the scorer reads: `articleBody` plus the metadata.
    pub fn record(a: &Analysis) -> Value {
        let m = &a.article.metadata;
        json!({
            "articleBody": a.article.text,
            "title": m.title, "byline": m.byline, "excerpt": m.excerpt, "siteName": m.site_name,
            "publishedTime": m.published_time, "lang": m.lang, "dir": m.dir,
            "readerable": a.readerable,
        })
    }

    fn batch(args: &[String]) -> Result<(), String> {
        let mut args = args.to_vec();
        let out = take_flag(&mut args, "--out")?.ok_or_else(|| format!("batch needs --out FILE.json\n{USAGE}"))?;
        let [dir] = &args[..] else { return Err(format!("batch takes one DIR\n{USAGE}")) };
        let files = pages_in(Path::new(dir))?;
        let total = files.len();
        let map = run_pages(&files, "batch");
        let errors = map.values().filter(|v| v.get("error").is_some()).count();
        let text = serde_json::to_string(&Value::Object(map)).map_err(|e| e.to_string())?;
        std::fs::write(&out, text).map_err(|e| format!("cannot write {out}: {e}"))?;
        eprintln!("readmode batch: wrote {total} pages to {out} ({errors} with errors)");
        Ok(())
    }

    /// Every `*.html` and `*.html.gz` in a folder, sorted.
    fn pages_in(dir: &Path) -> Result<Vec<PathBuf>, String> {
        let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
            .map_err(|e| format!("cannot read folder {}: {e}", dir.display()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                let n = p.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
                n.ends_with(".html") || n.ends_with(".html.gz")
            })
            .collect();
        files.sort();
        if files.is_empty() {
            return Err(format!("no *.html or *.html.gz pages in {}", dir.display()));
        }
        Ok(files)
    }

    /// Analyses pages on every core, with a progress line on stderr; id → record.
    fn run_pages(files: &[PathBuf], what: &str) -> Map<String, Value> {
        let total = files.len();
        let done = std::sync::atomic::AtomicUsize::new(0);
        let workers = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1).min(8);
        let next = std::sync::atomic::AtomicUsize::new(0);
        let results: Vec<Vec<(String, Value)>> = std::thread::scope(|s| {
            let handles: Vec<_> = (0..workers)
                .map(|_| {
                    let (done, next) = (&done, &next);
                    s.spawn(move || {
                        let mut out = Vec::new();
                        loop {
                            let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                            let Some(p) = files.get(i) else { break };
                            out.push((page_id(p), batch_one(p)));
                            let n = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
                            if n % 100 == 0 || n == total {
                                eprint!("\rreadmode {what}: {n}/{total} pages");
                            }
                        }
                        out
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().expect("batch worker")).collect()
        });
        eprintln!();
        let mut all: Vec<(String, Value)> = results.into_iter().flatten().collect();
        all.sort_by(|a, b| a.0.cmp(&b.0));
        all.into_iter().collect()
    }

    /// One page of a batch; a page that fails (or panics) becomes an empty record with its error.
    fn batch_one(path: &Path) -> Value {
        let run = || -> Result<Value, String> {
            let html = read_page(path)?;
            let url = corpus_url(path).unwrap_or_else(|| FALLBACK_URL.to_string());
            let options = Options { url: Some(url), include_blocks: false, ..Options::default() };
            let a = analyze_html(&html, &options).map_err(|e| e.to_string())?;
            Ok(record(&a))
        };
        match std::panic::catch_unwind(std::panic::AssertUnwindSafe(run)) {
            Ok(Ok(v)) => v,
            Ok(Err(e)) => json!({"articleBody": "", "error": e}),
            Err(_) => json!({"articleBody": "", "error": "internal error (panic)"}),
        }
    }

    fn eval(args: &[String]) -> Result<(), String> {
        let mut args = args.to_vec();
        let corpus = take_flag(&mut args, "--corpus")?.ok_or_else(|| format!("eval needs --corpus DIR\n{USAGE}"))?;
        let pred = take_flag(&mut args, "--pred")?;
        let worst: usize = match take_flag(&mut args, "--worst")? {
            Some(n) => n.parse().map_err(|_| format!("--worst takes a number, not {n:?}"))?,
            None => 0,
        };
        if let Some(extra) = args.first() {
            return Err(format!("unexpected argument {extra:?}\n{USAGE}"));
        }
        let corpus = Path::new(&corpus);
        if corpus.join("ground-truth").is_dir() && corpus.join("html").is_dir() {
            eval_wcxb(corpus, pred.as_deref(), worst)
        } else if corpus.join("pages").is_dir() {
            eval_readability(corpus, pred.as_deref())
        } else {
            Err(format!("{} is neither a WCXB corpus (html/, ground-truth/) nor Readability's test pages (pages/)", corpus.display()))
        }
    }

    fn load_pred(path: &str) -> Result<Map<String, Value>, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {path}: {e}"))?;
        match serde_json::from_str(&text).map_err(|e| format!("{path} is not JSON: {e}"))? {
            Value::Object(m) => Ok(m),
            _ => Err(format!("{path} is not a JSON object of page records")),
        }
    }

    fn eval_wcxb(corpus: &Path, pred: Option<&str>, worst: usize) -> Result<(), String> {
        use readmode::eval::{diff_words, format_table, is_held_out_wcxb, score_page, table};
        let truths = readmode::eval::load_wcxb_truth(corpus)?;
        let records = match pred {
            Some(p) => load_pred(p)?,
            None => run_pages(&pages_in(&corpus.join("html"))?, "eval"),
        };
        let body = |id: &str| -> String {
            match records.get(id) {
                Some(Value::String(s)) => s.clone(),
                Some(v) => v.get("articleBody").and_then(Value::as_str).unwrap_or("").to_string(),
                None => String::new(),
            }
        };
        let scores: Vec<_> = truths.iter().map(|t| score_page(t, &body(&t.id))).collect();
        let predicted = truths.iter().filter(|t| records.contains_key(&t.id)).count();
        println!("{}: {predicted}/{} pages predicted", pred.unwrap_or("native build"), truths.len());
        print!("{}", format_table(&table(&scores)));
        for (name, held) in [("tuning part (ids not ending in 7)", false), ("kept-aside part (ids ending in 7)", true)] {
            let part: Vec<_> = scores.iter().filter(|s| is_held_out_wcxb(&s.id) == held).cloned().collect();
            println!("{name}:");
            print!("{}", format_table(&table(&part)));
        }
        // How much a part of ~150 pages varies by itself: the kept-aside digit beside the others.
        let by_digit: Vec<String> = ('0'..='9')
            .filter_map(|d| {
                let part: Vec<_> = scores.iter().filter(|s| s.id.ends_with(d)).cloned().collect();
                let all = table(&part).into_iter().next().filter(|r| r.n > 0)?;
                Some(format!("{d}: {:.3}/{:.3}", all.f1, all.leak))
            })
            .collect();
        println!("all pages by the id's last digit (F1/leak; 7 is the kept-aside part):\n  {}", by_digit.join("  "));
        if worst > 0 {
            let mut order: Vec<usize> = (0..scores.len()).collect();
            order.sort_by(|&a, &b| scores[a].f1.total_cmp(&scores[b].f1).then(scores[a].id.cmp(&scores[b].id)));
            println!("worst {worst} pages:");
            for &i in order.iter().take(worst) {
                let (s, t) = (&scores[i], &truths[i]);
                let (lost, extra) = diff_words(&body(&s.id), &t.text, 8);
                println!(
                    "{} {:<13} F1 {:.3}  P {:.3}  R {:.3}  leak {}/{}",
                    s.id,
                    s.page_type,
                    s.f1,
                    s.p,
                    s.r,
                    s.without.iter().filter(|w| w.1).count(),
                    s.without.len()
                );
                println!("    lost:   {}", lost.join(" "));
                println!("    extra:  {}", extra.join(" "));
                for (snippet, _) in s.with.iter().filter(|w| !w.1).take(2) {
                    println!("    missing snippet: {:?}", snippet.chars().take(90).collect::<String>());
                }
                for (snippet, _) in s.without.iter().filter(|w| w.1).take(3) {
                    println!("    leaked snippet:  {:?}", snippet.chars().take(90).collect::<String>());
                }
            }
        }
        Ok(())
    }

    /// Metadata fields compared on Readability's test pages (on the pages that have them).
    const METADATA_FIELDS: &[&str] = &["title", "byline", "excerpt", "siteName", "lang", "dir", "publishedTime"];

    fn eval_readability(corpus: &Path, pred: Option<&str>) -> Result<(), String> {
        use readmode::eval::is_held_out_readability;
        let pages_dir = corpus.join("pages");
        let mut slugs: Vec<String> = std::fs::read_dir(&pages_dir)
            .map_err(|e| format!("cannot read {}: {e}", pages_dir.display()))?
            .filter_map(|e| e.ok())
            .filter(|e| e.path().join("source.html").is_file())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        slugs.sort();
        let records: Map<String, Value> = match pred {
            Some(p) => load_pred(p)?,
            None => {
                let mut m = Map::new();
                for (n, slug) in slugs.iter().enumerate() {
                    let path = pages_dir.join(slug).join("source.html");
                    let run = || -> Result<Value, String> {
                        let html = read_page(&path)?;
                        let options = Options { url: Some(FALLBACK_URL.into()), include_blocks: false, ..Options::default() };
                        Ok(record(&analyze_html(&html, &options).map_err(|e| e.to_string())?))
                    };
                    let v = match std::panic::catch_unwind(std::panic::AssertUnwindSafe(run)) {
                        Ok(Ok(v)) => v,
                        Ok(Err(e)) => json!({"error": e}),
                        Err(_) => json!({"error": "internal error (panic)"}),
                    };
                    m.insert(slug.clone(), v);
                    eprint!("\rreadmode eval: {}/{} pages", n + 1, slugs.len());
                }
                eprintln!();
                m
            }
        };
        // (field, part) -> (right, total)
        let mut tally: std::collections::BTreeMap<(&str, &str), (usize, usize)> = Default::default();
        let mut wrong: Vec<String> = Vec::new();
        for slug in &slugs {
            let expected: Value = std::fs::read_to_string(pages_dir.join(slug).join("expected-metadata.json"))
                .ok()
                .and_then(|t| serde_json::from_str(&t).ok())
                .unwrap_or(Value::Null);
            let got = records.get(slug).cloned().unwrap_or(Value::Null);
            let part = if is_held_out_readability(slug) { "kept-aside" } else { "tuning" };
            let norm = |v: &Value| v.as_str().map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "));
            let mut check = |field: &'static str, ok: bool, show: String| {
                for p in ["all", part] {
                    let e = tally.entry((field, p)).or_default();
                    e.0 += ok as usize;
                    e.1 += 1;
                }
                if !ok {
                    wrong.push(format!("{slug} {field}: {show}"));
                }
            };
            if let Some(r) = expected.get("readerable").and_then(Value::as_bool) {
                let g = got.get("readerable").and_then(Value::as_bool).unwrap_or(false);
                check("readerable", g == r, format!("expected {r}, got {g}"));
            }
            for &f in METADATA_FIELDS {
                let Some(e) = expected.get(f).and_then(&norm).filter(|s| !s.is_empty()) else { continue };
                let g = got.get(f).and_then(&norm).unwrap_or_default();
                check(f, g == e, format!("expected {e:?}, got {g:?}"));
            }
        }
        println!("{}: {} pages", pred.unwrap_or("native build"), slugs.len());
        println!("  {:<14} {:>16} {:>16} {:>16}", "field", "all", "tuning", "kept-aside");
        for f in std::iter::once("readerable").chain(METADATA_FIELDS.iter().copied()) {
            let cell = |p: &str| {
                let (r, t) = tally.get(&(f, p)).copied().unwrap_or((0, 0));
                if t == 0 { "-".to_string() } else { format!("{:.3} ({r}/{t})", r as f64 / t as f64) }
            };
            println!("  {:<14} {:>16} {:>16} {:>16}", f, cell("all"), cell("tuning"), cell("kept-aside"));
        }
        if std::env::var_os("READMODE_EVAL_VERBOSE").is_some() {
            for w in &wrong {
                println!("    {w}");
            }
        }
        Ok(())
    }

    fn train(args: &[String]) -> Result<(), String> {
        let mut args = args.to_vec();
        let corpus = take_flag(&mut args, "--corpus")?.ok_or_else(|| format!("train needs --corpus DIR\n{USAGE}"))?;
        let out = take_flag(&mut args, "--out")?.unwrap_or_else(|| "src/classify/model_weights.rs".into());
        if let Some(extra) = args.first() {
            return Err(format!("unexpected argument {extra:?}\n{USAGE}"));
        }
        let report = readmode::train::train(Path::new(&corpus), &mut std::io::stderr())?;
        print!("{}", report.summary);
        std::fs::write(&out, report.weights_source).map_err(|e| format!("cannot write {out}: {e}"))?;
        println!("wrote {out}");
        Ok(())
    }
}
