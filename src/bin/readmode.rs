//! The native command line: `readmode extract`, `readmode batch`.

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
    use std::io::Read;
    use std::path::{Path, PathBuf};

    const USAGE: &str = "usage:
  readmode extract FILE [--url URL] [--format text|html|json]
  readmode batch DIR --out FILE.json

  extract  reads one page (.html or .html.gz) and prints its article: the title and plain text
           (text), the reader HTML (html), or the whole analysis with every block (json).
  batch    analyses every *.html and *.html.gz in DIR and writes one JSON object mapping the page
           id (the file name up to its first dot) to its articleBody and metadata.";

    /// The URL a page was fetched from, when no --url is given: a WCXB-style corpus keeps it in
    /// `../ground-truth/ID.json`; otherwise the placeholder the Mozilla test pages assume.
    const FALLBACK_URL: &str = "http://fakehost/test/page.html";

    pub fn run(args: Vec<String>) -> i32 {
        let result = match args.first().map(String::as_str) {
            Some("extract") => extract(&args[1..]),
            Some("batch") => batch(&args[1..]),
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

    /// Reads a page file, gunzipping `.gz`; refuses what is not UTF-8 text.
    pub fn read_page(path: &Path) -> Result<String, String> {
        let bytes = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let bytes = if path.extension().is_some_and(|e| e == "gz") {
            let mut out = Vec::new();
            flate2::read::GzDecoder::new(&bytes[..])
                .read_to_end(&mut out)
                .map_err(|e| format!("{} is not a valid gzip file: {e}", path.display()))?;
            out
        } else {
            bytes
        };
        String::from_utf8(bytes).map_err(|e| {
            format!("{} is not UTF-8 text (invalid byte at offset {})", path.display(), e.utf8_error().valid_up_to())
        })
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
        let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
            .map_err(|e| format!("cannot read folder {dir}: {e}"))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                let n = p.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
                n.ends_with(".html") || n.ends_with(".html.gz")
            })
            .collect();
        files.sort();
        if files.is_empty() {
            return Err(format!("no *.html or *.html.gz pages in {dir}"));
        }
        let total = files.len();
        let done = std::sync::atomic::AtomicUsize::new(0);
        let workers = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1).min(8);
        let chunks: Vec<&[PathBuf]> = files.chunks(total.div_ceil(workers)).collect();
        let results: Vec<Vec<(String, Value)>> = std::thread::scope(|s| {
            let handles: Vec<_> = chunks
                .iter()
                .map(|chunk| {
                    let done = &done;
                    s.spawn(move || {
                        chunk
                            .iter()
                            .map(|p| {
                                let v = batch_one(p);
                                let n = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
                                if n % 100 == 0 || n == total {
                                    eprint!("\rreadmode batch: {n}/{total} pages");
                                }
                                (page_id(p), v)
                            })
                            .collect()
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().expect("batch worker")).collect()
        });
        eprintln!();
        let mut map = Map::new();
        let mut errors = 0;
        for (id, v) in results.into_iter().flatten() {
            errors += v.get("error").is_some() as usize;
            map.insert(id, v);
        }
        let text = serde_json::to_string(&Value::Object(map)).map_err(|e| e.to_string())?;
        std::fs::write(&out, text).map_err(|e| format!("cannot write {out}: {e}"))?;
        eprintln!("readmode batch: wrote {total} pages to {out} ({errors} with errors)");
        Ok(())
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
}
