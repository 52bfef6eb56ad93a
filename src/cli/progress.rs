//! Progress of a run over many pages, on stderr: a bar while stderr is a terminal; otherwise
//! nothing until one line at the end (a log or a pipe gets no carriage returns).

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;

pub struct Progress {
    bar: ProgressBar,
    what: &'static str,
}

impl Progress {
    /// Progress of `readmode {what}` over `total` pages.
    pub fn new(what: &'static str, total: usize) -> Self {
        let target = if std::io::stderr().is_terminal() { ProgressDrawTarget::stderr() } else { ProgressDrawTarget::hidden() };
        let bar = ProgressBar::with_draw_target(Some(total as u64), target);
        let style = ProgressStyle::with_template("readmode {prefix}: [{wide_bar}] {pos}/{len} pages ({eta} left)")
            .expect("a valid progress template")
            .progress_chars("=> ");
        bar.set_style(style);
        bar.set_prefix(what);
        Progress { bar, what }
    }

    /// One more page done (from any thread).
    pub fn inc(&self) {
        self.bar.inc(1);
    }

    /// Clears the bar and says how many pages were done, in how long.
    pub fn finish(&self) {
        self.bar.finish_and_clear();
        let total = self.bar.length().unwrap_or(0);
        let secs = self.bar.elapsed().as_secs_f64();
        eprintln!("readmode {}: {}/{total} pages in {secs:.1}s", self.what, self.bar.position());
    }
}
