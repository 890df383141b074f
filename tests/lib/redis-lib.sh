# redis-lib.sh: builds Redis (packages/redis) as a PVH image and natively with redis's own
# Makefile, starts either server on a loopback port, and runs redis's own test suite against it.
# Sourced from bash by tests/servers/redis.test and bench/redis.sh; needs UNI_SRC, UNI_OUT and
# the uni drivers on PATH. Works under set -e.
. "$UNI_SRC/tests/lib/examples-recipe.sh"
. "$UNI_SRC/tests/lib/server-lib.sh"

# Make variables of both builds: musl's or glibc's malloc instead of the bundled jemalloc, and no
# TLS or systemd (neither library is in the sysroot; packages/redis/recipe).
REDIS_MAKE_VARS=(MALLOC=libc BUILD_TLS=no USE_SYSTEMD=no)
# Both servers' settings: those of redis's own CI job for an external server
# (.github/workflows/external.yml in its source), plus protected-mode off, because in an image
# the clients arrive from the user network's gateway, not from loopback.
REDIS_SERVER_ARGS=(--save "" --protected-mode no --enable-protected-configs yes
	--enable-debug-command yes --enable-module-command yes)

# redis_build DIR: fetches and unpacks packages/redis twice, builds DIR/native with the host's cc
# and DIR/img with CC=uni-cc (every program a PVH image). Returns 77 when the sources cannot be
# downloaded, 1 on any other failure (the reason printed).
redis_build() {
	local dir=$1 rc=0 t0
	mkdir -p "$dir"
	examples_fetch redis >"$dir/fetch.log" 2>&1 || rc=$?
	[ $rc = 0 ] || { cat "$dir/fetch.log"; return $rc; }
	examples_unpack redis "$dir/native" || return 1
	cp -a "$dir/native" "$dir/img"
	t0=$(date +%s)
	make -C "$dir/native" -j2 "${REDIS_MAKE_VARS[@]}" >"$dir/native.build.log" 2>&1 ||
		{ tail -n 20 "$dir/native.build.log"; echo "redis: building natively failed (log: $dir/native.build.log)"; return 1; }
	make -C "$dir/img" -j2 CC=uni-cc "${REDIS_MAKE_VARS[@]}" >"$dir/img.build.log" 2>&1 ||
		{ tail -n 20 "$dir/img.build.log"; echo "redis: building with uni-cc failed (log: $dir/img.build.log)"; return 1; }
	readelf -n "$dir/img/src/redis-server" | grep -q Xen ||
		{ echo "redis: $dir/img/src/redis-server is not a PVH image"; return 1; }
	readelf -n "$dir/native/src/redis-server" | grep -q Xen &&
		{ echo "redis: $dir/native/src/redis-server is a PVH image"; return 1; }
	echo "built redis natively and as an image in $(($(date +%s) - t0))s"
}

# redis_wait_ready LOG PID: waits up to 60 s for the server PID to log that it is ready.
redis_wait_ready() {
	local _
	for _ in $(seq 600); do
		grep -q "Ready to accept connections" "$1" 2>/dev/null && return 0
		kill -0 "$2" 2>/dev/null || return 1
		sleep 0.1
	done
	return 1
}

# redis_start NAME DIR [UNI-RUN-OPTION...]: starts a server in the background, logging to
# NAME.out and NAME.err, and sets REDIS_PID and REDIS_PORT once it accepts connections. NAME
# native runs DIR/native/src/redis-server on a free loopback port; any other NAME boots
# DIR/img/src/redis-server with uni-run and the options, its port 6379 forwarded to one that
# uni-run picks. Returns 1, with the server's last lines, when it does not get ready.
redis_start() {
	local name=$1 dir=$2 _
	shift 2
	REDIS_PORT=
	# Emptied here, not by the background job's own redirection, which may come after the first
	# look for "Ready" and leave the previous server's lines there to be found.
	: >"$name.out"
	: >"$name.err"
	if [ "$name" = native ]; then
		# An empty working directory, as an image's is on every boot: no dump.rdb of the last
		# server's to load.
		rm -rf "$name.data"
		mkdir "$name.data"
		for _ in 1 2 3 4 5; do
			REDIS_PORT=$((20000 + RANDOM % 30000))
			"$dir/native/src/redis-server" --port "$REDIS_PORT" --dir "$PWD/$name.data" "${REDIS_SERVER_ARGS[@]}" \
				>>"$name.out" 2>>"$name.err" &
			REDIS_PID=$!
			redis_wait_ready "$name.out" $REDIS_PID && return 0
			kill $REDIS_PID 2>/dev/null || true
			wait $REDIS_PID 2>/dev/null || true
		done
	else
		uni-run "$@" -m 1G --timeout 7200 -p 6379 "$dir/img/src/redis-server" "${REDIS_SERVER_ARGS[@]}" \
			>>"$name.out" 2>>"$name.err" &
		REDIS_PID=$!
		if redis_wait_ready "$name.out" $REDIS_PID; then
			REDIS_PORT=$(sed -n 's/^uni-run: 127.0.0.1:\([0-9]*\) -> guest port 6379\/tcp$/\1/p' "$name.err")
			[ -n "$REDIS_PORT" ] && return 0
		fi
	fi
	tail -n 20 "$name.out" "$name.err"
	echo "redis: the $name server did not get ready"
	return 1
}

# redis_stop: ends the server redis_start started (server_stop).
redis_stop() { server_stop "$REDIS_PID"; }

# redis_unit NAME DIR UNIT LOG ONLY [UNI-RUN-OPTION...]: runs one unit of redis's test suite from
# DIR/native (Tcl, on the host) in its external-server mode against a freshly started server NAME
# (redis_start), the whole unit when the file ONLY is empty, else only the tests it names (one a
# line, redis's --only: exact names). Options as redis's CI job for an external server (--tags
# -slow), plus --durable (a test's exception fails that test and the unit goes on) and one
# --skiptest (below). Writes LOG (the suite's output) and LOG's .server.log (the server's), and
# prints "UNIT ok|err TEST" for each test and "UNIT aborted" for each exception outside a test
# (the tests after it in its block or unit did not run). Returns 1 when the server did not start.
redis_unit() {
	local name=$1 dir=$2 unit=$3 log=$4 only=$5 test attempt
	# The long-chain SRANDMEMBER test kills the server's fork child by its pid, which only a
	# server started by the suite itself tells (later redis versions tag it external:skip).
	local -a args=(--host 127.0.0.1 --single "$unit" --tags -slow --durable --timeout 900
		--skiptest "SRANDMEMBER with a dict containing long chain")
	shift 5
	while IFS= read -r test; do args+=(--only "$test"); done <"$only"
	redis_start "$name" "$dir" "$@" >"${log%.log}.start.log" || { cat "${log%.log}.start.log"; return 1; }
	# The suite's own test server listens on one of the 32 ports below --baseport (21111 by
	# default), which another program (a concurrent run, a connection's ephemeral port) may hold:
	# then its bind fails before any test runs, and the suite runs again below another, random
	# --baseport under 20000 (redis_start's native ports and Linux's ephemeral ones are above).
	for attempt in 1 2 3; do
		(cd "$dir/native" && ./runtest "${args[@]}" --port "$REDIS_PORT") >"$log" 2>&1
		grep -q -e "socket -server accept_test_clients" -e "^Can't find a non busy port" "$log" || break
		args+=(--baseport $((10032 + RANDOM % 9900)))
	done
	redis_stop
	cat "$name.out" "$name.err" >"${log%.log}.server.log"
	# Colours off; "[ok]: TEST (N ms)", "[err]: TEST in tests/UNIT.tcl"; an "[exception]: ..."
	# (the unit ended there) or an "[err]: ..." naming no test (--durable's, for an exception
	# outside a test: the rest of its start_server block did not run) makes an "aborted" line.
	sed 's/\x1b\[[0-9;]*m//g' "$log" | sed -n -e "s|^\[ok\]: \(.*\) ([0-9]* ms)\$|$unit ok \1|p" \
		-e "s|^\[err\]: \(.*\) in tests/.*\.tcl\$|$unit err \1|p" \
		-e "s|^\[exception\]: .*|$unit aborted|p" -e "s|^\[err\]: .*|$unit aborted|p"
}

# redis_suite NAME DIR [UNI-RUN-OPTION...]: runs every unit of redis's test suite with redis_unit,
# each against a freshly started server: a unit that stops at an exception (an image cannot fork,
# so `config set appendonly yes` fails) would otherwise end the whole run, and the settings it
# left would leak into the next. Writes NAME.units/UNIT.log, UNIT.server.log and NAME.results
# (redis_unit's lines, sorted).
redis_suite() {
	local name=$1 dir=$2 unit
	shift 2
	mkdir -p "$name.units"
	: >"$name.results.tmp"
	: >"$name.units/all"
	for unit in $(cd "$dir/native" && ./runtest --list-tests); do
		redis_unit "$name" "$dir" "$unit" "$name.units/${unit//\//_}.log" "$name.units/all" "$@" \
			>>"$name.results.tmp" || return 1
	done
	LC_ALL=C sort "$name.results.tmp" >"$name.results"
	rm -f "$name.results.tmp"
}
