//! How WebKitGTK paints and runs the window's script, chosen before the window exists (the web
//! process WebKit starts reads its environment). A value the user set is never overridden.
//!
//! - On a machine with no GPU (no render node under /dev/dri: a virtual machine, a remote
//!   desktop, a test display), WebKitGTK would still paint through OpenGL — emulated on the CPU by
//!   Mesa's llvmpipe — and keep its GPU caches in ordinary memory. Painting on the CPU directly
//!   (Skia's raster path, `WEBKIT_SKIA_ENABLE_CPU_RENDERING`) takes less memory for the same
//!   screens (measured with `scripts/bench` under Xvfb). With a GPU, WebKit's defaults stand.
//! - The window's script is small (the rows, the filtering and every decision are in Rust), so
//!   JavaScriptCore's optimizing compilers (DFG, FTL) buy nothing noticeable here and hold their
//!   code and profiles in memory: they are left off. Its baseline compiler stays: without it the
//!   first screen came later (measured).

/// Set before any thread starts (the environment is read by the web process WebKit starts).
pub fn choose() {
    #[cfg(target_os = "linux")]
    {
        const CPU: &str = "WEBKIT_SKIA_ENABLE_CPU_RENDERING";
        const DFG: &str = "JSC_useDFGJIT";
        const FTL: &str = "JSC_useFTLJIT";
        let set = |name: &str, value: &str| {
            if std::env::var_os(name).is_none() {
                // SAFETY: called first thing in `main`, before any other thread exists, so
                // nothing reads the environment while it changes.
                unsafe { std::env::set_var(name, value) };
            }
        };
        if !has_render_node() {
            set(CPU, "1");
        }
        set(DFG, "0");
        set(FTL, "0");
    }
}

#[cfg(target_os = "linux")]
fn has_render_node() -> bool {
    std::fs::read_dir("/dev/dri")
        .map(|dir| {
            dir.flatten()
                .any(|e| e.file_name().to_string_lossy().starts_with("renderD"))
        })
        .unwrap_or(false)
}
