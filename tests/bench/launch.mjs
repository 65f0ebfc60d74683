// Launch and idle-memory benchmark of the real app (run under Xvfb by
// scripts/bench-launch.sh). Each run starts the built app on a fresh copy of
// a database with fresh XDG folders and TIERDESK_TIMING=1, and reads the
// moments it prints (`tierdesk-timing <moment> <ms since exec>`):
//   shell_painted      the window's frame and navigation painted (usable)
//   list_answered      Rust answered the first list_customers
//   list_painted       the UI painted that answer (the customer list)
//   dashboard_painted  the overview painted (a database with customers opens there)
// Wall time is also taken here, from spawn to the line. After the last run's
// list the app is left idle and the RSS (and PSS) of the app and its WebKit
// processes is summed; with `--floor` the same is done for a bare Tauri
// window (the same binary with TIERDESK_BARE_WINDOW=1: no UI, no database).
//
//   node tests/bench/launch.mjs [--runs 7] [--customers 5000] [--idle 10] [--memory]
//
// Needs TIERDESK_APP (the built app) and, with --customers, TIERDESK_CLI (the
// `tierdesk` binary that fills the database).
import { spawn, execFileSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const GOAL_MS = 1000;
const FLOOR_RATIO_GOAL = 1.3;

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const runs = Number(opt("runs", 7));
const customers = Number(opt("customers", 0));
const idleSeconds = Number(opt("idle", 10));
const memory = args.includes("--memory");
const app = process.env.TIERDESK_APP;
if (!app || !existsSync(app)) throw new Error("TIERDESK_APP must point at the built app binary");

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A database with `n` demo customers rated once, made once and copied for every run. */
function prepareDatabase(dir, n) {
  const db = join(dir, "bench.db");
  if (n > 0) {
    const cli = process.env.TIERDESK_CLI;
    if (!cli || !existsSync(cli)) throw new Error("TIERDESK_CLI must point at the tierdesk binary to fill the database");
    const env = { ...process.env, TIERDESK_DB: db };
    execFileSync(cli, ["demo", "--customers", String(n)], { env, stdio: "ignore" });
    execFileSync(cli, ["evaluate", "--apply"], { env, stdio: "ignore" });
  }
  return db;
}

/** Every process descending from `root` (the app's WebKit processes are its children). */
function descendants(root) {
  const parent = new Map();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      parent.set(Number(name), Number(fields[1]));
    } catch { /* gone meanwhile */ }
  }
  const out = [root];
  for (let i = 0; i < out.length; i++) for (const [pid, ppid] of parent) if (ppid === out[i]) out.push(pid);
  return out;
}

/** RSS and PSS in MB of `pids`, with each process's name and RSS. */
function memoryOf(pids) {
  let rss = 0, pss = 0;
  const parts = [];
  for (const pid of pids) {
    try {
      const status = readFileSync(`/proc/${pid}/status`, "utf8");
      const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
      const name = /Name:\s+(\S+)/.exec(status)?.[1] ?? "?";
      const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, "utf8");
      const pkb = Number(/Pss:\s+(\d+)/.exec(rollup)?.[1] ?? 0);
      if (kb === 0) continue;
      rss += kb / 1024; pss += pkb / 1024;
      parts.push(`${name} ${(kb / 1024).toFixed(0)}`);
    } catch { /* gone meanwhile */ }
  }
  return { rss, pss, parts };
}

/** CPU time (user + system, ms) the processes `pids` have used so far: less
 * bent by other work on the machine than the wall time. */
function cpuOf(pids) {
  let ticks = 0;
  const parts = [];
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const t = Number(f[11]) + Number(f[12]);
      ticks += t;
      parts.push(`${stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"))} ${t * 10}`);
    } catch { /* gone meanwhile */ }
  }
  return { ms: ticks * 10, parts };
}

/** Starts the app once; resolves with the moments printed and the wall time of `until`. */
async function launch(db, { until, env = {}, idle = 0 }) {
  const home = mkdtempSync(join(tmpdir(), "tierdesk-bench-"));
  const copy = join(home, "bench.db");
  if (existsSync(db)) copyFileSync(db, copy);
  const start = performance.now();
  const child = spawn(app, [], {
    detached: true,
    stdio: ["ignore", "ignore", "pipe"],
    env: {
      ...process.env, TIERDESK_TIMING: "1", TIERDESK_DB: copy,
      XDG_DATA_HOME: join(home, "data"), XDG_CONFIG_HOME: join(home, "config"), XDG_CACHE_HOME: join(home, "cache"),
      ...env,
    },
  });
  const moments = {};
  let wall = null;
  let cpu = null;
  const done = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${until} within 60 s`)), 60_000);
    let buf = "";
    child.stderr.on("data", (chunk) => {
      buf += chunk;
      let nl;
      while ((nl = buf.indexOf("\n")) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        const m = /^tierdesk-timing (\S+) (\d+)/.exec(line);
        if (!m) continue;
        moments[m[1]] = Number(m[2]);
        if (m[1] === until) {
          wall = performance.now() - start;
          cpu = cpuOf(descendants(child.pid));
          clearTimeout(timer);
          resolve();
        }
      }
    });
    child.on("exit", (code) => { clearTimeout(timer); reject(new Error(`the app exited (${code}) before ${until}`)); });
  });
  try {
    await done;
    let mem = null;
    if (idle > 0) {
      await sleep(idle * 1000);
      mem = memoryOf(descendants(child.pid));
    }
    return { moments, wall, cpu, mem };
  } finally {
    child.removeAllListeners("exit");
    try { process.kill(-child.pid, "SIGKILL"); } catch { /* already gone */ }
    await sleep(300);
    rmSync(home, { recursive: true, force: true });
  }
}

const work = mkdtempSync(join(tmpdir(), "tierdesk-bench-db-"));
try {
  const db = prepareDatabase(work, customers);
  const until = customers > 0 ? "dashboard_painted" : "list_painted";
  // One launch first so the binary and WebKit are in the page cache, as on any second start.
  await launch(db, { until });
  const results = [];
  for (let i = 0; i < runs; i++) {
    const r = await launch(db, { until, idle: memory && i === runs - 1 ? idleSeconds : 0 });
    results.push(r);
    const m = r.moments;
    const order = Object.entries(m).sort((a, b) => a[1] - b[1]).map(([k, v]) => `${k} ${v}`).join(", ");
    console.log(`run ${i + 1}: wall ${r.wall.toFixed(0)} ms, CPU ${r.cpu.ms} ms (${r.cpu.parts.join(", ")}); app (ms since exec): ${order}`);
  }
  console.log(`\ncustomers in the database: ${customers.toLocaleString("en-US")}`);
  if (results.every((r) => r.moments.shell_painted != null)) {
    const shell = median(results.map((r) => r.moments.shell_painted));
    console.log(`launch → window usable (its frame and navigation painted), median of ${runs}: ${shell} ms`);
  }
  if (results.every((r) => r.moments.list_painted != null)) {
    const list = median(results.map((r) => r.moments.list_painted));
    console.log(`launch → customer list painted, median of ${runs}: ${list} ms (goal ≤ ${GOAL_MS} ms) ${list <= GOAL_MS ? "MET" : "NOT MET"}`);
  }
  if (customers > 0) {
    const dash = median(results.map((r) => r.moments.dashboard_painted));
    console.log(`launch → overview painted, median of ${runs}: ${dash} ms`);
  }
  console.log(`wall time spawn → ${until}, median: ${median(results.map((r) => r.wall)).toFixed(0)} ms; ` +
    `CPU time used by then (app + WebKit), median: ${median(results.map((r) => r.cpu.ms))} ms`);
  if (memory) {
    const mem = results[runs - 1].mem;
    console.log(`\nidle memory after ${idleSeconds} s (sum over the app and its WebKit processes):`);
    console.log(`  app:   RSS ${mem.rss.toFixed(0)} MB, PSS ${mem.pss.toFixed(0)} MB  (${mem.parts.join(", ")})`);
    const floor = (await launch(db, { until: "bare_window_shown", env: { TIERDESK_BARE_WINDOW: "1" }, idle: idleSeconds })).mem;
    console.log(`  floor: RSS ${floor.rss.toFixed(0)} MB, PSS ${floor.pss.toFixed(0)} MB  (bare Tauri window: ${floor.parts.join(", ")})`);
    const ratio = mem.rss / floor.rss;
    console.log(`  ratio app / floor (RSS): ${ratio.toFixed(2)} (goal ≤ ${FLOOR_RATIO_GOAL}) ${ratio <= FLOOR_RATIO_GOAL ? "MET" : "NOT MET"}`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
