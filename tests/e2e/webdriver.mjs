// A small W3C WebDriver client over fetch, enough to drive TierDesk's real
// window through WebKitWebDriver: sessions, elements, clicks, keys, scripts
// and screenshots.
import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

const ELEMENT = "element-6066-11e4-a52e-4f735466cecf";

export class Driver {
  constructor(port) {
    this.base = `http://127.0.0.1:${port}`;
    this.session = null;
  }

  async cmd(method, path, body) {
    const url = this.session && !path.startsWith("/session") ? `${this.base}/session/${this.session}${path}` : `${this.base}${path}`;
    const res = await fetch(url, {
      method,
      headers: { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
      // No single command may hang the run.
      signal: AbortSignal.timeout(30000),
    });
    const json = await res.json().catch(() => ({}));
    if (!res.ok) {
      const v = json.value ?? {};
      throw new Error(`${method} ${path}: ${v.error ?? res.status} ${v.message ?? ""}`);
    }
    return json.value;
  }

  async start(binary) {
    const v = await this.cmd("POST", "/session", {
      capabilities: { alwaysMatch: { "webkitgtk:browserOptions": { binary, args: [] } } },
    });
    this.session = v.sessionId;
  }

  async quit() {
    if (this.session) await this.cmd("DELETE", `/session/${this.session}`).catch(() => {});
    this.session = null;
  }

  /** Waits until `css` matches an element (displayed, when asked) and returns its id. */
  async find(css, { timeout = 15000, visible = true } = {}) {
    const end = Date.now() + timeout;
    let last = "";
    while (Date.now() < end) {
      try {
        const els = await this.cmd("POST", "/elements", { using: "css selector", value: css });
        for (const e of els) {
          const id = e[ELEMENT];
          if (!visible || (await this.cmd("GET", `/element/${id}/displayed`))) return id;
        }
      } catch (e) {
        last = String(e);
      }
      await sleep(100);
    }
    throw new Error(`no element ${css} within ${timeout} ms ${last}`);
  }

  /**
   * Waits until the element stops moving (a dialog zooming in): a click
   * aimed at where a button was a moment ago can land beside it, and then
   * nothing happens and the dialog stays open.
   */
  async settled(id, timeout = 2000) {
    const end = Date.now() + timeout;
    const rect = () => this.exec(
      "const r = arguments[0].getBoundingClientRect(); return [r.x, r.y, r.width, r.height].join(',');",
      [{ [ELEMENT]: id }],
    );
    let before = await rect().catch(() => "");
    while (Date.now() < end) {
      await sleep(60);
      const now = await rect().catch(() => "");
      if (now === before) return;
      before = now;
    }
  }

  /** Clicks like a person: waits while the target is still animating in or covered. */
  async click(css, timeout = 10000) {
    const end = Date.now() + timeout;
    for (;;) {
      const id = await this.find(css);
      try {
        await this.settled(id);
        await this.cmd("POST", `/element/${id}/click`, {});
        return id;
      } catch (e) {
        if (Date.now() > end || !/not interactable|intercepted|stale/.test(String(e))) throw e;
        await sleep(150);
      }
    }
  }

  async doubleClick(css) {
    const id = await this.find(css);
    const origin = { [ELEMENT]: id };
    await this.cmd("POST", "/actions", {
      actions: [{
        type: "pointer", id: "mouse", parameters: { pointerType: "mouse" },
        actions: [
          { type: "pointerMove", origin, x: 0, y: 0 },
          { type: "pointerDown", button: 0 }, { type: "pointerUp", button: 0 },
          { type: "pointerDown", button: 0 }, { type: "pointerUp", button: 0 },
        ],
      }],
    });
    await this.cmd("DELETE", "/actions").catch(() => {});
  }

  async type(css, text) {
    const id = await this.find(css);
    await this.cmd("POST", `/element/${id}/value`, { text });
  }

  /** Empties an input the way a person does: select all, then delete. */
  async clear(css) {
    const id = await this.find(css);
    await this.cmd("POST", `/element/${id}/value`, { text: "\uE009a\uE009\uE003" });
  }

  /** What a person reads in the element (innerText, so clipped table cells count too). */
  async text(css) {
    const id = await this.find(css);
    return this.exec("return arguments[0].innerText;", [{ [ELEMENT]: id }]);
  }

  async waitText(css, predicate, timeout = 15000) {
    const end = Date.now() + timeout;
    let last = "";
    while (Date.now() < end) {
      last = await this.text(css).catch(() => "");
      if (predicate(last)) return last;
      await sleep(150);
    }
    throw new Error(`text of ${css} never matched; last: ${JSON.stringify(last)}`);
  }

  async gone(css, timeout = 15000) {
    const end = Date.now() + timeout;
    while (Date.now() < end) {
      try {
        const els = await this.cmd("POST", "/elements", { using: "css selector", value: css });
        if (els.length === 0) return;
      } catch (e) {
        // The driver can answer "stale element" when the element is removed
        // while it looks: it is on its way out, so look again.
        if (!String(e).includes("stale element")) throw e;
      }
      await sleep(100);
    }
    throw new Error(`${css} still present after ${timeout} ms`);
  }

  async exec(script, args = []) {
    return this.cmd("POST", "/execute/sync", { script, args });
  }

  async screenshot(file) {
    const b64 = await this.cmd("GET", "/screenshot");
    writeFileSync(file, Buffer.from(b64, "base64"));
  }
}

/**
 * Starts WebKitWebDriver in its own process group with a fresh profile and
 * database, so each run begins like a first launch. Returns a stop function
 * that kills the whole group (driver and app), or the run can hang.
 */
/** A free TCP port on loopback, so a stale driver from an earlier run cannot interfere. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Starts WebKitWebDriver and the app in a fresh home; `db` is the database file to open (a new one in that home by default);
 * `size` ("1024x700") the window's inner size instead of tauri.conf.json's 1280×800.
 */
export async function startDriver({ port, app, db, size, home }) {
  port = port ?? (await freePort());
  // `home`: an earlier run's folders, for a test of what the app remembers across a restart.
  home = home ?? mkdtempSync(join(tmpdir(), "tierdesk-e2e-"));
  for (const d of ["data", "config", "cache"]) mkdirSync(join(home, d), { recursive: true });
  const env = {
    ...process.env,
    TAURI_WEBVIEW_AUTOMATION: "true",
    XDG_DATA_HOME: join(home, "data"),
    XDG_CONFIG_HOME: join(home, "config"),
    XDG_CACHE_HOME: join(home, "cache"),
    TIERDESK_DB: db ?? join(home, "tierdesk-e2e.db"),
    // Software rendering: there is no GPU under Xvfb.
    WEBKIT_DISABLE_COMPOSITING_MODE: "1",
    LIBGL_ALWAYS_SOFTWARE: "1",
    ...(size ? { TIERDESK_WINDOW_SIZE: size } : {}),
  };
  // `db: null`: no TIERDESK_DB, so the app opens the database it remembers.
  if (db === null) delete env.TIERDESK_DB;
  const child = spawn("WebKitWebDriver", [`--port=${port}`], { env, detached: true, stdio: ["ignore", "inherit", "inherit"] });
  const stop = () => {
    for (const target of [-child.pid, child.pid]) {
      try { process.kill(target, "SIGKILL"); } catch { /* already gone */ }
    }
  };
  // Also on an unexpected exit, so no driver or app outlives the run.
  process.once("exit", stop);
  const end = Date.now() + 15000;
  while (Date.now() < end) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/status`);
      if (res.ok) break;
    } catch { /* not up yet */ }
    await sleep(100);
  }
  const driver = new Driver(port);
  await driver.start(app);
  return { driver, stop, home, db: env.TIERDESK_DB };
}
