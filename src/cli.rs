//! Command-line interface: parses arguments, runs a command, prints, and returns the exit code
//! (0 success, 1 the course has errors, 2 usage, I/O or internal error).

use crate::build::{self, BuildOptions};
use crate::diagnostics::{self, Diagnostic, Severity};
use crate::error::Error;
use crate::progress::Progress;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::io::Write;
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "skillpress",
    version,
    about = "Turn a folder of training material into a self-contained static training portal",
    long_about = "Turn a folder of training material (Markdown modules, YAML case studies and quiz banks, a competency framework) into a static training portal that works from disk, from any web host and inside an LMS.\n\nExit codes: 0 success, 1 the course has errors, 2 usage, I/O or internal error.",
    after_help = "Run `skillpress new my-course` to start, then `skillpress build --root my-course`."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into the output folder
    Build(BuildArgs),
    /// Validate the course and report every problem, without writing anything
    Check(CheckArgs),
    /// Create a new course that builds and passes `check`
    New(NewArgs),
    /// Build, serve the site on 127.0.0.1, and rebuild and reload pages on every change
    Serve(ServeArgs),
    /// Package the course for another system (an LMS)
    #[command(subcommand)]
    Export(ExportCommand),
    /// Convert questions from another format into a quiz bank
    #[command(subcommand)]
    Import(ImportCommand),
}

#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    /// Write a SCORM 1.2 package (one zip) to upload to an LMS such as Moodle
    Scorm(ScormArgs),
}

#[derive(Debug, Args)]
pub struct ScormArgs {
    #[command(flatten)]
    pub common: RootArgs,
    /// The zip file to write [default: <course id>-scorm12.zip in the course folder]
    #[arg(long, value_name = "FILE.zip")]
    pub out: Option<PathBuf>,
    /// Score from 0 to 100 the LMS counts as a pass [default: the final assessment's pass mark, else 80]
    #[arg(long, value_name = "SCORE", value_parser = parse_mastery, allow_hyphen_values = true)]
    pub mastery: Option<f64>,
    /// Print only errors and warnings, not the summary
    #[arg(long, short)]
    pub quiet: bool,
}

fn parse_mastery(s: &str) -> Result<f64, String> {
    match s.trim().trim_end_matches('%').parse::<f64>() {
        Ok(x) if (0.0..=100.0).contains(&x) => Ok(x),
        _ => Err(format!(
            "`{s}` is not a score from 0 to 100 (for example 80)"
        )),
    }
}

#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// Convert a Moodle GIFT file into a quiz bank (YAML)
    Gift(GiftArgs),
}

#[derive(Debug, Args)]
pub struct GiftArgs {
    /// The GIFT file to convert
    pub file: PathBuf,
    /// Id of the new bank [default: from the file name]
    #[arg(long, value_name = "ID")]
    pub bank: Option<String>,
    /// Where to write the bank [default: quizzes/<bank>.yaml]
    #[arg(long, value_name = "FILE.yaml")]
    pub out: Option<PathBuf>,
    /// Competency the questions assess (GIFT cannot say it)
    #[arg(long, value_name = "ID")]
    pub competency: Option<String>,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub common: RootArgs,
    /// Address to listen on; only this machine can connect unless you change it
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: String,
    /// Port to listen on (0 picks a free port and prints it)
    #[arg(long, default_value_t = 4000)]
    pub port: u16,
    /// Poll for changes instead of using file-system events (network drives, containers, WSL)
    #[arg(long)]
    pub poll: bool,
    /// Open the site in the default browser
    #[arg(long)]
    pub open: bool,
    /// Output folder [default: course.yaml's `output`, else public/ in the course folder]
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct RootArgs {
    /// The course folder (the one with course.yaml)
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
    /// Include modules, lessons and pages marked `draft: true`
    #[arg(long)]
    pub drafts: bool,
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    #[command(flatten)]
    pub common: RootArgs,
    /// Output folder [default: course.yaml's `output`, else public/ in the course folder]
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Absolute URL the site is published at, for sitemap.xml and canonical links (overrides course.yaml)
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// Print only errors and warnings, not the summary
    #[arg(long, short)]
    pub quiet: bool,
    /// Render every page, even those the last build of the output folder made from the same
    /// sources (by default they are kept as they are)
    #[arg(long)]
    pub fresh: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum Format {
    Human,
    Json,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub common: RootArgs,
    /// `human` (path:line:col lines on stderr) or `json` (an array on stdout)
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Exit with code 1 when there are warnings, for CI
    #[arg(long)]
    pub deny_warnings: bool,
}

#[derive(Debug, Args)]
pub struct NewArgs {
    /// Folder to create (must not exist or be empty)
    pub dir: PathBuf,
    /// Also write the default theme (templates/ and static/) for editing
    #[arg(long)]
    pub eject_theme: bool,
}

/// Runs the command line; returns the process exit code.
pub fn run<I, T>(args: I) -> u8
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return code;
        }
    };
    let result = match cli.command {
        Command::Build(a) => run_build(a),
        Command::Check(a) => run_check(a),
        Command::New(a) => run_new(a),
        Command::Serve(a) => run_serve(a),
        Command::Export(ExportCommand::Scorm(a)) => run_export_scorm(a),
        Command::Import(ImportCommand::Gift(a)) => run_import_gift(a),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            print_error(&e);
            e.exit_code()
        }
    }
}

fn print_error(e: &Error) {
    let mut err = std::io::stderr().lock();
    match e {
        Error::Content(diags) => {
            let _ = write!(err, "{}", diagnostics::render_human(diags));
            let errors = diags
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .count();
            let _ = writeln!(
                err,
                "error: the course has {}",
                diagnostics::summary(errors, diags.len() - errors)
            );
        }
        other => {
            let _ = writeln!(err, "error: {other}");
        }
    }
}

fn print_warnings(warnings: &[Diagnostic]) {
    if warnings.is_empty() {
        return;
    }
    let mut err = std::io::stderr().lock();
    let _ = write!(err, "{}", diagnostics::render_human(warnings));
}

fn options(common: &RootArgs) -> BuildOptions {
    BuildOptions {
        root: common.root.clone(),
        out: None,
        base_url: None,
        drafts: common.drafts,
        fresh: false,
        progress: Progress::default(),
    }
}

fn run_build(a: BuildArgs) -> Result<u8, Error> {
    let mut opts = options(&a.common);
    opts.out = a.out;
    opts.base_url = a.base_url;
    opts.fresh = a.fresh;
    if let Some(url) = &opts.base_url {
        if !(url.starts_with("http://") || url.starts_with("https://")) {
            return Err(Error::Other(format!(
                "--base-url must be an absolute http(s) URL such as https://example.org/course/, not `{url}`"
            )));
        }
    }
    let progress = Progress::on_terminal(!a.quiet);
    opts.progress = progress.clone();
    let result = build::build(&opts);
    progress.finish();
    let report = result?;
    print_warnings(&report.warnings);
    if let Some(e) = &report.cache_error {
        eprintln!("warning: the record of this build was not saved for the next one ({e}); the site is complete, but the next build renders again the pages this one changed");
    }
    if !a.quiet {
        // Pages kept from the last build are told apart only when there are any.
        let reused = match report.reused {
            0 => String::new(),
            n => format!(
                ", {} rendered, {n} as the last build made them",
                report.page_count - n
            ),
        };
        println!(
            "Built {} pages{reused} ({} files: {} written, {} unchanged, {} removed) into {} in {:.2} s, search index {}{}",
            report.page_count,
            report.file_count,
            report.write.written,
            report.write.unchanged,
            report.write.removed,
            report.out_dir.display(),
            report.elapsed.as_secs_f64(),
            search_size(report.search_bytes, report.search_files)
                + if report.search_kept {
                    " (kept)"
                } else {
                    ""
                },
            warning_suffix(report.warnings.len())
        );
    }
    Ok(0)
}

/// ", 3 warnings" after a summary line, nothing when there are none.
fn warning_suffix(n: usize) -> String {
    if n == 0 {
        String::new()
    } else {
        format!(", {}", diagnostics::plural(n, "warning"))
    }
}

/// "180 KB", or "52.3 MB in 912 files" when the index is split into parts loaded on demand.
fn search_size(bytes: usize, files: usize) -> String {
    let size = size(bytes);
    if files > 1 {
        format!("{size} in {files} files")
    } else {
        size
    }
}

fn run_check(a: CheckArgs) -> Result<u8, Error> {
    let mut opts = options(&a.common);
    let progress = Progress::on_terminal(matches!(a.format, Format::Human));
    opts.progress = progress.clone();
    let result = build::check(&opts);
    progress.finish();
    let diags = result?;
    let errors = diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = diags.len() - errors;
    match a.format {
        Format::Json => println!("{}", diagnostics::render_json(&diags)),
        Format::Human => {
            let mut err = std::io::stderr().lock();
            let _ = write!(err, "{}", diagnostics::render_human(&diags));
            let _ = writeln!(err, "check: {}", diagnostics::summary(errors, warnings));
        }
    }
    Ok(if errors > 0 || (a.deny_warnings && warnings > 0) {
        1
    } else {
        0
    })
}

fn run_serve(a: ServeArgs) -> Result<u8, Error> {
    let mut build = options(&a.common);
    build.out = a.out;
    crate::serve::run(crate::serve::ServeOptions {
        build,
        bind: a.bind,
        port: a.port,
        poll: a.poll,
        open: a.open,
    })?;
    Ok(0)
}

fn run_export_scorm(a: ScormArgs) -> Result<u8, Error> {
    let progress = Progress::on_terminal(!a.quiet);
    let mut build = options(&a.common);
    build.progress = progress.clone();
    let result = crate::scorm::export(&crate::scorm::ExportOptions {
        build,
        out: a.out,
        mastery: a.mastery,
    });
    progress.finish();
    let report = result?;
    print_warnings(&report.warnings);
    if !a.quiet {
        println!(
            "Exported a SCORM 1.2 package of {} pages ({} files, {}) to {}; mastery score {}{}",
            report.page_count,
            report.file_count,
            size(report.bytes),
            report.zip.display(),
            report.mastery,
            warning_suffix(report.warnings.len())
        );
    }
    Ok(0)
}

/// "180 KB", "52.3 MB".
fn size(bytes: usize) -> String {
    if bytes < 1024 * 1024 {
        format!("{} KB", bytes.div_ceil(1024))
    } else {
        format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
    }
}

fn run_import_gift(a: GiftArgs) -> Result<u8, Error> {
    let text = std::fs::read(&a.file).map_err(|e| Error::io(&a.file, e))?;
    let text = match String::from_utf8(text) {
        Ok(text) => text,
        // A content error, exit 1, positioned as `check` and `build` position it.
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let d = crate::discover::not_utf8(&a.file.display().to_string(), e.as_bytes(), at);
            let _ = write!(
                std::io::stderr().lock(),
                "{}",
                diagnostics::render_human(&[d])
            );
            return Ok(1);
        }
    };
    let stem = a
        .file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let bank = a
        .bank
        .clone()
        .unwrap_or_else(|| crate::slug::slugify(&stem));
    if !crate::slug::is_valid_id(&bank) {
        return Err(Error::Other(format!(
            "`{bank}` is not a valid bank id; pass one with --bank (lower-case letters, digits and `-`)"
        )));
    }
    let out = a
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from("quizzes").join(format!("{bank}.yaml")));
    if out.exists() {
        return Err(Error::Other(format!(
            "{} already exists; choose another file with --out, or delete it first",
            out.display()
        )));
    }
    let mut title: String = stem.replace(['-', '_'], " ");
    if let Some(first) = title.get(..1) {
        title = first.to_uppercase() + &title[1..];
    }
    let file = a.file.display().to_string();
    let opts = crate::gift::ImportOptions {
        file: &file,
        bank: &bank,
        title: &title,
        competency: a.competency.as_deref(),
    };
    match crate::gift::import(&text, &opts) {
        Ok(imported) => {
            print_warnings(&imported.skipped);
            if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
                std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
            }
            std::fs::write(&out, imported.yaml).map_err(|e| Error::io(&out, e))?;
            println!(
                "Imported {} questions into {}{}",
                imported.question_count,
                out.display(),
                match imported.skipped.len() {
                    0 => String::new(),
                    n => format!(" ({n} not converted, see above)"),
                }
            );
            Ok(0)
        }
        Err(diags) => {
            let mut err = std::io::stderr().lock();
            let _ = write!(err, "{}", diagnostics::render_human(&diags));
            let _ = writeln!(
                err,
                "error: {} could not be converted; nothing was written",
                a.file.display()
            );
            Ok(1)
        }
    }
}

fn run_new(a: NewArgs) -> Result<u8, Error> {
    let written = crate::new_course::create(&a.dir, a.eject_theme)?;
    println!(
        "Created a new course in {} ({written} files). Next:\n  skillpress build --root {}\n  open {}/public/index.html",
        a.dir.display(),
        a.dir.display(),
        a.dir.display()
    );
    Ok(0)
}
