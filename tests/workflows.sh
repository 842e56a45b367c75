#!/usr/bin/env bash
# The GitHub workflows, checked offline: valid against the workflow schema (check-jsonschema's
# bundled copy) and free of zizmor findings of medium severity or higher (pinned actions, no
# template injection, least permissions). Prints "ok - …" / "not ok - …" per check.
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../src-tauri/scripts/setup.sh" --workflows
cd "$KEEPSAKE_ROOT"
status=0
for wf in .github/workflows/*.yml; do
  if out=$(check-jsonschema --builtin-schema vendor.github-workflows "$wf" 2>&1); then
    echo "ok - $wf matches the GitHub workflow schema"
  else
    echo "not ok - $wf matches the GitHub workflow schema"; echo "$out" | sed 's/^/    /'; status=1
  fi
  if out=$(zizmor --offline --min-severity medium --no-progress "$wf" 2>&1); then
    echo "ok - $wf has no zizmor finding of medium severity or higher"
  else
    echo "not ok - $wf has no zizmor finding of medium severity or higher"; echo "$out" | sed 's/^/    /'; status=1
  fi
done
exit "$status"
