# classify-lib.sh: helpers for tests/classify/*.test (sourced from bash): build examples/classify
# with its own Makefile, make the test model and images, run the server natively or as an image
# behind uni-run -p, send requests with curl and check the answers.
set -u
cd "$TEST_TMP"

fail() { echo "FAIL: $*"; exit 1; }
skip() { echo "skipped: $*"; exit 77; }

CLASSIFY_SRC=$UNI_SRC/examples/classify
CACHE=${UNI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/uni}
PHOTOS="dog person horses eagle"

need_classify_tools() {
	local m
	command -v curl >/dev/null || skip "curl is not installed (./build.sh installs it as a host package)"
	for m in libmicrohttpd libjpeg libpng libwebp libcjson darknet zlib; do
		uni-pkg-config --exists "$m" ||
			fail "package '$m' is not in $UNI_OUT/sysroot: run ./build.sh packages (log: $UNI_OUT/logs/pkg-*.log)"
	done
}

# classify_build linux|pvh DIR [MAKE-VARIABLE=VALUE...]: a fresh copy of examples/classify in DIR,
# built by its Makefile with uni-cc for that platform; the program is DIR/classify.
classify_build() {
	local platform=$1 dir=$2 cc=uni-cc
	shift 2
	[ "$platform" = linux ] && cc="uni-cc --uni-platform=linux"
	mkdir -p "$dir/src"
	cp "$CLASSIFY_SRC/Makefile" "$CLASSIFY_SRC/CMakeLists.txt" "$dir/" && cp "$CLASSIFY_SRC"/src/*.[ch] "$dir/src/" ||
		fail "cannot copy $CLASSIFY_SRC"
	make -C "$dir" CC="$cc" PKG_CONFIG=uni-pkg-config "$@" >"$dir.build.log" 2>&1 ||
		{ tail -n 30 "$dir.build.log"; fail "make CC='$cc' PKG_CONFIG=uni-pkg-config in a copy of examples/classify"; }
}

# classify_fixture DIR: the tiny 5-class test model (tests/classify/fixture.c) in DIR.
classify_fixture() {
	mkdir -p "$1"
	uni-cc --uni-platform=linux -O2 -Wall -o fixture "$UNI_SRC/tests/classify/fixture.c" >fixture.log 2>&1 ||
		{ cat fixture.log; fail "cannot build tests/classify/fixture.c"; }
	./fixture "$1" || fail "fixture could not write the test model into $1"
}

# classify_images DIR: darknet's photos (PHOTOS, from its verified source package) and, made from
# dog.jpg: dog.png, dog-rgba16i.png, dog-gray.png, dog.webp, dog-lossy.webp, huge.png (declares
# 100000x100000), truncated.jpg (the first half of dog.jpg), random.bin (bytes with no signature).
classify_images() {
	local dir=$1 p flags rc
	. "$UNI_SRC/tests/lib/examples-recipe.sh"
	examples_fetch darknet >fetch.log 2>&1
	rc=$?
	[ $rc = 0 ] || cat fetch.log
	[ $rc = 77 ] && skip "darknet's source package (the test photos) cannot be downloaded"
	[ $rc = 0 ] || fail "fetching darknet's source package failed"
	mkdir -p "$dir"
	tar -xJf "$CACHE"/src/darknet/darknet_*.orig.tar.xz -C "$dir" --strip-components=2 \
		$(for p in $PHOTOS; do echo "darknet/data/$p.jpg"; done) || fail "cannot take data/*.jpg from darknet's source"
	flags=$(uni-pkg-config --cflags --libs --static libjpeg libpng libwebp zlib)
	# shellcheck disable=SC2086
	uni-cc --uni-platform=linux -O2 -Wall -o images "$UNI_SRC/tests/classify/images.c" $flags >images.log 2>&1 ||
		{ cat images.log; fail "cannot build tests/classify/images.c"; }
	./images "$dir/dog.jpg" "$dir" dog || fail "images could not convert dog.jpg"
	head -c $(($(wc -c <"$dir/dog.jpg") / 2)) "$dir/dog.jpg" >"$dir/truncated.jpg"
	{ printf 'not an image'; head -c 4096 /dev/urandom; } >"$dir/random.bin"
}

SERVER_PID=
# classify_start_native PROGRAM [ARG...]: runs PROGRAM --port 0 ARG... and waits until it
# listens; sets URL. Its stderr goes to server.err.
classify_start_native() {
	local prog=$1 port i
	shift
	"$prog" --port 0 "$@" >server.out 2>server.err &
	SERVER_PID=$!
	for i in $(seq 300); do
		grep -q 'listening on port' server.err && break
		kill -0 "$SERVER_PID" 2>/dev/null || { cat server.err; fail "the server exited before listening"; }
		sleep 0.1
	done
	port=$(sed -n 's/.*listening on port \([0-9]*\):.*/\1/p' server.err)
	[ -n "$port" ] || { cat server.err; fail "the server did not listen within 30 s"; }
	URL=http://127.0.0.1:$port
}

UNIRUN_OPTS=() # more uni-run options for classify_start_image, e.g. (-v DIR:/models/NAME)
UNIRUN_TIMEOUT=1500 # seconds before uni-run ends the image: a guard against a hung guest

# classify_start_image GUESTPORT IMAGE [ARG...]: boots IMAGE ARG... under uni-run with a free host
# port forwarded to GUESTPORT, waits until the server listens (uni-run forwards the port from the
# start); sets URL. uni-run's and the guest's stderr go to server.err.
classify_start_image() {
	local guest=$1 port i
	shift
	uni-run --timeout "$UNIRUN_TIMEOUT" -m 512M -p "$guest" "${UNIRUN_OPTS[@]}" "$@" >server.out 2>server.err &
	SERVER_PID=$!
	for i in $(seq 1800); do
		port=$(sed -n "s/^uni-run: 127\.0\.0\.1:\([0-9]*\) -> guest port $guest\/tcp.*/\1/p" server.err)
		[ -n "$port" ] && grep -q 'listening on port' server.err && break
		kill -0 "$SERVER_PID" 2>/dev/null || { tail -n 30 server.err; fail "uni-run exited before the image listened"; }
		sleep 0.1
	done
	[ -n "$port" ] && grep -q 'listening on port' server.err || { tail -n 30 server.err; fail "the image did not listen within 180 s"; }
	URL=http://127.0.0.1:$port
}

# classify_stop: SIGTERM to the server (uni-run passes it on to the program), then waits for
# it; sets STOP_STATUS.
classify_stop() {
	[ -n "$SERVER_PID" ] || return 0
	kill "$SERVER_PID" 2>/dev/null
	wait "$SERVER_PID" 2>/dev/null
	STOP_STATUS=$?
	SERVER_PID=
}

# classify_stop_clean: classify_stop, and the server stopped as its README promises: its SIGTERM
# handler ran ("stopping" on stderr) and it exited 0.
classify_stop_clean() {
	classify_stop
	grep -q 'classify: SIGTERM: stopping' server.err || { tail -n 5 server.err; fail "the server did not take SIGTERM"; }
	[ "$STOP_STATUS" = 0 ] || { tail -n 5 server.err; fail "the server exited $STOP_STATUS after SIGTERM, not 0"; }
	echo "SIGTERM: the server stopped cleanly (status 0)"
}
trap classify_stop EXIT

ANSWERS=. # where ask keeps answers
ASK_SECONDS=120 # how long ask waits for an answer

# ask NAME CURL-ARG...: one request with curl; in $ANSWERS, the body goes to NAME.body, the status
# to NAME.code (000 when the connection failed: the test fails), the headers to NAME.head.
ask() {
	local name=$ANSWERS/$1
	shift
	curl -sS --max-time "$ASK_SECONDS" -o "$name.body" -D "$name.head" -w '%{http_code}' "$@" >"$name.code" 2>"$name.curl"
	[ "$(cat "$name.code")" != 000 ] || { cat "$name.curl"; fail "$1: curl $* got no answer"; }
}

# post NAME CONTENT-TYPE FILE [CURL-ARG...]: POST FILE's bytes to /v1/classify$QUERY.
post() {
	local name=$1 type=$2 file=$3
	shift 3
	ask "$name" -H "Content-Type: $type" --data-binary "@$file" "$@" "$URL/v1/classify${QUERY:-}"
}

# expect NAME STATUS [FIXED-STRING]: NAME's answer has STATUS and its body contains the string.
expect() {
	local got
	got=$(cat "$ANSWERS/$1.code")
	[ "$got" = "$2" ] || { cat "$ANSWERS/$1.body"; echo; fail "$1: status $got, expected $2"; }
	[ $# -lt 3 ] || grep -qF -e "$3" "$ANSWERS/$1.body" || { cat "$ANSWERS/$1.body"; echo; fail "$1: the body lacks '$3'"; }
	echo "ok $1: $got $(head -c 160 "$ANSWERS/$1.body")"
}

# predictions NAME: the predictions array of NAME's answer.
predictions() {
	sed -n 's/.*\("predictions":\[[^]]*\]\).*/\1/p' "$ANSWERS/$1.body"
}

# same_predictions NAME OTHER: both answers name the same labels with the same scores.
same_predictions() {
	[ -n "$(predictions "$1")" ] && [ "$(predictions "$1")" = "$(predictions "$2")" ] ||
		fail "$1 and $2 should give the same predictions: $(predictions "$1") vs $(predictions "$2")"
	echo "ok $1 = $2"
}

# without_timing FILE: FILE's JSON without its inference_ms field.
without_timing() {
	sed 's/,"inference_ms":[-0-9.e+]*//' "$1"
}

# classify_requests IMAGES: every endpoint and every kind of bad input, against $URL, answers in
# $ANSWERS. The server must run with --max-body 2M. classify_expectations checks the answers.
classify_requests() {
	local img=$1 p
	head -c 3000000 /dev/zero >big.bin
	printf -- '--XyZ\r\nContent-Disposition: form-data; name="image"; filename="dog.jpg"\r\n\r\n' >mp-truncated
	head -c 5000 "$img/dog.jpg" >>mp-truncated
	printf -- '--XyZ\r\nContent-Disposition: form-data; name="note"\r\n\r\nhello\r\n--XyZ--\r\n' >mp-nofile
	printf -- '--XyZ\r\nContent-Disposition: form-data; name="image"; filename="a.jpg"\r\n\r\n\r\n--XyZ--\r\n' >mp-empty
	ask healthz "$URL/healthz"
	ask models "$URL/v1/models"
	ask head-healthz -I "$URL/healthz"
	post jpeg image/jpeg "$img/dog.jpg"
	post png image/png "$img/dog.png"
	post png-rgba16-interlaced image/png "$img/dog-rgba16i.png"
	post png-gray image/png "$img/dog-gray.png"
	post webp-lossless image/webp "$img/dog.webp"
	post webp-lossy image/webp "$img/dog-lossy.webp"
	post octet-stream application/octet-stream "$img/dog.jpg"
	ask multipart -F "image=@$img/dog.jpg" "$URL/v1/classify"
	ask multipart-second-part -F note=hello -F "image=@$img/dog.png;type=application/octet-stream" -F "other=@$img/person.jpg" "$URL/v1/classify"
	for p in $PHOTOS; do post "photo-$p" image/jpeg "$img/$p.jpg"; done
	QUERY='?top_k=2' post top-k-2 image/jpeg "$img/dog.jpg"
	QUERY='?top_k=0' post top-k-0 image/jpeg "$img/dog.jpg"
	QUERY='?top_k=all' post top-k-word image/jpeg "$img/dog.jpg"
	post truncated-jpeg image/jpeg "$img/truncated.jpg"
	post random-bytes image/jpeg "$img/random.bin"
	post random-octets application/octet-stream "$img/random.bin"
	post huge-png image/png "$img/huge.png"
	post empty-body image/png /dev/null
	post text-plain text/plain "$img/dog.jpg"
	ask form-urlencoded --data-binary "@$img/dog.jpg" "$URL/v1/classify"
	post too-large image/jpeg big.bin
	post too-large-chunked image/jpeg big.bin -H "Transfer-Encoding: chunked"
	ask get-classify "$URL/v1/classify"
	ask post-healthz -d x "$URL/healthz"
	ask delete-models -X DELETE "$URL/v1/models"
	ask unknown-path "$URL/v2/nothing"
	ask post-unknown-path -d x "$URL/nothing"
	post mp-no-boundary multipart/form-data "$img/dog.jpg"
	post mp-garbage "multipart/form-data; boundary=XyZ" "$img/random.bin"
	post mp-truncated "multipart/form-data; boundary=XyZ" mp-truncated
	post mp-no-file "multipart/form-data; boundary=XyZ" mp-nofile
	post mp-empty-file "multipart/form-data; boundary=XyZ" mp-empty
	ask healthz-after "$URL/healthz"
	post jpeg-after image/jpeg "$img/dog.jpg"
	ask metrics "$URL/metrics"
}

# classify_expectations: the statuses and contents classify_requests must have received.
classify_expectations() {
	local p
	expect healthz 200 '{"status":"ok"}'
	expect models 200 '"labels":["drawing","hentai","neutral","porn","sexy"]'
	expect head-healthz 200
	# curl -I writes the headers as its output: anything more would be a body.
	cmp -s "$ANSWERS/head-healthz.body" "$ANSWERS/head-healthz.head" || fail "HEAD /healthz answered with a body"
	expect jpeg 200 '"image":{"format":"jpeg","width":768,"height":576},"predictions":[{"label":'
	[ "$(predictions jpeg | grep -o '"label"' | wc -l)" = 5 ] || fail "jpeg: expected 5 predictions (top-k 5)"
	expect png 200 '"format":"png"'
	expect png-rgba16-interlaced 200 '"format":"png"'
	expect png-gray 200 '"format":"png"'
	expect webp-lossless 200 '"format":"webp"'
	expect webp-lossy 200 '"format":"webp"'
	expect octet-stream 200 '"format":"jpeg"'
	expect multipart 200 '"format":"jpeg"'
	expect multipart-second-part 200 '"format":"png"'
	# The same pixels give the same answer, whatever the container.
	for p in png png-rgba16-interlaced webp-lossless octet-stream multipart multipart-second-part jpeg-after; do
		same_predictions "$p" jpeg
	done
	for p in $PHOTOS; do expect "photo-$p" 200 '"predictions":[{"label":'; done
	expect top-k-2 200
	[ "$(predictions top-k-2 | grep -o '"label"' | wc -l)" = 2 ] || fail "top_k=2: expected 2 predictions"
	expect top-k-0 400 'top_k'
	expect top-k-word 400 'top_k'
	expect truncated-jpeg 400 'truncated'
	expect random-bytes 415 'not a JPEG, PNG or WebP'
	expect random-octets 415 'not a JPEG, PNG or WebP'
	expect huge-png 422 '100000x100000'
	expect empty-body 400 'empty'
	expect text-plain 415 'text/plain'
	expect form-urlencoded 415 'application/x-www-form-urlencoded'
	expect too-large 413 'limit'
	expect too-large-chunked 413 'limit'
	expect get-classify 405 'allowed: POST'
	grep -qi '^Allow: POST' "$ANSWERS/get-classify.head" || fail "405 without 'Allow: POST'"
	expect post-healthz 405 'allowed: GET, HEAD'
	expect delete-models 405
	expect unknown-path 404
	expect post-unknown-path 404
	expect mp-no-boundary 400 'boundary'
	expect mp-garbage 400 'malformed multipart'
	expect mp-truncated 400 'malformed multipart'
	expect mp-no-file 400 'no file part'
	expect mp-empty-file 400 'empty'
	expect healthz-after 200
	expect jpeg-after 200
	for p in healthz models jpeg metrics; do
		grep -qi '^Content-Type: \(application/json\|text/plain; version=0.0.4\)' "$ANSWERS/$p.head" ||
			fail "$p: wrong Content-Type: $(grep -i content-type "$ANSWERS/$p.head")"
	done
}

# classify_load REQUESTS CLIENTS IMAGE: POSTs IMAGE (a JPEG) REQUESTS times to $URL/v1/classify
# from CLIENTS concurrent curl processes, each keeping its connection alive; fails on any
# connection error or non-200 answer; prints throughput and latency percentiles (not asserted).
classify_load() {
	local requests=$1 clients=$2 image=$3 t0 seconds errors answers ok
	# client N: its share of the requests in one curl, one "status seconds" line per request.
	cat >client.sh <<'SH'
#!/bin/bash
n=$(( $2 / $3 + ($1 < $2 % $3 ? 1 : 0) ))
urls=()
for i in $(seq "$n"); do urls+=(-o /dev/null "$4/v1/classify"); done
curl -sS --max-time 120 -w '%{http_code} %{time_total}\n' -H 'Content-Type: image/jpeg' \
	--data-binary "@$5" "${urls[@]}" >"client-$1.out" 2>"client-$1.err"
echo $? >"client-$1.rc"
SH
	chmod +x client.sh
	rm -f client-*.out client-*.err client-*.rc
	t0=$(date +%s%N)
	seq 0 $((clients - 1)) | xargs -P "$clients" -I{} ./client.sh {} "$requests" "$clients" "$URL" "$image"
	seconds=$(awk -v a="$t0" -v b="$(date +%s%N)" 'BEGIN { printf "%.2f", (b - a) / 1e9 }')
	cat client-*.out >all.out
	errors=$(cat client-*.rc | grep -vc '^0$')
	[ "$errors" = 0 ] || { cat client-*.err | sort | uniq -c; fail "$errors of $clients clients had connection errors"; }
	answers=$(wc -l <all.out)
	ok=$(grep -c '^200 ' all.out)
	[ "$answers" = "$requests" ] || fail "$answers answers for $requests requests"
	[ "$ok" = "$requests" ] || { cut -d' ' -f1 all.out | sort | uniq -c; fail "only $ok of $requests answers were 200"; }
	sort -n -k2 all.out | awk -v s="$seconds" -v n="$requests" -v c="$clients" '{ t[NR] = $2 * 1000 }
		END { printf "measured: %d requests, %d clients, %.2f s, %.0f requests/s; latency ms p50 %.1f p90 %.1f p99 %.1f max %.1f\n",
		      n, c, s, n / s, t[int(n * 0.5)], t[int(n * 0.9)], t[int(n * 0.99)], t[n] }'
}
