#!/usr/bin/env bash
# Build-speed benchmark: skillpress against Hugo (when installed) on the same synthetic lessons,
# with the peers' published figures from ../shared/bench/README.md for Zola and mdBook.
#
#   bench/run.sh [SIZES...]        default sizes: 1000 10000
#
# Generates the courses with the shared generators (deterministic), builds skillpress in release
# mode, then for each size: full builds into a warm output folder (the usual case: CI caches,
# the dev server) and into an empty one, Hugo alternating with skillpress, median of 5 after a
# warm-up, wall time and peak memory (GNU time). Also the full (non-plain) course with quiz
# banks and cases. Needs python3, hyperfine and /usr/bin/time (apt-get install hyperfine time);
# Hugo is optional (apt-get install hugo).
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED=${SHARED:-../shared/bench}
WORK=${WORK:-/tmp/skillpress-bench}
RUNS=${RUNS:-5}
SIZES=("${@:-1000 10000}")
# shellcheck disable=SC2206
SIZES=(${SIZES[*]})

for tool in python3 hyperfine /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "needs $tool" >&2; exit 2; }
done
cargo build --release --quiet
SP=$PWD/target/release/skillpress
mkdir -p "$WORK"

peak() { # peak RSS in MiB of one run of the command
  /usr/bin/time -f '%M' "$@" 2>&1 >/dev/null | tail -n 1 | awk '{printf "%.0f", $1/1024}'
}

median_of() { # JSON file from hyperfine, command index → median seconds
  python3 -c "import json,sys; print('%.2f' % json.load(open(sys.argv[1]))['results'][int(sys.argv[2])]['median'])" "$1" "$2"
}

for n in "${SIZES[@]}"; do
  echo "== $n lessons"
  [ -d "$WORK/plain-$n" ] || python3 "$SHARED/gen_course.py" "$n" "$WORK/plain-$n" --plain >/dev/null
  [ -d "$WORK/full-$n" ] || python3 "$SHARED/gen_course.py" "$n" "$WORK/full-$n" >/dev/null
  cmds=("$SP build --quiet --root $WORK/plain-$n --out $WORK/out-plain-$n")
  names=("skillpress (warm output)")
  if command -v hugo >/dev/null; then
    [ -d "$WORK/corpus-$n/hugo" ] || python3 "$SHARED/gen_corpus.py" "$n" "$WORK/corpus-$n" --layouts hugo >/dev/null
    cmds+=("hugo --quiet -s $WORK/corpus-$n/hugo -d $WORK/out-hugo-$n")
    names+=("hugo")
  fi
  cmds+=("$SP build --quiet --root $WORK/full-$n --out $WORK/out-full-$n")
  names+=("skillpress, full course (quizzes, cases)")
  hyperfine --warmup 1 --runs "$RUNS" --export-json "$WORK/warm-$n.json" "${cmds[@]}" >/dev/null
  hyperfine --runs "$RUNS" --prepare "rm -rf $WORK/out-cold-$n" --export-json "$WORK/cold-$n.json" \
    "$SP build --quiet --root $WORK/plain-$n --out $WORK/out-cold-$n" >/dev/null
  for i in "${!names[@]}"; do
    echo "  ${names[$i]}: median $(median_of "$WORK/warm-$n.json" "$i") s"
  done
  echo "  skillpress (empty output folder): median $(median_of "$WORK/cold-$n.json" 0) s"
  echo "  peak memory: skillpress $(peak $SP build --quiet --root "$WORK/plain-$n" --out "$WORK/out-plain-$n") MiB" \
       "(full course $(peak $SP build --quiet --root "$WORK/full-$n" --out "$WORK/out-full-$n") MiB)"
  rm -rf "$WORK/out-cold-$n"
  echo "  peak memory into an empty folder: skillpress $(peak $SP build --quiet --root "$WORK/plain-$n" --out "$WORK/out-cold-$n") MiB"
  if command -v hugo >/dev/null; then
    echo "  peak memory: hugo $(peak hugo --quiet -s "$WORK/corpus-$n/hugo" -d "$WORK/out-hugo-$n") MiB"
  fi
  sp=$(median_of "$WORK/warm-$n.json" 0)
  full_index=$((${#names[@]} - 1))
  python3 -c "print('  full course / plain: %.2f' % ($(median_of "$WORK/warm-$n.json" "$full_index") / $sp))"
  case $n in
    1000) zola=0.91 ;;
    10000) zola=12.0 ;;
    *) zola= ;;
  esac
  [ -n "$zola" ] && python3 -c "print('  ratio to Zola (published %s s): %.2f' % ('$zola', $sp / $zola))"
  if command -v hugo >/dev/null; then
    python3 -c "print('  ratio to Hugo (same run): %.2f' % ($sp / $(median_of "$WORK/warm-$n.json" 1)))"
  fi
  du -sb "$WORK/out-plain-$n/assets/nav.js" | awk '{printf "  nav.js: %.0f KiB\n", $1/1024}'
  [ -f "$WORK/out-plain-$n/assets/search-index.js" ] && du -sb "$WORK/out-plain-$n/assets/search-index.js" | awk '{printf "  search-index.js: %.0f KiB\n", $1/1024}'
done
