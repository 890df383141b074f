# Recipes: load packages/<name>/recipe, fetch its source (a Debian source package, or an npm
# package tarball with origin=npm) into the download cache and verify every file against
# packages/<name>/hashes, then unpack, patch, build and stage it under out/build/<name>/.
# Sourced by build.sh after apt-source.sh; needs: die, die_log, ROOT, OUT, CACHE, JOBS.

# recipe_load NAME: sets name, source_package, version, suite, license, deps, origin (debian or
# npm), orig_only (yes: only the Debian orig tarball is used) and inputs (repository paths the
# build also depends on) from the recipe.
recipe_load() {
	local recipe v need
	name= source_package= version= suite= license= deps= origin=debian inputs= orig_only=
	recipe=$ROOT/packages/$1/recipe
	[ -f "$recipe" ] || die "recipe" "packages/$1/recipe does not exist" "add it (see packages/musl/recipe)"
	# shellcheck disable=SC1090
	. "$recipe"
	case $origin in
	debian) need="name source_package version suite license" ;;
	npm) need="name source_package version license" ;;
	*) die "recipe" "packages/$1/recipe says origin=$origin" "use origin=debian (the default) or origin=npm" ;;
	esac
	for v in $need; do
		eval "[ -n \"\$$v\" ]" || die "recipe" "packages/$1/recipe does not set '$v'" "add '$v=...' to it"
	done
	[ "$name" = "$1" ] || die "recipe" "packages/$1/recipe says name=$name" "make name match the folder"
	case $origin/$orig_only in
	*/ | debian/yes) ;;
	*) die "recipe" "packages/$1/recipe says orig_only=$orig_only (origin=$origin)" "use orig_only=yes, with a Debian source, or leave it out" ;;
	esac
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

# recipe_npm_pack NAME TMP LOG: `npm pack` of the recipe's package@version into TMP, with npm's
# own cache under the download cache. The tarball is checked against the hashes afterwards.
recipe_npm_pack() {
	command -v npm >/dev/null ||
		die "sources" "packages/$1 comes from npm, and npm is not installed" "install it: apt-get install npm"
	(cd "$2" && npm pack --silent --cache "$CACHE/npm" "$source_package@$version") >"$3" 2>&1 ||
		die "sources" "npm pack $source_package@$version failed" "read $3 (network, or a wrong version= in packages/$1/recipe)"
}

# recipe_fetch NAME: downloads the recipe's source package to a temporary folder of the cache,
# verifies every file and only then moves them into $CACHE/src/NAME. Call recipe_load first.
recipe_fetch() {
	local n="$1" log="$OUT/logs/fetch-$1.log" codename apt tmp file want have
	if [ "$origin" = npm ]; then
		mkdir -p "$CACHE/src"
		rm -rf "$CACHE/src/.$n".*
		tmp=$(mktemp -d "$CACHE/src/.$n.XXXXXX")
		recipe_npm_pack "$n" "$tmp" "$log"
		recipe_verify_move "$n" "$tmp" "npm pack $source_package@$version"
		return
	fi
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
	# orig_only: the archive may lack the .dsc and debian/ tarball (onnxruntime in trixie); apt
	# still fetches the orig tarball, which is all the recipe uses, so whatever else arrived goes.
	[ "$orig_only" != yes ] || recipe_keep_hashed "$n" "$tmp"
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
	recipe_verify_move "$n" "$tmp" "apt-get source $source_package=$version"
}

# recipe_keep_hashed NAME DIR: removes the files of DIR that packages/NAME/hashes does not list.
recipe_keep_hashed() {
	local f
	for f in "$2"/*; do
		[ -f "$f" ] || continue
		recipe_hashes "$1" | awk -v f="${f##*/}" '$2 == f { ok = 1 } END { exit !ok }' || rm -f "$f"
	done
}

# recipe_verify_move NAME TMP WHAT: every file WHAT downloaded into TMP must be in the hashes and
# match, and every hashed file must be there; only then they move into $CACHE/src/NAME.
recipe_verify_move() {
	local n="$1" tmp="$2" dest="$CACHE/src/$1" f file want got
	recipe_hashes "$n" | while read -r want file; do
		[ -f "$tmp/$file" ] && continue
		rm -rf "$tmp"
		die "sources" "$3 did not deliver $file" "check version= and packages/$n/hashes"
	done || exit 1
	for f in "$tmp"/*; do
		file=${f##*/}
		recipe_hashes "$n" | awk -v f="$file" '$2 == f { ok = 1 } END { exit !ok }' && continue
		die "sources" "$file was downloaded but has no sha256 in packages/$n/hashes (kept in $tmp)" \
			"check it (against the .dsc, or the npm registry's integrity) and add it to packages/$n/hashes"
	done
	recipe_hashes "$n" | while read -r want file; do
		got=$(sha256sum "$tmp/$file" | cut -d' ' -f1)
		[ "$got" = "$want" ] && continue
		rm -rf "$tmp"
		die "sources" "sha256 mismatch for $file: expected $want, got $got" \
			"the download was discarded; if $source_package $version really changed at its origin, review it and update packages/$n/hashes"
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
	if [ "$origin" = npm ]; then
		# An npm tarball holds one top folder (package/).
		dsc=$CACHE/src/$n/$(recipe_hashes "$n" | awk 'NR == 1 { print $2 }')
		mkdir -p "$b/src"
		tar -xzf "$dsc" -C "$b/src" --strip-components=1 >>"$log" 2>&1 ||
			die_log "$n" "unpacking $dsc failed" "$log"
	elif [ "$orig_only" = yes ]; then
		# The orig tarball (the hashes' only file) holds one top folder; no Debian patches apply.
		dsc=$CACHE/src/$n/$(recipe_hashes "$n" | awk 'NR == 1 { print $2 }')
		mkdir -p "$b/src"
		tar -xf "$dsc" -C "$b/src" --strip-components=1 >>"$log" 2>&1 ||
			die_log "$n" "unpacking $dsc failed" "$log"
	else
		dsc=$CACHE/src/$n/${source_package}_${version#*:}.dsc
		dpkg-source -x --no-check "$dsc" "$b/src" >>"$log" 2>&1 ||
			die_log "$n" "dpkg-source -x of $dsc failed" "$log"
	fi
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
