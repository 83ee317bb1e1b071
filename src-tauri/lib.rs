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

use argmap_core::format;
use argmap_core::{ArgumentMap, Document, Edit, FileLimits, MapMeta, Patch};
use argmap_render::font::Measurer;
use argmap_render::layout::{Layout, LayoutOptions};
use argmap_render::{PngOptions, SvgOptions, Theme};
use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Emitter, Manager, State, WebviewWindow};

mod dialogs;

/// The map shown on first launch.
const SAMPLE: &str = include_str!("../examples/scaling-debate.map");

struct Session {
    doc: Document,
    path: Option<PathBuf>,
}

struct App {
    session: Mutex<Session>,
    measurer: Measurer,
}

/// What the page draws after any change: the layout, and the state of the window.
#[derive(Clone, Serialize)]
pub struct View {
    title: String,
    file_name: Option<String>,
    dirty: bool,
    can_undo: bool,
    can_redo: bool,
    /// The patches this change applied, for the outline and the selection.
    patches: Vec<Patch>,
    layout: Layout,
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
    fn view(&self, s: &Session, patches: Vec<Patch>) -> View {
        let layout = argmap_render::layout(s.doc.map(), &self.measurer, &LayoutOptions::default());
        View {
            title: s.doc.map().meta().title.clone(),
            file_name: s
                .path
                .as_ref()
                .and_then(|p| p.file_name())
                .map(|n| n.to_string_lossy().into_owned()),
            dirty: s.doc.is_dirty(),
            can_undo: s.doc.can_undo(),
            can_redo: s.doc.can_redo(),
            patches,
            layout,
        }
    }

    fn session(&self) -> std::sync::MutexGuard<'_, Session> {
        // A panic while holding the lock cannot leave the document half-changed (every
        // change is one checked patch), so a poisoned lock is still a usable document.
        self.session.lock().unwrap_or_else(|p| p.into_inner())
    }
}

fn window_title(s: &Session) -> String {
    let name = s.doc.map().meta().title.trim();
    let name = if name.is_empty() { "Untitled" } else { name };
    let mark = if s.doc.is_dirty() { "• " } else { "" };
    format!("{mark}{name} — Argmap")
}

fn refresh_title(window: &WebviewWindow, s: &Session) {
    let _ = window.set_title(&window_title(s));
}

#[tauri::command]
fn current(app: State<'_, App>, window: WebviewWindow) -> View {
    let s = app.session();
    refresh_title(&window, &s);
    app.view(&s, Vec::new())
}

/// Applies edits as one undo step.
#[tauri::command]
fn edit(edits: Vec<Edit>, app: State<'_, App>, window: WebviewWindow) -> Reply<View> {
    let mut s = app.session();
    let patches = s.doc.apply_all(&edits)?;
    refresh_title(&window, &s);
    Ok(app.view(&s, patches))
}

#[tauri::command]
fn undo(app: State<'_, App>, window: WebviewWindow) -> View {
    let mut s = app.session();
    let patches = s.doc.undo().unwrap_or_default();
    refresh_title(&window, &s);
    app.view(&s, patches)
}

#[tauri::command]
fn redo(app: State<'_, App>, window: WebviewWindow) -> View {
    let mut s = app.session();
    let patches = s.doc.redo().unwrap_or_default();
    refresh_title(&window, &s);
    app.view(&s, patches)
}

#[tauri::command]
fn theme(name: String) -> Reply<Theme> {
    Theme::by_name(&name).ok_or_else(|| Failure::new("invalid", format!("no theme {name:?}")))
}

/// Asks before throwing away unsaved work. True when there is none, or the user agrees.
fn may_discard(handle: &AppHandle, s: &Session) -> bool {
    !s.doc.is_dirty()
        || dialogs::confirm(
            handle,
            "Discard unsaved changes?",
            &format!(
                "“{}” has changes that are not saved. They will be lost.",
                s.doc.map().meta().title
            ),
            "Discard",
        )
}

fn replace(app: &App, window: &WebviewWindow, doc: Document, path: Option<PathBuf>) -> View {
    let mut s = app.session();
    *s = Session { doc, path };
    refresh_title(window, &s);
    app.view(&s, Vec::new())
}

#[tauri::command(async)]
fn new_map(handle: AppHandle, app: State<'_, App>, window: WebviewWindow) -> Option<View> {
    if !may_discard(&handle, &app.session()) {
        return None;
    }
    let now = time::OffsetDateTime::now_utc();
    let mut map = ArgumentMap::new(MapMeta::titled("Untitled map"));
    map.stamp(Some(now), Some(now));
    Some(replace(&app, &window, Document::new(map), None))
}

/// Loads a file the user chose: a .map, or a picture exported with its map inside.
/// A failure leaves the open map as it was.
fn load(path: &Path) -> Reply<ArgumentMap> {
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

/// Opens `path` in place of the current map, asking first if that would lose work.
fn open_path(
    handle: &AppHandle,
    app: &App,
    window: &WebviewWindow,
    path: PathBuf,
) -> Reply<Option<View>> {
    if !may_discard(handle, &app.session()) {
        return Ok(None);
    }
    match load(&path) {
        Ok(map) => {
            // A picture opens as a new, unsaved map: saving must not overwrite the image.
            let is_map = argmap_render::embed::sniff(&std::fs::read(&path).unwrap_or_default())
                == argmap_render::embed::Sniffed::Map;
            Ok(Some(replace(
                app,
                window,
                Document::new(map),
                is_map.then_some(path),
            )))
        }
        Err(f) => {
            dialogs::error(handle, "Cannot open the file", &f.message);
            Err(f)
        }
    }
}

#[tauri::command(async)]
fn open_map(handle: AppHandle, app: State<'_, App>, window: WebviewWindow) -> Reply<Option<View>> {
    let Some(path) = dialogs::pick_file(&handle) else {
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
    s.path = Some(path);
    refresh_title(window, &s);
    Ok(app.view(&s, Vec::new()))
}

#[tauri::command(async)]
fn save_map(handle: AppHandle, app: State<'_, App>, window: WebviewWindow) -> Reply<Option<View>> {
    let path = app.session().path.clone();
    match path {
        Some(p) => save_to(&app, &window, p).map(Some),
        None => save_map_as(handle, app, window),
    }
}

#[tauri::command(async)]
fn save_map_as(
    handle: AppHandle,
    app: State<'_, App>,
    window: WebviewWindow,
) -> Reply<Option<View>> {
    let suggested = format!("{}.map", file_stem(&app.session().doc.map().meta().title));
    let Some(path) = dialogs::save_file(&handle, &suggested, "Argmap map", &["map"]) else {
        return Ok(None);
    };
    let result = save_to(&app, &window, path);
    if let Err(f) = &result {
        dialogs::error(&handle, "Cannot save the map", &f.message);
    }
    result.map(Some)
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

#[derive(Deserialize)]
pub struct ExportOptions {
    format: String,
    scale: f32,
    theme: String,
    transparent: bool,
    embed: bool,
}

/// Exports the map as a picture; returns the file name written, or None if cancelled.
#[tauri::command(async)]
fn export_image(
    options: ExportOptions,
    handle: AppHandle,
    app: State<'_, App>,
) -> Reply<Option<String>> {
    let theme = Theme::by_name(&options.theme).unwrap_or(argmap_render::theme::LIGHT);
    let (map, suggested) = {
        let s = app.session();
        (s.doc.map().clone(), file_stem(&s.doc.map().meta().title))
    };
    let ext = match options.format.as_str() {
        "png" => "png",
        "svg" => "svg",
        other => return Err(Failure::new("invalid", format!("cannot export {other}"))),
    };
    let Some(path) = dialogs::save_file(
        &handle,
        &format!("{suggested}.{ext}"),
        &ext.to_uppercase(),
        &[ext],
    ) else {
        return Ok(None);
    };
    let layout = argmap_render::layout(&map, &app.measurer, &LayoutOptions::default());
    let json = options
        .embed
        .then(|| String::from_utf8(format::to_bytes(&map)).expect("maps are UTF-8"));
    let bytes = if ext == "png" {
        argmap_render::to_png(
            &layout,
            &PngOptions {
                scale: options.scale,
                theme,
                transparent: options.transparent,
                map_json: json,
                ..PngOptions::default()
            },
        )
        .map_err(|e| Failure::new("export", e.to_string()))?
    } else {
        argmap_render::to_svg(
            &layout,
            &SvgOptions {
                theme,
                transparent: options.transparent,
                map_json: json,
                title: Some(map.meta().title.clone()),
                ..SvgOptions::default()
            },
        )
        .into_bytes()
    };
    format::write_atomic(&path, |f| std::io::Write::write_all(f, &bytes))
        .map_err(|e| Failure::new("io", format!("Cannot write {}: {e}", path.display())))?;
    Ok(path.file_name().map(|n| n.to_string_lossy().into_owned()))
}

/// The map to start with: a file named on the command line (a double-click on a .map),
/// or the sample debate.
fn initial_session() -> (Session, Option<String>) {
    let sample = || {
        let map = format::load_bytes(SAMPLE.as_bytes(), &FileLimits::default())
            .expect("the bundled sample map is valid");
        Session {
            doc: Document::new(map),
            path: None,
        }
    };
    let Some(arg) = std::env::args_os().nth(1).map(PathBuf::from) else {
        return (sample(), None);
    };
    match load(&arg) {
        Ok(map) => (
            Session {
                doc: Document::new(map),
                path: Some(arg),
            },
            None,
        ),
        Err(f) => (sample(), Some(f.message)),
    }
}

pub fn run() {
    let (session, startup_error) = initial_session();
    tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .manage(App {
            session: Mutex::new(session),
            measurer: Measurer::new(),
        })
        .invoke_handler(tauri::generate_handler![
            current,
            edit,
            undo,
            redo,
            new_map,
            open_map,
            save_map,
            save_map_as,
            export_image,
            theme
        ])
        .setup(move |app| {
            dialogs::init_test_seam();
            if let Some(message) = startup_error.clone() {
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
                if app.session().doc.is_dirty() {
                    api.prevent_close();
                    let window = window.clone();
                    std::thread::spawn(move || {
                        let handle = window.app_handle().clone();
                        let app = window.state::<App>();
                        if may_discard(&handle, &app.session()) {
                            let _ = window.destroy();
                        }
                    });
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
