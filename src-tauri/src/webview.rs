//! Settings of the window's webview that Tauri does not expose.

/// Tells WebKit the window shows one local document of tables and forms:
/// - its memory and disk caches are sized for that
///   (`CacheModel::DocumentViewer`); the UI's files come from the binary, so
///   a larger cache would save nothing;
/// - it is painted without hardware acceleration. Accelerated compositing
///   starts GL in the web process; without a GPU (or under Xvfb) that is
///   Mesa's software GL, which cost about 0.8 s of CPU before the list first
///   showed and about 95 MB in the web process, and the pages have nothing
///   that needs it (measured with tests/bench/launch.mjs).
pub fn settle(window: &tauri::WebviewWindow) {
    #[cfg(target_os = "linux")]
    let _ = window.with_webview(|webview| {
        use webkit2gtk::{
            CacheModel, HardwareAccelerationPolicy, SettingsExt, WebContextExt, WebViewExt,
        };
        let webview = webview.inner();
        if let Some(context) = webview.context() {
            context.set_cache_model(CacheModel::DocumentViewer);
        }
        if let Some(settings) = webview.settings() {
            settings.set_hardware_acceleration_policy(HardwareAccelerationPolicy::Never);
        }
    });
    #[cfg(not(target_os = "linux"))]
    let _ = window;
}

/// The window's inner size from `TIERDESK_WINDOW_SIZE` (`1024x700`), for the
/// screenshot test that shows every page at the sizes people use; without
/// it the size is tauri.conf.json's 1280×800 (or the size remembered).
pub fn size_from_env(window: &tauri::WebviewWindow) {
    let Some(size) = std::env::var("TIERDESK_WINDOW_SIZE").ok() else {
        return;
    };
    if let Some((w, h)) = size.split_once('x') {
        if let (Ok(w), Ok(h)) = (w.trim().parse::<f64>(), h.trim().parse::<f64>()) {
            let _ = window.set_size(tauri::LogicalSize::new(w, h));
        }
    }
}
