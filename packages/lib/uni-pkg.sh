#!/bin/sh
# uni-pkg: binary packages of sysroot libraries: creates them (build.sh), and installs, lists,
# removes and verifies them in a sysroot without building anything. Installed as out/bin/uni-pkg.
#
# An archive NAME-VERSION-TOOLCHAIN.tar.xz holds MANIFEST and files/ (the tree relative to the
# sysroot). MANIFEST lines: "format uni-pkg 1", "name N", "version V", "source ...", "license L",
# "deps D...", "toolchain T", "build_seconds S", "source_sha256 FILE:HASH...", then one
# "file SHA256 PATH" or "link TARGET PATH" per entry. A sysroot records its toolchain version in
# usr/share/uni-pkg/toolchain and each installed package's manifest in usr/share/uni-pkg/installed/.
# Every change builds a new sysroot beside the old one and swaps it in with renames: nothing is
# ever half-installed.
set -eu

usage() {
	cat <<EOF
usage: uni-pkg [--sysroot DIR] COMMAND ...
  install ARCHIVE...   install binary packages (checks hashes, toolchain version, dependencies)
  list                 installed packages: name, version, toolchain
  remove NAME...       remove packages no installed package depends on
  verify [NAME|ARCHIVE...]  check installed files (default: all packages) or archives
  create STAGING OUTDIR KEY=VALUE...  write an archive (used by ./build.sh packages)
The sysroot defaults to <dir of uni-pkg>/../sysroot.
EOF
}
die() { echo "uni-pkg: $1: $2${3:+ (fix: $3)}" >&2; exit 1; }

SYSROOT=$(cd "$(dirname "$0")/.." && pwd)/sysroot
if [ "${1:-}" = --sysroot ]; then
	[ $# -ge 2 ] || die args "--sysroot needs a folder" "uni-pkg --sysroot DIR COMMAND"
	SYSROOT=$2
	shift 2
fi
DB=usr/share/uni-pkg
TMPS=
cleanup() { [ -z "$TMPS" ] || rm -rf $TMPS; }
trap cleanup EXIT
trap 'exit 130' INT TERM

field() { # MANIFEST KEY: the value of "KEY value"
	sed -n "s/^$2 //p; s/^$2\$//p" "$1" | head -n 1
}

# unpack ARCHIVE: extracts and checks it into a fresh temporary folder, printed on stdout.
unpack() {
	local a="$1" t
	[ -f "$a" ] || die "$a" "no such archive" "give the path of a .tar.xz from out/packages/"
	t=$(mktemp -d "${TMPDIR:-/tmp}/uni-pkg.XXXXXX")
	TMPS="$TMPS $t"
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
	awk '$1 == "file" || $1 == "link" { print $3 }' "$t/MANIFEST" | LC_ALL=C sort >"$t/listed"
	(cd "$t/files" && find . ! -type d | sed 's|^\./||' | LC_ALL=C sort) >"$t/present"
	if ! cmp -s "$t/listed" "$t/present"; then
		die "$a" "the archive is corrupt: its files are not those its MANIFEST lists: $(diff "$t/listed" "$t/present" | grep '^[<>]' | head -n 3 | tr '\n' ' ')" "rebuild it"
	fi
	echo "$t"
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

remove_files() { # ROOT MANIFEST: deletes the manifest's entries below ROOT, then empty folders
	awk '$1 == "file" || $1 == "link" { print $3 }' "$2" | while read -r p; do
		rm -f "$1/$p"
		d=$(dirname "$p")
		while [ "$d" != . ] && rmdir "$1/$d" 2>/dev/null; do d=$(dirname "$d"); done
	done
}

cmd_install() {
	local a t n v tc have d new owner p
	[ $# -gt 0 ] || die install "no archive given" "uni-pkg install out/packages/NAME-....tar.xz"
	[ -d "$SYSROOT/usr" ] || die install "$SYSROOT is not a sysroot (no usr/)" "pass --sysroot DIR"
	lock_sysroot
	have=$(cat "$SYSROOT/$DB/toolchain" 2>/dev/null) ||
		die install "$SYSROOT has no $DB/toolchain, so its toolchain version is unknown" "run ./build.sh packages once, or copy it from the sysroot the packages were built for"
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
		mkdir -p "$new/$DB/installed"
		cp "$t/MANIFEST" "$new/$DB/installed/$n.manifest"
		swap_in "$new"
		echo "installed $n $v ($tc)"
	done
}

cmd_list() {
	local m
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
		for m in "$SYSROOT/$DB/installed/"*.manifest; do
			case " $(field "$m" deps) " in *" $n "*) die remove "$(field "$m" name) depends on $n" "remove $(field "$m" name) first" ;; esac
		done
		new=$(new_copy)
		remove_files "$new" "$new/$DB/installed/$n.manifest"
		rm -f "$new/$DB/installed/$n.manifest"
		swap_in "$new"
		echo "removed $n"
	done
}

cmd_verify() {
	local x m bad=0
	if [ $# -eq 0 ]; then
		for m in "$SYSROOT/$DB/installed/"*.manifest; do [ -f "$m" ] && set -- "$@" "$(basename "$m" .manifest)"; done
	fi
	for x in "$@"; do
		case $x in
		*.tar.*)
			unpack "$x" >/dev/null
			echo "ok $x" ;;
		*)
			m=$SYSROOT/$DB/installed/$x.manifest
			[ -f "$m" ] || die verify "package '$x' is not installed in $SYSROOT" "see uni-pkg list"
			if awk '$1 == "file" { print $2 "  " $3 }' "$m" | (cd "$SYSROOT" && sha256sum -c --quiet --strict -) >&2; then
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
	t=$(mktemp -d "${TMPDIR:-/tmp}/uni-pkg.XXXXXX")
	TMPS="$TMPS $t"
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
	out=$o/$n-$(echo "${v#*:}" | tr ':/' '__')-$tc.tar.xz
	mkdir "$t/files"
	cp -a "$s/." "$t/files/"
	tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$t" -cf - MANIFEST files | xz -T1 -6 >"$out.tmp"
	mv "$out.tmp" "$out"
	echo "$out"
}

cmd=${1:-}
[ $# -eq 0 ] || shift
case $cmd in
install) cmd_install "$@" ;;
list) cmd_list ;;
remove) cmd_remove "$@" ;;
verify) cmd_verify "$@" ;;
create) [ $# -ge 2 ] || die create "needs STAGING OUTDIR KEY=VALUE..." "see uni-pkg --help"; cmd_create "$@" ;;
-h | --help | help) usage ;;
*) usage >&2; die args "unknown command '$cmd'" "use install, list, remove, verify" ;;
esac
