//! The desktop shell: thin Tauri commands over argmap-core (the map, edits, files) and
//! argmap-render (layout and export). It holds the open document and the path the user
//! picked for it, and nothing else.
//!
//! Dialogs run here, in Rust, never in the page: the page never names a path, so Rust
//! reads and writes only files the user chose in a dialog (or passed on the command
//! line, or dropped on the window), and the webview needs no file-system or dialog
//! permission at all.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Instant;

use argmap_core::eval::{self, Evaluation, Status};
use argmap_core::format::{self, FileStamp, OnDisk};
use argmap_core::interchange::{Fragment, outline};
use argmap_core::{ArgumentMap, Document, Edit, FileLimits, MapMeta, NodeId, Patch};
use argmap_render::font::Measurer;
use argmap_render::layout::{LayoutOptions, Orientation};
use argmap_render::{Scene, SceneDelta, Theme};
use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Emitter, Manager, State, WebviewWindow};
use tauri_plugin_window_state::StateFlags;

mod dialogs;
mod library;

/// The map shown on first launch.
const SAMPLE: &str = include_str!("../examples/scaling-debate.map");

struct Session {
    doc: Document,
    path: Option<PathBuf>,
    /// What the page shows: the scene the last reply brought it to.
    shown: Scene,
    /// The evaluation of the map as it is now, for explanations on demand; also what
    /// the page shows of it (each evaluation's changes go to the page).
    evaluation: Evaluation,
    /// Where the document autosaves; `None` when there is no library.
    autosave: Option<library::Autosave>,
    /// The text of every box as last set, so an edit measures only what it changed.
    text: argmap_render::TextCache,
    /// What the title bar says now.
    title_shown: String,
    /// The file as the document last read or wrote it, to tell when another program
    /// has changed it since.
    on_disk: Option<FileStamp>,
    /// The change on disk the user was last told of while the map had unsaved work.
    told: Option<FileStamp>,
    /// The user was told that the file is gone (moved or deleted) since.
    told_gone: bool,
}

impl Session {
    fn new(doc: Document, path: Option<PathBuf>) -> Session {
        Session {
            doc,
            shown: Scene::default(),
            evaluation: Evaluation::default(),
            autosave: None,
            text: argmap_render::TextCache::default(),
            title_shown: String::new(),
            on_disk: path
                .as_deref()
                .and_then(|p| FileStamp::of(p).ok().flatten()),
            told: None,
            told_gone: false,
            path,
        }
    }
}

struct App {
    session: Mutex<Session>,
    measurer: Measurer,
    /// One thread, started with the app, that evaluates the map while the command's
    /// thread lays it out; `None` if it could not be started (then both run in turn).
    evaluator: Option<rayon_core::ThreadPool>,
    /// The last subtrees copied from this window, with the text put on the clipboard:
    /// pasting that same text back brings notes, tags and links along, which the plain
    /// outline on the clipboard does not carry.
    copied: Mutex<Option<(String, Fragment)>>,
    /// The local library: autosave, recovery, recent maps, search. Locked after the
    /// session when both are needed, never before.
    library: Mutex<Option<argmap_store::Library>>,
    /// Something to tell the user about the library once the page is up.
    library_notice: Mutex<Option<String>>,
    /// The direction maps are laid out in, on screen and in exported pictures: the
    /// user's choice, kept for the next launch. Locked after the session, never before.
    orientation: Mutex<Orientation>,
}

/// What the page draws after any change: the layout, and the state of the window.
#[derive(Clone, Serialize)]
pub struct View {
    /// The map's own title, description and authors, as the map form edits them.
    title: String,
    description: String,
    authors: Vec<String>,
    /// What the map is called: its title, else its file's name, else "Untitled map".
    name: String,
    /// What the window's title bar says (the page shows the same as its own title).
    window_title: String,
    file_name: Option<String>,
    dirty: bool,
    can_undo: bool,
    can_redo: bool,
    /// What changed on screen; the whole scene after an open.
    scene: SceneDelta,
    /// Nodes the page should select (what was just pasted).
    select: Vec<NodeId>,
    /// Claims whose evaluation changed (all of them after an open).
    statuses: Vec<Status>,
    /// Nodes that had a status and have none now (no longer claims, or gone).
    statuses_gone: Vec<NodeId>,
    /// Something the user should know, such as an autosave that failed.
    notice: Option<String>,
    /// Something to say that is not a problem (what an import carried over).
    info: Option<String>,
    /// Milliseconds the command took in Rust, and when it finished (milliseconds since
    /// the Unix epoch), for the edit benchmark's breakdown of the round trip.
    spent_ms: f64,
    finished_at_ms: f64,
    /// Where `spent_ms` went, in milliseconds: the change itself (up to the view),
    /// recording it in the library, laying the map out, then waiting for the
    /// evaluation (which runs beside the layout), then the scene diff and statuses.
    steps_ms: [f64; 5],
}

impl View {
    fn timed(mut self, started: Instant) -> View {
        self.spent_ms = started.elapsed().as_secs_f64() * 1e3;
        let parts: f64 = self.steps_ms[1..].iter().sum();
        self.steps_ms[0] = self.spent_ms - parts;
        self.finished_at_ms = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0.0, |d| d.as_secs_f64() * 1e3);
        self
    }
}

/// The one error shape across IPC: a code the page can act on and a message for people.
#[derive(Debug, Serialize)]
pub struct Failure {
    code: &'static str,
    message: String,
}

impl Failure {
    fn new(code: &'static str, message: impl Into<String>) -> Failure {
        Failure {
            code,
            message: message.into(),
        }
    }
}

impl From<argmap_core::EditError> for Failure {
    fn from(e: argmap_core::EditError) -> Self {
        Failure::new(e.code(), e.to_string())
    }
}

type Reply<T> = Result<T, Failure>;

impl App {
    /// An empty map, no library: setup puts in what the app's data folder holds.
    fn new() -> App {
        App {
            session: Mutex::new(Session::new(
                Document::new(ArgumentMap::new(MapMeta::titled(""))),
                None,
            )),
            measurer: Measurer::new(),
            evaluator: rayon_core::ThreadPoolBuilder::new()
                .num_threads(1)
                .thread_name(|_| "evaluate".into())
                .build()
                .ok(),
            copied: Mutex::new(None),
            library: Mutex::new(None),
            library_notice: Mutex::new(None),
            orientation: Mutex::new(Orientation::TopDown),
        }
    }

    /// How maps are laid out now: the same for the canvas and the exports.
    fn layout_options(&self) -> LayoutOptions {
        LayoutOptions {
            orientation: *self.orientation.lock().unwrap_or_else(|p| p.into_inner()),
        }
    }

    /// Lays the map out again and answers with what changed since the last reply
    /// (everything, with `reset`).
    fn view(&self, s: &mut Session, reset: bool) -> View {
        self.view_after(s, reset, &[])
    }

    /// The view after `patches` were applied: the delta resends the statements they
    /// touched, and every box or edge that moved.
    fn view_after(&self, s: &mut Session, reset: bool, patches: &[Patch]) -> View {
        let ms = |t: Instant| t.elapsed().as_secs_f64() * 1e3;
        let mut steps_ms = [0.0; 5];
        let t = Instant::now();
        let notice = library::record(self, s.autosave, patches, s.doc.map(), s.doc.is_dirty());
        steps_ms[1] = ms(t);
        let t = Instant::now();
        // Only the claims whose status changed go to the page; after an edit that
        // cannot change any (text, notes, position...), none is worked out again. The
        // evaluation runs on the evaluator's thread while this one lays the map out (at
        // 10,000 nodes, 1 and 2 ms of an edit). A thread started per edit took 0.1-2 ms
        // to begin in the app, one already running about 0.02 ms.
        let evaluate = reset || eval::changed_by(patches);
        let map = s.doc.map();
        let text = &mut s.text;
        let options = self.layout_options();
        let lay_out = |text: &mut argmap_render::TextCache| {
            argmap_render::place_with(map, &self.measurer, &options, text)
        };
        let mut evaluation = None;
        let layout = match self.evaluator.as_ref().filter(|_| evaluate) {
            Some(pool) => {
                let mut laid_out = Instant::now();
                // Returns once the evaluation has finished; a panic in it carries on here.
                let layout = pool.in_place_scope(|scope| {
                    scope.spawn(|_| evaluation = Some(eval::evaluate(map)));
                    let layout = lay_out(text);
                    laid_out = Instant::now();
                    layout
                });
                steps_ms[3] = ms(laid_out);
                layout
            }
            None => {
                evaluation = evaluate.then(|| eval::evaluate(map));
                lay_out(text)
            }
        };
        steps_ms[2] = ms(t) - steps_ms[3];
        let t = Instant::now();
        let next = Scene::new(layout);
        let scene = if reset {
            next.full(s.doc.map())
        } else {
            s.shown.diff(&next, s.doc.map(), patches)
        };
        drop_later(std::mem::replace(&mut s.shown, next));
        let mut statuses = Vec::new();
        let mut statuses_gone = Vec::new();
        if let Some(evaluation) = evaluation {
            if reset {
                statuses = evaluation.statuses.clone();
            } else {
                let (changed, gone) = evaluation.changes_since(&s.evaluation);
                statuses = changed.into_iter().cloned().collect();
                statuses_gone = gone;
            }
            drop_later(std::mem::replace(&mut s.evaluation, evaluation));
        }
        steps_ms[4] = ms(t);
        let meta = s.doc.map().meta();
        View {
            title: meta.title.clone(),
            description: meta.description.clone(),
            authors: meta.authors.clone(),
            name: name_of(s),
            window_title: window_title(s),
            file_name: s.path.as_deref().map(file_name),
            dirty: s.doc.is_dirty(),
            can_undo: s.doc.can_undo(),
            can_redo: s.doc.can_redo(),
            scene,
            select: Vec::new(),
            statuses,
            statuses_gone,
            notice,
            info: None,
            spent_ms: 0.0,
            finished_at_ms: 0.0,
            steps_ms,
        }
    }

    fn session(&self) -> std::sync::MutexGuard<'_, Session> {
        // A panic while holding the lock cannot leave the document half-changed (every
        // change is one checked patch), so a poisoned lock is still a usable document.
        self.session.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// Frees `value` on a thread of its own, a moment after the edit's reply has gone: the
/// scene and the evaluation an edit replaces hold every box, line and status of the map
/// (at 10,000 nodes, freeing them took 0.5-1.5 ms of each edit), and freeing them at
/// once on the other core slowed the page taking in the reply. Dropped in the order
/// given; dropped here if that thread cannot be had.
fn drop_later(value: impl Send + 'static) {
    use std::sync::OnceLock;
    use std::sync::mpsc::{Sender, channel};
    use std::time::Duration;
    /// Time for the page to take in the reply and paint it.
    const AFTER: Duration = Duration::from_millis(50);
    type Garbage = (Instant, Box<dyn Send>);
    static BIN: OnceLock<Option<Mutex<Sender<Garbage>>>> = OnceLock::new();
    let bin = BIN.get_or_init(|| {
        let (tx, rx) = channel::<Garbage>();
        std::thread::Builder::new()
            .name("drop".into())
            .spawn(move || {
                for (sent, value) in rx {
                    std::thread::sleep(AFTER.saturating_sub(sent.elapsed()));
                    drop(value);
                }
            })
            .ok()
            .map(|_| Mutex::new(tx))
    });
    let value: Garbage = (Instant::now(), Box::new(value));
    let Some(bin) = bin else { return };
    // Sending fails only if the thread has gone: then the value comes back to drop here.
    let _ = bin.lock().unwrap_or_else(|p| p.into_inner()).send(value);
}

/// The name of a file, without its folder, as messages say it.
pub(crate) fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn name_of(s: &Session) -> String {
    format::display_name(&s.doc.map().meta().title, s.path.as_deref())
}

fn window_title(s: &Session) -> String {
    let mark = if s.doc.is_dirty() { "• " } else { "" };
    format!("{mark}{} — Argmap", name_of(s))
}

/// Puts the map's name and unsaved mark in the title bar, when they changed: most edits
/// change neither, and each new title is a round of X11 property traffic.
fn refresh_title(window: &WebviewWindow, s: &mut Session) {
    let title = window_title(s);
    if s.title_shown != title && window.set_title(&title).is_ok() {
        s.title_shown = title;
    }
}

#[tauri::command]
fn current(app: State<'_, App>, window: WebviewWindow) -> View {
    let mut s = app.session();
    refresh_title(&window, &mut s);
    app.view(&mut s, true)
}

/// Applies edits as one undo step; with `amend`, as part of the last one (the text
/// typed into a node just added).
#[tauri::command]
fn edit(
    edits: Vec<Edit>,
    amend: Option<bool>,
    app: State<'_, App>,
    window: WebviewWindow,
) -> Reply<View> {
    let started = Instant::now();
    let mut s = app.session();
    let patches = if amend == Some(true) {
        s.doc.amend(&edits)?
    } else {
        s.doc.apply_all(&edits)?
    };
    refresh_title(&window, &mut s);
    Ok(app.view_after(&mut s, false, &patches).timed(started))
}

#[tauri::command]
fn undo(app: State<'_, App>, window: WebviewWindow) -> View {
    let started = Instant::now();
    let mut s = app.session();
    let patches = s.doc.undo().unwrap_or_default();
    refresh_title(&window, &mut s);
    app.view_after(&mut s, false, &patches).timed(started)
}

#[tauri::command]
fn redo(app: State<'_, App>, window: WebviewWindow) -> View {
    let started = Instant::now();
    let mut s = app.session();
    let patches = s.doc.redo().unwrap_or_default();
    refresh_title(&window, &mut s);
    app.view_after(&mut s, false, &patches).timed(started)
}

/// Copies the subtrees under `ids` to the clipboard, as an outline any text editor
/// reads. Returns how many statements were copied.
#[tauri::command]
fn copy(ids: Vec<NodeId>, handle: AppHandle, app: State<'_, App>) -> Reply<usize> {
    use tauri_plugin_clipboard_manager::ClipboardExt;
    let (text, fragment) = {
        let s = app.session();
        (
            outline::write(s.doc.map(), &ids),
            Fragment::cut(s.doc.map(), &ids),
        )
    };
    if fragment.is_empty() {
        return Ok(0);
    }
    handle
        .clipboard()
        .write_text(text.clone())
        .map_err(|e| Failure::new("clipboard", format!("Cannot copy: {e}")))?;
    let count = fragment.nodes.len();
    *app.copied.lock().unwrap_or_else(|p| p.into_inner()) = Some((text, fragment));
    Ok(count)
}

/// The size in pixels of a picture put on the clipboard.
#[derive(Serialize)]
pub struct Copied {
    width: u32,
    height: u32,
}

/// Puts a picture of the map, or of the part `only` picks out, on the clipboard, to
/// paste into a slide or a document: drawn as an export draws it, at `scale` (the
/// export dialog's choice) or else twice the screen's if that fits
/// (argmap_render::raster::clipboard_scale), on the theme's background unless
/// `transparent`, with the usual margin unless `padding` says otherwise.
#[tauri::command(async)]
#[allow(clippy::too_many_arguments)]
fn copy_picture(
    theme: String,
    badges: bool,
    only: Option<Vec<NodeId>>,
    scale: Option<f32>,
    transparent: Option<bool>,
    padding: Option<f64>,
    handle: AppHandle,
    app: State<'_, App>,
) -> Reply<Copied> {
    use tauri_plugin_clipboard_manager::ClipboardExt;
    let (map, badges, name) = {
        let s = app.session();
        let map = match only.as_deref() {
            None | Some([]) => s.doc.map().clone(),
            Some(only) => excerpt(&s, only)?,
        };
        let badges = if badges {
            argmap_render::status::badges(&s.evaluation)
        } else {
            Default::default()
        };
        (map, badges, name_of(&s))
    };
    let layout = argmap_render::layout(&map, &app.measurer, &app.layout_options());
    let padding = padding.unwrap_or(argmap_render::layout::MARGIN);
    if !(0.0..=1000.0).contains(&padding) {
        return Err(Failure::new(
            "invalid",
            format!("the margin must be from 0 to 1000, not {padding}"),
        ));
    }
    let too_big = |at: &str| {
        Failure::new(
            "too-large",
            format!(
                "{name} is too big a picture for the clipboard {at}: choose a smaller size, \
                 or export it."
            ),
        )
    };
    let scale = match scale {
        Some(s) if argmap_render::raster::fits_clipboard(&layout, padding, s) => s,
        Some(s) => return Err(too_big(&format!("at {s}×"))),
        None => argmap_render::raster::clipboard_scale(&layout, padding)
            .ok_or_else(|| too_big("even at ¼×"))?,
    };
    let options = argmap_render::PngOptions {
        scale,
        theme: Theme::by_name(&theme).unwrap_or(argmap_render::theme::LIGHT),
        transparent: transparent.unwrap_or(false),
        padding,
        badges,
        ..Default::default()
    };
    let (width, height, rgba) = argmap_render::raster::to_rgba(&layout, &options)
        .map_err(|e| Failure::new("export", e.to_string()))?;
    handle
        .clipboard()
        .write_image(&tauri::image::Image::new(&rgba, width, height))
        .map_err(|e| Failure::new("clipboard", format!("Cannot copy the picture: {e}")))?;
    Ok(Copied { width, height })
}

/// Pastes what is on the clipboard under `target` (or as new theses) in one undo step:
/// subtrees copied here come back whole; any other text is read as an outline, one
/// statement per line.
#[tauri::command]
fn paste(
    target: Option<NodeId>,
    handle: AppHandle,
    app: State<'_, App>,
    window: WebviewWindow,
) -> Reply<View> {
    use tauri_plugin_clipboard_manager::ClipboardExt;
    let text = handle
        .clipboard()
        .read_text()
        .map_err(|_| Failure::new("clipboard", "There is no text on the clipboard to paste."))?;
    let fragment = match &*app.copied.lock().unwrap_or_else(|p| p.into_inner()) {
        Some((copied, f)) if *copied == text => f.clone(),
        _ => outline::read(&text).0,
    };
    if fragment.is_empty() {
        return Err(Failure::new(
            "clipboard",
            "There is nothing on the clipboard to paste.",
        ));
    }
    let mut s = app.session();
    let target = match target {
        Some(t) => Some((
            t,
            s.doc
                .map()
                .node(t)
                .ok_or_else(|| Failure::new("not-found", "The node to paste under is gone."))?
                .kind,
        )),
        None => None,
    };
    let edits = fragment.paste_edits(target);
    let patches = s.doc.apply_all(&edits)?;
    refresh_title(&window, &mut s);
    let mut view = app.view_after(&mut s, false, &patches);
    view.select = edits
        .iter()
        .filter_map(|e| match e {
            Edit::AddNode {
                node, target: t, ..
            } if *t == target.map(|t| t.0) => Some(node.id),
            _ => None,
        })
        .collect();
    Ok(view)
}

/// Opens the link of a node's source in the system browser. The page names the node,
/// not the URL, and only http and https links are opened.
#[tauri::command]
fn open_link(id: NodeId, handle: AppHandle, app: State<'_, App>) -> Reply<()> {
    use tauri_plugin_opener::OpenerExt;
    let url = app
        .session()
        .doc
        .map()
        .node(id)
        .and_then(|n| n.source.as_ref())
        .and_then(|s| s.url.clone())
        .ok_or_else(|| Failure::new("not-found", "This statement has no link."))?;
    let lower = url.trim().to_ascii_lowercase();
    if !(lower.starts_with("https://") || lower.starts_with("http://")) {
        return Err(Failure::new(
            "invalid",
            format!("Only web links open from a map; this one is {url:?}."),
        ));
    }
    handle
        .opener()
        .open_url(url.trim(), None::<&str>)
        .map_err(|e| Failure::new("io", format!("Cannot open {url}: {e}")))
}

/// Why a claim stands, is defeated or is undecided, in words.
#[tauri::command]
fn explain(id: NodeId, app: State<'_, App>) -> Option<String> {
    let s = app.session();
    s.evaluation.explain(s.doc.map(), id)
}

#[tauri::command]
fn theme(name: String) -> Reply<Theme> {
    Theme::by_name(&name).ok_or_else(|| Failure::new("invalid", format!("no theme {name:?}")))
}

/// Before unsaved work would be lost (closing the window, opening or starting another
/// map, restoring a draft), asks whether to save it: true once it is saved or the user
/// chose not to, false if they cancelled or the save did not happen. The session is not
/// locked while the question is open: the dialog runs on the main thread, where the
/// page's other commands run too, and one of them waiting for the lock would keep the
/// dialog from ever answering.
fn settle_unsaved(handle: &AppHandle, app: &App, window: &WebviewWindow, doing: &str) -> bool {
    let (dirty, name) = {
        let s = app.session();
        (s.doc.is_dirty(), name_of(&s))
    };
    if !dirty {
        return true;
    }
    match dialogs::ask_unsaved(handle, &name, doing) {
        dialogs::Unsaved::Discard => true,
        dialogs::Unsaved::Cancel => false,
        dialogs::Unsaved::Save => matches!(save_interactive(handle, app, window), Ok(Some(_))),
    }
}

fn replace(app: &App, window: &WebviewWindow, doc: Document, path: Option<PathBuf>) -> View {
    replace_with(app, window, doc, path, None)
}

/// Puts `doc` in place of the open map, whose work is saved or was given up. With no
/// `autosave`, the new document starts a draft of its own.
fn replace_with(
    app: &App,
    window: &WebviewWindow,
    doc: Document,
    path: Option<PathBuf>,
    autosave: Option<library::Autosave>,
) -> View {
    replace_in(app, window, &mut app.session(), doc, path, autosave)
}

pub(crate) fn replace_in(
    app: &App,
    window: &WebviewWindow,
    s: &mut Session,
    doc: Document,
    path: Option<PathBuf>,
    autosave: Option<library::Autosave>,
) -> View {
    library::detach(app, s.autosave.take());
    remember(window.app_handle(), path.as_deref());
    let (autosave, notice) = match autosave {
        Some(a) => (Some(a), None),
        None => library::attach(app, path.as_deref(), &doc),
    };
    *s = Session::new(doc, path);
    s.autosave = autosave;
    refresh_title(window, s);
    let mut view = app.view(s, true);
    view.notice = notice;
    view
}

#[tauri::command(async)]
fn new_map(handle: AppHandle, app: State<'_, App>, window: WebviewWindow) -> Option<View> {
    if !settle_unsaved(&handle, &app, &window, "starting a new map") {
        return None;
    }
    let now = time::OffsetDateTime::now_utc();
    // Untitled until the user names it (in the map form, or by the file it is saved as).
    let mut map = ArgumentMap::new(MapMeta::titled(""));
    map.stamp(Some(now), Some(now));
    Some(replace(&app, &window, Document::new(map), None))
}

/// Loads a file the user chose: a .map, a picture exported with its map inside, or a
/// file in a format Argmap imports (with what the import could not carry over).
/// A failure leaves the open map as it was.
fn load(path: &Path) -> Reply<(ArgumentMap, Option<argmap_core::interchange::Report>)> {
    if let Some(result) = argmap_core::interchange::read_file(path, &FileLimits::default()) {
        return result.map(|got| (got.map, Some(got.report))).map_err(|e| {
            Failure::new(
                "invalid",
                format!(
                    "Cannot open {} (line {}, column {}): {}",
                    path.display(),
                    e.line,
                    e.column,
                    e.message
                ),
            )
        });
    }
    load_map(path).map(|m| (m, None))
}

fn load_map(path: &Path) -> Reply<ArgumentMap> {
    argmap_render::open_path(path, &FileLimits::default()).map_err(|e| {
        let place = match &e {
            argmap_render::OpenError::Map(m) => m
                .location()
                .map(|(l, c)| format!(" (line {l}, column {c})"))
                .unwrap_or_default(),
            _ => String::new(),
        };
        Failure::new(
            e.code(),
            format!("Cannot open {}{place}: {e}", path.display()),
        )
    })
}

/// A file the user chose, as a document, with the file it saves back to and, for an
/// import, what did not carry over. A .map saves back to itself. A picture's map is a
/// new map, and an import a new map with unsaved work: Save asks where to put them, so
/// that saving never writes a map over an image or another tool's file.
type Opened = (
    Document,
    Option<PathBuf>,
    Option<argmap_core::interchange::Report>,
);
fn opened(path: PathBuf) -> Reply<Opened> {
    let (map, report) = load(&path)?;
    let mut doc = Document::new(map);
    if report.is_some() {
        doc.mark_unsaved();
        return Ok((doc, None, report));
    }
    let is_map =
        argmap_render::embed::sniff_path(&path) == Some(argmap_render::embed::Sniffed::Map);
    Ok((doc, is_map.then_some(path), None))
}

/// Opens `path` in place of the current map, asking first if that would lose work.
fn open_path(
    handle: &AppHandle,
    app: &App,
    window: &WebviewWindow,
    path: PathBuf,
) -> Reply<Option<View>> {
    if !settle_unsaved(handle, app, window, "opening another map") {
        return Ok(None);
    }
    match opened(path.clone()) {
        Ok((doc, saves_to, None)) => Ok(Some(replace(app, window, doc, saves_to))),
        Ok((doc, _, Some(report))) => {
            let mut view = replace(app, window, doc, None);
            let mut message = format!("Imported {}.", file_name(&path));
            if !report.is_empty() {
                let shown: Vec<&str> = report.iter().take(3).map(String::as_str).collect();
                message.push_str(&format!(" Not carried over: {}", shown.join("; ")));
                if report.len() > 3 {
                    message.push_str(&format!(" (and {} more)", report.len() - 3));
                }
            }
            view.info = Some(message);
            Ok(Some(view))
        }
        Err(f) => {
            dialogs::error(handle, "Cannot open the file", &f.message);
            Err(f)
        }
    }
}

/// What the page is told when the open map's file changed on disk.
#[derive(Serialize)]
pub struct FileNews {
    /// The map read again (it had no unsaved work), with what to say in its info.
    view: Option<View>,
    /// Else why it was not: unsaved work at stake, or a file that cannot be read.
    message: String,
}

/// Looks whether another program changed the open map's file; the page asks when the
/// window gets the focus back. A map with no unsaved work is read again; one with
/// unsaved work is kept as it is, and the user told, once per change, that saving will
/// ask before replacing the file.
#[tauri::command(async)]
fn check_file(app: State<'_, App>, window: WebviewWindow) -> Option<FileNews> {
    let news = |message: String| {
        Some(FileNews {
            view: None,
            message,
        })
    };
    let (path, now, dirty, name) = {
        let mut s = app.session();
        let (path, stamp) = (s.path.clone()?, s.on_disk?);
        let name = file_name(&path);
        match stamp.compare(&path) {
            OnDisk::Unchanged => return None,
            OnDisk::Missing if s.told_gone => return None,
            OnDisk::Missing => {
                s.told_gone = true;
                return news(format!(
                    "{name} was moved or deleted by another program: saving writes it again \
                     where it was (Save As puts it elsewhere)."
                ));
            }
            OnDisk::Changed => {}
        }
        let now = FileStamp::of(&path).ok().flatten();
        if s.told == now {
            return None;
        }
        s.told = now;
        (path, now, s.doc.is_dirty(), name)
    };
    if dirty {
        return news(format!(
            "{name} was changed by another program. Your unsaved changes are kept; \
             saving asks before it replaces the file."
        ));
    }
    match opened(path.clone()) {
        Ok((doc, Some(_), None)) => {
            let mut s = app.session();
            // An edit or another file may have come in while the file was read.
            if s.doc.is_dirty() || s.path.as_deref() != Some(path.as_path()) {
                return None;
            }
            let mut view = replace_in(&app, &window, &mut s, doc, Some(path), None);
            // The stamp of what was read, not of a write that came after it.
            s.on_disk = now.or(s.on_disk);
            view.info = Some(format!("Reloaded {name}: another program changed it."));
            Some(FileNews {
                view: Some(view),
                message: String::new(),
            })
        }
        Ok(_) => news(format!(
            "{name} was replaced by a file that is not a map; the map shown is as it was."
        )),
        Err(f) => news(format!(
            "{name} was changed by another program and cannot be read now ({}); \
             the map shown is as it was.",
            f.message
        )),
    }
}

#[tauri::command(async)]
fn open_map(handle: AppHandle, app: State<'_, App>, window: WebviewWindow) -> Reply<Option<View>> {
    let folder = folder_of(&app.session());
    let Some(path) = dialogs::pick_file(&handle, folder.as_deref()) else {
        return Ok(None);
    };
    open_path(&handle, &app, &window, path)
}

fn save_to(app: &App, window: &WebviewWindow, path: PathBuf) -> Reply<View> {
    let mut s = app.session();
    // The file records when it was saved; that is not an edit to undo.
    let now = time::OffsetDateTime::now_utc();
    let created = s.doc.map().meta().created.or(Some(now));
    let mut map = s.doc.map().clone();
    map.stamp(created, Some(now));
    format::save_file(&map, &path)
        .map_err(|e| Failure::new("io", format!("Cannot save {}: {e}", path.display())))?;
    s.doc.map_mut_for_stamp().stamp(created, Some(now));
    s.doc.mark_saved();
    s.on_disk = FileStamp::of(&path).ok().flatten();
    s.told = None;
    s.told_gone = false;
    remember(window.app_handle(), Some(&path));
    let notice = library::saved(app, s.autosave, &path, s.doc.map());
    s.path = Some(path);
    refresh_title(window, &mut s);
    let mut view = app.view(&mut s, false);
    view.notice = notice;
    Ok(view)
}

#[tauri::command(async)]
fn save_map(handle: AppHandle, app: State<'_, App>, window: WebviewWindow) -> Reply<Option<View>> {
    save_interactive(&handle, &app, &window)
}

#[tauri::command(async)]
fn save_map_as(
    handle: AppHandle,
    app: State<'_, App>,
    window: WebviewWindow,
) -> Reply<Option<View>> {
    save_as_interactive(&handle, &app, &window)
}

/// Saves where the map came from, or asks where if it has no file yet. A file another
/// program changed since is replaced only if the user says so.
fn save_interactive(handle: &AppHandle, app: &App, window: &WebviewWindow) -> Reply<Option<View>> {
    let (path, changed, name) = {
        let s = app.session();
        let changed = match (&s.path, s.on_disk) {
            (Some(p), Some(stamp)) => stamp.compare(p) == OnDisk::Changed,
            _ => false,
        };
        (
            s.path.clone(),
            changed,
            s.path.as_deref().map(file_name).unwrap_or_default(),
        )
    };
    if changed {
        match dialogs::ask_changed(handle, &name) {
            dialogs::Changed::Replace => {}
            dialogs::Changed::SaveAs => return save_as_interactive(handle, app, window),
            dialogs::Changed::Cancel => return Ok(None),
        }
    }
    match path {
        Some(p) => save_to(app, window, p).map(Some).inspect_err(|f| {
            dialogs::error(handle, "Cannot save the map", &f.message);
        }),
        None => save_as_interactive(handle, app, window),
    }
}

/// Asks where to save the map, and saves it there; None if the user cancelled.
fn save_as_interactive(
    handle: &AppHandle,
    app: &App,
    window: &WebviewWindow,
) -> Reply<Option<View>> {
    let (suggested, folder) = {
        let s = app.session();
        (format!("{}.map", file_stem(&name_of(&s))), folder_of(&s))
    };
    let Some(path) = dialogs::save_file(
        handle,
        folder.as_deref(),
        &suggested,
        "Argmap map",
        &["map"],
    ) else {
        return Ok(None);
    };
    let result = save_to(app, window, path);
    if let Err(f) = &result {
        dialogs::error(handle, "Cannot save the map", &f.message);
    }
    result.map(Some)
}

/// The folder of the open map's file, where its dialogs start.
fn folder_of(s: &Session) -> Option<PathBuf> {
    s.path
        .as_deref()
        .and_then(Path::parent)
        .map(Path::to_path_buf)
}

fn file_stem(title: &str) -> String {
    let cleaned: String = title
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == ' ' || c == '-' {
                c
            } else {
                ' '
            }
        })
        .collect();
    let words: Vec<&str> = cleaned.split_whitespace().collect();
    if words.is_empty() {
        "map".to_string()
    } else {
        words.join("-")
    }
}

/// What the export dialog asks for.
#[derive(Deserialize)]
pub struct ExportOptions {
    format: String,
    /// PNG: pixels per layout unit, 0.25 to 4 (the dialog offers ½× to 4×).
    scale: f32,
    theme: String,
    transparent: bool,
    /// Carry the map inside the picture, so that it opens again as the map.
    embed: bool,
    /// Draw the evaluation's badges, as the canvas does while evaluating.
    #[serde(default)]
    badges: bool,
    /// Space around the drawing, in layout units; the usual margin if left out.
    #[serde(default)]
    padding: Option<f64>,
    /// SVG: the text as outlines of the bundled font instead of text in it.
    #[serde(default)]
    text_as_paths: bool,
    /// Only these statements, what hangs from them and the claims above them
    /// (argmap_core::excerpt); the whole map when empty.
    #[serde(default)]
    only: Vec<NodeId>,
}

/// Lays maps out with theses on top or on the left, from now on and at the next launch;
/// answers with the whole scene laid out again.
#[tauri::command]
fn set_orientation(orientation: Orientation, handle: AppHandle, app: State<'_, App>) -> View {
    let mut s = app.session();
    *app.orientation.lock().unwrap_or_else(|p| p.into_inner()) = orientation;
    save_settings(&handle, &Settings { orientation });
    app.view(&mut s, true)
}

/// Closes the window as its close button does (Ctrl+Q, Ctrl+W): unsaved changes are
/// asked about first, and the app quits with its one window.
#[tauri::command]
fn close_window(window: WebviewWindow) -> Reply<()> {
    window
        .close()
        .map_err(|e| Failure::new("window", e.to_string()))
}

/// The PNG's size in pixels at each scale the export dialog offers, as the painter
/// decides it (and whether it makes one that big), for the map as the window shows it.
#[tauri::command]
fn png_sizes(
    padding: f64,
    scales: Vec<f32>,
    only: Option<Vec<NodeId>>,
    app: State<'_, App>,
) -> Reply<argmap_render::raster::PngSizes> {
    let bounds = match only.filter(|o| !o.is_empty()) {
        None => app.session().shown.bounds(),
        Some(only) => {
            let part = excerpt(&app.session(), &only)?;
            argmap_render::layout(&part, &app.measurer, &app.layout_options()).bounds
        }
    };
    Ok(argmap_render::raster::png_sizes(bounds, padding, &scales))
}

/// The part of the open map a picture of `only` shows (argmap_core::excerpt).
fn excerpt(s: &Session, only: &[NodeId]) -> Reply<ArgumentMap> {
    let part = argmap_core::excerpt::excerpt(s.doc.map(), only)
        .map_err(|e| Failure::new("invalid", format!("Cannot export the selection: {e}")))?;
    if part.is_empty() {
        return Err(Failure::new(
            "not-found",
            "The statements chosen for the export are no longer on the map.",
        ));
    }
    Ok(part)
}

/// Exports the map as a picture; returns the file name written, or None if cancelled.
#[tauri::command(async)]
fn export_image(
    options: ExportOptions,
    handle: AppHandle,
    app: State<'_, App>,
) -> Reply<Option<String>> {
    let format = argmap_render::Format::from_name(&options.format)
        .ok_or_else(|| Failure::new("invalid", format!("cannot export {}", options.format)))?;
    let padding = options.padding.unwrap_or(argmap_render::layout::MARGIN);
    if !(0.0..=1000.0).contains(&padding) {
        return Err(Failure::new(
            "invalid",
            format!("the margin must be from 0 to 1000, not {padding}"),
        ));
    }
    let theme = Theme::by_name(&options.theme).unwrap_or(argmap_render::theme::LIGHT);
    let (map, name, folder, badges) = {
        let s = app.session();
        let badges = if options.badges {
            argmap_render::status::badges(&s.evaluation)
        } else {
            Default::default()
        };
        // The evaluation drawn on a part is the whole map's.
        let map = if options.only.is_empty() {
            s.doc.map().clone()
        } else {
            excerpt(&s, &options.only)?
        };
        (map, name_of(&s), folder_of(&s), badges)
    };
    let ext = format.extension();
    let Some(path) = dialogs::save_file(
        &handle,
        folder.as_deref(),
        &format!("{}.{ext}", file_stem(&name)),
        &ext.to_uppercase(),
        &[ext],
    ) else {
        return Ok(None);
    };
    let layout = argmap_render::layout(&map, &app.measurer, &app.layout_options());
    let picture = argmap_render::PictureOptions {
        scale: options.scale,
        theme,
        transparent: options.transparent,
        padding,
        text_as_paths: options.text_as_paths,
        map_json: options.embed.then(|| format::to_compact_string(&map)),
        title: Some(name),
        badges,
    };
    argmap_render::export_picture(&layout, format, &picture, &path).map_err(|e| match e {
        argmap_render::ExportError::Draw(e) => Failure::new("export", e.to_string()),
        e => Failure::new("io", e.to_string()),
    })?;
    Ok(Some(file_name(&path)))
}

/// Writes the map, or the part of it `only` picks out (as for a picture), in another
/// tool's format (Argdown, AIF, Kialo, GraphML, a Markdown outline, DOT); returns the
/// file name written, or None if cancelled.
#[tauri::command(async)]
fn export_text(
    format: String,
    only: Option<Vec<NodeId>>,
    handle: AppHandle,
    app: State<'_, App>,
) -> Reply<Option<String>> {
    use argmap_core::interchange::{aif, argdown, dot, graphml, kialo, outline};
    let (map, stem, folder) = {
        let s = app.session();
        let map = match only.as_deref() {
            None | Some([]) => s.doc.map().clone(),
            Some(only) => excerpt(&s, only)?,
        };
        (map, file_stem(&name_of(&s)), folder_of(&s))
    };
    let (ext, kind, text) = match format.as_str() {
        "argdown" => ("argdown", "Argdown", argdown::write(&map)),
        "aif" => ("json", "AIF JSON", aif::write(&map)),
        "kialo" => ("txt", "Kialo discussion", kialo::write(&map)),
        "graphml" => ("graphml", "GraphML (yEd)", graphml::write(&map)),
        "outline" => ("md", "Markdown outline", outline::write(&map, &[])),
        "dot" => ("dot", "Graphviz DOT", dot::write(&map)),
        other => return Err(Failure::new("invalid", format!("cannot export {other}"))),
    };
    let Some(path) = dialogs::save_file(
        &handle,
        folder.as_deref(),
        &format!("{stem}.{ext}"),
        kind,
        &[ext],
    ) else {
        return Ok(None);
    };
    format::write_atomic(&path, |f| std::io::Write::write_all(f, text.as_bytes()))
        .map_err(|e| Failure::new("io", format!("Cannot write {}: {e}", path.display())))?;
    Ok(Some(file_name(&path)))
}

/// The map to start with: a file named on the command line (a double-click on a .map),
/// else the file open when the app last closed, else the sample debate. Returns the
/// session and, if a file could not be opened, why.
fn initial_session(last: Option<PathBuf>) -> (Session, Option<String>) {
    let sample = || {
        let map = format::load_bytes(SAMPLE.as_bytes(), &FileLimits::default())
            .expect("the bundled sample map is valid");
        Session::new(Document::new(map), None)
    };
    let arg = std::env::args_os().nth(1).map(PathBuf::from);
    let from_user = arg.is_some();
    let Some(path) = arg.or(last) else {
        return (sample(), None);
    };
    match opened(path) {
        Ok((doc, saves_to, _)) => (Session::new(doc, saves_to), None),
        // A file from last time that has since moved is not worth a dialog.
        Err(f) => (sample(), from_user.then_some(f.message)),
    }
}

/// Remembers which file is open, so the next launch reopens it. Best effort: failing
/// to remember is no reason to bother the user.
fn remember(handle: &AppHandle, path: Option<&Path>) {
    let Ok(dir) = handle.path().app_data_dir() else {
        return;
    };
    let file = dir.join("last-session.json");
    let _ = std::fs::create_dir_all(&dir);
    let body = serde_json::json!({ "path": path });
    let _ = format::write_atomic(&file, |f| {
        serde_json::to_writer(f, &body).map_err(std::io::Error::other)
    });
}

/// The user's choices that outlive a session, kept in the app's config folder.
#[derive(Default, Serialize, Deserialize)]
struct Settings {
    /// The direction maps are laid out in.
    #[serde(default)]
    orientation: Orientation,
}

const SETTINGS: &str = "settings.json";

/// Saves the settings. Best effort, as `remember`.
fn save_settings(handle: &AppHandle, settings: &Settings) {
    let Ok(dir) = handle.path().app_config_dir() else {
        return;
    };
    let _ = std::fs::create_dir_all(&dir);
    let _ = format::write_atomic(&dir.join(SETTINGS), |f| {
        serde_json::to_writer(f, settings).map_err(std::io::Error::other)
    });
}

/// The settings saved last, else the defaults (a missing or unreadable file).
fn saved_settings(handle: &AppHandle) -> Settings {
    let read = || -> Option<Settings> {
        let bytes = std::fs::read(handle.path().app_config_dir().ok()?.join(SETTINGS)).ok()?;
        serde_json::from_slice(&bytes).ok()
    };
    read().unwrap_or_default()
}

fn remembered(handle: &AppHandle) -> Option<PathBuf> {
    let dir = handle.path().app_data_dir().ok()?;
    let bytes = std::fs::read(dir.join("last-session.json")).ok()?;
    let v: serde_json::Value = serde_json::from_slice(&bytes).ok()?;
    v.get("path")?.as_str().map(PathBuf::from)
}

/// Milliseconds since this process started (Linux: from /proc; 10 ms resolution).
fn since_process_start() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let rest = &stat[stat.rfind(')')? + 2..];
    let start_ticks: f64 = rest.split(' ').nth(19)?.parse().ok()?;
    let uptime: f64 = std::fs::read_to_string("/proc/uptime")
        .ok()?
        .split_whitespace()
        .next()?
        .parse()
        .ok()?;
    // USER_HZ is 100 on Linux.
    Some((uptime - start_ticks / 100.0) * 1000.0)
}

/// Called by the page after its first painted frame. With ARGMAP_REPORT_FIRST_PAINT
/// set (the launch benchmark, scripts/bench-launch.sh), prints how long that took since
/// the process started and quits; otherwise does nothing.
#[tauri::command]
fn first_paint(handle: AppHandle) {
    if std::env::var_os("ARGMAP_REPORT_FIRST_PAINT").is_some() {
        match since_process_start() {
            Some(ms) => println!("first paint {ms:.0} ms after the process started"),
            None => println!("first paint (process start time unknown)"),
        }
        handle.exit(0);
    }
}

pub fn run() {
    tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_clipboard_manager::init())
        .plugin(tauri_plugin_opener::init())
        // The window opens where it was when the app last quit: its size, its place,
        // maximised or full screen (not whether it was shown: it always is).
        .plugin(
            tauri_plugin_window_state::Builder::default()
                .with_state_flags(
                    StateFlags::SIZE
                        | StateFlags::POSITION
                        | StateFlags::MAXIMIZED
                        | StateFlags::FULLSCREEN,
                )
                .build(),
        )
        .manage(App::new())
        .invoke_handler(tauri::generate_handler![
            current,
            edit,
            undo,
            redo,
            new_map,
            open_map,
            save_map,
            save_map_as,
            check_file,
            export_image,
            png_sizes,
            close_window,
            set_orientation,
            export_text,
            first_paint,
            theme,
            copy,
            copy_picture,
            paste,
            open_link,
            explain,
            library::recoverable,
            library::restore,
            library::discard_draft,
            library::recent,
            library::refresh_thumbnail,
            library::pin,
            library::open_from_library,
            library::search_library,
            library::library_notice
        ])
        .setup(move |app| {
            dialogs::init_test_seam();
            let (session, startup_error) = initial_session(remembered(app.handle()));
            let state = app.state::<App>();
            *state.orientation.lock().unwrap_or_else(|p| p.into_inner()) =
                saved_settings(app.handle()).orientation;
            let (library, notice) = library::open();
            *state.library.lock().unwrap_or_else(|p| p.into_inner()) = library;
            let (autosave, trouble) =
                library::attach(&state, session.path.as_deref(), &session.doc);
            *state
                .library_notice
                .lock()
                .unwrap_or_else(|p| p.into_inner()) = notice.or(trouble);
            let mut s = state.session();
            *s = session;
            s.autosave = autosave;
            if let Some(message) = startup_error {
                let handle = app.handle().clone();
                std::thread::spawn(move || {
                    dialogs::error(&handle, "Cannot open the file", &message)
                });
            }
            Ok(())
        })
        .on_window_event(|window, event| match event {
            tauri::WindowEvent::CloseRequested { api, .. } => {
                let app = window.state::<App>();
                let dirty = app.session().doc.is_dirty();
                if let (true, Some(window)) = (dirty, window.get_webview_window(window.label())) {
                    // Asked on a thread of its own: the question waits for the main thread.
                    api.prevent_close();
                    std::thread::spawn(move || {
                        let handle = window.app_handle().clone();
                        let app = window.state::<App>();
                        if settle_unsaved(&handle, &app, &window, "closing") {
                            let autosave = app.session().autosave.take();
                            library::detach(&app, autosave);
                            let _ = window.destroy();
                        }
                    });
                } else {
                    // Closed with nothing unsaved: no draft to keep.
                    let autosave = app.session().autosave.take();
                    library::detach(&app, autosave);
                }
            }
            tauri::WindowEvent::DragDrop(tauri::DragDropEvent::Drop { paths, .. }) => {
                let Some(path) = paths.first().cloned() else {
                    return;
                };
                let window = window.clone();
                std::thread::spawn(move || {
                    let handle = window.app_handle().clone();
                    let Some(webview) = handle.get_webview_window(window.label()) else {
                        return;
                    };
                    let app = handle.state::<App>();
                    if let Ok(Some(view)) = open_path(&handle, &app, &webview, path) {
                        let _ = webview.emit("map-opened", view);
                    }
                });
            }
            _ => {}
        })
        .run(tauri::generate_context!())
        .expect("the app starts");
}

#[cfg(test)]
mod tests {
    use super::*;
    use argmap_core::{Edit, Node, NodeKind, eval::Status};
    use std::collections::HashMap;
    use std::sync::mpsc::{Sender, channel};

    #[test]
    fn after_each_edit_the_page_holds_the_statuses_the_map_has_with_the_evaluator_or_without() {
        for evaluator in [true, false] {
            let mut app = App::new();
            assert!(app.evaluator.is_some());
            if !evaluator {
                app.evaluator = None;
            }
            let mut s = Session::new(Document::new(argmap_core::generate::generate(400, 3)), None);
            let first = app.view(&mut s, true);
            // What the page holds: the first view's statuses, then each reply's changes.
            let mut page: HashMap<NodeId, Status> =
                first.statuses.into_iter().map(|st| (st.id, st)).collect();
            let standing = eval::evaluate(s.doc.map())
                .statuses
                .into_iter()
                .filter(|st| st.label == eval::Label::In)
                .map(|st| st.id)
                .take(5)
                .collect::<Vec<_>>();
            assert_eq!(standing.len(), 5);
            for (k, target) in standing.into_iter().enumerate() {
                // An objection nothing answers defeats what it objects to.
                let edit = Edit::AddNode {
                    node: Node::new(NodeKind::Objection, format!("objection {k}")),
                    target: Some(target),
                    relation: None,
                    after: None,
                };
                let patch = s.doc.apply(&edit).unwrap();
                let v = app.view_after(&mut s, false, &[patch]);
                assert!(!v.statuses.is_empty(), "evaluator {evaluator}: no statuses");
                for id in v.statuses_gone {
                    page.remove(&id);
                }
                page.extend(v.statuses.into_iter().map(|st| (st.id, st)));
                let now = eval::evaluate(s.doc.map());
                let want: HashMap<NodeId, Status> =
                    now.statuses.into_iter().map(|st| (st.id, st)).collect();
                assert_eq!(page, want, "evaluator {evaluator}, edit {k}");
                assert_eq!(page[&target].label, eval::Label::Out);
            }
        }
    }

    /// Says, when dropped, its number and the thread it was dropped on.
    struct Tell(u32, Sender<(u32, Option<String>)>);
    impl Drop for Tell {
        fn drop(&mut self) {
            let thread = std::thread::current().name().map(str::to_owned);
            let _ = self.1.send((self.0, thread));
        }
    }

    #[test]
    fn what_an_edit_replaces_is_freed_on_the_drop_thread_in_order() {
        let (tx, rx) = channel();
        for k in 0..3 {
            drop_later(Tell(k, tx.clone()));
        }
        let wait = std::time::Duration::from_secs(10);
        let dropped: Vec<_> = (0..3).map(|_| rx.recv_timeout(wait).unwrap()).collect();
        let drop = Some("drop".to_owned());
        assert_eq!(dropped, [(0, drop.clone()), (1, drop.clone()), (2, drop)]);
    }

    #[test]
    fn the_window_title_follows_the_map_title_its_file_and_unsaved_changes() {
        let app = App::new();
        let mut s = Session::new(Document::new(ArgumentMap::new(MapMeta::titled(""))), None);
        assert_eq!(window_title(&s), "Untitled map — Argmap");
        s.path = Some(PathBuf::from("/tmp/remote.map"));
        assert_eq!(window_title(&s), "remote — Argmap");
        let edit = Edit::EditMeta {
            title: Some("Remote work raises productivity".into()),
            description: Some("Notes for the Friday debate".into()),
            authors: Some(vec!["Ada".into(), "Grace".into()]),
        };
        let patch = s.doc.apply(&edit).unwrap();
        let v = app.view_after(&mut s, false, &[patch]);
        assert_eq!(v.window_title, "• Remote work raises productivity — Argmap");
        assert_eq!(v.title, "Remote work raises productivity");
        assert_eq!(v.description, "Notes for the Friday debate");
        assert_eq!(v.authors, ["Ada", "Grace"]);
        let patches = s.doc.undo().unwrap();
        let v = app.view_after(&mut s, false, &patches);
        assert_eq!(v.window_title, "remote — Argmap");
        assert_eq!(v.name, "remote");
        assert_eq!((v.title.as_str(), v.description.as_str()), ("", ""));
        assert!(v.authors.is_empty());
    }

    #[test]
    fn dialogs_start_in_the_maps_folder_else_documents_else_home() {
        use dialogs::start_folder;
        let dir = tempfile::tempdir().unwrap();
        let home = dir.path().to_path_buf();
        let docs = home.join("Documents");
        let here = home.join("here");
        std::fs::create_dir(&here).unwrap();
        let (d, h) = (Some(docs.clone()), Some(home.clone()));
        assert_eq!(
            start_folder(Some(&here), d.clone(), h.clone()),
            Some(here.clone())
        );
        // A documents folder that does not exist is passed over, as is a map's folder
        // that has gone since the map was opened.
        let gone = home.join("gone");
        assert_eq!(
            start_folder(Some(&gone), d.clone(), h.clone()),
            Some(home.clone())
        );
        std::fs::create_dir(&docs).unwrap();
        assert_eq!(start_folder(None, d, h), Some(docs));
        assert_eq!(start_folder(None, None, None), None);
    }
}
