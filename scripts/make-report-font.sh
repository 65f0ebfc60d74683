#!/usr/bin/env bash
# Rebuilds the CJK font embedded in PDF reports: Noto Sans CJK SC (SIL Open
# Font License 1.1) cut down to Latin, punctuation, symbols and the 6,763
# characters of GB 2312, so reports render Chinese the same on every machine
# without shipping the whole 19 MB collection. Characters outside the subset
# fall back to a CJK font installed on the machine when one is found.
#
# Needs: fonts-noto-cjk (Debian) and Python 3; installs fonttools in a venv.
set -euo pipefail
cd "$(dirname "$0")/.."
SRC=${SRC:-/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc}
OUT=crates/tierdesk-report/fonts/NotoSansCJKsc-Subset.otf
VENV=${VENV:-$HOME/.cache/tierdesk-pyenv}
[ -x "$VENV/bin/pyftsubset" ] || { python3 -m venv "$VENV" && "$VENV/bin/pip" install -q fonttools; }
CHARS=$(mktemp)
python3 - "$CHARS" <<'PY'
import sys
ranges = [(0x20, 0x7E), (0xA0, 0xFF), (0x2000, 0x206F), (0x2100, 0x22FF), (0x2460, 0x24FF),
          (0x2500, 0x26FF), (0x3000, 0x303F), (0xFF00, 0xFFEF)]
cps = {cp for a, b in ranges for cp in range(a, b + 1)}
for cp in range(0x4E00, 0x9FA6):
    try:
        chr(cp).encode("gb2312")
        cps.add(cp)
    except UnicodeEncodeError:
        pass
open(sys.argv[1], "w").write(",".join(f"U+{cp:04X}" for cp in sorted(cps)))
PY
# Index 2 of the collection is the Simplified Chinese face.
"$VENV/bin/pyftsubset" "$SRC" --font-number=2 --unicodes-file="$CHARS" \
  --layout-features='*' --name-IDs='*' --name-languages='*' --notdef-outline \
  --output-file="$OUT"
rm -f "$CHARS"
ls -l "$OUT"
