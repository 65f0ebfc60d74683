// Team databases for end-to-end tests: a new, empty PostgreSQL database on the
// throwaway cluster scripts/pg-test.sh starts (TIERDESK_TEST_PG, the URL of its
// maintenance database), and the app started on it.
//
//   const { step, team } = teamAppSession();        // the app opens a fresh team database
//   step("...", async (d) => { ... team.url ... });  // team.url: the database's URL, with its password
//
// Run such a file inside pg-test.sh:
//   TIERDESK_APP=… scripts/pg-test.sh xvfb-run --auto-servernum --server-args="-screen 0 1440x900x24" \
//     node --test --test-concurrency=1 tests/e2e/team_connect.test.mjs
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { appSession } from "./harness.mjs";

/** The psql program: on PATH, else the newest under /usr/lib/postgresql. */
function psqlPath() {
  try {
    execFileSync("psql", ["--version"], { stdio: "ignore" });
    return "psql";
  } catch {
    const root = "/usr/lib/postgresql";
    const versions = existsSync(root) ? readdirSync(root).sort((a, b) => Number(a) - Number(b)) : [];
    const found = versions.map((v) => `${root}/${v}/bin/psql`).filter((p) => existsSync(p)).pop();
    assert.ok(found, "psql is not installed (scripts/setup.sh installs postgresql)");
    return found;
  }
}

/** The test cluster's maintenance URL, checked. */
export function testCluster() {
  const url = process.env.TIERDESK_TEST_PG;
  assert.ok(url, "TIERDESK_TEST_PG is not set: run this test inside scripts/pg-test.sh");
  return new URL(url);
}

/** Runs one SQL statement on database `db` of the test cluster (the maintenance database by default); returns psql's unaligned output. */
export function psql(sql, db = "postgres") {
  const url = testCluster();
  url.pathname = `/${db}`;
  url.search = "?sslmode=disable";
  return execFileSync(psqlPath(), [url.toString(), "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-c", sql], {
    encoding: "utf8",
  }).trim();
}

/**
 * Creates a new, empty database on the test cluster and returns `{ url, name, host, port, user, password, ca }`.
 * `url` connects without encryption on loopback (`sslmode=disable`), the app's own tests of TLS
 * pass `{ tls: true }`: then `url` checks the server's certificate against the test CA
 * (`sslmode=verify-full&sslrootcert=…`, host `localhost`, which the certificate names), and the cluster
 * must have been started with TLS (TIERDESK_TEST_PG_CA set). The database is created empty: the app
 * migrates it when it opens it. pg-test.sh removes the whole cluster afterwards.
 */
export function freshTeamDatabase({ tls = false } = {}) {
  const cluster = testCluster();
  const name = `tierdesk_e2e_${randomBytes(6).toString("hex")}`;
  psql(`CREATE DATABASE ${name}`);
  const url = new URL(cluster.toString());
  url.pathname = `/${name}`;
  const ca = process.env.TIERDESK_TEST_PG_CA || null;
  if (tls) {
    assert.ok(ca, "TIERDESK_TEST_PG_CA is not set: the test cluster was started without TLS");
    url.hostname = "localhost";
    url.search = `?sslmode=verify-full&sslrootcert=${encodeURIComponent(ca)}`;
  } else {
    url.search = "?sslmode=disable";
  }
  return {
    url: url.toString(),
    name,
    host: url.hostname,
    port: Number(url.port),
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    ca,
  };
}

/**
 * The harness's appSession with the app started on a fresh team database (through TIERDESK_DB).
 * `team` is filled before the first step runs: `team.url`, `team.name`, … as freshTeamDatabase gives them.
 */
export function teamAppSession({ size, tls } = {}) {
  const team = {};
  const step = appSession({ size, db: () => Object.assign(team, freshTeamDatabase({ tls })).url });
  return { step, team };
}

/**
 * A system keyring for the app to keep team passwords in, as a desktop has one: a private D-Bus session
 * bus with gnome-keyring-daemon's Secret Service on it, its login keyring unlocked. The app started after
 * this finds it through DBUS_SESSION_BUS_ADDRESS (set here in process.env, which startDriver passes on).
 * Returns `stop`, which ends both daemons (only these two, by their process ids).
 */
export function startKeyring() {
  const dir = mkdtempSync(join(tmpdir(), "tierdesk-keyring-"));
  const [address, busPid] = execFileSync("dbus-daemon", ["--session", "--fork", "--print-address=1", "--print-pid=1"], { encoding: "utf8" })
    .trim().split("\n");
  const env = { ...process.env, DBUS_SESSION_BUS_ADDRESS: address, XDG_DATA_HOME: join(dir, "data"), XDG_RUNTIME_DIR: dir };
  // --unlock reads the login keyring's password on stdin (and creates the keyring with it the first time).
  const out = execFileSync("gnome-keyring-daemon", ["--unlock", "--components=secrets"], { input: "tierdesk-e2e", env, encoding: "utf8" });
  const control = /GNOME_KEYRING_CONTROL=(.*)/.exec(out)?.[1];
  process.env.DBUS_SESSION_BUS_ADDRESS = address;
  // The daemon forked away: it is the gnome-keyring-daemon whose environment names this bus.
  const daemon = readdirSync("/proc").filter((p) => /^\d+$/.test(p)).find((p) => {
    try {
      return readFileSync(`/proc/${p}/comm`, "utf8").startsWith("gnome-keyring")
        && readFileSync(`/proc/${p}/environ`, "utf8").split("\0").includes(`DBUS_SESSION_BUS_ADDRESS=${address}`);
    } catch { return false; }
  });
  return {
    address,
    control,
    stop() {
      for (const pid of [daemon, busPid]) {
        if (pid) try { process.kill(Number(pid), "SIGTERM"); } catch { /* already gone */ }
      }
    },
  };
}
