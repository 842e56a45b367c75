#!/usr/bin/env bash
# The bench command: figures, never pass/fail.
#   bash src-tauri/scripts/bench.sh            the desktop benchmark, then the core's (cargo bench)
#   bash src-tauri/scripts/bench.sh --desktop  only the desktop benchmark
# Desktop: Keepsake's release bundles beside a minimal Tauri 2 window (src-tauri/bench-hello)
# built with the same toolchain and profile in the same run: installer and installed sizes,
# start-up to the first interactive screen, unlock → timeline, idle memory.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh" --e2e --package
cd "$KEEPSAKE_ROOT"
runs="${KEEPSAKE_BENCH_RUNS:-5}"

say "Release builds: Keepsake's .deb and .rpm (Tauri CLI), the hello-world window, the seeding tool"
npm --prefix ui run build --silent
(cd src-tauri && ../ui/node_modules/.bin/tauri build --ci --bundles deb,rpm)
cargo build --release --locked -p hello-tauri
cargo build --release --locked -p keepsake-core --features testing --example seed_vault
bundle="$CARGO_TARGET_DIR/release/bundle"
deb=$(ls "$bundle"/deb/*.deb) rpm=$(ls "$bundle"/rpm/*.rpm)
unpacked=$(mktemp -d)
trap 'rm -rf "$unpacked"' EXIT
dpkg-deb -x "$deb" "$unpacked"
mb() { awk -v b="$1" 'BEGIN { printf "%.1f MB", b / 1048576 }'; }
size() { stat -c %s "$1"; }

echo
echo "| what | Keepsake | hello world | target |"
echo "|---|---|---|---|"
echo "| .deb | $(mb "$(size "$deb")") | | < 15 MB |"
echo "| .rpm | $(mb "$(size "$rpm")") | | |"
echo "| installed (dpkg Installed-Size) | $(mb $(( $(dpkg-deb -f "$deb" Installed-Size) * 1024 ))) | | |"
echo "| release binary | $(mb "$(size "$unpacked/usr/bin/keepsake")") | $(mb "$(size "$CARGO_TARGET_DIR/release/hello-tauri")") | |"
echo

say "Start-up, unlock and memory, $runs runs each (Xvfb, tauri-driver)"
xvfb-run -a -s "-screen 0 1280x800x24" tests/with-keyring.sh env NO_AT_BRIDGE=1 \
  node tests/bench/desktop.mjs "$unpacked/usr/bin/keepsake" "$CARGO_TARGET_DIR/release/hello-tauri" \
  "$CARGO_TARGET_DIR/release/examples/seed_vault" "$runs"

if [[ "${1:-}" != "--desktop" ]]; then
  say "The core's benchmarks (cargo bench -p keepsake-core)"
  cargo bench -p keepsake-core --features testing
fi
