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
//! - glibc's malloc raises its mmap threshold each time it frees a large block, so later large
//!   blocks (a page's paint buffers) come from the heap, which keeps them once freed: with
//!   10 000 connections listed, the web process held 8 MB more heap in about half the starts.
//!   A fixed threshold (glibc's default, 128 KiB, via `GLIBC_TUNABLES`) keeps large blocks in
//!   their own mappings, given back when freed: 16 of 16 starts in the low state (measured). Every
//!   process the app starts inherits it (a browser started to open a link, too); it changes
//!   where memory comes from, not what a program does.
//! - With compositing off, nothing is composited, so WebKit's DMA-BUF renderer carries nothing;
//!   set up regardless, it held 3 MB of the app's own process: it is left off then.

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
        set("GLIBC_TUNABLES", "glibc.malloc.mmap_threshold=131072");
        if compositing_off() {
            set("WEBKIT_DISABLE_DMABUF_RENDERER", "1");
        }
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

/// Whether the window should stay hidden until its page has loaded. With compositing off
/// (`WEBKIT_DISABLE_COMPOSITING_MODE` set to anything but "0", as WebKitGTK reads it), the
/// window's first draw, when the page has not yet painted anything, asks the web process to paint
/// and waits up to 500 ms for it (`DrawingAreaProxyCoordinatedGraphics::forceUpdateIfNeeded`). If
/// the web process is just then waiting on a synchronous message to the app, both wait until the
/// 500 ms run out: the start freezes for half a second. Seen under Xvfb with a session bus in 3 to
/// 6 of 12 starts, of this app and of an empty Tauri window alike (stacks taken in the stall:
/// the app's main thread in the web view's draw, the web process in a synchronous send); never
/// in 12 when the window was shown once its page had loaded. With compositing on, the draw does
/// not wait, and the window shows at once.
pub fn show_after_load() -> bool {
    compositing_off()
}

/// Whether WebKitGTK draws without compositing.
fn compositing_off() -> bool {
    cfg!(target_os = "linux")
        && reads_as_off(std::env::var_os("WEBKIT_DISABLE_COMPOSITING_MODE").as_deref())
}

/// WebKitGTK's reading of `WEBKIT_DISABLE_COMPOSITING_MODE`: set, and not "0" (2.50 under Xvfb:
/// with "0" the web process maps OpenGL and takes the memory of compositing on; with "" or "1",
/// of compositing off).
fn reads_as_off(value: Option<&std::ffi::OsStr>) -> bool {
    value.is_some_and(|v| v != "0")
}

#[cfg(test)]
mod tests {
    use super::reads_as_off;
    use std::ffi::OsStr;

    #[test]
    fn compositing_is_off_as_webkit_reads_the_variable() {
        assert!(!reads_as_off(None));
        assert!(!reads_as_off(Some(OsStr::new("0"))));
        for on in ["1", "", "true", "yes"] {
            assert!(reads_as_off(Some(OsStr::new(on))), "{on:?}");
        }
    }
}
