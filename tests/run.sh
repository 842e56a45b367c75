#!/usr/bin/env bash
# Runs every test of Keepsake, installing what it needs first. The app is built once and that
# one binary serves every layer: Rust unit and contract tests, UI unit tests, and end-to-end
# journeys through the real window (tauri-driver under Xvfb).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../src-tauri/scripts/setup.sh" --e2e
cd "$KEEPSAKE_ROOT"
start=$SECONDS
step() { say "$1 (+$((SECONDS - start)) s)"; }
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT

step "Formatting (cargo fmt --check)"
cargo fmt --all --check

step "Front end: typecheck, lint, unit tests, build"
npm --prefix ui run typecheck --silent
npm --prefix ui run lint --silent
npm --prefix ui test --silent 2>&1 | tee "$logs/ui.log"
npm --prefix ui run build --silent

step "Building the app once (debug, embeds ui/dist), and the diary-seeding tool"
cargo build -p keepsake --locked
cargo build -p keepsake-core --example seed_vault --locked
app="$CARGO_TARGET_DIR/debug/keepsake"
seed="$CARGO_TARGET_DIR/debug/examples/seed_vault"

step "Clippy (warnings are errors)"
cargo clippy --workspace --all-targets --locked -- -D warnings

step "Rust tests: core (vault, database, privacy, real Secret Service) and shell (IPC contract)"
tests/with-keyring.sh cargo test --workspace --locked 2>&1 | tee "$logs/rust.log"

step "End-to-end journeys through the real window"
rm -rf tests/artifacts
# Bounded, so that a stuck window can never hold CI until its limit.
KEEPSAKE_APP="$app" KEEPSAKE_SEED_VAULT="$seed" timeout --kill-after=30 1200 \
  xvfb-run -a -s "-screen 0 1280x800x24" tests/with-keyring.sh env NO_AT_BRIDGE=1 \
  node --test --test-concurrency=1 --test-reporter=spec tests/e2e/ 2>&1 | tee "$logs/e2e.log"

# One line for every layer: cargo's "test result:" lines, Vitest's "Tests" line, node's "ℹ pass".
# count FILE LINE-PATTERN WORD: the sum of the numbers before WORD on the matching lines.
count() {
  sed 's/\x1b\[[0-9;]*m//g' "$logs/$1" | grep -E "$2" | grep -Eo "[0-9]+ $3" \
    | awk '{n += $1} END {print n + 0}'
}
node_count() { sed 's/\x1b\[[0-9;]*m//g' "$logs/e2e.log" | grep -Eo "^ℹ $1 [0-9]+" | awk '{n += $3} END {print n + 0}'; }
passed=$(( $(count rust.log '^test result:' passed) + $(count ui.log '^ *Tests ' passed) + $(node_count pass) ))
failed=$(( $(count rust.log '^test result:' failed) + $(count ui.log '^ *Tests ' failed) + $(node_count fail) ))
step "All layers done; screenshots are in tests/artifacts/"
echo "total: $passed passed, $failed failed"
