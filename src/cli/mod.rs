//! The native command line (`readmode extract`, `batch`, `eval`, `train`), compiled only with the
//! `cli` feature and never into the wasm: argument handling and the commands, with everything
//! that reads files (page files, folders, corpora) and the tools that are no part of the
//! library's public graph: evaluation ([`eval`], [`score`]) and training ([`train`]).

mod corpus;
mod eval;
mod score;
mod train;

use self::corpus::{corpus_url, pages_in, read_page, run_pages};
use crate::{analyze_html, Options};
use serde_json::Value;
use std::path::Path;

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

/// Runs the command line (`std::env::args()`); the binary's `main`.
pub fn main() -> std::process::ExitCode {
    std::process::ExitCode::from(run(std::env::args().skip(1).collect()) as u8)
}

fn run(args: Vec<String>) -> i32 {
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
    eval::eval(Path::new(&corpus), pred.as_deref(), worst)
}

fn train(args: &[String]) -> Result<(), String> {
    let mut args = args.to_vec();
    let corpus = take_flag(&mut args, "--corpus")?.ok_or_else(|| format!("train needs --corpus DIR\n{USAGE}"))?;
    let out = take_flag(&mut args, "--out")?.unwrap_or_else(|| "src/classify/model_weights.rs".into());
    if let Some(extra) = args.first() {
        return Err(format!("unexpected argument {extra:?}\n{USAGE}"));
    }
    let report = train::train(Path::new(&corpus), &mut std::io::stderr())?;
    print!("{}", report.summary);
    std::fs::write(&out, report.weights_source).map_err(|e| format!("cannot write {out}: {e}"))?;
    println!("wrote {out}");
    Ok(())
}
