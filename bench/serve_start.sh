#!/usr/bin/env bash
# Start-up time of the dev server: from starting `skillpress serve` to the line with its URL,
# which it prints when its first build is done.
#
#   bench/serve_start.sh SKILLPRESS_BIN COURSE_DIR OUT_DIR
#
# Prints the wall time and the server's own summary of that build (`Built … in N ms`, with how
# many pages it kept from the last `build` of OUT_DIR). Build OUT_DIR with `skillpress build`
# first to measure a start that can reuse its pages. Stops the server afterwards.
set -euo pipefail
bin=$1 course=$2 out=$3
log=$(mktemp)
trap 'rm -f "$log"' EXIT
start=$(date +%s.%N)
"$bin" serve --root "$course" --out "$out" --port 0 >"$log" 2>&1 &
pid=$!
for _ in $(seq 1 3000); do
  grep -q '^Serving' "$log" && break
  sleep 0.02
done
end=$(date +%s.%N)
kill "$pid"
wait "$pid" 2>/dev/null || true
python3 -c "import sys; print('%.2f s' % (float(sys.argv[2]) - float(sys.argv[1])))" "$start" "$end"
grep '^Built' "$log" | head -n 1
