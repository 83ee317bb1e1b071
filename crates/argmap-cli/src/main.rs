//! The `argmap` command: check, describe, tidy, create, generate and export maps from
//! a terminal or a script. Every subcommand calls the same argmap-core functions the app
//! uses, so a file the CLI accepts is a file the app opens.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use argmap_core::format::{self, LoadError};
use argmap_core::{ArgumentMap, FileLimits, MapMeta, Node, NodeId, generate, stats};
use argmap_render::embed::{self, Sniffed};
use argmap_render::{LayoutOptions, Orientation, Theme};
use clap::{Parser, Subcommand, ValueEnum};

// mimalloc rather than the system allocator: a command is a short process that touches a
// few megabytes once, and mimalloc takes them from the kernel in large pages where the
// kernel allows (transparent huge pages), which cut `argmap export` of a 1k map from
// about 1,600 page faults to about 200, and its CPU time by a tenth (docs/benchmarks.md).
// Its v2 line rather than v3 (the crate's default): v3 committed 34 MB for that export,
// whose heap peaks at 3 MB, and the kernel zeroed every page of it; with v2 the export
// takes 8.7 ms of CPU instead of 10.1 and 17 MB instead of 29 at its peak.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc v2's `mi_option_purge_delay` (its include/mimalloc.h; the crate names only
/// some options): how long freed memory waits before it goes back to the kernel.
const MI_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// A command lives for a moment: memory it frees is kept for what it allocates next
/// instead of going back to the kernel, which zeroes it again when it is touched again.
/// The PNG of a 1k map at scale 0.5 spent 0.8 of its 1.8 s in the kernel doing that.
fn keep_freed_memory() {
    // SAFETY: mi_option_set takes any option number and value, and is called before
    // any other thread exists.
    unsafe { libmimalloc_sys::mi_option_set(MI_PURGE_DELAY, -1) };
}

#[derive(Parser)]
#[command(
    name = "argmap",
    version,
    about = "Argument maps from the command line"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, PartialEq, ValueEnum)]
enum InFormat {
    /// A .map, or a PNG or SVG exported with its map inside.
    Map,
    /// Markdown or plain-text bullets.
    Outline,
    Argdown,
    /// AIF JSON (AIFdb, OVA, xAIF).
    Aif,
    /// A Kialo discussion export (.txt).
    Kialo,
}

#[derive(Clone, Copy, PartialEq, ValueEnum)]
enum OutFormat {
    Map,
    Outline,
    Dot,
    Argdown,
    Aif,
    Kialo,
    Graphml,
}

fn extension(path: &Path) -> String {
    path.extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase()
}

fn eval(map: &ArgumentMap, json: bool) {
    use argmap_core::eval::{Label, evaluate};
    let e = evaluate(map);
    if json {
        let rows: Vec<serde_json::Value> = e
            .statuses
            .iter()
            .map(|s| {
                let mut v = serde_json::to_value(s).expect("statuses serialise");
                v["explanation"] = e.explain(map, s.id).unwrap_or_default().into();
                v
            })
            .collect();
        println!(
            "{}",
            serde_json::to_string_pretty(&rows).expect("statuses serialise")
        );
        return;
    }
    // A closed pipe (`argmap eval x.map | head`) ends the listing quietly.
    let mut out = std::io::stdout().lock();
    for s in &e.statuses {
        let node = map.node(s.id).expect("evaluated nodes exist");
        let label = match s.label {
            Label::In => "STANDS",
            Label::Out => "DEFEATED",
            Label::Undecided => "UNDECIDED",
        };
        let flag = match (s.unsupported, s.unanswered, s.assumed) {
            (true, _, _) => " (unsupported)",
            (_, true, _) => " (unanswered)",
            (_, _, true) => " (assumed)",
            _ => "",
        };
        let text: String = node
            .label
            .clone()
            .unwrap_or_else(|| node.text.chars().take(70).collect());
        if writeln!(
            out,
            "{label:<9} {:<9} {text}{flag}\n          {}",
            node.kind.as_str(),
            e.explain(map, s.id).unwrap_or_default()
        )
        .is_err()
        {
            return;
        }
    }
    let count = |l: Label| e.statuses.iter().filter(|s| s.label == l).count();
    let tangled = if e.preferred_gave_up > 0 {
        format!(
            "; {} too tangled to resolve under preferred semantics",
            plural(e.preferred_gave_up, "conflict", "conflicts")
        )
    } else {
        String::new()
    };
    let _ = writeln!(
        out,
        "\n{}, {} defeated, {} undecided; {}, {}{tangled}",
        plural(count(Label::In), "stands", "stand"),
        count(Label::Out),
        count(Label::Undecided),
        plural(
            e.statuses.iter().filter(|s| s.unanswered).count(),
            "unanswered objection",
            "unanswered objections"
        ),
        plural(
            e.statuses.iter().filter(|s| s.unsupported).count(),
            "unsupported thesis",
            "unsupported theses"
        ),
    );
}

/// "1 map", "2 maps": a count with the word that goes with it.
fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn library(path: Option<PathBuf>) -> Result<argmap_store::Library, Failure> {
    let path = path
        .or_else(argmap_store::Library::default_path)
        .ok_or_else(|| Failure("no library: set --library or HOME".into()))?;
    let opened = argmap_store::Library::open(&path)
        .map_err(|e| Failure(format!("{}: {e}", path.display())))?;
    if let Some(notice) = opened.notice {
        eprintln!("argmap: {notice}");
    }
    Ok(opened.library)
}

fn search(query: &str, limit: usize, path: Option<PathBuf>, json: bool) -> Result<(), Failure> {
    use std::io::IsTerminal;
    let hits = library(path)?.search(query, limit)?;
    let mut out = std::io::stdout().lock();
    if json {
        let _ = writeln!(out, "{}", serde_json::to_string_pretty(&hits)?);
        return Ok(());
    }
    let (on, off) = if std::io::stdout().is_terminal() {
        ("\x1b[1m", "\x1b[0m")
    } else {
        ("[", "]")
    };
    for h in &hits {
        let snippet: String = h
            .snippet
            .iter()
            .map(|(t, hot)| {
                // One line per hit, and no terminal control characters from a map.
                let t: String = t
                    .chars()
                    .map(|c| if c.is_control() { ' ' } else { c })
                    .collect();
                if *hot { format!("{on}{t}{off}") } else { t }
            })
            .collect();
        let place = h.path.as_deref().unwrap_or("(unsaved)");
        if writeln!(out, "{} — {place}\n  {:<9} {snippet}", h.title, h.kind).is_err() {
            return Ok(());
        }
    }
    if hits.is_empty() {
        eprintln!("argmap: nothing in the library matches {query:?}");
    }
    Ok(())
}

fn index(files: &[PathBuf], path: Option<PathBuf>) -> Result<(), Failure> {
    let mut lib = library(path)?;
    for f in files {
        let map = load(f)?;
        let abs = std::fs::canonicalize(f).map_err(|e| Failure(format!("{}: {e}", f.display())))?;
        lib.track(Some(&abs), &map)?;
    }
    let maps = plural(lib.map_count()? as usize, "map", "maps");
    eprintln!("argmap: {maps} in the library");
    Ok(())
}

fn convert(
    input: &Path,
    output: &Path,
    from: Option<InFormat>,
    to: Option<OutFormat>,
    only: &[String],
) -> Result<(), Failure> {
    use argmap_core::interchange::{Format, aif, argdown, dot, graphml, kialo, outline};
    let to = match (to, extension(output).as_str()) {
        (Some(t), _) => t,
        (None, "map") => OutFormat::Map,
        (None, "md" | "markdown") => OutFormat::Outline,
        (None, "dot" | "gv") => OutFormat::Dot,
        (None, "argdown" | "ad") => OutFormat::Argdown,
        (None, "json" | "aif") => OutFormat::Aif,
        (None, "txt") => OutFormat::Kialo,
        (None, "graphml") => OutFormat::Graphml,
        (None, other) => {
            return Err(Failure(format!(
                "{}: cannot tell the format from .{other}; use --to map|outline|dot|argdown|aif|kialo|graphml",
                output.display()
            )));
        }
    };
    let map = match from {
        None => load(input)?,
        Some(InFormat::Map) => embed::open_path(input, &FileLimits::default())
            .map_err(|e| Failure(format!("{}: {e}", input.display())))?,
        Some(f) => {
            let format = match f {
                InFormat::Outline => Format::Outline,
                InFormat::Argdown => Format::Argdown,
                InFormat::Aif => Format::Aif,
                InFormat::Kialo | InFormat::Map => Format::Kialo,
            };
            let bytes = format::read_limited(input, &FileLimits::default())
                .map_err(|e| Failure(format!("{}: {e}", input.display())))?;
            let title = input
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            imported(
                input,
                format.read(
                    &String::from_utf8_lossy(&bytes),
                    &title,
                    &FileLimits::default(),
                ),
            )?
        }
    };
    let map = part(map, only, input)?;
    let text = match to {
        OutFormat::Map => return write_out(&map, output),
        OutFormat::Outline => outline::write(&map, &[]),
        OutFormat::Dot => dot::write(&map),
        OutFormat::Argdown => argdown::write(&map),
        OutFormat::Aif => aif::write(&map),
        OutFormat::Kialo => kialo::write(&map),
        OutFormat::Graphml => graphml::write(&map),
    };
    if output == Path::new("-") {
        print!("{text}");
        return Ok(());
    }
    format::write_atomic(output, |f| f.write_all(text.as_bytes()))
        .map_err(|e| Failure(format!("{}: {e}", output.display())))
}

/// An import's map, with what it could not carry over said on stderr.
fn imported(
    path: &Path,
    result: Result<argmap_core::interchange::Imported, argmap_core::interchange::ImportError>,
) -> Result<ArgumentMap, Failure> {
    let got = result.map_err(|e| {
        Failure(format!(
            "{}:{}:{}: {}",
            path.display(),
            e.line,
            e.column,
            e.message
        ))
    })?;
    for line in &got.report {
        eprintln!("{}: {line}", path.display());
    }
    Ok(got.map)
}

#[derive(Clone, Copy, ValueEnum)]
enum ThemeName {
    Light,
    Dark,
}

#[derive(Subcommand)]
enum Command {
    /// Check that files are valid argument maps (or pictures with a map inside); print
    /// each problem as file:line:col.
    Validate {
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Count a map's nodes by kind, its depth and what is left unanswered.
    Stats {
        file: PathBuf,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Create an empty map with a title.
    New {
        title: String,
        /// The .map file to write.
        #[arg(short, long)]
        output: PathBuf,
        /// Replace the file if it exists.
        #[arg(long)]
        force: bool,
    },
    /// Rewrite maps in the canonical form (stable order, two-space indent).
    Fmt {
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Change nothing; exit 1 if a file is not in the canonical form.
        #[arg(long)]
        check: bool,
    },
    /// Export a map as a picture: PNG, SVG or PDF, chosen by the output's extension. The map
    /// travels inside the picture, so `argmap extract` (and the app) can reopen it.
    Export {
        /// A .map file, or a picture with a map inside.
        map: PathBuf,
        /// The picture to write: .png, .svg or .pdf.
        #[arg(short, long)]
        output: PathBuf,
        /// Pixels per layout unit for PNG (0.25 to 4; 2 for high-DPI screens and print).
        #[arg(long, default_value_t = 1.0)]
        scale: f32,
        #[arg(long, value_enum, default_value_t = ThemeName::Light)]
        theme: ThemeName,
        /// No background: the picture sits on whatever is behind it.
        #[arg(long)]
        transparent: bool,
        /// Space around the drawing, in pixels.
        #[arg(long, default_value_t = 24.0)]
        padding: f64,
        /// Leave the map out of the picture.
        #[arg(long)]
        no_embed: bool,
        /// SVG: draw text as paths instead of embedding the font.
        #[arg(long)]
        text_as_paths: bool,
        /// Lay theses out on the left, reasons to the right.
        #[arg(long)]
        left_to_right: bool,
        /// Draw the evaluation: ✓ stands, ✗ defeated, ? undecided, ! unsupported thesis
        /// (see `argmap eval`).
        #[arg(long)]
        evaluate: bool,
        /// Only this statement, what hangs from it and the claims above it, up to its
        /// thesis: its id, its label, or the start of its label or text (naming one
        /// statement only). Repeat for several.
        #[arg(long, value_name = "STATEMENT")]
        only: Vec<String>,
    },
    /// Convert between forms, chosen by the extensions (or --from/--to). In: a .map, a
    /// picture with a map inside, Argdown (.argdown, .ad), AIF JSON (.json), a Kialo
    /// export or an outline (.txt, .md). Out: a .map, Argdown, AIF (.json), Kialo-style
    /// text (.txt), GraphML for yEd (.graphml), a Markdown outline (.md) or Graphviz DOT
    /// (.dot). What an import could not carry over is reported on stderr.
    Convert {
        input: PathBuf,
        /// The file to write.
        #[arg(short, long)]
        output: PathBuf,
        #[arg(long, value_enum)]
        from: Option<InFormat>,
        #[arg(long, value_enum)]
        to: Option<OutFormat>,
        /// Only this statement, what hangs from it and the claims above it, as for
        /// `export --only`. Repeat for several.
        #[arg(long, value_name = "STATEMENT")]
        only: Vec<String>,
    },
    /// Which statements stand, given the objections on the map (grounded semantics),
    /// with the reason for each.
    Eval {
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Take the map out of a picture exported by Argmap.
    Extract {
        image: PathBuf,
        /// The .map file to write.
        #[arg(short, long)]
        output: PathBuf,
    },
    /// Search every statement of every map in the library (the app's, unless --library
    /// says otherwise): all the words, the last as a prefix, best matches first.
    Search {
        #[arg(required = true)]
        query: Vec<String>,
        #[arg(long, default_value_t = 20)]
        limit: usize,
        /// The library database (default: $XDG_DATA_HOME/argmap/library.db).
        #[arg(long)]
        library: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// Add map files to the library, so `search` (and the app's search) finds them.
    Index {
        #[arg(required = true)]
        files: Vec<PathBuf>,
        #[arg(long)]
        library: Option<PathBuf>,
    },
    /// Generate a realistic synthetic map, the same for the same size and seed.
    Gen {
        #[arg(long)]
        nodes: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// The output file, or - for standard output.
        #[arg(short, long)]
        output: PathBuf,
    },
}

/// A failure to report: what went wrong, already phrased for the user.
struct Failure(String);

impl<E: std::fmt::Display> From<E> for Failure {
    fn from(e: E) -> Self {
        Failure(e.to_string())
    }
}

fn main() -> ExitCode {
    keep_freed_memory();
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Validate { files } => return validate(&files),
        Command::Stats { file, json } => show_stats(&file, json),
        Command::New {
            title,
            output,
            force,
        } => new_map(title, &output, force),
        Command::Fmt { files, check } => return fmt(&files, check),
        Command::Gen {
            nodes,
            seed,
            output,
        } => gen_map(nodes, seed, &output),
        Command::Export {
            map,
            output,
            scale,
            theme,
            transparent,
            padding,
            no_embed,
            text_as_paths,
            left_to_right,
            evaluate,
            only,
        } => export(
            &map,
            &output,
            &Export {
                scale,
                theme: match theme {
                    ThemeName::Light => argmap_render::theme::LIGHT,
                    ThemeName::Dark => argmap_render::theme::DARK,
                },
                transparent,
                padding,
                embed: !no_embed,
                text_as_paths,
                evaluate,
                orientation: if left_to_right {
                    Orientation::LeftRight
                } else {
                    Orientation::TopDown
                },
                only,
            },
        ),
        Command::Convert {
            input,
            output,
            from,
            to,
            only,
        } => convert(&input, &output, from, to, &only),
        Command::Eval { file, json } => load(&file).map(|map| eval(&map, json)),
        Command::Search {
            query,
            limit,
            library,
            json,
        } => search(&query.join(" "), limit, library, json),
        Command::Index { files, library } => index(&files, library),
        Command::Extract { image, output } => load(&image).and_then(|map| write_out(&map, &output)),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure(message)) => {
            eprintln!("argmap: {message}");
            ExitCode::FAILURE
        }
    }
}

/// `file:line:col: message`, or `file: message` for a problem without a place.
fn describe(path: &Path, e: &LoadError) -> String {
    match e.location() {
        Some((line, col)) => format!("{}:{line}:{col}: {e}", path.display()),
        None => format!("{}: {e}", path.display()),
    }
}

/// Opens a .map file or a picture with a map inside.
/// Any map the CLI accepts: a .map, a picture with a map inside, or a file in one of the
/// formats it imports (outline, Argdown, AIF, Kialo), by extension.
fn load(path: &Path) -> Result<ArgumentMap, Failure> {
    if let Some(result) = argmap_core::interchange::read_file(path, &FileLimits::default()) {
        return imported(path, result);
    }
    embed::open_path(path, &FileLimits::default()).map_err(|e| match e {
        embed::OpenError::Map(e) => Failure(describe(path, &e)),
        e => Failure(format!("{}: {e}", path.display())),
    })
}

fn is_picture(path: &Path) -> bool {
    embed::sniff_path(path).is_some_and(|s| s != Sniffed::Map)
}

fn validate(files: &[PathBuf]) -> ExitCode {
    let mut failed = false;
    for path in files {
        let imports = argmap_core::interchange::Format::guess(path, "").is_some();
        let result = if imports || is_picture(path) {
            load(path).map_err(|Failure(m)| vec![m])
        } else {
            format::diagnose_file(path, &FileLimits::default())
                .map_err(|ps| ps.iter().map(|p| describe(path, p)).collect())
        };
        match result {
            Ok(map) => println!(
                "{}: ok ({} nodes, {} edges)",
                path.display(),
                map.len(),
                map.edge_count()
            ),
            Err(problems) => {
                failed = true;
                for p in &problems {
                    eprintln!("{p}");
                }
            }
        }
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn show_stats(path: &Path, json: bool) -> Result<(), Failure> {
    let s = stats::stats(&load(path)?);
    let mut out = std::io::stdout().lock();
    if json {
        serde_json::to_writer_pretty(&mut out, &s)?;
        writeln!(out)?;
        return Ok(());
    }
    writeln!(out, "{}", s.title)?;
    writeln!(out, "  nodes                  {:>7}", s.nodes)?;
    for (kind, n) in &s.by_kind {
        writeln!(out, "    {kind:<20} {n:>7}")?;
    }
    writeln!(out, "    (rebuttals)          {:>7}", s.rebuttals)?;
    writeln!(out, "  edges                  {:>7}", s.edges)?;
    for (relation, n) in &s.by_relation {
        writeln!(out, "    {relation:<20} {n:>7}")?;
    }
    writeln!(out, "  co-premise groups      {:>7}", s.co_premise_groups)?;
    writeln!(out, "  depth                  {:>7}", s.depth)?;
    writeln!(
        out,
        "  unanswered objections  {:>7}",
        s.unanswered_objections
    )?;
    writeln!(out, "  unsupported theses     {:>7}", s.unsupported_theses)?;
    writeln!(
        out,
        "  evidence w/o source    {:>7}",
        s.evidence_without_source
    )?;
    Ok(())
}

fn write_out(map: &ArgumentMap, output: &Path) -> Result<(), Failure> {
    if output == Path::new("-") {
        format::write_map(map, std::io::stdout().lock())?;
        return Ok(());
    }
    format::save_file(map, output).map_err(|e| Failure(format!("{}: {e}", output.display())))
}

fn new_map(title: String, output: &Path, force: bool) -> Result<(), Failure> {
    if !force && output.exists() {
        return Err(Failure(format!(
            "{}: the file exists; use --force to replace it",
            output.display()
        )));
    }
    let now = time::OffsetDateTime::now_utc().replace_nanosecond(0)?;
    let mut map = ArgumentMap::new(MapMeta::titled(title));
    map.stamp(Some(now), Some(now));
    write_out(&map, output)
}

fn fmt(files: &[PathBuf], check: bool) -> ExitCode {
    let mut failed = false;
    for path in files {
        let result = std::fs::read(path)
            .map_err(|e| Failure(format!("{}: cannot read the file: {e}", path.display())))
            .and_then(|before| {
                let map = load(path)?;
                let after = format::to_bytes(&map);
                if before == after {
                    return Ok(());
                }
                if check {
                    return Err(Failure(format!(
                        "{}: not in the canonical form (run `argmap fmt`)",
                        path.display()
                    )));
                }
                format::save_file(&map, path)
                    .map_err(|e| Failure(format!("{}: {e}", path.display())))
            });
        if let Err(Failure(message)) = result {
            eprintln!("{message}");
            failed = true;
        }
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

struct Export {
    scale: f32,
    theme: Theme,
    transparent: bool,
    padding: f64,
    embed: bool,
    text_as_paths: bool,
    evaluate: bool,
    orientation: Orientation,
    /// Statements named by the user (--only): the picture is of their excerpt.
    only: Vec<String>,
}

fn export(input: &Path, output: &Path, o: &Export) -> Result<(), Failure> {
    let Some(format) = argmap_render::Format::from_path(output) else {
        return Err(Failure(format!(
            "{}: the output must end in .png, .svg or .pdf",
            output.display()
        )));
    };
    let whole = load(input)?;
    // The evaluation is the whole map's, drawn on the part.
    let badges = if o.evaluate {
        argmap_render::status::badges(&argmap_core::eval::evaluate(&whole))
    } else {
        Default::default()
    };
    let map = part(whole, &o.only, input)?;
    let layout = argmap_render::layout(
        &map,
        &argmap_render::font::Measurer::new(),
        &LayoutOptions {
            orientation: o.orientation,
        },
    );
    let options = argmap_render::PictureOptions {
        scale: o.scale,
        theme: o.theme,
        transparent: o.transparent,
        padding: o.padding,
        text_as_paths: o.text_as_paths,
        map_json: o.embed.then(|| format::to_compact_string(&map)),
        title: Some(format::display_name(&map.meta().title, Some(input))),
        badges,
    };
    argmap_render::export_picture(&layout, format, &options, output).map_err(|e| match e {
        argmap_render::ExportError::Draw(e) => e.into(),
        e => Failure(e.to_string()),
    })
}

/// The part of `map` the statements named by --only pick out (their excerpt), or the
/// whole map when none is named.
fn part(map: ArgumentMap, only: &[String], input: &Path) -> Result<ArgumentMap, Failure> {
    if only.is_empty() {
        return Ok(map);
    }
    let roots = only
        .iter()
        .map(|r| find_statement(&map, r))
        .collect::<Result<Vec<_>, _>>()?;
    argmap_core::excerpt::excerpt(&map, &roots)
        .map_err(|e| Failure(format!("{}: {e}", input.display())))
}

/// The statement `reference` names: its id, its label (any case), or the start of its
/// label or text (any case), if that names one statement only.
fn find_statement(map: &ArgumentMap, reference: &str) -> Result<NodeId, Failure> {
    let wanted = reference.trim().to_lowercase();
    if let Ok(id) = reference.trim().parse::<NodeId>()
        && map.contains(id)
    {
        return Ok(id);
    }
    let label = |n: &Node| n.label.as_deref().map(|l| l.trim().to_lowercase());
    let mut found: Vec<&Node> = map
        .nodes()
        .filter(|n| label(n).is_some_and(|l| l == wanted))
        .collect();
    if found.is_empty() && !wanted.is_empty() {
        found = map
            .nodes()
            .filter(|n| {
                label(n).is_some_and(|l| l.starts_with(&wanted))
                    || n.text.to_lowercase().starts_with(&wanted)
            })
            .collect();
    }
    match found.as_slice() {
        [one] => Ok(one.id),
        [] => Err(Failure(format!(
            "--only {reference:?}: no statement has that id, or a label or text that begins so"
        ))),
        many => {
            let shown: Vec<String> = many
                .iter()
                .take(5)
                .map(|n| format!("{} “{}”", n.id, argmap_core::model::shorten(n.name(), 50)))
                .collect();
            Err(Failure(format!(
                "--only {reference:?} names {} statements; give more of the text, or an id: {}{}",
                many.len(),
                shown.join(", "),
                if many.len() > 5 { ", ..." } else { "" }
            )))
        }
    }
}

fn gen_map(nodes: usize, seed: u64, output: &Path) -> Result<(), Failure> {
    let limits = FileLimits::default();
    if nodes == 0 || nodes > limits.max_nodes {
        return Err(Failure(format!(
            "--nodes must be from 1 to {}",
            limits.max_nodes
        )));
    }
    // A map Argmap would refuse to open is no use: say so instead of writing it.
    let bytes = format::to_bytes(&generate::generate(nodes, seed));
    if bytes.len() as u64 > limits.max_bytes {
        let fit = (nodes as u64 * limits.max_bytes / bytes.len() as u64) / 1000 * 1000;
        return Err(Failure(format!(
            "{nodes} generated nodes make a file of {} bytes, over the {} bytes Argmap opens; about {fit} nodes fit",
            bytes.len(),
            limits.max_bytes
        )));
    }
    if output == Path::new("-") {
        std::io::stdout().lock().write_all(&bytes)?;
        return Ok(());
    }
    format::write_atomic(output, |f| f.write_all(&bytes))
        .map_err(|e| Failure(format!("{}: {e}", output.display())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_option_set_for_freed_memory_is_mimallocs_purge_delay() {
        // The option's number is mimalloc v2's; in another version it could be another
        // option's. The purge delay's documented default, 10 ms, tells it apart.
        // SAFETY: reads an option; any number is accepted.
        let default = unsafe { libmimalloc_sys::mi_option_get(MI_PURGE_DELAY) };
        assert_eq!(
            default, 10,
            "option {MI_PURGE_DELAY} is not the purge delay"
        );
        keep_freed_memory();
        // SAFETY: as above.
        assert_eq!(
            unsafe { libmimalloc_sys::mi_option_get(MI_PURGE_DELAY) },
            -1
        );
    }
}
