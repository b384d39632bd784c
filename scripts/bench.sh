#!/usr/bin/env bash
# Benchmarks `qa` as whole processes beside the floor (a bare tantivy indexer and search, ../shared/floor)
# and ripgrep, in one hyperfine run per row, on two bank shapes at 10k and 100k questions: our generator
# (examples/gen_corpus.rs, ~40 questions a file) and the many-files shape (floor's gen_corpus.py, ~25
# questions and ~20 KB a file, word-and-digit tokens). Writes the medians, ratios and targets to BENCHMARKS.md.
#
#   scripts/bench.sh            full run (shipped bank, both shapes at 10k and 100k), writes BENCHMARKS.md
#   scripts/bench.sh --quick    both shapes at 10k only, fewer runs; writes target/bench/BENCHMARKS-quick.md
#   scripts/bench.sh --output FILE
#   scripts/bench.sh --banks    only generate the synthetic banks (kept in target/bench/pristine-*, reused
#                               while the generator and the seed are the same)
#   FLOOR_SRC=DIR scripts/bench.sh   the floor's source (default ../shared/floor beside the checkout)
#
# Non-interactive and safe under CI=true: it installs ripgrep, hyperfine, jq and GNU time when missing (apt as
# root, else cargo install), works in target/bench/ (the floor is copied to target/bench/floor-src and built), never touches
# corpus/ (the shipped bank is copied first), and keeps the hand-written "## Analysis" section of the report.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

QUICK=0
BANKS_ONLY=0
OUTPUT=
while (($#)); do
    case $1 in
        --quick) QUICK=1 ;;
        --banks) BANKS_ONLY=1 ;;
        --output) OUTPUT=${2:?--output needs a file}; shift ;;
        -h | --help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "bench.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
    esac
    shift
done
# Builds of a 100k bank take a minute each on a busy 2-core machine: fewer runs there (BIG_BUILD_RUNS).
if ((QUICK)); then
    BANKS=(gen-10k files-10k) BUILD_RUNS=2 BIG_BUILD_RUNS=2 EDIT_RUNS=5 SEARCH_RUNS=10 RSS_RUNS=1
    OUTPUT=${OUTPUT:-target/bench/BENCHMARKS-quick.md}
else
    BANKS=(shipped gen-10k files-10k gen-100k files-100k) BUILD_RUNS=5 BIG_BUILD_RUNS=3 EDIT_RUNS=20 SEARCH_RUNS=30 RSS_RUNS=3
    OUTPUT=${OUTPUT:-BENCHMARKS.md}
fi
SEED=42
QUERY='middleware request'
# What qa matches: lines with either word (the phrase alone finds nothing in some banks, and rg then fails).
RG_PATTERN='middleware|request'
FLOOR_SRC=${FLOOR_SRC:-$ROOT/../shared/floor}
TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
WORK=$TARGET_DIR/bench
QA=$TARGET_DIR/release/qa
GEN=$TARGET_DIR/release/examples/gen_corpus
FLOOR=$WORK/floor-src/target/release/floor
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
need python3 python3
[[ -x /usr/bin/time ]] || apt_install time || die "GNU time (/usr/bin/time) is needed for peak RSS"
[[ -f $FLOOR_SRC/Cargo.toml && -f $FLOOR_SRC/gen_corpus.py ]] ||
    die "no floor at $FLOOR_SRC (set FLOOR_SRC to the bare tantivy prototype's folder)"

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
# The floor is copied (its folder may be read-only) with its files' times, so a build of the same source
# is reused.
mkdir -p "$WORK/floor-src"
cp -r --preserve=timestamps "$FLOOR_SRC/." "$WORK/floor-src/" && chmod -R u+w "$WORK/floor-src"
if ((!BANKS_ONLY)); then
    say "building the floor (release, in $WORK/floor-src)"
    (cd "$WORK/floor-src" && cargo build --release --quiet) >&2
fi

# A user without practice state, whose last result lists go to the bench folder, not the caller's cache.
export QA_STATE=$WORK/home/practice.sqlite3 QA_CACHE=$WORK/home/cache
rm -rf "$WORK/home"

declare -A R # results, keyed "bank.metric"
# pristine NAME: a generated bank, made once per generator source and seed (the measurements edit their copy).
pristine() {
    local dir=$WORK/pristine-$1 n=${1#*-} stamp
    n=${n%k}000
    case $1 in
        gen-*) stamp="gen_corpus $(cksum <examples/gen_corpus.rs) --questions $n --seed $SEED" ;;
        files-*) stamp="gen_corpus.py $(cksum <"$WORK/floor-src/gen_corpus.py") $n $SEED" ;;
    esac
    [[ $(cat "$dir.stamp" 2>/dev/null) == "$stamp" ]] && return
    say "generating the $1 bank"
    rm -rf "$dir" "$dir.stamp"
    case $1 in
        gen-*) "$GEN" --questions "$n" --seed "$SEED" --out "$dir" >&2 ;;
        files-*) python3 "$WORK/floor-src/gen_corpus.py" "$dir" "$n" "$SEED" ;;
    esac
    echo "$stamp" >"$dir.stamp"
}
make_bank() {
    local dir=$WORK/bank-$1
    rm -rf "$dir" "$WORK/index-$1" "$WORK/floor-index-$1"
    case $1 in
        shipped) cp -r corpus "$dir" ;;
        *) pristine "$1" && cp -r "$WORK/pristine-$1" "$dir" ;;
    esac
}
if ((BANKS_ONLY)); then
    for b in "${BANKS[@]}"; do [[ $b == shipped ]] || pristine "$b"; done
    exit 0
fi

# rare_word DIR: a word of 7+ letters or digits found in exactly one file of the bank (else in the fewest), taken
# from the words its middle file uses once, so each bank has one and the choice is reproducible.
rare_word() {
    local middle word files best='' fewest=999999
    middle=$(find "$1" -type f -name '*.md' | sort | awk '{ f[NR] = $0 } END { print f[int((NR + 1) / 2)] }')
    for word in $(grep -v '^[-`#]' "$middle" | grep -oE '\b[a-z][a-z0-9]{6,}\b' | sort | uniq -u | head -200); do
        files=$(rg -l -i -w --no-ignore "$word" "$1" | wc -l)
        ((files < fewest)) && best=$word fewest=$files
        ((files == 1)) && break
    done
    [[ -n $best ]] || die "no word of 7+ letters in $middle"
    echo "$best"
}

# One edit per hyperfine run: append a line to the next file of a list, round robin, and point a symlink at
# it (the floor's update takes the file's name; it resolves the link).
cat >"$WORK/edit.sh" <<'EOF'
#!/usr/bin/env bash
set -euo pipefail
n=$(cat "$1.n" 2>/dev/null || echo 0)
mapfile -t files <"$1"
file=${files[n % ${#files[@]}]}
printf '\nEdit %d for the benchmark: the request passes the middleware.\n' "$n" >>"$file"
ln -sfn "$file" "$1.last"
echo $((n + 1)) >"$1.n"
EOF

measure() {
    local b=$1 c=$WORK/bank-$1 i=$WORK/index-$1 fi=$WORK/floor-index-$1
    say "bank $b"
    make_bank "$b"
    local qa floor
    qa="$(q "$QA") --corpus $(q "$c") --index $(q "$i")"
    floor=$(q "$FLOOR")
    R[$b.files]=$(find "$c" -type f -name '*.md' | wc -l)
    R[$b.bytes]=$(find "$c" -type f -name '*.md' -printf '%s\n' | awk '{s += $1} END {print s}')
    [[ $(rg --files --no-ignore "$c" | wc -l) == "${R[$b.files]}" ]] || die "rg and qa would not see the same files in $c"
    R[$b.rare]=$(rare_word "$c")

    say "$b: full build, qa and the floor"
    local runs=$BUILD_RUNS warmup=1
    [[ $b == *-100k ]] && runs=$BIG_BUILD_RUNS warmup=0
    bench "$b-build" "$runs" --warmup "$warmup" "$qa index --rebuild" "$floor build $(q "$c") $(q "$fi") --threads 2"
    R[$b.build]=$(median "$b-build" 0)
    R[$b.fbuild]=$(median "$b-build" 1)
    R[$b.questions]=$("$QA" --corpus "$c" --index "$i" topics --json | jq .questions)
    R[$b.index_mb]=$(du -sk "$i" | awk '{printf "%.1f", $1 / 1024}')
    R[$b.findex_mb]=$(du -sk "$fi" | awk '{printf "%.1f", $1 / 1024}')
    R[$b.build_rss]=$(RSS_RUNS=1 rss "$qa index --rebuild")
    R[$b.hits]=$("$QA" --corpus "$c" --index "$i" search $QUERY -n 1 --json | jq .total)

    say "$b: search (nothing changed), qa beside the floor and rg"
    local proof="--check $(q "$c") --mode steal --pin"
    bench "$b-search" "$SEARCH_RUNS" --warmup 3 \
        "$qa search $QUERY -n 10" \
        "$floor search $(q "$fi") '$QUERY' $proof" \
        "$qa search ${R[$b.rare]} -n 10" \
        "$floor search $(q "$fi") ${R[$b.rare]} $proof" \
        "$floor search $(q "$fi") '$QUERY'" \
        "rg -i --no-ignore '$RG_PATTERN' $(q "$c")"
    local k=0
    for m in search fsearch rsearch frare fbare rg; do R[$b.$m]=$(median "$b-search" $k); k=$((k + 1)); done
    R[$b.search_rss]=$(rss "$qa search $QUERY -n 10")

    # Last: an edit leaves the other tool's index stale.
    say "$b: incremental update after editing one file, qa and the floor"
    find "$c" -type f -name '*.md' | sort | awk -v n="$EDIT_RUNS" -v t="${R[$b.files]}" \
        '(NR - 1) % int((t + n - 1) / n) == 0' >"$WORK/edits-$b"
    cp "$WORK/edits-$b" "$WORK/fedits-$b"
    rm -f "$WORK/edits-$b.n" "$WORK/fedits-$b.n"
    bench "$b-edit" "$EDIT_RUNS" --warmup 1 \
        --prepare "bash $(q "$WORK/edit.sh") $(q "$WORK/edits-$b")" "$qa index" \
        --prepare "bash $(q "$WORK/edit.sh") $(q "$WORK/fedits-$b")" \
        "$floor update $(q "$c") $(q "$fi") $(q "$WORK/fedits-$b.last")"
    R[$b.edit]=$(median "$b-edit" 0)
    R[$b.fedit]=$(median "$b-edit" 1)
    R[$b.edit_max]=$(jq -r '.results[0].max' "$WORK/$b-edit.json")
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
mbs() { calc "${R[$1.bytes]} / 1e6 / $2" %.1f; }
ratio() { calc "$1 / $2" %.2f; }
verdict() { awk "BEGIN { exit !($1) }" && echo "**met**" || echo "**missed**"; }
has() { [[ -n ${R[$1.build]:-} ]]; }
# cpu NAME I: mean CPU time (user + system, all threads) of the I-th command of a bench, in seconds. On a
# loaded machine a run's wall time is mostly waiting for a CPU; its CPU time is what the program itself costs.
cpu() { jq -r ".results[$2] | .user + .system" "$WORK/$1.json"; }
# cpus NAME I J: "a / b ms = ratio" of the CPU times of commands I and J.
cpus() {
    local a b
    a=$(cpu "$1" "$2") b=$(cpu "$1" "$3")
    echo "$(ms "$a") / $(ms "$b") ms = $(ratio "$a" "$b")"
}

title() {
    case $1 in
        shipped) echo "Shipped bank (corpus/, copied)" ;;
        gen-*) echo "Our generator, ${1#gen-} questions (gen_corpus --seed $SEED)" ;;
        files-*) echo "Many-files shape, ${1#files-} questions (floor's gen_corpus.py, seed $SEED)" ;;
    esac
}

table() {
    local b=$1
    cat <<EOF

### $(title "$b")

${R[$b.files]} files, ${R[$b.questions]} questions, $(calc "${R[$b.bytes]} / 1e6" %.1f) MB of Markdown;
\`$QUERY\` matches ${R[$b.hits]} questions, the rare word \`${R[$b.rare]}\` $(rg -l -i -w --no-ignore "${R[$b.rare]}" "$WORK/bank-$b" 2>/dev/null | wc -l) file(s).

| what | qa | floor | qa / floor | CPU: qa / floor | notes |
|---|--:|--:|--:|--:|---|
| \`search $QUERY\` (nothing changed) | $(ms "${R[$b.search]}") ms | $(ms "${R[$b.fsearch]}") ms | **$(ratio "${R[$b.search]}" "${R[$b.fsearch]}")** | $(cpus "$b-search" 0 1) | floor with the stat proof; without it $(ms "${R[$b.fbare]}") ms |
| \`search ${R[$b.rare]}\` (one rare word) | $(ms "${R[$b.rsearch]}") ms | $(ms "${R[$b.frare]}") ms | **$(ratio "${R[$b.rsearch]}" "${R[$b.frare]}")** | $(cpus "$b-search" 2 3) | same run, $SEARCH_RUNS runs of each |
| \`rg -i --no-ignore '${RG_PATTERN//|/\\|}'\` | $(ms "${R[$b.rg]}") ms | | rg / qa = **$(ratio "${R[$b.rg]}" "${R[$b.search]}")** | rg $(ms "$(cpu "$b-search" 5)") ms | ripgrep over the same files |
| full build | $(mbs "$b" "${R[$b.build]}") MB/s | $(mbs "$b" "${R[$b.fbuild]}") MB/s | **$(ratio "${R[$b.fbuild]}" "${R[$b.build]}")** | $(cpus "$b-build" 0 1) | $(calc "${R[$b.build]}" %.2f) s vs $(calc "${R[$b.fbuild]}" %.2f) s; throughput ratio (floor time / qa time); $(jq '.results[0].times | length' "$WORK/$b-build.json") runs |
| index size | ${R[$b.index_mb]} MB | ${R[$b.findex_mb]} MB | **$(ratio "${R[$b.index_mb]}" "${R[$b.findex_mb]}")** | | du; qa's is $(calc "${R[$b.index_mb]} * 1048576 / ${R[$b.bytes]}" %.2f)x the Markdown |
| incremental update after one edit | $(ms "${R[$b.edit]}") ms | $(ms "${R[$b.fedit]}") ms | $(ratio "${R[$b.edit]}" "${R[$b.fedit]}") | $(cpus "$b-edit" 0 1) | \`qa index\` (finds the edit by a stat of every file) vs \`floor update FILE\`; $EDIT_RUNS edits; qa's slowest $(ms "${R[$b.edit_max]}") ms |
| peak RSS: search / full build | ${R[$b.search_rss]} / ${R[$b.build_rss]} MB | | | | GNU time %M; searches: max of $RSS_RUNS |
EOF
}

target_rows() {
    local b
    for b in "${BANKS[@]}"; do
        [[ $b == shipped ]] && continue
        echo "| $b: search \`$QUERY\` ≤ 1.2x floor | $(ratio "${R[$b.search]}" "${R[$b.fsearch]}")x | $(cpus "$b-search" 0 1) | $(verdict "${R[$b.search]} <= 1.2 * ${R[$b.fsearch]}") |"
        echo "| $b: search \`${R[$b.rare]}\` ≤ 1.2x floor | $(ratio "${R[$b.rsearch]}" "${R[$b.frare]}")x | $(cpus "$b-search" 2 3) | $(verdict "${R[$b.rsearch]} <= 1.2 * ${R[$b.frare]}") |"
        echo "| $b: build ≥ 0.8x the floor's MB/s | $(ratio "${R[$b.fbuild]}" "${R[$b.build]}")x | $(cpus "$b-build" 0 1) | $(verdict "${R[$b.fbuild]} >= 0.8 * ${R[$b.build]}") |"
        echo "| $b: index ≤ 2x the floor's | $(ratio "${R[$b.index_mb]}" "${R[$b.findex_mb]}")x | | $(verdict "${R[$b.index_mb]} <= 2 * ${R[$b.findex_mb]}") |"
    done
    if has files-100k; then
        echo "| files-100k: search ≥ 4x faster than \`rg -i\` | $(ratio "${R[files-100k.rg]}" "${R[files-100k.search]}")x | | $(verdict "${R[files-100k.rg]} >= 4 * ${R[files-100k.search]}") |"
    fi
    for b in gen-100k files-100k; do
        has $b || continue
        echo "| $b: incremental update ≤ 60 ms | $(ms "${R[$b.edit]}") ms | $(ms "$(cpu "$b-edit" 0)") ms | $(verdict "${R[$b.edit]} <= 0.060") |"
    done
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
Reproduce from a fresh clone, with the floor's source beside it in \`../shared/floor\` or named by
\`FLOOR_SRC\` (the script installs ripgrep, hyperfine, jq and GNU time if missing):

\`\`\`sh
bash scripts/bench.sh$SUFFIX
\`\`\`

Every time is the median of whole-process runs under hyperfine (\`-N --output=pipe\`, warm page cache), so it
includes process start, the freshness check (a stat of every file) and, for updates, the commit. Each row's
commands ran in one hyperfine run, one after the other, so the ratios compare like with like on this shared
machine; absolute times move with the load. The **floor** is the bare tantivy prototype (\`../shared/floor\`):
BM25 top 10 over question and answer with tantivy's \`en_stem\` tokenizer, no snippets, facets or
coverage ranking; its search proves the index fresh by a stat of every file on two pinned threads
(\`--check CORPUS --mode steal --pin\`), like \`qa\`.

## Machine

- CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(nproc) cores (nproc)
- RAM: $(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo); kernel $(uname -r)
- $(rustc -V); $(rg --version | head -1); $(hyperfine --version)
- load average (1, 5, 15 min) at start: $LOAD_START; at end: $LOAD_END (other helpers compile on these 2 cores: a load above 2 means every figure shares the CPUs, which the ratios in one run absorb better than the absolute times)

## Results
EOF
    for b in "${BANKS[@]}"; do table "$b"; done
    cat <<EOF

## Targets

Ratios of wall-clock medians in one run, as the issue sets them; the CPU column gives the same commands'
mean CPU time (user + system), which waiting for a busy CPU does not inflate.

| target | measured | CPU: qa / floor | status |
|---|--:|--:|---|
$(target_rows)
EOF
    if [[ -n $KEPT ]]; then printf '\n%s\n' "$KEPT"; fi
} >"$OUTPUT.tmp"
mv "$OUTPUT.tmp" "$OUTPUT"
say "wrote $OUTPUT in ${ELAPSED} s"
cat "$OUTPUT"
