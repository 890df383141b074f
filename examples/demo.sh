#!/bin/bash
# examples/demo.sh: ./build.sh demo. Builds the flagship (examples/classify) as an image with the
# packaged MobileNetV2 model, boots it with uni-run -p, prints ready-to-paste curl commands with
# darknet's dog.jpg, and serves until Ctrl-C. With --once it classifies the dog and stops (CI).
# Needs: OUT, ROOT, CACHE (set by build.sh, which has built the drivers and the packages).
set -eu
once=
case ${1:-} in
--once) once=1 ;;
"") ;;
*) echo "usage: ./build.sh demo [--once]" >&2; exit 2 ;;
esac
PATH=$OUT/bin:$PATH
port=${DEMO_PORT:-8080}
# Under build/: a build tree, which the relocatable check of out/ leaves alone.
demo=$OUT/build/demo
model=/usr/share/uni/models/nsfw-mobilenetv2
mkdir -p "$demo"
echo "demo       building examples/classify with make CC=uni-cc (log: $demo/build.log)"
rm -rf "$demo/src"
cp -R "$ROOT/examples/classify" "$demo/src"
make -C "$demo/src" clean >/dev/null 2>&1 || true
if ! make -C "$demo/src" CC=uni-cc PKG_CONFIG=uni-pkg-config >"$demo/build.log" 2>&1; then
	tail -n 20 "$demo/build.log"
	echo "demo: building examples/classify failed; read $demo/build.log" >&2
	exit 1
fi
tar -xJf "$CACHE"/src/darknet/darknet_*.orig.tar.xz -C "$demo" --strip-components=2 --wildcards '*/data/dog.jpg' ||
	{ echo "demo: darknet's data/dog.jpg is not in the download cache; run ./build.sh packages darknet" >&2; exit 1; }
uni-run -m 512M -p "$port:8080" -v "$OUT/sysroot$model:$model" "$demo/src/classify" >"$demo/run.out" 2>"$demo/run.err" &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; echo; echo "demo       stopped"; exit 0' INT TERM
for _ in $(seq 600); do
	curl -s -m 2 "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
	kill -0 $pid 2>/dev/null || { cat "$demo/run.err" >&2; echo "demo: the image exited before serving" >&2; exit 1; }
	sleep 0.2
done
echo "demo       the classify image serves on http://127.0.0.1:$port (uni-run log: $demo/run.err)"
echo
echo "  curl -s http://127.0.0.1:$port/v1/models"
echo "  curl -s -H 'Content-Type: image/jpeg' --data-binary @$demo/dog.jpg http://127.0.0.1:$port/v1/classify"
echo "  curl -s http://127.0.0.1:$port/metrics"
echo
curl -s -H 'Content-Type: image/jpeg' --data-binary @"$demo/dog.jpg" "http://127.0.0.1:$port/v1/classify"
echo
if [ -n "$once" ]; then
	kill $pid 2>/dev/null
	wait $pid 2>/dev/null || true
	exit 0
fi
echo "demo       Ctrl-C stops it"
wait $pid
