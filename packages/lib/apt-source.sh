# Fetches Debian source packages through the machine's own apt mirror, with a private apt
# configuration whose deb-src entries are derived from the system's deb entries.
# Sourced by build.sh; needs: die. Uses 'local' (dash, bash and busybox sh have it). Never names a mirror host.

# apt_source_derive_list OUT [SUITE]: writes OUT with a deb-src line for every Debian deb entry
# of this system's release; with SUITE (another release, e.g. trixie for a newer package), the
# same archives' entries for that suite instead (its -updates and -security are left out: a
# partial mirror may lack them, docs/HARDWARE.md).
apt_source_derive_list() {
	local out codename f want
	out=$1
	codename=$(. /etc/os-release && echo "$VERSION_CODENAME")
	want=${2:-$codename}
	: >"$out"
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
		[ -f "$f" ] || continue
		awk -v c="$codename" -v w="$want" '$1 == "deb" {
			i = 2; if ($2 ~ /^\[/) { while ($i !~ /\]$/) i++; i++ }
			if (w == c && $(i+1) ~ "^" c "(-updates|-security)?$") { $1 = "deb-src"; print }
			else if (w != c && $(i+1) == c) { $1 = "deb-src"; $(i+1) = w; print }
		}' "$f" >>"$out"
	done
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -f "$f" ] || continue
		# deb822 stanzas: keep the Debian suites of this release, as one-line deb-src entries.
		awk -v c="$codename" -v w="$want" '
		function flush() {
			if (types ~ /(^| )deb( |$)/ && uris != "")
				for (s in suites) if ((w == c && suites[s] ~ "^" c "(-updates|-security)?$") || (w != c && suites[s] == c))
					print "deb-src " (key != "" ? "[signed-by=" key "] " : "") uris " " (w == c ? suites[s] : w) " " comps
			types = uris = comps = key = ""; delete suites
		}
		/^[ \t]*$/ { flush(); next }
		/^#/ { next }
		{ k = $1; sub(/:$/, "", k); $1 = ""; sub(/^ /, "") }
		k == "Types" { types = $0 } k == "URIs" { uris = $0 } k == "Components" { comps = $0 }
		k == "Signed-By" { key = $0 } k == "Suites" { split($0, suites, " ") }
		END { flush() }' "$f" >>"$out"
	done
	[ -s "$out" ] || die "fetch" "no Debian deb entries for '$codename' found in /etc/apt" "add the Debian archive to /etc/apt/sources.list.d"
}

# apt_source_opts DIR: prints the apt-get options of the private configuration rooted at DIR.
apt_source_opts() {
	printf '%s\n' -o "Dir::Etc::SourceList=$1/sources.list" -o "Dir::Etc::SourceParts=$1/none" \
		-o "Dir::State::Lists=$1/lists" -o "Dir::Cache=$1/cache" -o "Debug::NoLocking=1"
}

# apt_source_update DIR [SUITE]: refreshes the private source index (once per build.sh run).
apt_source_update() {
	local d="$1"
	mkdir -p "$d/lists/partial" "$d/cache/archives/partial" "$d/none"
	apt_source_derive_list "$d/sources.list" "${2:-}"
	# shellcheck disable=SC2046
	apt-get $(apt_source_opts "$d") -qq update >"$d/update.log" 2>&1 ||
		die "fetch" "apt-get update of the private deb-src index failed" "read $d/update.log"
}

# apt_source_get DIR PKG VERSION DEST: downloads PKG=VERSION's files (no unpacking) into DEST.
# apt-get may exit non-zero although the files arrived (docs/HARDWARE.md), so callers check files.
apt_source_get() {
	local d="$1" pkg="$2" ver="$3" dest="$4"
	mkdir -p "$dest"
	# shellcheck disable=SC2046
	(cd "$dest" && apt-get $(apt_source_opts "$d") -qq --download-only source "$pkg=$ver") \
		>"$dest/apt-source.log" 2>&1 || true
}
