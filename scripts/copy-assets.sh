#!/usr/bin/env bash
# Copy front-end assets installed by npm into samskap/static/vendor (not committed).
set -euo pipefail
cd "$(dirname "$0")/.."
dest=samskap/static/vendor
rm -rf "$dest"
mkdir -p "$dest/designsystemet" "$dest/htmx" "$dest/fonts/files" "$dest/axe"
cp node_modules/@digdir/designsystemet-css/dist/src/index.css "$dest/designsystemet/index.css"
cp node_modules/@digdir/designsystemet-theme/brand/digdir.css "$dest/designsystemet/theme.css"
cp node_modules/htmx.org/dist/htmx.min.js "$dest/htmx/htmx.min.js"
cp node_modules/axe-core/axe.min.js "$dest/axe/axe.min.js"
cp node_modules/@digdir/designsystemet-css/LICENSE* "$dest/designsystemet/" 2>/dev/null || true
for w in 400 500 600 700; do
  cp "node_modules/@fontsource/inter/files/inter-latin-$w-normal.woff2" "$dest/fonts/files/"
  cp "node_modules/@fontsource/inter/files/inter-latin-ext-$w-normal.woff2" "$dest/fonts/files/"
done
{
  for w in 400 500 600 700; do
    for subset in latin-ext latin; do
      printf '@font-face{font-family:"Inter";font-style:normal;font-display:swap;font-weight:%s;src:url("files/inter-%s-%s-normal.woff2") format("woff2");' "$w" "$subset" "$w"
      if [ "$subset" = latin ]; then
        printf 'unicode-range:U+0000-00FF,U+0131,U+0152-0153,U+02BB-02BC,U+02C6,U+02DA,U+02DC,U+0304,U+0308,U+0329,U+2000-206F,U+20AC,U+2122,U+2191,U+2193,U+2212,U+2215,U+FEFF,U+FFFD}\n'
      else
        printf 'unicode-range:U+0100-02BA,U+02BD-02C5,U+02C7-02CC,U+02CE-02D7,U+02DD-02FF,U+0304,U+0308,U+0329,U+1D00-1DBF,U+1E00-1E9F,U+1EF2-1EFF,U+2020,U+20A0-20AB,U+20AD-20C0,U+2113,U+2C60-2C7F,U+A720-A7FF}\n'
      fi
    done
  done
} > "$dest/fonts/inter.css"
echo "assets copied to $dest"
