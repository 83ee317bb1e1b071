// No console window behind the app on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    #[cfg(target_os = "linux")]
    composite_only_with_a_gpu();
    argmap_app::run();
}

/// WebKitGTK composites the page with OpenGL. Without a GPU (no render node: a virtual
/// machine, a remote X display, Xvfb) that OpenGL is Mesa's software rasteriser, which
/// then takes a core of its own and slows every frame: measured with a 10,000-node map
/// under Xvfb, an edit's keystroke-to-repaint time went from 194 ms (p50) to 91 ms, and
/// idle frames from every 24 ms to every 16 ms, with compositing off. A user's own choice
/// of the variable is kept.
#[cfg(target_os = "linux")]
fn composite_only_with_a_gpu() {
    const VAR: &str = "WEBKIT_DISABLE_COMPOSITING_MODE";
    let gpu = std::fs::read_dir("/dev/dri").is_ok_and(|mut d| {
        d.any(|e| e.is_ok_and(|e| e.file_name().to_string_lossy().starts_with("renderD")))
    });
    if !gpu && std::env::var_os(VAR).is_none() {
        // SAFETY: the first thing main does, before any thread exists that could read
        // the environment at the same time.
        unsafe { std::env::set_var(VAR, "1") };
    }
}
