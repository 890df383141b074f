# Recipes: load packages/<name>/recipe, fetch its Debian source package into the download
# cache and verify every file against packages/<name>/hashes, then unpack, patch, build and
# stage it under out/build/<name>/. Sourced by build.sh after apt-source.sh;
# needs: die, die_log, ROOT, OUT, CACHE, JOBS.

# recipe_load NAME: sets name, source_package, version, suite, license, deps from the recipe.
recipe_load() {
	local recipe v
	name= source_package= version= suite= license= deps=
	recipe=$ROOT/packages/$1/recipe
	[ -f "$recipe" ] || die "recipe" "packages/$1/recipe does not exist" "add it (see packages/musl/recipe)"
	# shellcheck disable=SC1090
	. "$recipe"
	for v in name source_package version suite license; do
		eval "[ -n \"\$$v\" ]" || die "recipe" "packages/$1/recipe does not set '$v'" "add '$v=...' to it"
	done
	[ "$name" = "$1" ] || die "recipe" "packages/$1/recipe says name=$name" "make name match the folder"
	[ -f "$ROOT/packages/$1/hashes" ] ||
		die "recipe" "packages/$1/hashes is missing" "list the sha256 of every file of $source_package $version"
}

# recipe_hashes NAME: prints the "sha256  file" lines of packages/NAME/hashes.
recipe_hashes() {
	grep -v -e '^#' -e '^[[:space:]]*$' "$ROOT/packages/$1/hashes"
}

# recipe_sources_ok NAME: true when every file in the hashes is in the cache and matches.
recipe_sources_ok() {
	[ -d "$CACHE/src/$1" ] || return 1
	recipe_hashes "$1" | (cd "$CACHE/src/$1" && sha256sum -c --status --strict - 2>/dev/null)
}

# recipe_fetch NAME: downloads the recipe's source package to a temporary folder of the cache,
# verifies every file and only then moves them into $CACHE/src/NAME. Call recipe_load first.
recipe_fetch() {
	local n="$1" dest="$CACHE/src/$1" log="$OUT/logs/fetch-$1.log" codename apt tmp f file want got have
	codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
	# Another release's package (lwip 2.2 is in trixie) comes through the same archives, with
	# its own private index.
	apt="$CACHE/apt"
	[ "$suite" = "$codename" ] || apt="$CACHE/apt-$suite"
	case " ${APT_SOURCE_UPDATED:-} " in
	*" $suite "*) ;;
	*)	apt_source_update "$apt" "$suite"
		APT_SOURCE_UPDATED="${APT_SOURCE_UPDATED:-} $suite" ;;
	esac
	mkdir -p "$CACHE/src"
	rm -rf "$CACHE/src/.$n".*
	tmp=$(mktemp -d "$CACHE/src/.$n.XXXXXX")
	apt_source_get "$apt" "$source_package" "$version" "$tmp"
	mv "$tmp/apt-source.log" "$log"
	recipe_hashes "$n" | while read -r want file; do
		[ -f "$tmp/$file" ] && continue
		rm -rf "$tmp"
		if grep -q -e 'Can not find version' -e 'Unable to find a source package' "$log"; then
			# shellcheck disable=SC2046
			have=$(apt-cache $(apt_source_opts "$apt") showsrc "$source_package" 2>/dev/null |
				sed -n 's/^Version: //p' | sort -u | tr '\n' ' ')
			die "sources" "Debian has no source package '$source_package' version '$version' in suite '$suite' (or $suite-updates, $suite-security)" \
				"correct version= in packages/$n/recipe; versions there: ${have:-none}(log: $log)"
		fi
		die "sources" "apt-get source $source_package=$version did not deliver $file" "read $log"
	done || exit 1
	for f in "$tmp"/*; do
		file=${f##*/}
		recipe_hashes "$n" | awk -v f="$file" '$2 == f { ok = 1 } END { exit !ok }' && continue
		die "sources" "$file was downloaded but has no sha256 in packages/$n/hashes (kept in $tmp)" \
			"check it against the .dsc and add it to packages/$n/hashes"
	done
	recipe_hashes "$n" | while read -r want file; do
		got=$(sha256sum "$tmp/$file" | cut -d' ' -f1)
		[ "$got" = "$want" ] && continue
		rm -rf "$tmp"
		die "sources" "sha256 mismatch for $file: expected $want, got $got" \
			"the download was discarded; if Debian really changed $source_package $version, review it and update packages/$n/hashes"
	done || exit 1
	mkdir -p "$dest"
	for f in "$tmp"/*; do mv -f "$f" "$dest/"; done
	rmdir "$tmp"
}

# recipe_stage NAME: unpacks, patches, builds and installs the recipe into out/build/NAME/staging,
# logging to out/logs/NAME.log (or $RECIPE_LOG), then runs the recipe's recipe_check on the staging tree.
recipe_stage() {
	local n="$1" b="$OUT/build/$1" log="${RECIPE_LOG:-$OUT/logs/$1.log}" dsc p
	rm -rf "$b"
	mkdir -p "$b"
	: >"$log"
	dsc=$CACHE/src/$n/${source_package}_${version#*:}.dsc
	dpkg-source -x --no-check "$dsc" "$b/src" >>"$log" 2>&1 ||
		die_log "$n" "dpkg-source -x of $dsc failed" "$log"
	for p in "$ROOT/packages/$n/patches"/*.patch; do
		[ -f "$p" ] || continue
		echo "== patch ${p#"$ROOT"/}" >>"$log"
		(cd "$b/src" && patch -p1 --batch --forward <"$p") >>"$log" 2>&1 ||
			die_log "$n" "patch ${p#"$ROOT"/} does not apply to $source_package $version" "$log"
	done
	mkdir -p "$b/staging"
	echo "== build" >>"$log"
	# A child shell, so that set -e stops the recipe's functions at their first failure.
	(cd "$b/src" && STAGING=$b/staging JOBS=$JOBS RECIPE_DIR=$ROOT/packages/$n sh -ec '
		. "$1"; recipe_configure; recipe_build; recipe_install' sh "$ROOT/packages/$n/recipe") \
		>>"$log" 2>&1 || die_log "$n" "building $source_package $version failed" "$log"
	echo "== check" >>"$log"
	(STAGING=$b/staging sh -ec '. "$1"; if command -v recipe_check >/dev/null; then recipe_check; fi' \
		sh "$ROOT/packages/$n/recipe") >>"$log" 2>&1 ||
		die_log "$n" "the staged $n failed its recipe_check" "$log"
}
