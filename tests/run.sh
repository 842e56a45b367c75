#!/usr/bin/env bash
# Runs every test of Keepsake, installing what it needs first. The app is built once (debug) and
# that one binary serves the Rust, UI and end-to-end layers; the packaging layer then builds the
# release .deb/.rpm with Tauri's CLI, installs it and drives the installed app.
#   bash tests/run.sh              every layer
#   bash tests/run.sh --no-package every layer but packaging (faster while developing)
# A layer that fails does not stop the others: the command always ends with one line,
# `total: N passed, M failed`, and exits non-zero when anything failed.
set -uo pipefail
# (Not want_package: setup.sh, sourced below, has a variable of that name and sets it.)
package_layer=true
[[ "${1:-}" == "--no-package" ]] && package_layer=false
source "$(dirname "${BASH_SOURCE[0]}")/../src-tauri/scripts/setup.sh" --e2e --package --workflows --licences
# setup.sh runs under `set -e`, which sourcing left on: a layer that fails (the end-to-end
# pipeline, the packaging layer) must not end this command before its total line.
set +e
cd "$KEEPSAKE_ROOT"
start=$SECONDS
step() { say "$1 (+$((SECONDS - start)) s)"; }
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT

# A check is one command that passes or fails as a whole (a build, a lint): "ok - …" or "not ok - …".
check() {
  local what="$1"; shift
  if "$@"; then echo "ok - $what" | tee -a "$logs/checks.log"; else echo "not ok - $what" | tee -a "$logs/checks.log"; fi
}

step "Formatting (cargo fmt --check)"
check "cargo fmt" cargo fmt --all --check

step "GitHub workflows: schema and zizmor, offline"
tests/workflows.sh 2>&1 | grep -v '^ INFO' | tee "$logs/workflows.log"

step "Front end: typecheck, lint, unit tests, build"
check "svelte-check" npm --prefix ui run typecheck --silent
check "eslint" npm --prefix ui run lint --silent
npm --prefix ui test --silent 2>&1 | tee "$logs/ui.log"
check "the About screen's third-party licences match Cargo.lock and the UI's lock file" \
  node ui/scripts/licences.mjs --check
check "front-end build" npm --prefix ui run build --silent

step "Building the app once (debug, embeds ui/dist), and the diary-seeding tool"
app="$CARGO_TARGET_DIR/debug/keepsake"
seed="$CARGO_TARGET_DIR/debug/examples/seed_vault"
check "debug build of the app and the seeding tool" \
  sh -c 'cargo build -p keepsake --locked && cargo build -p keepsake-core --features testing --example seed_vault --locked'

step "Clippy (warnings are errors)"
check "clippy" cargo clippy --workspace --all-targets --features keepsake-core/testing --locked -- -D warnings

step "Rust tests: core (vault, database, privacy, real Secret Service) and shell (IPC contract)"
tests/with-keyring.sh cargo test --workspace --locked 2>&1 | tee "$logs/rust.log"

step "Every benchmark at a tiny size (a bench that no longer runs fails here; figures: bench.sh)"
benches() {
  cargo test -p keepsake-core --features testing --bench vault --bench data --locked \
    >"$logs/bench.log" 2>&1 || { tail -n 40 "$logs/bench.log"; return 1; }
}
check "the core benchmarks run to the end at a tiny size" benches

step "End-to-end journeys through the real window"
rm -rf tests/artifacts
if [[ -x "$app" && -x "$seed" ]]; then
  # Bounded, so that a stuck window can never hold CI until its limit.
  KEEPSAKE_APP="$app" KEEPSAKE_SEED_VAULT="$seed" timeout --kill-after=30 1200 \
    xvfb-run -a -s "-screen 0 1280x800x24" tests/with-keyring.sh env NO_AT_BRIDGE=1 \
    node --test --test-concurrency=1 --test-reporter=spec tests/e2e/ 2>&1 | tee "$logs/e2e.log"
else
  echo "not ok - end-to-end journeys (no app binary was built)" | tee -a "$logs/checks.log"
fi

if $package_layer; then
  step "Packaging: release .deb and .rpm, checked, installed, driven, uninstalled"
  tests/package.sh "$logs" 2>&1 | tee "$logs/package.log"
fi

# One line for every layer: "ok"/"not ok" checks, cargo's "test result:" lines, Vitest's "Tests"
# line, node's "ℹ pass"/"ℹ fail" lines. count FILE PATTERN WORD: the numbers before WORD.
count() {
  [[ -f "$logs/$1" ]] || { echo 0; return; }
  sed 's/\x1b\[[0-9;]*m//g' "$logs/$1" | grep -E "$2" | grep -Eo "[0-9]+ $3" \
    | awk '{n += $1} END {print n + 0}'
}
node_count() {
  [[ -f "$logs/$1" ]] || { echo 0; return; }
  sed 's/\x1b\[[0-9;]*m//g' "$logs/$1" | grep -Eo "^ℹ $2 [0-9]+" | awk '{n += $3} END {print n + 0}'
}
lines() { cat "$logs"/checks.log "$logs"/workflows.log "$logs"/package.log 2>/dev/null | grep -c "$1" || true; }
passed=$(( $(count rust.log '^test result:' passed) + $(count ui.log '^ *Tests ' passed) \
  + $(node_count e2e.log pass) + $(node_count installed.log pass) + $(lines '^ok - ') ))
failed=$(( $(count rust.log '^test result:' failed) + $(count ui.log '^ *Tests ' failed) \
  + $(node_count e2e.log fail) + $(node_count installed.log fail) + $(lines '^not ok - ') ))
# A layer that died before reporting any number is a failure too. (grep -c reads to the end:
# `grep -q` would stop at the first match and, under pipefail, sed's SIGPIPE made a layer that
# had reported count as failed whenever its log went on after the match.)
reported() { [[ -f "$logs/$1" ]] && sed 's/\x1b\[[0-9;]*m//g' "$logs/$1" | grep -Ec "$2" >/dev/null; }
reported rust.log '^test result:' || failed=$((failed + 1))
reported ui.log '^ *Tests ' || failed=$((failed + 1))
reported e2e.log '^ℹ pass' || failed=$((failed + 1))
step "All layers done; screenshots are in tests/artifacts/"
echo "total: $passed passed, $failed failed"
[[ $failed -eq 0 ]]
