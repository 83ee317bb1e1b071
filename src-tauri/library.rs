//! The app's side of the local library (argmap-store): every document autosaves into
//! a draft as it is edited, work left by a crash is offered back at the next start, and
//! the start screen lists recent maps and searches across all of them. Thin: the rules
//! live in argmap-store.

use std::path::Path;

use argmap_core::format::{FileStamp, OnDisk, display_name};
use argmap_core::{ArgumentMap, Document, NodeId, Patch};
use argmap_store::{Changes, DraftId, Hit, Library, MapId, StoreError};
use base64::Engine;
use serde::Serialize;
use tauri::{AppHandle, State, WebviewWindow};

use argmap_render::raster::THUMBNAIL_STYLE;

use crate::{App, Failure, Reply, View};

/// Where the open document autosaves.
#[derive(Clone, Copy, Debug)]
pub struct Autosave {
    pub map: MapId,
    pub draft: DraftId,
}

/// Opens the user's library. The app runs without one if that fails; the message says
/// why (and a damaged library that was rebuilt is reported the same way).
pub fn open() -> (Option<Library>, Option<String>) {
    let Some(path) = Library::default_path() else {
        return (None, Some("No home folder: maps will not autosave.".into()));
    };
    match Library::open(&path) {
        Ok(mut opened) => {
            // Drafts of apps that closed without unsaved work hold nothing to offer.
            let _ = opened.library.prune();
            (Some(opened.library), opened.notice)
        }
        Err(e) => (
            None,
            Some(format!(
                "The library cannot be opened, so maps will not autosave: {e}"
            )),
        ),
    }
}

/// What to tell the user about a failed library operation; rebuilds a damaged library.
fn trouble(lib: &mut Library, e: StoreError) -> String {
    if e.is_corruption() {
        match lib.rebuild() {
            Ok(notice) => notice,
            Err(e) => format!("The library is damaged and could not be rebuilt: {e}"),
        }
    } else if e.is_no_space_or_read_only() {
        format!("Autosave failed ({e}). The map is still open here: save it to a file.")
    } else {
        format!("Autosave failed: {e}")
    }
}

/// Starts autosaving a document just opened or created.
pub fn attach(
    app: &App,
    path: Option<&Path>,
    doc: &Document,
) -> (Option<Autosave>, Option<String>) {
    let mut guard = app.library.lock().unwrap_or_else(|p| p.into_inner());
    let Some(lib) = guard.as_mut() else {
        return (None, None);
    };
    let result = lib
        .track(path, doc.map())
        .and_then(|map| Ok((map, lib.start_draft(map, doc.map(), doc.is_dirty())?)));
    match result {
        Ok((map, draft)) => {
            // A file seen for the first time, changed since its thumbnail was drawn, or
            // drawn by an older Argmap, gets its thumbnail now (saves redraw it). Big
            // maps wait for their next save rather than slow the opening down.
            if path.is_some()
                && doc.map().len() <= THUMBNAIL_NOW_UP_TO
                && matches!(lib.thumbnail_stale(map, THUMBNAIL_STYLE), Ok(true))
                && let Some(png) = thumbnail(doc.map(), app)
            {
                let _ = lib.set_thumbnail(map, &png, THUMBNAIL_STYLE);
            }
            (Some(Autosave { map, draft }), None)
        }
        Err(e) => (None, Some(trouble(lib, e))),
    }
}

const THUMBNAIL_NOW_UP_TO: usize = 2_000;
/// The library draws out-of-date thumbnails again in the background, one map at a time,
/// for maps up to this size (a 20,000-statement map is about 8 MB, read and laid out in
/// about a tenth of a second by a release build)...
const THUMBNAIL_REFRESH_UP_TO: usize = 20_000;
/// ...and files up to this many bytes.
const THUMBNAIL_FILE_UP_TO: u64 = 16 << 20;

/// The map as the window lays it out (its direction included), small.
fn thumbnail(map: &ArgumentMap, app: &App) -> Option<Vec<u8>> {
    let layout = argmap_render::layout(map, &app.measurer, &app.layout_options());
    argmap_render::raster::thumbnail(&layout, 240, 150, argmap_render::theme::LIGHT).ok()
}

/// The document is going away (closed, or replaced by another): its draft goes too.
/// Only call this once its work is saved or the user chose to discard it.
pub fn detach(app: &App, autosave: Option<Autosave>) {
    let Some(a) = autosave else { return };
    if let Some(lib) = app
        .library
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .as_mut()
    {
        let _ = lib.close_draft(a.draft);
    }
}

/// Records an edit's patches; `dirty` says whether the document now differs from its
/// file. Returns a message for the user if autosave failed.
pub fn record(
    app: &App,
    autosave: Option<Autosave>,
    patches: &[Patch],
    map: &ArgumentMap,
    dirty: bool,
) -> Option<String> {
    let a = autosave?;
    if patches.iter().all(Patch::is_empty) {
        return None;
    }
    let mut guard = app.library.lock().unwrap_or_else(|p| p.into_inner());
    let lib = guard.as_mut()?;
    lib.record(a.draft, a.map, patches, map, dirty)
        .err()
        .map(|e| trouble(lib, e))
}

/// After a save: the draft restarts from the file, and the map's thumbnail is redrawn.
pub fn saved(
    app: &App,
    autosave: Option<Autosave>,
    path: &Path,
    map: &ArgumentMap,
) -> Option<String> {
    let a = autosave?;
    let thumb = thumbnail(map, app);
    let mut guard = app.library.lock().unwrap_or_else(|p| p.into_inner());
    let lib = guard.as_mut()?;
    let result = lib
        .saved(a.draft, a.map, path, map)
        .and_then(|id| match &thumb {
            Some(png) => lib.set_thumbnail(id, png, THUMBNAIL_STYLE),
            None => Ok(()),
        });
    result.err().map(|e| trouble(lib, e))
}

// ---- commands ------------------------------------------------------------------------

/// Unsaved work from an app that did not close cleanly.
#[derive(Serialize)]
pub struct RecoveryRow {
    draft: DraftId,
    /// What the map is called (format::display_name), as the title bar calls it.
    title: String,
    file_name: Option<String>,
    path: Option<String>,
    saved_at: Option<i64>,
    changed_at: i64,
    /// Since the file was last saved (or since the map was new).
    changes: Changes,
}

#[tauri::command(async)]
pub fn recoverable(app: State<'_, App>) -> Vec<RecoveryRow> {
    let guard = app.library.lock().unwrap_or_else(|p| p.into_inner());
    let Some(lib) = guard.as_ref() else {
        return Vec::new();
    };
    let Ok(found) = lib.recoverable() else {
        return Vec::new();
    };
    found
        .into_iter()
        .filter_map(|r| {
            let changes = lib.changes(&r).ok()?;
            Some(RecoveryRow {
                draft: r.draft,
                title: display_name(&r.title, r.path.as_deref().map(Path::new)),
                file_name: r.path.as_deref().map(|p| crate::file_name(Path::new(p))),
                path: r.path,
                saved_at: r.saved_at,
                changed_at: r.changed_at,
                changes,
            })
        })
        .collect()
}

/// Opens recovered work in place of the current map (asking first if that would lose
/// unsaved changes). The draft carries on as this document's autosave.
#[tauri::command(async)]
pub fn restore(
    draft: DraftId,
    handle: AppHandle,
    app: State<'_, App>,
    window: WebviewWindow,
) -> Reply<Option<View>> {
    if !crate::settle_unsaved(&handle, &app, &window, "restoring this work") {
        return Ok(None);
    }
    let (map, adopted) = {
        let mut guard = app.library.lock().unwrap_or_else(|p| p.into_inner());
        let lib = guard
            .as_mut()
            .ok_or_else(|| Failure::new("library", "There is no library to recover from."))?;
        let failed =
            |e: StoreError| Failure::new("library", format!("Cannot recover this work: {e}"));
        (
            lib.recover(draft).map_err(failed)?,
            lib.adopt(draft).map_err(failed)?,
        )
    };
    let mut doc = Document::new(map);
    doc.mark_unsaved();
    let mut s = app.session();
    let mut view = crate::replace_in(
        &app,
        &window,
        &mut s,
        doc,
        adopted.path.clone(),
        Some(Autosave {
            map: adopted.map,
            draft,
        }),
    );
    // The work began from the file as it was then: if another program has changed it
    // since the app died, saving asks before replacing it.
    if let (Some(path), Some(then)) = (&adopted.path, adopted.file) {
        s.on_disk = Some(then);
        if then.compare(path) == OnDisk::Changed {
            s.told = FileStamp::of(path).ok().flatten();
            view.notice = Some(format!(
                "{} was changed by another program since this work was last saved; \
                 saving asks before it replaces the file.",
                crate::file_name(path)
            ));
        }
    }
    Ok(Some(view))
}

/// Throws recovered work away once the user confirms. Returns whether it was.
#[tauri::command(async)]
pub fn discard_draft(
    draft: DraftId,
    name: String,
    handle: AppHandle,
    app: State<'_, App>,
) -> Reply<bool> {
    if !crate::dialogs::confirm(
        &handle,
        "Discard unsaved work?",
        &format!("The unsaved work in “{name}” will be thrown away. This cannot be undone."),
        "Discard",
    ) {
        return Ok(false);
    }
    let mut guard = app.library.lock().unwrap_or_else(|p| p.into_inner());
    if let Some(lib) = guard.as_mut() {
        lib.close_draft(draft)
            .map_err(|e| Failure::new("library", e.to_string()))?;
    }
    Ok(true)
}

#[derive(Serialize)]
pub struct RecentRow {
    id: MapId,
    /// What the map is called (format::display_name), as the title bar calls it.
    title: String,
    file_name: Option<String>,
    path: Option<String>,
    nodes: i64,
    opened_at: i64,
    pinned: bool,
    missing: bool,
    /// A PNG, base64.
    thumbnail: Option<String>,
    /// The thumbnail is out of date or missing and can be drawn: ask refresh_thumbnail.
    stale: bool,
}

#[tauri::command(async)]
pub fn recent(app: State<'_, App>) -> Vec<RecentRow> {
    let guard = app.library.lock().unwrap_or_else(|p| p.into_inner());
    let Some(Ok(list)) = guard.as_ref().map(|l| l.recent(24)) else {
        return Vec::new();
    };
    let b64 = base64::engine::general_purpose::STANDARD;
    list.into_iter()
        .map(|r| RecentRow {
            stale: r.nodes <= THUMBNAIL_REFRESH_UP_TO as i64 && r.thumbnail_stale(THUMBNAIL_STYLE),
            id: r.id,
            title: display_name(&r.title, r.path.as_deref().map(Path::new)),
            file_name: r.path.as_deref().map(|p| crate::file_name(Path::new(p))),
            path: r.path,
            nodes: r.nodes,
            opened_at: r.opened_at,
            pinned: r.pinned,
            missing: r.missing,
            thumbnail: r.thumbnail.map(|t| b64.encode(t)),
        })
        .collect()
}

/// Draws a recent map's thumbnail again when it is out of date (drawn by an older
/// Argmap, or before its file changed) or missing, and returns it (a PNG, base64) for
/// the library to show in place of the old one. None when there is nothing new to show:
/// the thumbnail is current, or the file is gone, too big to read for this, or not a
/// map that opens.
#[tauri::command(async)]
pub fn refresh_thumbnail(id: MapId, app: State<'_, App>) -> Option<String> {
    let path = {
        let guard = app.library.lock().unwrap_or_else(|p| p.into_inner());
        let lib = guard.as_ref()?;
        if !lib.thumbnail_stale(id, THUMBNAIL_STYLE).ok()? {
            return None;
        }
        lib.map_path(id).ok()??
    };
    // The file is read and drawn without holding the library.
    let before = argmap_store::thumbnail_key(THUMBNAIL_STYLE, &path)?;
    if argmap_core::format::file_size(&path).ok()? > THUMBNAIL_FILE_UP_TO {
        return None;
    }
    let map = crate::load_map(&path).ok()?;
    if map.len() > THUMBNAIL_REFRESH_UP_TO {
        return None;
    }
    let png = thumbnail(&map, &app)?;
    let mut guard = app.library.lock().unwrap_or_else(|p| p.into_inner());
    let lib = guard.as_mut()?;
    // A file that changed while it was drawn keeps its old thumbnail until next time.
    if argmap_store::thumbnail_key(THUMBNAIL_STYLE, &path).as_ref() != Some(&before) {
        return None;
    }
    lib.set_thumbnail(id, &png, THUMBNAIL_STYLE).ok()?;
    Some(base64::engine::general_purpose::STANDARD.encode(png))
}

#[tauri::command]
pub fn pin(id: MapId, pinned: bool, app: State<'_, App>) -> Reply<()> {
    let mut guard = app.library.lock().unwrap_or_else(|p| p.into_inner());
    if let Some(lib) = guard.as_mut() {
        lib.pin(id, pinned)
            .map_err(|e| Failure::new("library", e.to_string()))?;
    }
    Ok(())
}

/// Opens a map from the library by its id (the recent list, or a search hit), and
/// selects `node` in it if given.
#[tauri::command(async)]
pub fn open_from_library(
    id: MapId,
    node: Option<NodeId>,
    handle: AppHandle,
    app: State<'_, App>,
    window: WebviewWindow,
) -> Reply<Option<View>> {
    let current = app.session().autosave.map(|a| a.map);
    if current == Some(id) {
        // Already open: just select.
        let mut s = app.session();
        let mut view = app.view(&mut s, false);
        view.select = node.into_iter().collect();
        return Ok(Some(view));
    }
    let path = {
        let guard = app.library.lock().unwrap_or_else(|p| p.into_inner());
        guard
            .as_ref()
            .and_then(|lib| lib.map_path(id).ok().flatten())
    };
    let Some(path) = path else {
        return Err(Failure::new(
            "not-found",
            "That map was never saved to a file, and it is open in another window or was closed.",
        ));
    };
    let view = crate::open_path(&handle, &app, &window, path)?;
    Ok(view.map(|mut v| {
        v.select = node.into_iter().collect();
        v
    }))
}

#[tauri::command(async)]
pub fn search_library(query: String, app: State<'_, App>) -> Reply<Vec<Hit>> {
    let guard = app.library.lock().unwrap_or_else(|p| p.into_inner());
    match guard.as_ref() {
        Some(lib) => lib
            .search(&query, 50)
            .map(|hits| {
                hits.into_iter()
                    .map(|h| Hit {
                        title: display_name(&h.title, h.path.as_deref().map(Path::new)),
                        ..h
                    })
                    .collect()
            })
            .map_err(|e| Failure::new("library", format!("Search failed: {e}"))),
        None => Ok(Vec::new()),
    }
}

/// A message about the library for the page to show once (a rebuilt library).
#[tauri::command]
pub fn library_notice(app: State<'_, App>) -> Option<String> {
    app.library_notice
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .take()
}
