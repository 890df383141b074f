# memcached-lib.sh: builds memcached (packages/memcached) as a PVH image and natively with its own
# ./configure and make, starts either server on a loopback port with given options, and runs
# memcached's own test files (t/*.t, Perl) against it. Sourced from bash by
# tests/servers/memcached.test and bench/memcached.sh; needs UNI_SRC, UNI_OUT and the uni drivers
# on PATH. Works under set -e.
. "$UNI_SRC/tests/lib/examples-recipe.sh"
. "$UNI_SRC/tests/lib/server-lib.sh"

# Options of every server: an image's program runs as root, and memcached refuses root without
# -u (the suite itself adds it when it runs as root, t/lib/MemcachedTest.pm). No UDP.
MEMCACHED_ARGS=(-u root -U 0)

# memcached_build DIR: fetches and unpacks packages/memcached twice, builds DIR/native with the
# host's cc against the host's libevent and DIR/img with ./configure --host=TRIPLE (uni-cc, the
# sysroot's libevent; every program a PVH image). Both default to no TLS and no SASL. Returns 77
# when the sources cannot be downloaded, 1 on any other failure (the reason printed).
memcached_build() {
	local dir=$1 rc=0 t0 side
	mkdir -p "$dir"
	examples_fetch memcached >"$dir/fetch.log" 2>&1 || rc=$?
	[ $rc = 0 ] || { cat "$dir/fetch.log"; return $rc; }
	rm -rf "$dir/native" "$dir/img"
	examples_unpack memcached "$dir/native" || return 1
	cp -a "$dir/native" "$dir/img"
	t0=$(date +%s)
	(cd "$dir/native" && ./configure && make -j2) >"$dir/native.build.log" 2>&1 ||
		{ tail -n 20 "$dir/native.build.log"; echo "memcached: building natively failed (log: $dir/native.build.log)"; return 1; }
	(cd "$dir/img" && ./configure --host="$(uni-cc -dumpmachine)" && make -j2) >"$dir/img.build.log" 2>&1 ||
		{ tail -n 20 "$dir/img.build.log"; echo "memcached: building with uni-cc failed (log: $dir/img.build.log)"; return 1; }
	for side in img native; do
		if readelf -n "$dir/$side/memcached" | grep -q Xen; then
			[ $side = img ] || { echo "memcached: $dir/native/memcached is a PVH image"; return 1; }
		else
			[ $side = native ] || { echo "memcached: $dir/img/memcached is not a PVH image"; return 1; }
		fi
	done
	echo "built memcached natively and as an image in $(($(date +%s) - t0))s"
}

# memcached_answers PORT: true when a server on 127.0.0.1:PORT answers a binary-protocol version
# request (the first byte of the answer is the response magic, 0x81): a server started with
# -B binary ignores a text command, and the default -B auto answers either.
memcached_answers() {
	local magic
	{ exec 3<>"/dev/tcp/127.0.0.1/$1"; } 2>/dev/null || return 1
	printf '\x80\x0b%022d' 0 | tr 0 '\0' >&3
	magic=$(timeout 5 head -c 1 <&3 2>/dev/null | od -An -tx1 | tr -d ' ')
	exec 3<&-
	[ "$magic" = 81 ]
}

# memcached_wait_ready PORT PID: waits up to 60 s for an answer on PORT while PID lives (a server
# that could not bind PORT has exited: the answer was another's).
memcached_wait_ready() {
	local _
	for _ in $(seq 300); do
		memcached_answers "$1" && kill -0 "$2" 2>/dev/null && return 0
		kill -0 "$2" 2>/dev/null || return 1
		sleep 0.2
	done
	return 1
}

# memcached_start NAME PROGRAM "OPTIONS" [UNI-RUN-OPTION...]: starts DIR's PROGRAM (memcached or
# memcached-debug) in the background with MEMCACHED_ARGS and the OPTIONS (one word-split string),
# logging to NAME.out and NAME.err, and sets MEMCACHED_PID and MEMCACHED_PORT once it answers.
# NAME native runs DIR/native/PROGRAM on a free loopback port; any other NAME boots
# DIR/img/PROGRAM with uni-run and the options, its port 11211 forwarded to one uni-run picks.
# DIR is MEMCACHED_DIR. Returns 1, with the server's last lines, when it does not answer.
memcached_start() {
	local name=$1 program=$2 _
	local -a options
	read -r -a options <<<"$3"
	shift 3
	MEMCACHED_PORT=
	: >"$name.out"
	: >"$name.err"
	if [ "$name" = native ]; then
		for _ in 1 2 3 4 5; do
			MEMCACHED_PORT=$((20000 + RANDOM % 30000))
			"$MEMCACHED_DIR/native/$program" "${MEMCACHED_ARGS[@]}" -l 127.0.0.1 -p "$MEMCACHED_PORT" \
				"${options[@]}" </dev/null >>"$name.out" 2>>"$name.err" &
			MEMCACHED_PID=$!
			memcached_wait_ready "$MEMCACHED_PORT" $MEMCACHED_PID && return 0
			kill $MEMCACHED_PID 2>/dev/null || true
			wait $MEMCACHED_PID 2>/dev/null || true
		done
	else
		uni-run "$@" -m 512M --timeout 7200 -p 11211 "$MEMCACHED_DIR/img/$program" "${MEMCACHED_ARGS[@]}" \
			"${options[@]}" </dev/null >>"$name.out" 2>>"$name.err" &
		MEMCACHED_PID=$!
		MEMCACHED_PORT=$(server_forwarded_port "$name.err" 11211)
		[ -n "$MEMCACHED_PORT" ] && memcached_wait_ready "$MEMCACHED_PORT" $MEMCACHED_PID && return 0
	fi
	tail -n 20 "$name.out" "$name.err"
	echo "memcached: the $name server did not answer"
	return 1
}

# memcached_stop: ends the server memcached_start started (server_stop).
memcached_stop() { server_stop "$MEMCACHED_PID"; }

# memcached_suite NAME FILES [UNI-RUN-OPTION...]: runs each test file FILES lists ("run FILE
# OPTIONS..." lines; tests/servers/memcached-files.txt) with prove, from DIR/native (the suite
# runs memcached-debug -h there to learn the build's features), against a fresh memcached-debug
# of server NAME started with that file's OPTIONS (T_MEMD_USE_DAEMON: the suite connects instead
# of starting its own). Writes NAME.files/FILE.log (prove -v) and FILE.server.log, and
# NAME.results: per file, one "FILE N ok|not-ok" line per subtest and a "FILE result WORD" line
# (prove's Result: PASS, FAIL, NOTESTS; "noserver" when the server did not start, "none" when
# prove printed no result: it was stopped after 300 s). The servers and prove read /dev/null: the
# loop's input is FILES, which QEMU (the serial console) would otherwise read to its end.
memcached_suite() {
	local name=$1 files=$2 kind file options log
	shift 2
	mkdir -p "$name.files"
	: >"$name.results"
	while read -r kind file options; do
		[ "$kind" = run ] || continue
		log=$name.files/$file.log
		[ "$options" = - ] && options=
		# relaxed_privileges, which only memcached-debug knows: the suite adds it to every server.
		if ! memcached_start "$name" memcached-debug "-o relaxed_privileges $options" "$@" >"$log" 2>&1; then
			echo "$file result noserver" >>"$name.results"
			continue
		fi
		(cd "$MEMCACHED_DIR/native" && T_MEMD_USE_DAEMON=127.0.0.1:$MEMCACHED_PORT timeout 300 prove -v "t/$file") \
			</dev/null >>"$log" 2>&1
		memcached_stop
		cat "$name.out" "$name.err" >"${log%.log}.server.log"
		sed -n -e "s/^ok \([0-9]*\).*/$file \1 ok/p" -e "s/^not ok \([0-9]*\).*/$file \1 not-ok/p" \
			-e "s/^Result: \(.*\)/$file result \1/p" "$log" >>"$name.results"
		grep -q '^Result: ' "$log" || echo "$file result none" >>"$name.results"
	done <"$files"
}
