# debian-headers.sh: lets a test use the headers of a Debian binary package (a -dev .deb) whose
# source package the mirror does not serve, so that no recipe can build it (mlpack and ensmallen:
# their trixie and sid source files answer 404). The .deb is pinned by version and by the sha256
# of the suite's Packages index, fetched once into the uni cache through a private apt index (deb
# entries derived from the system's, as packages/lib/apt-source.sh derives deb-src ones) and
# unpacked with dpkg-deb. Source it from bash; needs fail and skip, UNI_SRC; uses UNI_CACHE.

DEB_CACHE=${UNI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/uni}/deb

# deb_index SUITE: a private apt configuration with deb entries for SUITE, updated once a day.
deb_index() {
	local idx=$DEB_CACHE/apt-$1
	mkdir -p "$idx/lists/partial" "$idx/cache/archives/partial" "$idx/none"
	if [ -z "$(find "$idx/lists" -maxdepth 1 -name '*Packages*' -mmin -1440 2>/dev/null)" ]; then
		(die() { echo "$1: $2 (fix: $3)"; exit 1; }
			. "$UNI_SRC/packages/lib/apt-source.sh"
			apt_source_derive_list "$idx/sources.list" "$1") >"$idx/derive.log" 2>&1 ||
			skip "no Debian archive to derive a $1 index from: $(cat "$idx/derive.log")"
		sed -i 's/^deb-src /deb /' "$idx/sources.list"
		# shellcheck disable=SC2046
		apt-get $(deb_apt_opts "$idx") -qq update >"$idx/update.log" 2>&1 ||
			skip "apt-get update of the $1 binary index failed (network?): see $idx/update.log"
	fi
}

deb_apt_opts() { # DIR
	printf '%s\n' -o "Dir::Etc::SourceList=$1/sources.list" -o "Dir::Etc::SourceParts=$1/none" \
		-o "Dir::State::Lists=$1/lists" -o "Dir::Cache=$1/cache" -o "Debug::NoLocking=1"
}

# deb_headers SUITE DEST PACKAGE=VERSION=SHA256...: unpacks each pinned .deb into DEST (DEST/usr/include
# then holds its headers). Skips (77) when a package cannot be downloaded; fails on a wrong sha256.
deb_headers() {
	local suite=$1 dest=$2 spec pkg ver want file got
	shift 2
	mkdir -p "$DEB_CACHE" "$dest"
	for spec in "$@"; do
		pkg=${spec%%=*} ver=${spec#*=} want=${spec##*=}
		ver=${ver%=*}
		file=$DEB_CACHE/${pkg}_${ver//:/%3a}.deb
		if [ ! -f "$file" ]; then
			deb_index "$suite"
			# shellcheck disable=SC2046
			(cd "$DEB_CACHE" && apt-get $(deb_apt_opts "$DEB_CACHE/apt-$suite") -qq download "$pkg=$ver") \
				>"$DEB_CACHE/$pkg.log" 2>&1
			mv "$DEB_CACHE/${pkg}_${ver//:/%3a}_"*.deb "$file" 2>/dev/null ||
				skip "apt-get download $pkg=$ver ($suite) delivered nothing: see $DEB_CACHE/$pkg.log"
		fi
		got=$(sha256sum "$file" | cut -d' ' -f1)
		[ "$got" = "$want" ] || { rm -f "$file"; fail "$pkg $ver: sha256 $got, expected $want (the download was discarded; if Debian really changed it, review it and update the pin)"; }
		dpkg-deb -x "$file" "$dest" || fail "dpkg-deb -x $file failed"
	done
}
