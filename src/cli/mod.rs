//! The native command line (`readmode extract`, `batch`, `eval`, `train`), compiled only with the
//! `cli` feature and never into the wasm: argument handling and the commands, with everything
//! that reads files (page files, folders, corpora) and the tools that are no part of the
//! library's public graph: evaluation (`eval`, `score`) and training (`train`).

mod corpus;
mod eval;
mod json;
mod progress;
mod score;
mod train;
mod train_page;

use self::corpus::{corpus_url, pages_in, read_page, read_stdin, run_pages};
use crate::{analyze_bytes, Options};
use clap::{Args, Parser, Subcommand, ValueEnum};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Reader mode on the command line: the article of a page, and the classifier's figures on a corpus.
#[derive(Parser)]
#[command(name = "readmode", version, arg_required_else_help = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Reads one page (.html or .html.gz) and prints its article: the title and plain text
    /// (text), the reader HTML (html), or the whole analysis with every block (json).
    Extract(ExtractArgs),
    /// Analyses every *.html and *.html.gz in DIR and writes one JSON object mapping the page id
    /// (the file name up to its first dot) to its articleBody and metadata.
    Batch(BatchArgs),
    /// Scores the native build on a corpus: a WCXB folder (html/ + ground-truth/) gives word F1,
    /// with and leak per page type as ../shared/tools/score.py wcxb prints them; a snippet corpus
    /// (trafilatura-dev: evaldata.json + pages/) gives the snippet figures score.py snippets
    /// prints; Readability's test pages (pages/*/source.html) give the readerable and metadata
    /// figures, and word F1 against expected.html on the readerable pages. Each prints all
    /// pages, the tuning part and the kept-aside part (WCXB ids ending in 7, trafilatura-dev
    /// sites whose name hashes to 0 mod 10, Readability slugs from n to z).
    Eval(EvalArgs),
    /// Trains the content model on the tuning part of a WCXB corpus, prints its figures on both
    /// parts beside the rules alone, and writes the weights.
    Train(TrainArgs),
    /// Trains the page-shape model (is there something to read, or a grid of items?) on the
    /// tuning part of a WCXB corpus, cross-validated by site; prints the offered rates per page
    /// type and writes the weights.
    TrainPage(TrainPageArgs),
}

#[derive(Args)]
struct ExtractArgs {
    /// The page: an .html or .html.gz file, or - to read HTML from standard input
    #[arg(value_name = "FILE")]
    file: PathBuf,
    /// The page's URL, to make links and images absolute [default: the url in
    /// ../ground-truth/ID.json beside a WCXB corpus page]
    #[arg(long, value_name = "URL")]
    url: Option<String>,
    /// What to print
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Read the page up to this many elements (a page with more is cut there, and says so)
    #[arg(long, value_name = "N", default_value_t = crate::dom::MAX_ELEMENTS)]
    max_elements: usize,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    /// The title and the article's plain text
    Text,
    /// The reader HTML
    Html,
    /// The whole analysis: metadata, reader HTML and every block with its label and reasons
    Json,
}

#[derive(Args)]
struct BatchArgs {
    /// A folder of *.html and *.html.gz pages
    #[arg(value_name = "DIR")]
    dir: PathBuf,
    /// The JSON file to write
    #[arg(long, value_name = "FILE.json")]
    out: PathBuf,
}

#[derive(Args)]
struct EvalArgs {
    /// A WCXB corpus folder (html/ + ground-truth/), a snippet corpus (evaldata.json + pages/)
    /// or Readability's test pages (pages/)
    #[arg(long, value_name = "DIR")]
    corpus: PathBuf,
    /// Scores a batch output (e.g. the browser build's) instead of running the native build
    #[arg(long, value_name = "FILE.json")]
    pred: Option<String>,
    /// Lists the N worst pages: with the words lost and leaked (WCXB, Readability), or with the
    /// snippets missed and leaked (snippet corpus)
    #[arg(long, value_name = "N")]
    worst: Option<usize>,
}

#[derive(Args)]
struct TrainArgs {
    /// A corpus folder: WCXB (html/ + ground-truth/), trafilatura's snippets (evaldata.json +
    /// pages/) or Readability's test pages (pages/); repeat for more (the committed weights come
    /// from all three)
    #[arg(long, value_name = "DIR", required = true)]
    corpus: Vec<PathBuf>,
    /// Where to write the weights
    #[arg(long, value_name = "FILE.rs", default_value = "src/classify/model_weights.rs")]
    out: PathBuf,
}

#[derive(Args)]
struct TrainPageArgs {
    /// A WCXB corpus folder (html/ + ground-truth/)
    #[arg(long, value_name = "DIR")]
    corpus: PathBuf,
    /// Where to write the weights
    #[arg(long, value_name = "FILE.rs", default_value = "src/page_shape_weights.rs")]
    out: PathBuf,
    /// Also write every page's figures and score, tab-separated
    #[arg(long, value_name = "FILE.tsv")]
    table: Option<PathBuf>,
}

/// Runs the command line on the process's arguments: the binary's `main`. A usage error exits
/// with clap's message and code 2; a page or file the command cannot use, with one sentence
/// and code 1.
pub fn main() -> ExitCode {
    let result = match Cli::parse().command {
        Command::Extract(a) => extract(a),
        Command::Batch(a) => batch(a),
        Command::Eval(a) => eval::eval(&a.corpus, a.pred.as_deref(), a.worst.unwrap_or(0)),
        Command::Train(a) => train(a),
        Command::TrainPage(a) => train_page(a),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("readmode: {e}");
            ExitCode::FAILURE
        }
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

fn extract(args: ExtractArgs) -> Result<(), String> {
    let (name, bytes, url) = if args.file == Path::new("-") {
        ("standard input".to_string(), read_stdin()?, args.url)
    } else {
        let path = args.file.as_path();
        (path.display().to_string(), read_page(path)?, args.url.or_else(|| corpus_url(path)))
    };
    let options = Options { url, max_elements: args.max_elements, ..Options::default() };
    // The text and the reader HTML need no block reports (on a table of a million cells they
    // were a third of the memory).
    let unreported = Options { include_blocks: false, ..options.clone() };
    let analyze = || analyze_bytes(&bytes, &unreported).map_err(|e| format!("{name}: {e}"));
    match args.format {
        Format::Text => {
            let a = analyze()?;
            say_if_truncated(&name, a.truncated, &options);
            if !a.readerable {
                eprintln!("readmode: {}", a.reason.as_deref().unwrap_or("not readerable"));
            }
            out(&format!("{}\n\n{}", a.article.metadata.title.as_deref().unwrap_or(""), a.article.text));
        }
        Format::Html => {
            let a = analyze()?;
            say_if_truncated(&name, a.truncated, &options);
            out(&a.article.html)
        }
        Format::Json => return write_json(&name, bytes, &options),
    }
    Ok(())
}

/// A page cut at the element budget is said on standard error (the analysis says it too:
/// `truncated` in the JSON).
fn say_if_truncated(name: &str, truncated: bool, options: &Options) {
    if truncated {
        let n = options.max_elements;
        eprintln!(
            "readmode: {name} was read in part: it has more than {n} elements, or markup that \
             would keep the parser searching its open elements for seconds; read up to there"
        );
    }
}

/// `extract --format json`: the whole analysis, written as it is made, not built as one string
/// first (on a page of 100,000 blocks nested 500 deep the JSON is 240 MB, a CSS path per block,
/// and a copy of it in memory doubled the CLI's peak), and each block's report made as it is
/// written (see `BlockReports` and `json`).
fn write_json(name: &str, bytes: Vec<u8>, options: &Options) -> Result<(), String> {
    use std::io::Write;
    let a = crate::analyze_bytes_streamed(&bytes, options).map_err(|e| format!("{name}: {e}"))?;
    drop(bytes);
    say_if_truncated(name, a.analysis.truncated, options);
    // A megabyte at a time: the JSON of a table of a million cells is 430 MB.
    let mut o = std::io::BufWriter::with_capacity(1 << 20, std::io::stdout().lock());
    let written = json::write_analysis(&mut o, &a);
    // A closed pipe (`readmode extract page.html --format json | head`) ends quietly.
    if written.and_then(|_| writeln!(o)).and_then(|_| o.flush()).is_err() {
        std::process::exit(0);
    }
    // The process ends here: its memory goes back whole, not a node and a block at a time (a
    // tenth of a second on a page of millions of nodes).
    std::mem::forget(a);
    Ok(())
}

fn batch(args: BatchArgs) -> Result<(), String> {
    let files = pages_in(&args.dir)?;
    let total = files.len();
    let map = run_pages(&files, "batch");
    let errors = map.values().filter(|v| v.get("error").is_some()).count();
    let text = serde_json::to_string(&Value::Object(map)).map_err(|e| e.to_string())?;
    let out = args.out.display();
    std::fs::write(&args.out, text).map_err(|e| format!("cannot write {out}: {e}"))?;
    eprintln!("readmode batch: wrote {total} pages to {out} ({errors} with errors)");
    Ok(())
}

fn train(args: TrainArgs) -> Result<(), String> {
    let report = train::train(&args.corpus, &mut std::io::stderr())?;
    print!("{}", report.summary);
    let out = args.out.display();
    std::fs::write(&args.out, report.weights_source).map_err(|e| format!("cannot write {out}: {e}"))?;
    println!("wrote {out}");
    Ok(())
}

fn train_page(args: TrainPageArgs) -> Result<(), String> {
    let report = train_page::train(&args.corpus)?;
    print!("{}", report.summary);
    if let Some(t) = &args.table {
        std::fs::write(t, &report.table).map_err(|e| format!("cannot write {}: {e}", t.display()))?;
    }
    let out = args.out.display();
    std::fs::write(&args.out, report.weights_source).map_err(|e| format!("cannot write {out}: {e}"))?;
    println!("wrote {out}");
    Ok(())
}
