# Sourced by the other scripts: times each phase and prints the table at the end.
#
#   phase "Rust lints" cargo clippy ...   runs the command and records how long it took
#   phases_report                         prints the table (test.sh and run.sh call it on exit)
#
# setup.sh runs as a child of test.sh and run.sh; it appends its phases to the
# same file, named by TIERDESK_PHASES, so the parent's table shows them too.
if [ -z "${TIERDESK_PHASES:-}" ]; then
  TIERDESK_PHASES=$(mktemp "${TMPDIR:-/tmp}/tierdesk-phases.XXXXXX")
  export TIERDESK_PHASES
  TIERDESK_PHASES_OWNER=$$
  TIERDESK_PHASES_START=$EPOCHREALTIME
fi

# phase NAME COMMAND...: runs COMMAND (a program or a function, in a subshell
# that stops at the first failing command), records NAME and its seconds, also
# when it fails, and returns its status.
phase() {
  local name=$1 start=$EPOCHREALTIME rc
  shift
  set +e
  (set -e; "$@")
  rc=$?
  set -e
  awk -v n="$name" -v a="$start" -v b="$EPOCHREALTIME" -v rc="$rc" \
    'BEGIN { printf "%s\t%.1f\t%s\n", n, b - a, (rc == 0 ? "" : "failed") }' >>"$TIERDESK_PHASES"
  return "$rc"
}

# Prints the table once, from the script that started the timing.
phases_report() {
  [ "${TIERDESK_PHASES_OWNER:-}" = "$$" ] && [ -f "$TIERDESK_PHASES" ] || return 0
  echo
  echo "==> phase times"
  awk -F'\t' -v a="$TIERDESK_PHASES_START" -v b="$EPOCHREALTIME" '
    function row(n, t, note) { printf "  %-32s %7.1f s  %3d:%02d  %s\n", n, t, int(t / 60), int(t % 60), note }
    { row($1, $2, $3) }
    END { row("total", b - a, "") }' "$TIERDESK_PHASES"
  rm -f "$TIERDESK_PHASES"
}
