# server-lib.sh: what the real servers' benchmarks (bench/redis.sh, bench/nginx.sh) share.
# Sourced from bash; needs HERE (bench/).

# ratio A B: A / B with two decimals, "-" when either is not a positive number.
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a + 0 > 0 && b + 0 > 0) printf "%.2f", a / b; else print "-" }'; }

# bench_publish NAME: prints table.md and writes it to bench/results/<date>-NAME.md
# ($UNI_BENCH_RESULTS/ instead when set); rows.txt, when there is one, goes to $UNI_BENCH_ROWS
# (bench/run.sh --servers).
bench_publish() {
	local dest=${UNI_BENCH_RESULTS:-$HERE/results}
	cat table.md
	if [ -n "${UNI_BENCH_ROWS:-}" ] && [ -f rows.txt ]; then
		cat rows.txt >>"$UNI_BENCH_ROWS"
	fi
	mkdir -p "$dest"
	cp table.md "$dest/$(date -u +%Y-%m-%d)-$1.md"
	echo "written to $dest/$(date -u +%Y-%m-%d)-$1.md"
}
