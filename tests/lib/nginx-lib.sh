# nginx-lib.sh: builds nginx (packages/nginx) as a PVH image and natively with nginx's own
# ./configure and make, starts either server on a loopback port serving a docroot, and records
# what it answers to a fixed set of curl requests. Sourced from bash by tests/servers/nginx.test
# and bench/nginx.sh; needs UNI_SRC, UNI_OUT and the uni drivers on PATH. Works under set -e.
. "$UNI_SRC/tests/lib/examples-recipe.sh"
. "$UNI_SRC/tests/lib/server-lib.sh"

# configure options of both builds: no rewrite module, as it needs PCRE, which is neither in the
# sysroot nor installed here (packages/nginx/recipe). gzip stays: zlib is in both.
NGINX_CONFIGURE_ARGS=(--without-http_rewrite_module --without-pcre)
# The port nginx listens on in an image (uni-run -p forwards a free host port to it).
NGINX_GUEST_PORT=8080

# nginx_build DIR: fetches and unpacks packages/nginx twice, builds DIR/native with the host's cc
# and DIR/img with --with-cc=uni-cc (objs/nginx a PVH image). nginx's configure compiles test
# programs and runs them, reading their answers (type sizes, whether a call works) from their
# stdout: with UNI_DIRECT=1 the images it builds run as host processes on the process platform,
# so configure needs no cached answers (docs/PLATFORMS.md, "What a directly executed image
# sees"). Returns 77 when the sources cannot be downloaded, 1 on any other failure.
nginx_build() {
	local dir=$1 rc=0 t0 side
	mkdir -p "$dir"
	examples_fetch nginx >"$dir/fetch.log" 2>&1 || rc=$?
	[ $rc = 0 ] || { cat "$dir/fetch.log"; return $rc; }
	rm -rf "$dir/native" "$dir/img"
	examples_unpack nginx "$dir/native" || return 1
	cp -a "$dir/native" "$dir/img"
	t0=$(date +%s)
	(cd "$dir/native" && ./configure "${NGINX_CONFIGURE_ARGS[@]}") >"$dir/native.build.log" 2>&1 &&
		make -C "$dir/native" -j2 >>"$dir/native.build.log" 2>&1 ||
		{ tail -n 20 "$dir/native.build.log"; echo "nginx: building natively failed (log: $dir/native.build.log)"; return 1; }
	(cd "$dir/img" && UNI_DIRECT=1 ./configure --with-cc=uni-cc "${NGINX_CONFIGURE_ARGS[@]}") >"$dir/img.build.log" 2>&1 &&
		make -C "$dir/img" -j2 >>"$dir/img.build.log" 2>&1 ||
		{ tail -n 20 "$dir/img.build.log"; echo "nginx: building with uni-cc failed (log: $dir/img.build.log)"; return 1; }
	for side in img native; do
		if readelf -n "$dir/$side/objs/nginx" | grep -q Xen; then
			[ $side = img ] || { echo "nginx: $dir/native/objs/nginx is a PVH image"; return 1; }
		else
			[ $side = native ] || { echo "nginx: $dir/img/objs/nginx is not a PVH image"; return 1; }
		fi
	done
	echo "built nginx natively and as an image in $(($(date +%s) - t0))s"
}

# nginx_docroot DIR: fills DIR with the files the test and the benchmark fetch: a 6-byte file, a
# 10 MB random one, a 100 KB one, a text file that gzip compresses, and a folder with an index.
nginx_docroot() {
	mkdir -p "$1/dir"
	printf 'hello\n' >"$1/hello.txt"
	head -c 10485760 /dev/urandom >"$1/big.bin"
	head -c 102400 /dev/urandom >"$1/100k.bin"
	seq 1 20000 >"$1/numbers.txt"
	printf '<p>index of dir</p>\n' >"$1/dir/index.html"
}

# nginx_conf FILE PORT ROOT MIMETYPES: writes a configuration for one process in the foreground
# (no master, no daemon: an image cannot fork), logging errors to stderr and no accesses,
# listening on PORT and serving ROOT. Redirects name no host, so that the image's (which knows
# only its guest port) and the native server's agree.
nginx_conf() {
	cat >"$1" <<EOF
daemon off;
master_process off;
worker_processes 1;
error_log stderr notice;
pid nginx.pid;
events { worker_connections 512; }
http {
    include $4;
    default_type application/octet-stream;
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 1000000;
    absolute_redirect off;
    gzip on;
    gzip_types text/plain;
    server {
        listen $2;
        root $3;
    }
}
EOF
}

# nginx_wait_ready PORT PID: waits up to 60 s for an HTTP answer on PORT while PID lives.
nginx_wait_ready() {
	local _
	for _ in $(seq 300); do
		[ "$(curl -s -o /dev/null -m 2 -w '%{http_code}' "http://127.0.0.1:$1/" 2>/dev/null)" != 000 ] && return 0
		kill -0 "$2" 2>/dev/null || return 1
		sleep 0.2
	done
	return 1
}

# nginx_start NAME DIR WWW [UNI-RUN-OPTION...]: starts a server in the background serving the
# docroot WWW, logging to NAME.out and NAME.err, and sets NGINX_PID and NGINX_PORT once it
# answers. NAME native runs DIR/native/objs/nginx on a free loopback port with prefix NAME.prefix;
# any other NAME boots DIR/img/objs/nginx with uni-run and the options, WWW and its
# configuration given as volumes, its port forwarded to one that uni-run picks. Returns 1, with
# the server's last lines, when it does not answer.
nginx_start() {
	local name=$1 dir=$2 www=$3 _
	shift 3
	NGINX_PORT=
	: >"$name.out"
	: >"$name.err"
	rm -rf "$name.prefix"
	mkdir -p "$name.prefix/conf"
	cp "$dir/native/conf/mime.types" "$name.prefix/conf/"
	if [ "$name" = native ]; then
		for _ in 1 2 3 4 5; do
			NGINX_PORT=$((20000 + RANDOM % 30000))
			nginx_conf "$name.prefix/conf/nginx.conf" "127.0.0.1:$NGINX_PORT" "$www" mime.types
			"$dir/native/objs/nginx" -p "$PWD/$name.prefix/" -e stderr -c conf/nginx.conf \
				>>"$name.out" 2>>"$name.err" &
			NGINX_PID=$!
			nginx_wait_ready "$NGINX_PORT" $NGINX_PID && return 0
			kill $NGINX_PID 2>/dev/null || true
			wait $NGINX_PID 2>/dev/null || true
		done
	else
		nginx_conf "$name.prefix/conf/nginx.conf" "$NGINX_GUEST_PORT" /www mime.types
		uni-run "$@" -m 256M --timeout 7200 -p "$NGINX_GUEST_PORT" -v "$www:/www:ro" \
			-v "$PWD/$name.prefix:/nginx" "$dir/img/objs/nginx" -p /nginx/ -e stderr -c conf/nginx.conf \
			>>"$name.out" 2>>"$name.err" &
		NGINX_PID=$!
		NGINX_PORT=$(server_forwarded_port "$name.err" "$NGINX_GUEST_PORT")
		[ -n "$NGINX_PORT" ] && nginx_wait_ready "$NGINX_PORT" $NGINX_PID && return 0
	fi
	tail -n 20 "$name.out" "$name.err"
	echo "nginx: the $name server did not answer"
	return 1
}

# nginx_stop: ends the server nginx_start started (server_stop).
nginx_stop() { server_stop "$NGINX_PID"; }

# nginx_answer NAME CURL-ARG...: fetches with curl from the server nginx_start started and prints
# one line: NAME, the status, the headers that must not depend on the server's build or place
# (not Date; Location relative, as nginx_conf asks) and the body's sha256 (for a gzip-encoded one,
# that of the decoded body, since two zlib builds may compress differently).
nginx_answer() {
	local name=$1 headers body
	shift
	headers=$(mktemp "$PWD/headers.XXXXXX")
	body=$(mktemp "$PWD/body.XXXXXX")
	curl -sS -m 120 -D "$headers" -o "$body" "$@" || echo "curl failed with status $?" >>"$body"
	# For a HEAD (curl -I) curl writes the headers to the body's file too.
	cmp -s "$headers" "$body" && : >"$body"
	if grep -qi '^content-encoding: gzip' "$headers"; then
		gzip -dc <"$body" >"$body.plain" && mv "$body.plain" "$body"
	fi
	printf '%s | %s | %s\n' "$name" \
		"$(tr -d '\r' <"$headers" | grep -i -e '^HTTP/' -e '^content-' -e '^etag:' -e '^last-modified:' \
			-e '^location:' -e '^accept-ranges:' -e '^connection:' -e '^server:' | LC_ALL=C sort | paste -sd ';')" \
		"$(sha256sum <"$body" | cut -d' ' -f1)"
	rm -f "$headers" "$body"
}

# nginx_answers URL-BASE: the answers (nginx_answer) to the requests the test compares, one a
# line: the 6-byte file, the 10 MB one, a 404, a HEAD, a range, conditional GETs, gzip, a folder's
# redirect and index, and a request that curl sends over a kept-alive connection (curl's
# num_connects of the second transfer is 0 when it reused the first's connection).
nginx_answers() {
	local u=$1 etag
	nginx_answer hello "$u/hello.txt"
	nginx_answer big "$u/big.bin"
	nginx_answer missing "$u/missing"
	nginx_answer head -I "$u/big.bin"
	nginx_answer range -r 100-199 "$u/big.bin"
	nginx_answer ranges -r 0-9,-10 "$u/100k.bin"
	etag=$(curl -sS -I "$u/hello.txt" | tr -d '\r' | sed -n 's/^[Ee][Tt]ag: //p')
	nginx_answer if-none-match -H "If-None-Match: $etag" "$u/hello.txt"
	nginx_answer gzip -H 'Accept-Encoding: gzip' "$u/numbers.txt"
	nginx_answer dir-redirect "$u/dir"
	nginx_answer dir-index "$u/dir/"
	echo "keep-alive | $(curl -sS -o /dev/null -o /dev/null -w '%{http_code}:%{num_connects} ' "$u/hello.txt" "$u/100k.bin")"
}
