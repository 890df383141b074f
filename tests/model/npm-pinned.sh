# npm-pinned.sh: sourced by tests/model/*.test (bash, after packages-lib.sh): installs the npm
# packages pinned in a file (NAME VERSION SHA256 TARBALL lines, see tfjs-pins) into
# ./node_modules. Each tarball comes from `npm pack` (npm's cache in $CACHE/npm), is checked
# against its sha256 and kept in $CACHE/npm-pinned; packages are extracted, not resolved, so
# nothing but the pinned files is installed. Skips the test when npm cannot download.
CACHE=${UNI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/uni}

npm_pinned() {
	local name version sum file have tmp
	command -v node >/dev/null && command -v npm >/dev/null ||
		skip "node and npm are needed for the TensorFlow.js reference (apt-get install nodejs npm)"
	mkdir -p "$CACHE/npm-pinned" node_modules
	while read -r name version sum file; do
		case $name in '#'* | '') continue ;; esac
		have=$(sha256sum "$CACHE/npm-pinned/$file" 2>/dev/null | cut -d' ' -f1)
		if [ "$have" != "$sum" ]; then
			tmp=$(mktemp -d "$CACHE/npm-pinned/.fetch.XXXXXX")
			(cd "$tmp" && npm pack --silent --cache "$CACHE/npm" "$name@$version") >npm-pack.log 2>&1 ||
				{ cat npm-pack.log; rm -rf "$tmp"; skip "npm pack $name@$version failed (offline?)"; }
			have=$(sha256sum "$tmp/$file" 2>/dev/null | cut -d' ' -f1)
			[ "$have" = "$sum" ] ||
				{ rm -rf "$tmp"; fail "$name@$version: $file has sha256 ${have:-none}, $1 says $sum"; }
			mv "$tmp/$file" "$CACHE/npm-pinned/$file"
			rm -rf "$tmp"
		fi
		mkdir -p "node_modules/$name"
		tar -xzf "$CACHE/npm-pinned/$file" -C "node_modules/$name" --strip-components=1 ||
			fail "cannot unpack $file"
	done <"$1"
}
