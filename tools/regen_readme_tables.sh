#!/bin/sh
# Regenerates the parameter/output tables in each simulator README from the plug-in's own declaration
# (the block between "<!-- BEGIN GENERATED: citytwin-cli describe <sim> --markdown -->" and
# "<!-- END GENERATED -->"). The tests *ReadmeParameterTableIsInSync fail when a README is stale.
# Usage: tools/regen_readme_tables.sh [build-dir]   (default: build)
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
cli=$build/bin/citytwin-cli
[ -x "$cli" ] || { echo "regen_readme_tables: $cli not built" >&2; exit 2; }
for readme in "$root"/sim/*/README.md; do
    sim=$(sed -n 's/.*BEGIN GENERATED: citytwin-cli describe \([a-z_]*\) --markdown.*/\1/p' "$readme" | head -n1)
    [ -n "$sim" ] || continue
    table=$(mktemp)
    "$cli" describe "$sim" --markdown > "$table"
    python3 - "$readme" "$table" "$sim" <<'PY'
import sys
readme, table, sim = sys.argv[1:]
text = open(readme, encoding="utf-8").read()
begin = f"<!-- BEGIN GENERATED: citytwin-cli describe {sim} --markdown -->"
end = "<!-- END GENERATED -->"
a = text.index(begin) + len(begin)
b = text.index(end, a)
new = text[:a] + "\n" + open(table, encoding="utf-8").read() + text[b:]
if new != text:
    open(readme, "w", encoding="utf-8").write(new)
    print(f"updated {readme}")
PY
    rm -f "$table"
done
