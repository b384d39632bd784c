#!/usr/bin/env bash
# Benchmarks `qa` as whole processes against ripgrep, on the shipped bank and on synthetic banks of 10k and
# 100k questions (examples/gen_corpus.rs), and writes the medians and the targets to BENCHMARKS.md.
#
#   scripts/bench.sh            full run (shipped, 10k, 100k; ~2 minutes of measuring once built), writes BENCHMARKS.md
#   scripts/bench.sh --quick    10k only, fewer runs; writes target/bench/BENCHMARKS-quick.md
#   scripts/bench.sh --output FILE
#
# Non-interactive and safe under CI=true: it installs ripgrep, hyperfine, jq and GNU time when missing (apt as
# root, else cargo install), works in target/bench/, never touches corpus/ (the shipped bank is copied first),
# and keeps the hand-written "## Analysis" section of an existing report.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

QUICK=0
OUTPUT=
while (($#)); do
    case $1 in
        --quick) QUICK=1 ;;
        --output) OUTPUT=${2:?--output needs a file}; shift ;;
        -h | --help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "bench.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
    esac
    shift
done
if ((QUICK)); then
    BANKS=(10k) BUILD_RUNS=2 EDIT_RUNS=5 SEARCH_RUNS=10 RSS_RUNS=1
    OUTPUT=${OUTPUT:-target/bench/BENCHMARKS-quick.md}
else
    BANKS=(shipped 10k 100k) BUILD_RUNS=5 EDIT_RUNS=20 SEARCH_RUNS=30 RSS_RUNS=3
    OUTPUT=${OUTPUT:-BENCHMARKS.md}
fi
SEED=42
QUERY=(middleware request)
RG_PATTERN='middleware|request'
TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
WORK=$TARGET_DIR/bench
QA=$TARGET_DIR/release/qa
GEN=$TARGET_DIR/release/examples/gen_corpus
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

say() { printf '\n== %s\n' "$*" >&2; }
die() { echo "bench.sh: $*" >&2; exit 1; }

# --- tools -------------------------------------------------------------------------------------------------
APT_UPDATED=0
apt_install() {
    command -v apt-get >/dev/null && [[ $(id -u) == 0 ]] || return 1
    if ((!APT_UPDATED)); then apt-get update -qq >/dev/null && APT_UPDATED=1 || return 1; fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}
# need COMMAND APT_PACKAGE [CRATE]: apt first (fast, prebuilt), cargo install as the fallback.
need() {
    command -v "$1" >/dev/null && return 0
    echo "bench.sh: installing $2" >&2
    apt_install "$2" || { [[ -n ${3:-} ]] && cargo install --locked "$3"; } || die "cannot install $1"
}
need rg ripgrep ripgrep
need hyperfine hyperfine hyperfine
need jq jq
[[ -x /usr/bin/time ]] || apt_install time || die "GNU time (/usr/bin/time) is needed for peak RSS"

STYLE=full
[[ -n ${CI:-} || ! -t 2 ]] && STYLE=basic
# bench NAME RUNS [hyperfine options...] -- COMMAND...: one hyperfine run, JSON kept as $WORK/NAME.json.
bench() {
    local name=$1 runs=$2
    shift 2
    hyperfine -N --style "$STYLE" --output=pipe --runs "$runs" --export-json "$WORK/$name.json" "$@" >&2
}
# median NAME [I]: median seconds of the I-th command of a bench.
median() { jq -r ".results[${2:-0}].median" "$WORK/$1.json"; }
# calc EXPR [FORMAT]: floating-point arithmetic (awk), printed with FORMAT (default 3 significant digits).
calc() { awk "BEGIN { printf \"${2:-%.3g}\", $1 }"; }
q() { printf '%q' "$1"; }

# --- build and banks ---------------------------------------------------------------------------------------
say "building qa and the generator (release)"
cargo build --release --bin qa --example gen_corpus >&2
mkdir -p "$WORK"

declare -A R # results, keyed "bank.metric"
make_bank() {
    local dir=$WORK/bank-$1
    rm -rf "$dir" "$WORK/index-$1"
    case $1 in
        shipped) cp -r corpus "$dir" ;;
        10k) "$GEN" --questions 10000 --seed "$SEED" --out "$dir" ;;
        100k) "$GEN" --questions 100000 --seed "$SEED" --out "$dir" ;;
    esac
}

# One edit per hyperfine run: append a line to the next file of a list, round robin.
cat >"$WORK/edit.sh" <<'EOF'
#!/usr/bin/env bash
set -euo pipefail
n=$(cat "$1.n" 2>/dev/null || echo 0)
mapfile -t files <"$1"
printf '\nEdit %d for the benchmark: the request passes the middleware.\n' "$n" >>"${files[n % ${#files[@]}]}"
echo $((n + 1)) >"$1.n"
EOF

measure() {
    local b=$1 c=$WORK/bank-$1 i=$WORK/index-$1
    say "bank $b"
    make_bank "$b"
    local qa
    qa="$(q "$QA") --corpus $(q "$c") --index $(q "$i")"
    R[$b.files]=$(find "$c" -type f \( -name '*.md' -o -name '*.markdown' \) | wc -l)
    R[$b.bytes]=$(find "$c" -type f \( -name '*.md' -o -name '*.markdown' \) -printf '%s\n' | awk '{s += $1} END {print s}')
    [[ $(rg --files --no-ignore "$c" | wc -l) == "${R[$b.files]}" ]] || die "rg and qa would not see the same files in $c"

    say "$b: full build"
    bench "$b-build" "$BUILD_RUNS" --warmup 1 "$qa index --rebuild"
    R[$b.build]=$(median "$b-build")
    R[$b.questions]=$("$QA" --corpus "$c" --index "$i" topics --json | jq .questions)
    R[$b.index_mb]=$(du -sk "$i" | awk '{printf "%.1f", $1 / 1024}')
    R[$b.build_rss]=$(rss "$qa index --rebuild")

    say "$b: incremental update after editing one file"
    find "$c" -type f -name '*.md' | sort | awk -v n="$EDIT_RUNS" -v t="${R[$b.files]}" \
        '(NR - 1) % int((t + n - 1) / n) == 0' >"$WORK/edits-$b"
    rm -f "$WORK/edits-$b.n"
    bench "$b-edit" "$EDIT_RUNS" --warmup 1 --prepare "bash $(q "$WORK/edit.sh") $(q "$WORK/edits-$b")" "$qa index"
    R[$b.edit]=$(median "$b-edit")
    R[$b.edit_max]=$(jq -r '.results[0].max' "$WORK/$b-edit.json")

    say "$b: search (nothing changed) side by side with rg"
    "$QA" --corpus "$c" --index "$i" index >/dev/null 2>&1
    bench "$b-search" "$SEARCH_RUNS" --warmup 3 \
        "$qa search ${QUERY[*]} -n 10" \
        "$qa search ${QUERY[*]} --topic laravel -n 10" \
        "rg -i --no-ignore '$RG_PATTERN' $(q "$c")"
    R[$b.search]=$(median "$b-search" 0)
    R[$b.topic]=$(median "$b-search" 1)
    R[$b.rg]=$(median "$b-search" 2)
    R[$b.search_rss]=$(rss "$qa search ${QUERY[*]} -n 10")
}

# rss COMMAND: the largest peak RSS (MB) of $RSS_RUNS runs, from GNU time.
rss() {
    local max=0 kb
    for ((r = 0; r < RSS_RUNS; r++)); do
        eval "/usr/bin/time -f %M -o $(q "$WORK/rss") $1" >/dev/null 2>&1
        kb=$(tail -1 "$WORK/rss")
        ((kb > max)) && max=$kb
    done
    calc "$max / 1024" %.1f
}

LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
STARTED=$(date +%s)
for b in "${BANKS[@]}"; do measure "$b"; done
ELAPSED=$(($(date +%s) - STARTED))
LOAD_END=$(cut -d' ' -f1-3 /proc/loadavg)

# --- report ------------------------------------------------------------------------------------------------
ms() { calc "$1 * 1000" %.1f; }
mbs() { calc "${R[$1.bytes]} / 1e6 / ${R[$1.build]}" %.1f; }
ratio() { calc "$1 / $2" %.2f; }
verdict() { awk "BEGIN { exit !($1) }" && echo "**met**" || echo "**missed**"; }
has() { [[ -n ${R[$1.build]:-} ]]; }
RG_SHOWN="rg -i --no-ignore '${RG_PATTERN//|/\\|}'" # a bare | would end the table cell

table() {
    local b=$1 title
    case $b in shipped) title="Shipped bank (corpus/, copied)" ;; *) title="Synthetic bank of $b questions (gen_corpus --seed $SEED)" ;; esac
    cat <<EOF

### $title

${R[$b.files]} files, ${R[$b.questions]} questions, $(calc "${R[$b.bytes]} / 1e6" %.1f) MB of Markdown.

| what | median | notes |
|---|--:|---|
| full build: \`qa index --rebuild\` | $(calc "${R[$b.build]}" %.3f) s | **$(mbs "$b") MB/s** of Markdown; $BUILD_RUNS runs |
| incremental: append a line to one file, then \`qa index\` | $(ms "${R[$b.edit]}") ms | $EDIT_RUNS edits, each to another file; slowest $(ms "${R[$b.edit_max]}") ms |
| \`qa search ${QUERY[*]} -n 10\` (nothing changed) | $(ms "${R[$b.search]}") ms | qa/rg = **$(ratio "${R[$b.search]}" "${R[$b.rg]}")**, rg/qa = $(ratio "${R[$b.rg]}" "${R[$b.search]}") |
| \`qa search ${QUERY[*]} --topic laravel -n 10\` | $(ms "${R[$b.topic]}") ms | qa/rg = $(ratio "${R[$b.topic]}" "${R[$b.rg]}") |
| \`$RG_SHOWN\` over the same files | $(ms "${R[$b.rg]}") ms | the baseline; $SEARCH_RUNS runs of each search |
| peak RSS of a search | ${R[$b.search_rss]} MB | GNU time %M, max of $RSS_RUNS |
| peak RSS of a full build | ${R[$b.build_rss]} MB | GNU time %M, max of $RSS_RUNS |
| index size on disk | ${R[$b.index_mb]} MB | du; $(calc "${R[$b.index_mb]} * 1048576 / ${R[$b.bytes]}" %.2f)x the Markdown |
EOF
}

target_rows() {
    local missing="not measured (--quick)"
    if has shipped; then
        echo "| search at shipped size <= 1.5x rg | qa/rg = $(ratio "${R[shipped.search]}" "${R[shipped.rg]}") | $(verdict "${R[shipped.search]} <= 1.5 * ${R[shipped.rg]}") |"
    else echo "| search at shipped size <= 1.5x rg | $missing | - |"; fi
    if has 100k; then
        echo "| search at 100k >= 10x faster than rg | rg/qa = $(ratio "${R[100k.rg]}" "${R[100k.search]}") | $(verdict "${R[100k.rg]} >= 10 * ${R[100k.search]}") |"
        echo "| search at 100k < 30 ms median | $(ms "${R[100k.search]}") ms | $(verdict "${R[100k.search]} < 0.030") |"
        echo "| incremental update at 100k <= 200 ms | $(ms "${R[100k.edit]}") ms | $(verdict "${R[100k.edit]} <= 0.200") |"
        echo "| full build >= 30 MB/s (100k) | $(mbs 100k) MB/s | $(verdict "$(mbs 100k) >= 30") |"
        echo "| peak RSS of search at 100k <= 64 MB | ${R[100k.search_rss]} MB | $(verdict "${R[100k.search_rss]} <= 64") |"
    else
        for t in "search at 100k >= 10x faster than rg" "search at 100k < 30 ms median" \
            "incremental update at 100k <= 200 ms"; do
            echo "| $t | $missing | - |"
        done
        echo "| full build >= 30 MB/s (10k here) | $(mbs 10k) MB/s | $(verdict "$(mbs 10k) >= 30") |"
        echo "| peak RSS of search at 100k <= 64 MB | $missing | - |"
    fi
}

SUFFIX=
((QUICK)) && SUFFIX=' --quick'
MARKER='## Analysis'
KEPT=
[[ -f $OUTPUT ]] && KEPT=$(sed -n "/^$MARKER/,\$p" "$OUTPUT")
mkdir -p "$(dirname "$OUTPUT")"
{
    cat <<EOF
# Benchmarks

Written by \`scripts/bench.sh$SUFFIX\` on $(date -u '+%Y-%m-%d %H:%M UTC'); the measurements took ${ELAPSED} s.
Reproduce from a fresh clone (it installs ripgrep, hyperfine, jq and GNU time if missing) with:

\`\`\`sh
bash scripts/bench.sh$SUFFIX
\`\`\`

Every time is the median of whole-process runs under hyperfine (\`-N --output=pipe\`, warm page cache), so it
includes process start, the freshness check (a stat of every file) and, for updates, the commit. Synthetic
banks come from \`cargo run --release --example gen_corpus -- --questions N --out DIR --seed $SEED\`.

## Machine

- CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(nproc) cores (nproc)
- RAM: $(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo); kernel $(uname -r)
- $(rustc -V); $(rg --version | head -1); $(hyperfine --version)
- load average (1, 5, 15 min) at start: $LOAD_START; at end: $LOAD_END (it decays slowly: a high figure at start may be earlier work, a rise during the run means other work shared the cores)

## Results
EOF
    for b in "${BANKS[@]}"; do table "$b"; done
    cat <<EOF

## Targets

| target | measured | status |
|---|--:|---|
$(target_rows)
EOF
    if [[ -n $KEPT ]]; then printf '\n%s\n' "$KEPT"; fi
} >"$OUTPUT.tmp"
mv "$OUTPUT.tmp" "$OUTPUT"
say "wrote $OUTPUT in ${ELAPSED} s"
cat "$OUTPUT"
