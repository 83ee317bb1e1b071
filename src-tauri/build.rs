// Generates the app's command permissions (allow-<command>) from this list, so the
// capability file can grant the window exactly these commands and nothing else.
const COMMANDS: &[&str] = &[
    "current",
    "edit",
    "undo",
    "redo",
    "new_map",
    "open_map",
    "save_map",
    "save_map_as",
    "check_file",
    "export_image",
    "png_sizes",
    "close_window",
    "set_orientation",
    "export_text",
    "first_paint",
    "theme",
    "copy",
    "copy_picture",
    "paste",
    "open_link",
    "explain",
    "recoverable",
    "restore",
    "discard_draft",
    "recent",
    "refresh_thumbnail",
    "pin",
    "open_from_library",
    "search_library",
    "library_notice",
];

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("tauri build script");
}
