/**
 * The sandbox of the report and statement previews (srcdoc iframes). The HTML is
 * the app's own report, with no script: scripts, forms, popups and navigation
 * stay off. `allow-same-origin` lets the page call the frame's `print()` (a
 * sandboxed frame without it is a foreign origin), and `allow-modals` lets that
 * print dialog open. Without `allow-scripts` the pair cannot lift the sandbox.
 */
export const PREVIEW_SANDBOX = "allow-same-origin allow-modals";
