#!/bin/bash
# examples/demo.sh: ./build.sh demo. Builds the flagship (examples/classify) as an image with the
# packaged MobileNetV2 model, boots it with uni-run -p, waits for the classifier's own /healthz
# answer, prints ready-to-paste curl commands with darknet's dog.jpg, and serves until Ctrl-C.
# With --once it classifies the dog, stops the image and says so (CI).
# Needs: OUT, ROOT, CACHE (set by build.sh, which has built the drivers and the packages).
set -eu
once=
case ${1:-} in
--once) once=1 ;;
"") ;;
*) echo "usage: ./build.sh demo [--once]" >&2; exit 2 ;;
esac
. "$ROOT/examples/demo-lib.sh"
PATH=$OUT/bin:$PATH
port=${DEMO_PORT:-8080}
# Seconds to wait for the image's first /healthz answer (it loads the model first; TCG is slow).
wait_s=${DEMO_WAIT:-300}
# Under build/: a build tree, which the relocatable check of out/ leaves alone.
demo=$OUT/build/demo
model=/usr/share/uni/models/nsfw-mobilenetv2
# examples/classify/Makefile's PACKAGES, as .pc modules.
modules="libmicrohttpd libjpeg libpng libwebp libcjson darknet"

fail() { # CAUSE FIX
	printf 'demo: %s\n  fix: %s\n' "$1" "$2" >&2
	exit 1
}

case $port in '' | *[!0-9]*) fail "DEMO_PORT=$port is not a port number" "DEMO_PORT=8081 ./build.sh demo" ;; esac
# Any answer on a taken port would pass for the demo's: refuse before building anything.
if port_busy "$port"; then
	owner=$(port_owner "$port")
	fail "port $port on this host is already in use${owner:+ (by $owner)}, so the image's -p $port:8080 cannot take it" \
		"stop that program, or pick a free port: DEMO_PORT=8081 ./build.sh demo"
fi
uni-pkg-config --exists $modules ||
	fail "uni-pkg-config does not find all of: $modules" "./build.sh packages darknet libmicrohttpd libjpeg-turbo libpng libwebp cjson"
[ -f "$OUT/sysroot$model/model.cfg" ] ||
	fail "the model is not in $OUT/sysroot$model" "./build.sh packages nsfwjs-mobilenetv2"

mkdir -p "$demo"
echo "demo       building examples/classify with make CC=uni-cc (log: $demo/build.log)"
rm -rf "$demo/src"
cp -R "$ROOT/examples/classify" "$demo/src"
make -C "$demo/src" clean >/dev/null 2>&1 || true
if ! make -C "$demo/src" CC=uni-cc PKG_CONFIG=uni-pkg-config >"$demo/build.log" 2>&1; then
	tail -n 20 "$demo/build.log"
	fail "building examples/classify failed" "read $demo/build.log"
fi
tar -xJf "$CACHE"/src/darknet/darknet_*.orig.tar.xz -C "$demo" --strip-components=2 --wildcards '*/data/dog.jpg' ||
	fail "darknet's data/dog.jpg is not in the download cache" "./build.sh packages darknet"

echo "demo       booting it: uni-run -m 512M -p $port:8080 (log: $demo/run.err)"
uni-run -m 512M -p "$port:8080" -v "$OUT/sysroot$model:$model" "$demo/src/classify" >"$demo/run.out" 2>"$demo/run.err" &
pid=$!
stop() {
	kill $pid 2>/dev/null || true
	wait $pid 2>/dev/null || true
}
trap 'stop; echo; echo "demo       stopped"; exit 0' INT TERM
t0=$(date +%s)
next=$((t0 + 15))
until healthz_ok "$port"; do
	if ! kill -0 $pid 2>/dev/null; then
		tail -n 20 "$demo/run.err" >&2
		fail "the image exited before serving (above: the end of $demo/run.err)" "read $demo/run.err"
	fi
	now=$(date +%s)
	if [ $((now - t0)) -ge "$wait_s" ]; then
		stop
		tail -n 20 "$demo/run.err" >&2
		fail "no classifier /healthz answer on port $port after ${wait_s}s" "read $demo/run.err; a slow host may need DEMO_WAIT=600"
	fi
	if [ "$now" -ge "$next" ]; then
		echo "demo       waiting for the classifier's /healthz on port $port ($((now - t0))s)"
		next=$((now + 15))
	fi
	sleep 0.2
done
echo "demo       the classify image serves on http://127.0.0.1:$port ($(($(date +%s) - t0))s after boot)"
if [ -z "$once" ]; then
	echo
	echo "  curl -s http://127.0.0.1:$port/v1/models"
	echo "  curl -s -H 'Content-Type: image/jpeg' --data-binary @$demo/dog.jpg http://127.0.0.1:$port/v1/classify"
	echo "  curl -s http://127.0.0.1:$port/metrics"
	echo
fi
echo "demo       classifying darknet's dog.jpg:"
if ! curl -fsS -m 120 -H 'Content-Type: image/jpeg' --data-binary @"$demo/dog.jpg" "http://127.0.0.1:$port/v1/classify"; then
	stop
	fail "the classify request failed" "read $demo/run.err"
fi
echo
if [ -n "$once" ]; then
	stop
	echo "demo       the image is stopped (--once); ./build.sh demo keeps it serving and prints curl commands"
	exit 0
fi
echo "demo       Ctrl-C stops it"
wait $pid
