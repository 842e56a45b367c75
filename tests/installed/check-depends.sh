#!/usr/bin/env bash
# Every shared library the binary links must come from a package the .deb depends on, directly
# or through those packages' own dependencies: dpkg-shlibdeps says which packages the binary
# needs, apt-cache which packages the declared Depends bring in.
#   tests/installed/check-depends.sh <package.deb> <unpacked binary>
set -euo pipefail
deb="$1" binary="$2"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/debian"
printf 'Source: keepsake\n\nPackage: keepsake\nArchitecture: any\n' >"$work/debian/control"
needed=$(cd "$work" && dpkg-shlibdeps -O "$binary" 2>/dev/null | sed 's/^shlibs:Depends=//' \
  | tr ',' '\n' | sed 's/(.*//; s/|.*//; s/ //g' | grep -v '^$' | sort -u)
declared=$(dpkg-deb -f "$deb" Depends | tr ',' '\n' | sed 's/(.*//; s/|.*//; s/ //g' | grep -v '^$')
# shellcheck disable=SC2086
closure=$(apt-cache depends --recurse --no-recommends --no-suggests --no-conflicts --no-breaks \
  --no-replaces --no-enhances $declared 2>/dev/null | sed -n 's/^ *\(Pre\)\{0,1\}Depends: //p; /^[^ <]/p' \
  | sed 's/:any$//; s/[<>]//g' | sort -u)
missing=0
for pkg in $needed; do
  if ! grep -qx "$pkg" <<<"$closure"; then
    echo "the binary needs $pkg, which no declared dependency brings in"
    missing=1
  fi
done
echo "needed: $(echo $needed)"
echo "declared: $(echo $declared)"
exit "$missing"
