#!/usr/bin/env bash
# Installs what the build and the tests need on a fresh Debian 12 machine that has
# Rust, Node and apt: Debian packages (only those missing) and the Rust components.
# Safe to run again; does nothing when everything is there.
set -euo pipefail

packages=(
  # Tauri 2 / webkit2gtk 4.1, per shared/notes/tauri-on-debian.md
  libwebkit2gtk-4.1-dev build-essential curl wget file libxdo-dev libssl-dev
  libayatana-appindicator3-dev librsvg2-dev pkg-config
  # the app under Xvfb for end-to-end tests and screenshots
  xvfb xauth webkit2gtk-driver x11-utils imagemagick
  # a system font with Hebrew and Arabic, which Noto Sans lacks: the tests of text that
  # reads right to left draw with it, as a desktop would
  fonts-dejavu-core
  # a colour emoji font, as most desktops have: the tests check that emoji are drawn
  # from it, in colour, in the PNG and the PDF
  fonts-noto-color-emoji
  # reads the clipboard as another program would (a picture copied for a slide)
  xclip
  # the benchmark compares layout with Graphviz; /usr/bin/time measures peak memory
  graphviz time
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "deps: installing ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

for c in rustfmt clippy; do
  rustup component list --installed 2>/dev/null | grep -q "^$c" || rustup component add "$c"
done

# The end-to-end tests drive the app through tauri-driver.
command -v tauri-driver >/dev/null || cargo install tauri-driver --locked

# The page is TypeScript built with Vite: Node 20 or newer, with npm.
if ! command -v npm >/dev/null; then
  echo "deps: Node.js with npm is needed (Node 20 or newer)" >&2
  exit 1
fi
