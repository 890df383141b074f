# probs-lib.sh: sourced by tests/model/nsfw-mobilenetv2.test and onnx-export.test (bash): compares
# the "probs NAME P..." lines a converted model printed with TensorFlow.js's (tfjs-ref.js).
# compare_probs RUN ENGINE TOLERANCE COUNT: RUN.out against tfjs.out; per image the largest
# |ENGINE - tfjs| over its probabilities. Fails (returns 1) when one exceeds TOLERANCE, when an
# image has no reference, when not COUNT images ran, or when dog.jpg is not neutral (>= 0.95).
compare_probs() {
	awk -v run="$1" -v engine="$2" -v tol="$3" -v want="$4" '
		FNR == NR && $1 == "probs" { sub(/\.f32$/, "", $2); for (i = 3; i <= NF; i++) ref[$2, i] = $i; seen[$2] = NF; next }
		$1 == "probs" {
			if (!seen[$2]) { printf "FAIL %s: no TensorFlow.js result for %s\n", run, $2; bad = 1; next }
			if (NF != seen[$2]) { printf "FAIL %s %s: %d probabilities, TensorFlow.js has %d\n", run, $2, NF - 2, seen[$2] - 2; bad = 1 }
			m = 0
			for (i = 3; i <= NF; i++) { d = $i - ref[$2, i]; if (d < 0) d = -d; if (d > m) m = d }
			printf "%-6s %-12s max |%s - tfjs| = %.2e  neutral %.6f\n", run, $2, engine, m, $5
			if (m > tol) { printf "FAIL %s %s: differs from TensorFlow.js by %.2e > %s\n", run, $2, m, tol; bad = 1 }
			if ($2 == "dog.jpg" && $5 < 0.95) { printf "FAIL %s: dog.jpg neutral %.4f < 0.95\n", run, $5; bad = 1 }
			n++
		}
		END { if (n != want) { printf "FAIL %s: %d results, expected %d\n", run, n, want; bad = 1 }; exit bad }
	' tfjs.out "$1.out"
}
