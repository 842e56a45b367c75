#!/usr/bin/env bash
# Installs what building (and, with --e2e, testing) Keepsake needs, and only what is missing.
# Idempotent: a second run installs nothing. Sourced by run.sh and tests/run.sh.
#   Debian/Ubuntu: system packages through apt (sudo when not root).
#   Everywhere: npm packages for ui/ (and tests/), tauri-driver (--e2e, Linux only).
#   --package: the tools that check a .deb and .rpm (lintian, rpm, desktop-file-utils, appstream).
#   --workflows: check-jsonschema and zizmor (PyPI) in a virtualenv, to check .github/workflows.
#   --licences: cargo-about, which lists the licences of every crate built into the app.
set -euo pipefail

KEEPSAKE_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# Cargo's build output lives outside the clone so rebuilds survive fresh checkouts.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/keepsake/target}"
export PATH="$HOME/.cargo/bin:$PATH"

want_e2e=false want_package=false want_workflows=false want_licences=false
for arg in "$@"; do
  case "$arg" in
    --e2e) want_e2e=true ;;
    --package) want_package=true ;;
    --workflows) want_workflows=true ;;
    --licences) want_licences=true ;;
    *) echo "setup: unknown option $arg" >&2; exit 2 ;;
  esac
done

say() { printf '\033[1m== %s\033[0m\n' "$*"; }
die() { printf 'setup: %s\n' "$*" >&2; exit 1; }

BUILD_PACKAGES=(build-essential pkg-config libssl-dev libwebkit2gtk-4.1-dev libsoup-3.0-dev
  libxdo-dev libayatana-appindicator3-dev librsvg2-dev)
E2E_PACKAGES=(webkit2gtk-driver xvfb xauth dbus-x11 gnome-keyring libsecret-tools xdotool x11-utils
  fonts-wqy-microhei
  util-linux procps)
PACKAGE_PACKAGES=(lintian rpm desktop-file-utils appstream file dpkg-dev)

install_apt_packages() {
  local missing=() pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [[ ${#missing[@]} -eq 0 ]] && return 0
  say "Installing system packages: ${missing[*]}"
  local sudo=()
  [[ $(id -u) -ne 0 ]] && sudo=(sudo)
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

if [[ "$(uname -s)" == "Linux" ]]; then
  command -v apt-get >/dev/null || die "only Debian/Ubuntu are automated; install the README's packages by hand"
  packages=("${BUILD_PACKAGES[@]}")
  $want_e2e && packages+=("${E2E_PACKAGES[@]}")
  $want_package && packages+=("${PACKAGE_PACKAGES[@]}")
  $want_workflows && packages+=(python3-venv)
  install_apt_packages "${packages[@]}"
fi

command -v cargo >/dev/null || die "Rust is missing: install it with rustup (see README), then run this again"
command -v node >/dev/null || die "Node.js 20.19+ is missing (see README)"
node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)' \
  || die "Node.js $(node --version) is too old: Vite needs 20.19 or newer"

# npm ci only when the lock file changed since the last install.
npm_install() {
  local dir="$1"
  if [[ ! -f "$dir/node_modules/.package-lock.json" || "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]]; then
    say "Installing npm packages in ${dir#"$KEEPSAKE_ROOT"/}"
    npm ci --prefix "$dir" --no-audit --no-fund --loglevel=error
  fi
}
npm_install "$KEEPSAKE_ROOT/ui"

if $want_e2e; then
  npm_install "$KEEPSAKE_ROOT/tests"
  if ! command -v tauri-driver >/dev/null; then
    say "Installing tauri-driver"
    cargo install tauri-driver --version '^2' --locked
  fi
fi

# Versions pinned: the workflow checks must not change under us between runs.
CHECK_JSONSCHEMA_VERSION=0.39.0
ZIZMOR_VERSION=1.32.0
if $want_workflows; then
  venv="${KEEPSAKE_TOOLS_VENV:-$HOME/.cache/keepsake/venv}"
  if ! "$venv/bin/check-jsonschema" --version 2>/dev/null | grep -q "$CHECK_JSONSCHEMA_VERSION" \
    || ! "$venv/bin/zizmor" --version 2>/dev/null | grep -q "$ZIZMOR_VERSION"; then
    say "Installing check-jsonschema $CHECK_JSONSCHEMA_VERSION and zizmor $ZIZMOR_VERSION (PyPI)"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check \
      "check-jsonschema==$CHECK_JSONSCHEMA_VERSION" "zizmor==$ZIZMOR_VERSION"
  fi
  export PATH="$venv/bin:$PATH"
fi

CARGO_ABOUT_VERSION=0.9.3
if $want_licences && ! cargo about --version 2>/dev/null | grep -q "$CARGO_ABOUT_VERSION"; then
  say "Installing cargo-about $CARGO_ABOUT_VERSION"
  CARGO_TARGET_DIR="$HOME/.cache/keepsake/tools-target" \
    cargo install cargo-about --version "$CARGO_ABOUT_VERSION" --features cli --locked
fi
