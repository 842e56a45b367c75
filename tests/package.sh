#!/usr/bin/env bash
# The packaging layer: builds the release .deb and .rpm with Tauri's own CLI, checks them
# (lintian, the desktop entry, the AppStream metainfo, a stripped binary, the dependencies),
# installs the .deb on this machine, drives the installed /usr/bin/keepsake through its smoke
# journey, uninstalls it and checks that the diary it wrote is untouched.
#   tests/package.sh <log-dir>     (run by tests/run.sh after it built ui/dist; needs root or sudo)
# Each check prints "ok - <what>" or "not ok - <what>"; tests/run.sh counts them.
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../src-tauri/scripts/setup.sh" --package
cd "$KEEPSAKE_ROOT"
logs="$1"
sudo=()
[[ $(id -u) -ne 0 ]] && sudo=(sudo)

check() { # check <what> <command...>
  local what="$1"; shift
  if "$@" >"$logs/check.out" 2>&1; then
    echo "ok - $what"
  else
    echo "not ok - $what"; sed 's/^/    /' "$logs/check.out" | tail -n 30
  fi
}

say "Building the release bundles (.deb, .rpm) with the Tauri CLI"
bundle="$CARGO_TARGET_DIR/release/bundle"
rm -rf "$bundle/deb" "$bundle/rpm"
if ! (cd src-tauri && ../ui/node_modules/.bin/tauri build --ci --bundles deb,rpm); then
  echo "not ok - release bundles build"
  exit 0
fi
echo "ok - release bundles build"
deb=$(ls "$bundle"/deb/*.deb) rpm=$(ls "$bundle"/rpm/*.rpm)
unpacked=$(mktemp -d)
trap 'rm -rf "$unpacked"' EXIT
dpkg-deb -x "$deb" "$unpacked"

say "Checking the packages"
check "lintian finds no error or warning outside the allow-list" \
  lintian --fail-on error,warning --suppress-tags-from-file src-tauri/packaging/linux/lintian-allow "$deb"
check "the desktop entry is valid" desktop-file-validate "$unpacked"/usr/share/applications/*.desktop
check "the desktop entry names the app in English and Chinese" \
  grep -qx 'Name\[zh_CN\]=拾忆' "$unpacked"/usr/share/applications/*.desktop
check "the AppStream metainfo is valid" \
  appstreamcli validate --no-net --explain "$unpacked"/usr/share/metainfo/app.keepsake.diary.metainfo.xml
check "the copyright file and changelog are in /usr/share/doc" \
  test -s "$unpacked/usr/share/doc/keepsake/copyright" -a -s "$unpacked/usr/share/doc/keepsake/changelog.gz" \
    -a ! -e "$unpacked/usr/share/doc/Keepsake"
check "the installed binary is stripped" \
  sh -c "file '$unpacked/usr/bin/keepsake' | grep -q ', stripped'"
check "the .deb depends on WebKitGTK 4.1 and GTK 3" \
  sh -c "dpkg-deb -f '$deb' Depends | grep -q libwebkit2gtk-4.1-0 && dpkg-deb -f '$deb' Depends | grep -q libgtk-3-0"
check "every library the binary links is provided by a declared dependency" \
  tests/installed/check-depends.sh "$deb" "$unpacked/usr/bin/keepsake"
check "the .rpm holds the binary, desktop entry, icons and metainfo" \
  sh -c "rpm -qpl '$rpm' | grep -qx /usr/bin/keepsake && rpm -qpl '$rpm' | grep -q '^/usr/share/applications/.*\.desktop$' \
    && rpm -qpl '$rpm' | grep -q '^/usr/share/icons/hicolor/' && rpm -qpl '$rpm' | grep -qx /usr/share/metainfo/app.keepsake.diary.metainfo.xml"
check "the .rpm requires WebKitGTK 4.1 and GTK 3" \
  sh -c "rpm -qp --requires '$rpm' | grep -q 'libwebkit2gtk-4.1.so.0' && rpm -qp --requires '$rpm' | grep -q 'libgtk-3.so.0'"
check "the packaged changelog is the one in the source" \
  sh -c "zcat src-tauri/packaging/linux/changelog.gz | cmp -s - src-tauri/packaging/linux/changelog"
for f in "$deb" "$rpm"; do
  echo "size: $(basename "$f") $(stat -c %s "$f") bytes"
done

say "Installing the .deb"
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq keepsake >/dev/null 2>&1 || true
check "apt-get installs the .deb" "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$deb"
check "the app is on the PATH and in the app menu" \
  sh -c "test -x /usr/bin/keepsake && ls /usr/share/applications/ | grep -q Keepsake.desktop && test -s /usr/share/icons/hicolor/128x128/apps/keepsake.png"

say "The installed app, driven as a user (onboarding, a photo, relaunch, unlock, a second start)"
diary=$(mktemp -d)
KEEPSAKE_APP=/usr/bin/keepsake KEEPSAKE_INSTALLED_DIARY="$diary" timeout --kill-after=30 600 \
  xvfb-run -a -s "-screen 0 1280x800x24" tests/with-keyring.sh env NO_AT_BRIDGE=1 \
  node --test --test-concurrency=1 --test-reporter=spec tests/installed/ 2>&1 | tee "$logs/installed.log"
before=$(cd "$diary" && find . -type f -print0 | sort -z | xargs -0 sha256sum)

say "Uninstalling"
check "apt-get removes the package" "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq keepsake
check "the binary and desktop entry are gone" \
  sh -c "! test -e /usr/bin/keepsake && ! ls /usr/share/applications/ | grep -q Keepsake.desktop"
after=$(cd "$diary" && find . -type f -print0 | sort -z | xargs -0 sha256sum)
check "uninstalling left the diary untouched (every file, byte for byte)" \
  sh -c "[ -n '$before' ] && [ '$before' = '$after' ] && test -s '$diary/diary.db' -a -s '$diary/keyfile.json'"
rm -rf "$diary"
