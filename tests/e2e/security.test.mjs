// End to end: the webview's content security policy holds in the real app —
// an injected inline script does not run, a request to another origin is
// refused by the policy, antd's own styles still apply — and the report
// preview is a sandboxed frame that cannot run script.
import assert from "node:assert/strict";
import { appSession, rateDemoCustomers } from "./harness.mjs";

const step = appSession();

/** Waits until `expr` (a JavaScript expression in the page) is truthy and returns its value. */
async function until(d, expr, timeout = 10000) {
  const end = Date.now() + timeout;
  for (;;) {
    const value = await d.exec(`return ${expr};`);
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${expr}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

step("the page records what the policy refuses", async (d) => {
  await d.find('[data-testid="nav-report"]');
  await d.exec(
    "window.__refused = [];" +
      "document.addEventListener('securitypolicyviolation', (e) => window.__refused.push(e.violatedDirective + ' ' + e.blockedURI));" +
      "return true;",
  );
});

step("an inline script put into the page does not run", async (d) => {
  const ran = await d.exec(
    "delete window.__x;" +
      "const s = document.createElement('script'); s.textContent = 'window.__x = 1;';" +
      "document.body.appendChild(s); s.remove();" +
      "return window.__x;",
  );
  assert.equal(ran ?? undefined, undefined, "the injected script ran");
  const refused = await until(d, "window.__refused.find((r) => r.startsWith('script-src'))");
  assert.match(refused, /^script-src/);
});

step("a request to a remote origin is refused by the policy", async (d) => {
  await d.exec(
    "window.__fetch = 'pending';" +
      "fetch('https://example.com/tierdesk-csp-check').then(() => { window.__fetch = 'loaded'; }, (e) => { window.__fetch = 'refused: ' + e; });" +
      "return true;",
  );
  const outcome = await until(d, "window.__fetch !== 'pending' && window.__fetch");
  assert.match(outcome, /^refused/);
  const refused = await until(d, "window.__refused.find((r) => r.startsWith('connect-src'))");
  assert.match(refused, /example\.com/);
});

step("antd's runtime styles still apply under the policy", async (d) => {
  const styled = await d.exec(
    "const b = document.querySelector('.ant-btn-primary, .ant-menu');" +
      "return { tags: document.querySelectorAll('style').length, bg: b && getComputedStyle(b).backgroundColor };",
  );
  assert.ok(styled.tags > 0, "antd injected no <style> tags");
  assert.ok(styled.bg && styled.bg !== "rgba(0, 0, 0, 0)", `antd's style is missing: ${styled.bg}`);
  const styleRefused = await d.exec("return window.__refused.filter((r) => r.startsWith('style-src'));");
  assert.deepEqual(styleRefused, []);
});

step("the report preview is a sandboxed frame without script", async (d) => {
  await rateDemoCustomers(d);
  await d.click('[data-testid="nav-report"]');
  await d.find('[data-testid="report-preview"]');
  const sandbox = await d.exec('return document.querySelector("[data-testid=report-preview]").getAttribute("sandbox");');
  assert.equal(typeof sandbox, "string", "the report frame has no sandbox attribute");
  const tokens = sandbox.split(/\s+/).filter(Boolean).sort();
  assert.deepEqual(tokens, ["allow-modals", "allow-same-origin"]);
  // The frame's document is the report with no script of its own.
  const scripts = await until(
    d,
    "(() => { const f = document.querySelector('[data-testid=report-preview]'); const doc = f.contentDocument; " +
      "return doc && doc.body && doc.body.innerHTML.includes('客户等级报告') && { count: doc.scripts.length }; })()",
    15000,
  );
  assert.equal(scripts.count, 0);
});
