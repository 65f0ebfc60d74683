// Where the open database is, for the status bar: a file's path as it is, a
// team database as "database @ host:port" from its URL (which never holds
// the password), shown after the words 团队数据库 / Team database.
import type { DbInfo } from "../ipc/api";

/** `tierdesk @ 10.0.0.5:5432` for a team database's URL; null when `path` is not one. */
export function teamPlace(path: string): string | null {
  if (!/^postgres(ql)?:\/\//i.test(path)) return null;
  try {
    // URL only knows the port of schemes it knows: read it as http.
    const u = new URL(path.replace(/^postgres(ql)?:/i, "http:"));
    const database = decodeURIComponent(u.pathname.replace(/^\//, ""));
    return `${database} @ ${u.hostname}:${u.port || "5432"}`;
  } catch {
    return null;
  }
}

/** The status bar's words for the open database: the team database's place, else the file's path. */
export function dbPlace(db: Pick<DbInfo, "path" | "team"> | null): { team: boolean; place: string } {
  if (!db) return { team: false, place: "" };
  const place = db.team ? teamPlace(db.path) : null;
  return place ? { team: true, place } : { team: false, place: db.path };
}
