#!/usr/bin/env bash
# Build-speed benchmark: skillpress against every peer this machine has, in one run.
#
#   bench/run.sh [SIZES...]        default sizes: 1000 10000     RUNS=5 (at least 5)
#
# For each size it generates the courses with the shared generators (deterministic; the same
# lesson prose for every tool), then runs RUNS rounds after one unmeasured warm-up round. A
# round runs every command once, one after the other, so a burst of load from other jobs hits
# all of them alike:
#
#   skillpress cold   output folder absent (CI without a cache)
#   skillpress warm   output folder (and the record beside it) holds the previous build of the
#                     same sources (CI with a cache): unchanged pages are kept, not rendered
#   skillpress edit   the same, after one lesson's text changed (an author's next build): that
#                     page and the search index are made again
#   hugo cold/warm    Debian's hugo, on gen_corpus.py's Hugo layout (skipped if not installed)
#   zola cold/warm    only when a `zola` binary is on PATH (Zola always rewrites its output)
#   cp sources        `cp -r` of the course sources into a new folder: the floor for reading
#                     the input and creating that many files
#   cp output         `cp -r` of a built skillpress site into a new folder: the floor for
#                     creating the output's files and folders
#
# Each run is timed with GNU time (wall and peak resident memory of the same run). It prints,
# per command, median and min–max wall time and the median peak memory, then the same-run
# ratios (each round's skillpress time over that round's peer time), cold and warm apart.
#
# A cold run's old output is moved aside, not deleted, right before the run; everything moved
# aside is deleted at the end. On ext4 without a journal (this machine's disk) creating a file
# within ~30 s of deleting many others makes the kernel skip the recently freed inodes one by
# one (`recently_deleted` in the inode allocator): `rm -rf` right before a cold run made the
# same `cp -r` 4× slower in system time. Moving aside keeps every tool's cold run alike.
#
# Needs python3 and /usr/bin/time (apt-get install time); hugo is optional (apt-get install hugo).
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED=${SHARED:-../shared/bench}
WORK=${WORK:-/tmp/skillpress-bench}
RUNS=${RUNS:-5}
SIZES=("${@:-1000 10000}")
# shellcheck disable=SC2206
SIZES=(${SIZES[*]})

for tool in python3 /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "needs $tool" >&2; exit 2; }
done
[ "$RUNS" -ge 5 ] || echo "warning: RUNS=$RUNS; the figures in BENCHMARKS.md use at least 5" >&2
# SP=path/to/skillpress measures that binary instead of building this checkout's.
if [ -z "${SP:-}" ]; then
  cargo build --release --quiet
  SP=$PWD/target/release/skillpress
fi
mkdir -p "$WORK"
TRASH=$WORK/trash
mkdir -p "$TRASH"
trap 'rm -rf "$TRASH"' EXIT

# one NAME KIND CMD…: runs CMD once (after moving its output aside when KIND is cold) and
# appends "NAME wall_s peak_kib" to $ROWS; a failing command stops the benchmark.
one() {
  local name=$1 kind=$2 out=$3
  shift 3
  if [ "$kind" = cold ] && [ -e "$out" ]; then
    mv "$out" "$(mktemp -d "$TRASH/x.XXXXXX")/"
  fi
  if ! /usr/bin/time -o "$WORK/time.txt" -f '%e %M' "$@" >/dev/null 2>"$WORK/stderr.txt"; then
    echo "failed: $*" >&2
    tail -n 20 "$WORK/stderr.txt" >&2
    exit 1
  fi
  echo "$name $(tail -n 1 "$WORK/time.txt")" >>"$ROWS"
}

for n in "${SIZES[@]}"; do
  echo "== $n lessons ($RUNS rounds after a warm-up; wall seconds, peak MiB)"
  course=$WORK/plain-$n
  [ -d "$course" ] || python3 "$SHARED/gen_course.py" "$n" "$course" --plain >/dev/null
  peers=()
  if command -v hugo >/dev/null; then peers+=(hugo); fi
  if command -v zola >/dev/null; then peers+=(zola); fi
  for p in "${peers[@]}"; do
    [ -d "$WORK/corpus-$n/$p" ] || python3 "$SHARED/gen_corpus.py" "$n" "$WORK/corpus-$n" --layouts "$p" >/dev/null
  done
  # A built site for the `cp output` floor, and warm output folders for every tool.
  "$SP" build --quiet --root "$course" --out "$WORK/site-$n" >/dev/null 2>&1
  ROWS=$WORK/rows-$n.txt
  : >"$ROWS"
  # The lesson the `edit` runs change (a line added, taken out again after the run).
  lesson=$(find "$course/content/modules" -name '*.md' ! -name index.md | LC_ALL=C sort | sed -n 1p)
  cp "$lesson" "$WORK/lesson.orig"
  for round in $(seq 0 "$RUNS"); do
    "$SP" build --quiet --root "$course" --out "$WORK/sp-warm-$n" >/dev/null 2>&1 # keeps it warm
    one skillpress-cold cold "$WORK/sp-cold-$n" "$SP" build --quiet --root "$course" --out "$WORK/sp-cold-$n"
    one skillpress-warm warm "$WORK/sp-warm-$n" "$SP" build --quiet --root "$course" --out "$WORK/sp-warm-$n"
    printf '\nA line added in round %s.\n' "$round" >>"$lesson"
    one skillpress-edit warm "$WORK/sp-warm-$n" "$SP" build --quiet --root "$course" --out "$WORK/sp-warm-$n"
    cp "$WORK/lesson.orig" "$lesson"
    for p in "${peers[@]}"; do
      # The peer's build command; the output folder is appended.
      case $p in
        hugo) build=(hugo --quiet -s "$WORK/corpus-$n/hugo" -d) ;;
        zola) build=(zola --root "$WORK/corpus-$n/zola" build --force --output-dir) ;;
      esac
      one "$p-cold" cold "$WORK/$p-cold-$n" "${build[@]}" "$WORK/$p-cold-$n"
      one "$p-warm" warm "$WORK/$p-warm-$n" "${build[@]}" "$WORK/$p-warm-$n"
    done
    one cp-sources cold "$WORK/cp-src-$n" cp -r "$course" "$WORK/cp-src-$n"
    one cp-output cold "$WORK/cp-out-$n" cp -r "$WORK/site-$n" "$WORK/cp-out-$n"
    # The warm-up round (0) is not counted.
    [ "$round" = 0 ] && : >"$ROWS"
  done
  python3 - "$ROWS" "${peers[@]}" <<'EOF'
import statistics, sys
rows, peers = sys.argv[1], sys.argv[2:]
runs = {}
for line in open(rows):
    name, wall, kib = line.split()
    runs.setdefault(name, []).append((float(wall), float(kib) / 1024))
def summary(name):
    walls = [w for w, _ in runs[name]]
    peak = statistics.median(m for _, m in runs[name])
    return "%-16s median %6.2f s  (%.2f–%.2f, %d runs)  peak %5.0f MiB" % (
        name, statistics.median(walls), min(walls), max(walls), len(walls), peak)
for name in runs:
    print("  " + summary(name))
def ratio(a, b):
    # Round by round: run i of `a` over run i of `b`, both from the same round.
    r = [x[0] / y[0] for x, y in zip(runs[a], runs[b])]
    return "median %.2f  (%.2f–%.2f)" % (statistics.median(r), min(r), max(r))
print("  same-run ratios (lower is better for skillpress):")
for kind in ("cold", "warm"):
    for p in peers:
        print("    %s: skillpress / %s  %s" % (kind, p, ratio("skillpress-" + kind, p + "-" + kind)))
# The peers rebuild everything into a full folder whatever changed: their warm run is their
# build after an edit.
for p in peers:
    print("    edit: skillpress / %s warm  %s" % (p, ratio("skillpress-edit", p + "-warm")))
for floor in ("cp-sources", "cp-output"):
    print("    cold: skillpress / %-10s %s" % (floor, ratio("skillpress-cold", floor)))
EOF
  site=$WORK/site-$n
  echo "  output: $(find "$site" -type f | wc -l) files in $(find "$site" -type d | wc -l) folders," \
    "$(du -sm "$site" | cut -f1) MiB; sources: $(find "$course" -type f | wc -l) files," \
    "$(du -sm "$course" | cut -f1) MiB"
  du -sb "$site/assets/nav.js" | awk '{printf "  nav.js: %.0f KiB\n", $1/1024}'
done
