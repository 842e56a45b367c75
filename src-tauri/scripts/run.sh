#!/usr/bin/env bash
# Builds Keepsake and starts it. Arguments after `--` go to the app.
#   bash src-tauri/scripts/run.sh            debug build (fast to build; KDF and SQLCipher optimised)
#   bash src-tauri/scripts/run.sh --release  optimised build
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
cd "$KEEPSAKE_ROOT"

profile=debug
cargo_flags=()
if [[ "${1:-}" == "--release" ]]; then
  profile=release
  cargo_flags=(--release)
  shift
fi
[[ "${1:-}" == "--" ]] && shift

say "Building the front end"
npm --prefix ui run build --silent
say "Building the app ($profile)"
cargo build -p keepsake "${cargo_flags[@]}"
say "Starting Keepsake"
exec "$CARGO_TARGET_DIR/$profile/keepsake" "$@"
