//! Native dialogs (tauri-plugin-dialog, called from Rust), and the seam that lets the
//! end-to-end tests stand in for them, since WebDriver cannot click a native dialog.
//!
//! The seam is safe: it exists only in debug builds (`cfg(debug_assertions)`; a release
//! build, which is what the .deb ships, has no such code), and it is read once, from an
//! environment variable, at start-up. Neither a user in the window nor a file the user
//! opens can reach it; whoever can set the environment of the process can already read
//! and write those files directly.

use std::path::{Path, PathBuf};

use tauri::{AppHandle, Manager};
use tauri_plugin_dialog::{DialogExt, MessageDialogButtons, MessageDialogKind};

#[cfg(debug_assertions)]
static TEST_DIR: std::sync::OnceLock<Option<PathBuf>> = std::sync::OnceLock::new();

/// Reads ARGMAP_E2E_DIALOG_DIR once. With it set, "open" picks `DIR/open.map` (or the
/// file `DIR/open-this` names, once), "save" writes `DIR/<suggested name>`, unsaved
/// changes are not saved (unless `DIR/unsaved-answer` says "save" or "cancel", once),
/// and every other question is answered yes.
pub fn init_test_seam() {
    #[cfg(debug_assertions)]
    TEST_DIR.get_or_init(|| std::env::var_os("ARGMAP_E2E_DIALOG_DIR").map(PathBuf::from));
}

fn test_dir() -> Option<PathBuf> {
    #[cfg(debug_assertions)]
    {
        TEST_DIR.get().cloned().flatten()
    }
    #[cfg(not(debug_assertions))]
    {
        None
    }
}

/// Where a file dialog starts: the folder of the open map's file, else the user's
/// documents folder, else the home folder (not the folder the app was started from).
pub fn start_folder(
    current: Option<&Path>,
    documents: Option<PathBuf>,
    home: Option<PathBuf>,
) -> Option<PathBuf> {
    current
        .filter(|d| d.is_dir())
        .map(Path::to_path_buf)
        .or(documents.filter(|d| d.is_dir()))
        .or(home.filter(|d| d.is_dir()))
}

fn folder(handle: &AppHandle, current: Option<&Path>) -> Option<PathBuf> {
    let paths = handle.path();
    start_folder(current, paths.document_dir().ok(), paths.home_dir().ok())
}

/// Asks the user to choose a map or a picture with a map inside, starting in `current`
/// (the open map's folder) when there is one.
pub fn pick_file(handle: &AppHandle, current: Option<&Path>) -> Option<PathBuf> {
    if let Some(dir) = test_dir() {
        // DIR/open-this names another file to open, once.
        let next = dir.join("open-this");
        if let Ok(name) = std::fs::read_to_string(&next) {
            let _ = std::fs::remove_file(&next);
            return Some(dir.join(name.trim()));
        }
        return Some(dir.join("open.map"));
    }
    let mut dialog = handle.dialog().file().set_title("Open a map");
    if let Some(dir) = folder(handle, current) {
        dialog = dialog.set_directory(dir);
    }
    dialog
        .add_filter(
            "Argument maps, exported pictures, Argdown, AIF, Kialo, outlines",
            &["map", "png", "svg", "argdown", "ad", "json", "txt", "md"],
        )
        .add_filter("Argmap map", &["map"])
        .add_filter("Argdown", &["argdown", "ad"])
        .add_filter("AIF JSON (AIFdb, OVA)", &["json"])
        .add_filter("Kialo export, or an outline", &["txt", "md"])
        .blocking_pick_file()
        .and_then(|p| p.into_path().ok())
}

/// Asks where to save, suggesting a name, starting in `current` (the open map's folder)
/// when there is one.
pub fn save_file(
    handle: &AppHandle,
    current: Option<&Path>,
    suggested: &str,
    kind: &str,
    extensions: &[&str],
) -> Option<PathBuf> {
    if let Some(dir) = test_dir() {
        return Some(dir.join(suggested));
    }
    let mut dialog = handle.dialog().file().set_file_name(suggested);
    if let Some(dir) = folder(handle, current) {
        dialog = dialog.set_directory(dir);
    }
    let path = dialog
        .add_filter(kind, extensions)
        .blocking_save_file()
        .and_then(|p| p.into_path().ok())?;
    // A name typed without the extension gets it, so the file opens again by type.
    match (path.extension(), extensions.first()) {
        (None, Some(ext)) => Some(path.with_extension(ext)),
        _ => Some(path),
    }
}

/// What to do with unsaved changes before they would be lost.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unsaved {
    Save,
    Discard,
    Cancel,
}

/// An answer to a question with two ways ahead and Cancel.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Three {
    First,
    Second,
    Cancel,
}

/// Asks `message` with the buttons `first`, `second` and Cancel. In the tests' seam the
/// answer is what the file DIR/`seam.0` says, once (a button's label in lower case,
/// spaces as dashes, "…" dropped: "save-as", "cancel"), else `seam.1`.
fn ask_three(
    handle: &AppHandle,
    seam: (&str, Three),
    title: &str,
    message: String,
    first: &str,
    second: &str,
) -> Three {
    if let Some(dir) = test_dir() {
        let file = dir.join(seam.0);
        let answer = std::fs::read_to_string(&file).unwrap_or_default();
        let _ = std::fs::remove_file(&file);
        let word = |label: &str| label.trim_end_matches('…').to_lowercase().replace(' ', "-");
        return match answer.trim() {
            "cancel" => Three::Cancel,
            a if a == word(first) => Three::First,
            a if a == word(second) => Three::Second,
            _ => seam.1,
        };
    }
    let answer = handle
        .dialog()
        .message(message)
        .title(title)
        .kind(MessageDialogKind::Warning)
        .buttons(MessageDialogButtons::YesNoCancelCustom(
            first.into(),
            second.into(),
            "Cancel".into(),
        ))
        .blocking_show_with_result();
    use tauri_plugin_dialog::MessageDialogResult as R;
    match answer {
        R::Yes => Three::First,
        R::No => Three::Second,
        R::Custom(s) if s == first => Three::First,
        R::Custom(s) if s == second => Three::Second,
        _ => Three::Cancel,
    }
}

/// Asks whether to save the changes to `name` before `doing` (closing, opening another
/// map...). In the tests' seam the answer is "don't save", or what the file
/// DIR/unsaved-answer says once ("save" or "cancel").
pub fn ask_unsaved(handle: &AppHandle, name: &str, doing: &str) -> Unsaved {
    let message =
        format!("Save the changes to “{name}” before {doing}? If you don't, they are lost.");
    let seam = ("unsaved-answer", Three::Second);
    match ask_three(
        handle,
        seam,
        "Unsaved changes",
        message,
        "Save",
        "Don't save",
    ) {
        Three::First => Unsaved::Save,
        Three::Second => Unsaved::Discard,
        Three::Cancel => Unsaved::Cancel,
    }
}

/// What to do when the file a save would replace was changed by another program.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Changed {
    Replace,
    SaveAs,
    Cancel,
}

/// Asks whether to save over `name`, which another program changed since Argmap read or
/// wrote it. In the tests' seam the answer is "replace", or what the file
/// DIR/changed-answer says once ("save-as" or "cancel").
pub fn ask_changed(handle: &AppHandle, name: &str) -> Changed {
    let message = format!(
        "“{name}” was changed by another program since Argmap opened or saved it. \
         Replacing it loses those changes; Save As keeps both."
    );
    let seam = ("changed-answer", Three::First);
    match ask_three(
        handle,
        seam,
        "The file changed",
        message,
        "Replace",
        "Save As…",
    ) {
        Three::First => Changed::Replace,
        Three::Second => Changed::SaveAs,
        Three::Cancel => Changed::Cancel,
    }
}

/// Asks a yes/no question; `action` names the button that goes ahead.
pub fn confirm(handle: &AppHandle, title: &str, message: &str, action: &str) -> bool {
    if test_dir().is_some() {
        return true;
    }
    handle
        .dialog()
        .message(message)
        .title(title)
        .kind(MessageDialogKind::Warning)
        .buttons(MessageDialogButtons::OkCancelCustom(
            action.to_string(),
            "Cancel".to_string(),
        ))
        .blocking_show()
}

pub fn error(handle: &AppHandle, title: &str, message: &str) {
    if test_dir().is_some() {
        eprintln!("{title}: {message}");
        return;
    }
    handle
        .dialog()
        .message(message)
        .title(title)
        .kind(MessageDialogKind::Error)
        .blocking_show();
}
