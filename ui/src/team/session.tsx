// Who is signed in: the shell holds the session (useSessionState) and gives
// it to every page (SessionContext); a page asks `useCan(perm)` to show or
// hide what the role may use. On a local file Rust's session is the person
// at the desk with every permission; on a team database it is null until
// someone signs in, and the shell then shows only the sign-in dialog.
import { createContext, useCallback, useContext, useEffect, useMemo, useState } from "react";
import { api, type Session } from "../ipc/api";
import { ALL_PERMS, can, type Perm } from "./perms";

export interface SessionState {
  /** null: a team database nobody has signed in to yet. */
  session: Session | null;
  /** The first answer came back (before it the session is LOCAL_SESSION: nothing is hidden or asked, so a local file's first screen is not held up). */
  loaded: boolean;
  /** Asks Rust again (after opening another database, signing in or out). */
  reload: () => Promise<Session | null>;
  /** Sets the session a sign-in returned. */
  signedIn: (s: Session) => void;
  signOut: () => Promise<void>;
}

/** Before the first answer and in tests: the desk person of a local file. */
export const LOCAL_SESSION: Session = { user_id: null, login: "", name: "", role: "admin", perms: [...ALL_PERMS], team: false };

const SessionContext = createContext<SessionState>({
  session: LOCAL_SESSION,
  loaded: true,
  reload: async () => LOCAL_SESSION,
  signedIn: () => undefined,
  signOut: async () => undefined,
});

export const SessionProvider = SessionContext.Provider;

/** The shell's session: read at start and whenever `generation` (another database) changes. */
export function useSessionState(generation: number): SessionState {
  const [session, setSession] = useState<Session | null>(null);
  const [loaded, setLoaded] = useState(false);
  const reload = useCallback(async () => {
    const s = await api.session().catch(() => LOCAL_SESSION);
    setSession(s);
    setLoaded(true);
    return s;
  }, []);
  useEffect(() => { void reload(); }, [reload, generation]);
  const signOut = useCallback(async () => {
    await api.signOut();
    setSession(null);
  }, []);
  return useMemo(() => ({ session: loaded ? session : LOCAL_SESSION, loaded, reload, signedIn: setSession, signOut }), [session, loaded, reload, signOut]);
}

export function useSession(): SessionState {
  return useContext(SessionContext);
}

/** Whether the signed-in person (on a local file: the desk person) holds `perm`. */
export function useCan(perm: Perm): boolean {
  return can(useContext(SessionContext).session, perm);
}

/** The open database is a team database (so owners, 我的客户 and users apply). */
export function useTeam(): boolean {
  return useContext(SessionContext).session?.team ?? false;
}
