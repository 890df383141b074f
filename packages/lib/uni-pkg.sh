#!/bin/sh
# uni-pkg: binary packages of sysroot libraries: creates them (build.sh), and installs, lists,
# removes and verifies them in a sysroot without building anything. Installed as out/bin/uni-pkg.
#
# An archive NAME-VERSION-TOOLCHAIN.tar.xz holds MANIFEST and files/ (the tree relative to the
# sysroot). MANIFEST lines: "format uni-pkg 1", "name N", "version V", "source ...", "license L",
# "deps D...", "toolchain T", "build_seconds S", "source_sha256 FILE:HASH...", then one
# "file SHA256 PATH" or "link TARGET PATH" per entry; "essential yes" marks the packages the
# toolchain itself consists of (musl, the runtime, the toolchain files: build.sh makes them),
# which remove refuses. "template PATH..." names files that hold the token @PREFIX@: install
# writes them with each @PREFIX@ replaced by the tree that holds the sysroot (out/, an unpacked
# release, /opt/uni), because they must name it absolutely (Meson cross files); their SHA256 is
# the template's, which the database keeps, and verify checks the file is exactly the template
# for where the sysroot is now. A sysroot records its toolchain version in
# usr/share/uni-pkg/toolchain, each installed package's manifest in usr/share/uni-pkg/installed/
# and its templates in usr/share/uni-pkg/templates/NAME/; every other file of a sysroot belongs
# to exactly one package (verify checks it).
# Every change builds a new sysroot beside the old one and swaps it in with renames: nothing is
# ever half-installed.
#
# A store (docs/PACKAGES.md) is a folder, or a file:// or http(s):// URL (read-only), holding
# archives and "index": after the line "format uni-store 1", one line per archive: "NAME VERSION
# KEY SHA256 FILE TOOLCHAIN BUILD_SECONDS DATE". KEY is the recipe's stamp (build.sh's pkg_build),
# also written into the archive's MANIFEST as "key KEY".
set -eu

usage() {
	cat <<EOF
usage: uni-pkg [--sysroot DIR] [--store DIR|URL] COMMAND ...
  install [--store S] ARCHIVE|NAME...
                       install binary packages (checks hashes, toolchain version, dependencies);
                       a NAME comes from the store: its newest entry for the sysroot's toolchain
  list [--store S]     installed packages: name, version, toolchain (with --store: the store's)
  remove NAME...       remove packages no installed package depends on (never essential ones)
  verify [NAME|ARCHIVE...]  check installed files or archives; without arguments every package,
                       and that each file of the sysroot belongs to exactly one package
  create STAGING OUTDIR KEY=VALUE...  write an archive (used by ./build.sh packages)
  fetch [--store S] NAME KEY OUTDIR   the store's archive of NAME for KEY, verified, into OUTDIR;
                       prints "PATH BUILD_SECONDS DATE"; exit 3: no such entry, 4: store unreadable
  publish [--store DIR] ARCHIVE       add a verified archive (with a key) to a local store
The sysroot defaults to <dir of uni-pkg>/../sysroot; the store to \$UNI_STORE, else
\$UNI_CACHE/store, else ~/.cache/uni/store (now $STORE).
EOF
}
die() { echo "uni-pkg: $1: $2${3:+ (fix: $3)}" >&2; exit 1; }

SYSROOT=$(cd "$(dirname "$0")/.." && pwd)/sysroot
STORE=${UNI_STORE:-${UNI_CACHE:-${XDG_CACHE_HOME:-${HOME:-$(getent passwd "$(id -u)" | cut -d: -f6)}/.cache}/uni}/store}
while [ $# -gt 0 ]; do
	case $1 in
	--sysroot) [ $# -ge 2 ] || die args "--sysroot needs a folder" "uni-pkg --sysroot DIR COMMAND"; SYSROOT=$2; shift 2 ;;
	--store) [ $# -ge 2 ] || die args "--store needs a folder or URL" "uni-pkg --store DIR|URL COMMAND"; STORE=$2; shift 2 ;;
	*) break ;;
	esac
done
DB=usr/share/uni-pkg
# Temporary files live in WORK, which the EXIT trap removes: functions called in $(...) create
# theirs there too.
WORK=$(mktemp -d "${TMPDIR:-/tmp}/uni-pkg.XXXXXX")
TMPS=
cleanup() { rm -rf "$WORK" $TMPS; }
trap cleanup EXIT
trap 'exit 130' INT TERM

field() { # MANIFEST KEY: the value of "KEY value"
	sed -n "s/^$2 //p; s/^$2\$//p" "$1" | head -n 1
}

file_sum() { # MANIFEST PATH: the SHA256 of the manifest's "file" entry PATH (empty if none)
	awk -v p="$2" '$1 == "file" && $3 == p { print $2 }' "$1"
}

# prefix: the tree holding the sysroot, symlinks resolved as the drivers resolve it from
# /proc/self/exe: what a template's @PREFIX@ becomes.
prefix() { (cd "$SYSROOT/.." && pwd -P); }

# instantiate TEMPLATE PREFIX: TEMPLATE with each @PREFIX@ replaced by PREFIX (taken literally),
# on stdout.
instantiate() {
	UNI_PKG_PREFIX=$2 awk '{
		out = ""; rest = $0
		while ((i = index(rest, "@PREFIX@")) > 0) {
			out = out substr(rest, 1, i - 1) ENVIRON["UNI_PKG_PREFIX"]
			rest = substr(rest, i + 8)
		}
		print out rest
	}' "$1"
}

# unpack ARCHIVE: extracts and checks it into a fresh temporary folder, printed on stdout.
unpack() {
	local a="$1" t p
	[ -f "$a" ] || die "$a" "no such archive" "give the path of a .tar.xz from out/packages/"
	t=$(mktemp -d "$WORK/unpack.XXXXXX")
	tar -xJf "$a" -C "$t" 2>"$t.err" || { cat "$t.err" >&2; rm -f "$t.err"; die "$a" "the archive is corrupt: tar/xz cannot read it" "rebuild it with ./build.sh packages, or download it again"; }
	rm -f "$t.err"
	[ -f "$t/MANIFEST" ] && [ "$(head -n 1 "$t/MANIFEST")" = "format uni-pkg 1" ] ||
		die "$a" "not a uni-pkg archive (no MANIFEST with 'format uni-pkg 1')" "use an archive written by ./build.sh packages"
	mkdir -p "$t/files"
	# Every entry's hash, and no file that the manifest does not list.
	awk '$1 == "file" { print $2 "  " $3 }' "$t/MANIFEST" >"$t/sums"
	if ! (cd "$t/files" && sha256sum -c --quiet --strict "$t/sums") >"$t/check" 2>&1; then
		sed 's/^/  /' "$t/check" >&2
		die "$a" "the archive is corrupt: files differ from the sha256 in its MANIFEST (above)" "rebuild it with ./build.sh packages"
	fi
	awk '$1 == "link" { print $3 }' "$t/MANIFEST" | while read -r p; do
		[ "$(readlink "$t/files/$p")" = "$(awk -v p="$p" '$1 == "link" && $3 == p { print $2 }' "$t/MANIFEST")" ] ||
			die "$a" "the archive is corrupt: link $p differs from its MANIFEST" "rebuild it"
	done
	set -f
	for p in $(field "$t/MANIFEST" template); do
		[ -n "$(file_sum "$t/MANIFEST" "$p")" ] && grep -qF @PREFIX@ "$t/files/$p" ||
			die "$a" "the archive is corrupt: its template $p is not a listed file holding @PREFIX@" "rebuild it"
	done
	set +f
	awk '$1 == "file" || $1 == "link" { print $3 }' "$t/MANIFEST" | LC_ALL=C sort >"$t/listed"
	(cd "$t/files" && find . ! -type d | sed 's|^\./||' | LC_ALL=C sort) >"$t/present"
	if ! cmp -s "$t/listed" "$t/present"; then
		die "$a" "the archive is corrupt: its files are not those its MANIFEST lists: $(diff "$t/listed" "$t/present" | grep '^[<>]' | head -n 3 | tr '\n' ' ')" "rebuild it"
	fi
	echo "$t"
}

# --- the store ------------------------------------------------------------------------------

store_remote() { case $STORE in *://*) return 0 ;; esac; return 1; }

# store_get FILE DEST: copies the store's FILE to DEST (curl or wget for http); stderr says why not.
store_get() {
	case $STORE in
	http://* | https://*)
		if command -v curl >/dev/null; then
			curl -fsS --retry 2 -o "$2" "${STORE%/}/$1"
		elif command -v wget >/dev/null; then
			wget -q -O "$2" "${STORE%/}/$1"
		else
			echo "neither curl nor wget is installed (fix: apt-get install curl)" >&2
			return 1
		fi ;;
	file://*) cp "${STORE#file://}/$1" "$2" ;;
	*://*) echo "unknown URL scheme in $STORE (fix: use a folder, file://, http:// or https://)" >&2; return 1 ;;
	*) cp "$STORE/$1" "$2" ;;
	esac
}

# store_index: the store's index in a temporary file (printed); an absent local index is empty.
# Returns 4 when the store cannot be read.
store_index() {
	local t
	t=$(mktemp "$WORK/index.XXXXXX")
	if ! store_remote && [ ! -f "$STORE/index" ]; then
		echo "$t"
		return 0
	fi
	store_get index "$t" 2>"$t.err" || { sed 's/^/  /' "$t.err" >&2; rm -f "$t.err"; return 4; }
	rm -f "$t.err"
	[ ! -s "$t" ] || [ "$(head -n 1 "$t")" = "format uni-store 1" ] ||
		{ echo "  its first line is not 'format uni-store 1'" >&2; return 4; }
	echo "$t"
}

# store_fetch LINE OUTDIR: fetches the index LINE's archive, checks its sha256 and contents, and
# moves it into OUTDIR under the name create gives it (printed). Refuses (exit 1) on a mismatch.
store_fetch() {
	local n v key sum file tc got t m out
	set -f
	# shellcheck disable=SC2086
	set -- $1 "$2"
	set +f
	[ $# -eq 9 ] || die "${1:-store}" "a line of the index of $STORE has $(($# - 1)) fields, not 8" "repair or rebuild the store's index"
	n=$1 v=$2 key=$3 sum=$4 file=$5 tc=$6
	shift 8
	case $file in */* | .*) die "$n $v" "the store's index names the file '$file'" "repair or rebuild the store's index ($STORE)" ;; esac
	t=$(mktemp "$WORK/fetch.XXXXXX")
	store_get "$file" "$t" || die "$n $v" "cannot get $file from the store $STORE (above)" "check the store, or build it: ./build.sh packages $n"
	got=$(sha256sum "$t" | cut -d' ' -f1)
	[ "$got" = "$sum" ] || die "$n $v" "REFUSED: $file in the store $STORE has sha256 $got, its index says $sum (corrupt or replaced)" \
		"remove it from the store, or rebuild it: ./build.sh packages $n publishes a good one"
	m=$(unpack "$t")/MANIFEST
	[ "$(field "$m" name)" = "$n" ] && [ "$(field "$m" version)" = "$v" ] && [ "$(field "$m" toolchain)" = "$tc" ] ||
		die "$n $v" "REFUSED: $file in the store is $(field "$m" name) $(field "$m" version) for $(field "$m" toolchain), its index says $n $v for $tc" "rebuild it: ./build.sh packages $n"
	[ "$(field "$m" key)" = "$key" ] ||
		die "$n $v" "REFUSED: $file in the store was built for key $(field "$m" key), its index says $key" "rebuild it: ./build.sh packages $n"
	out=$1/$n-$(echo "${v#*:}" | tr ':/' '__')-$tc.tar.xz
	mkdir -p "$1"
	cp "$t" "$out.tmp.$$" && mv "$out.tmp.$$" "$out" || die "$n $v" "cannot write $out" "check free space and permissions"
	echo "$out"
}

# store_resolve NAME OUTDIR: the store's newest entry of NAME for the sysroot's toolchain, fetched.
store_resolve() {
	local idx line have others
	have=$(cat "$SYSROOT/$DB/toolchain" 2>/dev/null) || die install "$SYSROOT has no $DB/toolchain" "pass --sysroot DIR of a built sysroot"
	idx=$(store_index) || die "$1" "cannot read the index of the store $STORE (above)" "check UNI_STORE / --store"
	line=$(awk -v n="$1" -v tc="$have" '$1 == n && $6 == tc { l = $0 } END { print l }' "$idx")
	if [ -z "$line" ]; then
		others=$(awk -v n="$1" '$1 == n { printf "%s%s", s, $6; s = " " }' "$idx")
		die "$1" "the store $STORE has no $1 for toolchain $have${others:+ (only for: $others)}" \
			"build it (./build.sh packages $1 publishes it), or give an archive path"
	fi
	store_fetch "$line" "$2"
}

# swap_in NEW: replaces the sysroot with NEW by two renames.
swap_in() {
	local old
	old=$(dirname "$SYSROOT")/.$(basename "$SYSROOT").old.$$
	mv "$SYSROOT" "$old"
	mv "$1" "$SYSROOT"
	rm -rf "$old"
}

# lock_sysroot: one change at a time per sysroot (a lock file beside it, freed on exit).
lock_sysroot() {
	exec 8>"$(dirname "$SYSROOT")/.$(basename "$SYSROOT").uni-pkg.lock"
	flock 8
}

# new_copy: a full copy of the sysroot beside it (same filesystem, so swap_in is two renames).
new_copy() {
	local new
	new=$(mktemp -d "$(dirname "$SYSROOT")/.$(basename "$SYSROOT").new.XXXXXX")
	TMPS="$TMPS $new"
	cp -a "$SYSROOT/." "$new/" || die install "copying $SYSROOT failed" "check free space"
	echo "$new"
}

# install_templates ROOT UNPACKED NAME: keeps the package's templates in ROOT's database and
# writes each of its template files from them for the sysroot's prefix.
install_templates() {
	local p pre tpl
	rm -rf "$1/$DB/templates/$3"
	tpl=$(field "$2/MANIFEST" template)
	[ -n "$tpl" ] || return 0
	pre=$(prefix)
	case $pre in
	*"'"* | *\\* | *"
"*) die "$3" "$pre holds a quote, backslash or newline, which the template files of $3 cannot name" "move the tree to a plainer path" ;;
	esac
	set -f
	for p in $tpl; do
		mkdir -p "$1/$DB/templates/$3/$(dirname "$p")"
		cp "$2/files/$p" "$1/$DB/templates/$3/$p"
		instantiate "$2/files/$p" "$pre" >"$1/$p"
	done
	set +f
}

remove_files() { # ROOT MANIFEST: deletes the manifest's entries below ROOT, then empty folders
	awk '$1 == "file" || $1 == "link" { print $3 }' "$2" | while read -r p; do
		rm -f "$1/$p"
		d=$(dirname "$p")
		while [ "$d" != . ] && rmdir "$1/$d" 2>/dev/null; do d=$(dirname "$d"); done
	done
}

cmd_install() {
	local a t n v tc have d new owner p left prev=
	[ -d "$SYSROOT/usr" ] || die install "$SYSROOT is not a sysroot (no usr/)" "pass --sysroot DIR"
	lock_sysroot
	have=$(cat "$SYSROOT/$DB/toolchain" 2>/dev/null) ||
		die install "$SYSROOT has no $DB/toolchain, so its toolchain version is unknown" "run ./build.sh packages once, or copy it from the sysroot the packages were built for"
	# Arguments become archive paths, in their order: a NAME is fetched from the store (--store S,
	# anywhere among them) into WORK. The list is rebuilt in place, so paths may hold spaces.
	left=$#
	for a in "$@"; do
		[ "${prev:-}" != --store ] || STORE=$a
		prev=$a
	done
	[ "${prev:-}" != --store ] || die install "--store needs a folder or URL" "uni-pkg install --store DIR|URL NAME"
	while [ "$left" -gt 0 ]; do
		a=$1
		shift
		left=$((left - 1))
		case $a in
		--store) shift; left=$((left - 1)) ;;
		*/* | *.tar.*) set -- "$@" "$a" ;;
		*) p=$(store_resolve "$a" "$WORK/store") || exit 1
			set -- "$@" "$p" ;;
		esac
	done
	[ $# -gt 0 ] || die install "no archive or name given" "uni-pkg install out/packages/NAME-....tar.xz, or uni-pkg install --store DIR|URL NAME"
	for a in "$@"; do
		t=$(unpack "$a")
		n=$(field "$t/MANIFEST" name) v=$(field "$t/MANIFEST" version) tc=$(field "$t/MANIFEST" toolchain)
		[ "$tc" = "$have" ] || die "$n $v" "built for toolchain $tc, but $SYSROOT is toolchain $have" "rebuild it with ./build.sh packages $n"
		for d in $(field "$t/MANIFEST" deps); do
			[ -f "$SYSROOT/$DB/installed/$d.manifest" ] ||
				die "$n $v" "needs package '$d', which is not installed in $SYSROOT" "install $d's archive first (or in the same command, before $n)"
		done
		# A file of another package is never overwritten.
		awk '$1 == "file" || $1 == "link" { print $3 }' "$t/MANIFEST" | while read -r p; do
			owner=$(grep -l -x -E "(file|link) [^ ]+ $(printf '%s' "$p" | sed 's/[][\.*^$+?(){}|]/\\&/g')" "$SYSROOT/$DB/installed/"*.manifest 2>/dev/null | grep -v "/$n.manifest\$" | head -n 1) || true
			[ -z "$owner" ] || die "$n $v" "$p belongs to package $(basename "$owner" .manifest)" "remove that package first"
		done
		new=$(new_copy)
		[ ! -f "$new/$DB/installed/$n.manifest" ] || remove_files "$new" "$new/$DB/installed/$n.manifest"
		cp -a "$t/files/." "$new/"
		install_templates "$new" "$t" "$n"
		mkdir -p "$new/$DB/installed"
		cp "$t/MANIFEST" "$new/$DB/installed/$n.manifest"
		swap_in "$new"
		echo "installed $n $v ($tc)"
	done
}

cmd_list() {
	local m idx
	if [ "${1:-}" = --store ]; then
		[ $# -ge 2 ] || die list "--store needs a folder or URL" "uni-pkg list --store DIR|URL"
		STORE=$2
		idx=$(store_index) || die list "cannot read the index of the store $STORE (above)" "check the folder or URL"
		awk '!/^#/ && NR > 1 { printf "%-16s %-36s %s built in %ss on %s  %s\n", $1, $2, $6, $7, $8, $5 }' "$idx"
		return
	fi
	for m in "$SYSROOT/$DB/installed/"*.manifest; do
		[ -f "$m" ] || continue
		printf '%-16s %-36s %s\n' "$(field "$m" name)" "$(field "$m" version)" "$(field "$m" toolchain)"
	done
}

cmd_remove() {
	local n m new
	[ $# -gt 0 ] || die remove "no package named" "uni-pkg remove NAME"
	lock_sysroot
	for n in "$@"; do
		[ -f "$SYSROOT/$DB/installed/$n.manifest" ] || die remove "package '$n' is not installed in $SYSROOT" "see uni-pkg list"
		[ "$(field "$SYSROOT/$DB/installed/$n.manifest" essential)" != yes ] ||
			die remove "$n is part of the toolchain itself (essential)" "rebuild out/ with ./build.sh, or remove the whole sysroot"
		for m in "$SYSROOT/$DB/installed/"*.manifest; do
			case " $(field "$m" deps) " in *" $n "*) die remove "$(field "$m" name) depends on $n" "remove $(field "$m" name) first" ;; esac
		done
		new=$(new_copy)
		remove_files "$new" "$new/$DB/installed/$n.manifest"
		rm -rf "$new/$DB/installed/$n.manifest" "$new/$DB/templates/$n"
		swap_in "$new"
		echo "removed $n"
	done
}

# owners: every file and link of the sysroot outside the package database belongs to exactly one
# installed package, and each kept template to an installed package that lists it; prints the
# strays and the files claimed twice, false if there are any.
owners() {
	local m
	for m in "$SYSROOT/$DB/installed/"*.manifest; do
		[ -f "$m" ] && awk '$1 == "file" || $1 == "link" { print $3 }' "$m"
	done | LC_ALL=C sort >"$WORK/owned"
	(cd "$SYSROOT" && find . ! -type d ! -path "./$DB/*" | sed 's|^\./||' | LC_ALL=C sort) >"$WORK/present"
	LC_ALL=C uniq -d "$WORK/owned" | sed 's/^/owned by two packages: /' >"$WORK/strays"
	LC_ALL=C sort -u "$WORK/owned" | LC_ALL=C comm -13 - "$WORK/present" | sed 's/^/owned by no package: /' >>"$WORK/strays"
	for m in "$SYSROOT/$DB/installed/"*.manifest; do
		[ -f "$m" ] && field "$m" template | tr ' ' '\n' | sed "/^\$/d; s|^|$DB/templates/$(basename "$m" .manifest)/|"
	done | LC_ALL=C sort >"$WORK/templates"
	(cd "$SYSROOT" && find "$DB/templates" ! -type d 2>/dev/null | LC_ALL=C sort) |
		LC_ALL=C comm -13 "$WORK/templates" - | sed 's/^/a template no installed package lists: /' >>"$WORK/strays"
	[ -s "$WORK/strays" ] || return 0
	cat "$WORK/strays" >&2
	return 1
}

# verify_templates NAME MANIFEST: each template file of NAME is exactly its kept template (whose
# SHA256 the manifest has) written for the sysroot's present prefix; says which is not.
verify_templates() {
	local p kept pre bad=0
	pre=$(prefix)
	set -f
	for p in $(field "$2" template); do
		kept=$SYSROOT/$DB/templates/$1/$p
		if [ ! -f "$kept" ] || [ "$(sha256sum <"$kept" | cut -d' ' -f1)" != "$(file_sum "$2" "$p")" ]; then
			echo "$p: its template $DB/templates/$1/$p is missing or differs from the manifest's sha256" >&2
			bad=1
		elif [ ! -f "$SYSROOT/$p" ]; then
			echo "$p: FAILED open or read" >&2
			bad=1
		elif ! instantiate "$kept" "$pre" | cmp -s - "$SYSROOT/$p"; then
			echo "$p: differs from its template written for $pre (< expected, > found):" >&2
			instantiate "$kept" "$pre" | diff - "$SYSROOT/$p" | grep '^[<>]' | head -n 4 | sed 's/^/  /' >&2
			echo "  (fix: after moving the tree, the first uni-cc call in it or sh $pre/toolchains/relocate.sh points it here; else reinstall $1)" >&2
			bad=1
		fi
	done
	set +f
	return $bad
}

cmd_verify() {
	local x m intact bad=0
	if [ $# -eq 0 ]; then
		for m in "$SYSROOT/$DB/installed/"*.manifest; do [ -f "$m" ] && set -- "$@" "$(basename "$m" .manifest)"; done
		if owners; then echo "ok every file of $SYSROOT has one owner"; else
			echo "files of $SYSROOT without exactly one owning package (above)" >&2
			bad=1
		fi
	fi
	for x in "$@"; do
		case $x in
		*.tar.*)
			unpack "$x" >/dev/null
			echo "ok $x" ;;
		*)
			m=$SYSROOT/$DB/installed/$x.manifest
			[ -f "$m" ] || die verify "package '$x' is not installed in $SYSROOT" "see uni-pkg list"
			# Template files are checked against their templates, every other file by its hash.
			intact=yes
			awk -v t=" $(field "$m" template) " '$1 == "file" && !index(t, " " $3 " ") { print $2 "  " $3 }' "$m" >"$WORK/sums"
			[ ! -s "$WORK/sums" ] || (cd "$SYSROOT" && sha256sum -c --quiet --strict -) <"$WORK/sums" >&2 || intact=no
			verify_templates "$x" "$m" || intact=no
			if [ $intact = yes ]; then
				echo "ok $x $(field "$m" version)"
			else
				echo "changed or missing files in $x (above)" >&2
				bad=1
			fi ;;
		esac
	done
	return $bad
}

# create STAGING OUTDIR KEY=VALUE...: the archive is written under a temporary name and renamed.
cmd_create() {
	local s="$1" o="$2" kv t n v tc f out
	shift 2
	t=$(mktemp -d "$WORK/create.XXXXXX")
	{
		echo "format uni-pkg 1"
		for kv in "$@"; do echo "${kv%%=*} ${kv#*=}"; done
		(cd "$s" && find . ! -type d | sed 's|^\./||' | LC_ALL=C sort) | while IFS= read -r f; do
			case $f in *' '*) die create "file name with a space: $f" "rename it in the recipe's install" ;; esac
			if [ -L "$s/$f" ]; then echo "link $(readlink "$s/$f") $f"; else echo "file $(sha256sum <"$s/$f" | cut -d' ' -f1) $f"; fi
		done
	} >"$t/MANIFEST"
	n=$(field "$t/MANIFEST" name) v=$(field "$t/MANIFEST" version) tc=$(field "$t/MANIFEST" toolchain)
	[ -n "$n" ] && [ -n "$v" ] && [ -n "$tc" ] || die create "name=, version= and toolchain= are required" "pass them as KEY=VALUE"
	set -f
	for f in $(field "$t/MANIFEST" template); do
		[ -f "$s/$f" ] && [ ! -L "$s/$f" ] && grep -qF @PREFIX@ "$s/$f" ||
			die create "template=$f names no file of $s holding @PREFIX@" "list only the staged files whose @PREFIX@ install fills in"
	done
	set +f
	out=$o/$n-$(echo "${v#*:}" | tr ':/' '__')-$tc.tar.xz
	mkdir "$t/files"
	cp -a "$s/." "$t/files/"
	tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$t" -cf - MANIFEST files | xz -T1 -6 >"$out.tmp"
	mv "$out.tmp" "$out"
	echo "$out"
}

# fetch NAME KEY OUTDIR: for ./build.sh packages: exit 3 when the store has no entry for KEY, 4
# when it cannot be read, 1 when the entry is refused (sha256, manifest); else prints the
# archive's path, build seconds and date.
cmd_fetch() {
	local idx line a rc=0
	[ "${1:-}" != --store ] || { STORE=$2; shift 2; }
	[ $# -eq 3 ] || die fetch "needs NAME KEY OUTDIR" "uni-pkg fetch [--store DIR|URL] NAME KEY OUTDIR"
	idx=$(store_index) || rc=$?
	[ "$rc" = 0 ] || { echo "uni-pkg: $1: cannot read the index of the store $STORE (above)" >&2; exit 4; }
	line=$(awk -v n="$1" -v k="$2" '$1 == n && $3 == k { l = $0 } END { print l }' "$idx")
	[ -n "$line" ] || exit 3
	a=$(store_fetch "$line" "$3")
	echo "$a $(echo "$line" | cut -d' ' -f7,8)"
}

# publish ARCHIVE: copies ARCHIVE (verified, with a key in its MANIFEST) into the local store
# under a temporary name, checks the copy's sha256, renames it, then rewrites the index (under
# a lock) with the archive's line in place of any line for the same key.
cmd_publish() {
	local a m n v key tc file sum t
	[ "${1:-}" != --store ] || { STORE=$2; shift 2; }
	[ $# -eq 1 ] || die publish "needs one ARCHIVE" "uni-pkg publish [--store DIR] ARCHIVE"
	a=$1
	! store_remote || die publish "the store $STORE is a URL, and URL stores are read-only" "publish into a folder (UNI_STORE=DIR), then serve or copy that folder"
	m=$(unpack "$a")/MANIFEST
	n=$(field "$m" name) v=$(field "$m" version) key=$(field "$m" key) tc=$(field "$m" toolchain)
	[ -n "$key" ] || die publish "$a has no 'key' line in its MANIFEST, so no build can find it in a store" "rebuild it with ./build.sh packages $n"
	file=$n-$(echo "${v#*:}" | tr ':/' '__')-$key.tar.xz
	sum=$(sha256sum "$a" | cut -d' ' -f1)
	mkdir -p "$STORE" || die publish "cannot create the store folder $STORE" "check UNI_STORE and permissions"
	t=$(mktemp "$STORE/.$file.XXXXXX")
	TMPS="$TMPS $t"
	cp "$a" "$t" || die publish "copying $a into $STORE failed" "check free space in $STORE"
	[ "$(sha256sum "$t" | cut -d' ' -f1)" = "$sum" ] || die publish "the copy in $STORE differs from $a" "check the disk holding $STORE"
	chmod 644 "$t"
	# The archive and its index line change together, under the store's lock.
	exec 7>"$STORE/.lock"
	flock 7
	mv "$t" "$STORE/$file"
	t=$(mktemp "$STORE/.index.XXXXXX")
	TMPS="$TMPS $t"
	{
		echo "format uni-store 1"
		[ ! -f "$STORE/index" ] || awk -v k="$key" 'NR > 1 && $3 != k' "$STORE/index"
		echo "$n $v $key $sum $file $tc $(field "$m" build_seconds) $(date -u +%Y-%m-%dT%H:%M:%SZ)"
	} >"$t" || die publish "writing the index of $STORE failed" "check free space in $STORE"
	chmod 644 "$t"
	mv "$t" "$STORE/index"
	echo "published $n $v as $STORE/$file"
}

cmd=${1:-}
[ $# -eq 0 ] || shift
case $cmd in
install) cmd_install "$@" ;;
list) cmd_list "$@" ;;
remove) cmd_remove "$@" ;;
verify) cmd_verify "$@" ;;
create) [ $# -ge 2 ] || die create "needs STAGING OUTDIR KEY=VALUE..." "see uni-pkg --help"; cmd_create "$@" ;;
fetch) cmd_fetch "$@" ;;
publish) cmd_publish "$@" ;;
-h | --help | help) usage ;;
*) usage >&2; die args "unknown command '$cmd'" "use install, list, remove, verify, create, fetch, publish" ;;
esac
