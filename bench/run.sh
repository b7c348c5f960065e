#!/usr/bin/env bash
# bench/run.sh — filmnum end to end at national scale, beside the same files
# loaded by plain DuckDB SQL (the practical limit) and a pandas peer.
#
#   bench/run.sh                       the full measurement (≈ 11 000 schools); hours on 2 cores
#   bench/run.sh --limite 200 --rounds 1 --echelles "50 100 200"     a quick check of the script
#
# Options:
#   --out DIR         work folder (default bench/out, git-ignored): sample, databases, timings
#   --limite N        generate only the first N schools of the national plan (default: all)
#   --rounds N        rounds of the three contenders, order rotated each round (default 3, at least 3
#                     for BENCHMARKS.md)
#   --threads N       DuckDB threads for filmnum and the raw load (default: filmnum's own
#                     default, as a user runs it: ingest keeps its two connections and DuckDB's
#                     workers to the cores, the other commands use every core; the raw load: every core)
#   --memoire SIZE    DuckDB memory_limit of filmnum ingest (default 300MB, its own default);
#                     indicateurs and the reports run with filmnum's own defaults (400MB and
#                     300MB), as a user runs them
#   --memoire-brut SIZE  memory_limit of the raw load (default 700MB: with 300MB its read_csv of
#                     400 Pix files runs out of memory at 1 000 schools)
#   --echelles "A B C"  school counts of the report-scaling step (default "1000 4000 all")
#   --no-write        do not update BENCHMARKS.md (results stay in OUT/results.md)
#   --experiences     also run the settings experiments (one run each: filmnum ingest with
#                     --threads 1; raw load with threads 1, preserve_insertion_order=false, all files)
#   --source head|tree  build filmnum from the commit checked out (default) or the working tree
#
# Steps (each skipped when its result is already in OUT, so an interrupted run resumes):
#  1. builds filmnum and bench/rawload; generates the sample once (`filmnum sample --scale national`);
#  2. writes a UTF-8 twin of the sample for the raw load (Windows-1252 files transcoded in
#     parallel by Go; UTF-8 ones hard-linked), timed on its own, outside the raw load's timing;
#  3. warm-up: `FILMNUM_TRACE=sql filmnum ingest` of the twin, whose trace gives, for every
#     file, the read_csv options filmnum used (rawload plan), and whose raw_ tables give
#     bench/seeds.sql the reference data of the synthetic schools (OUT/seeds);
#  4. rounds: A = filmnum ingest → indicateurs (CSV) → rapport etablissement, departement,
#     pix, each stage and the whole under /usr/bin/time -v; B = rawload load (one read_csv
#     per layout and ≤ 400 files, same options, same threads and memory_limit); C = the pandas
#     peer (bench/peer.py); medians and ratios by bench/report.py;
#  5. cross-check: the peer's values against `filmnum indicateurs --format csv` (both years);
#     the run fails on any mismatch;
#  6. report scaling: copies of the national database cut to the first N schools, indicators
#     recomputed, each report rendered 3 times per size (bench/report-scaling.sh);
#  7. OUT/results.md, and the generated part of BENCHMARKS.md.
#
# The load average is sampled every 30 s during the run (OUT/loadavg.log) and reported.
set -euo pipefail

command_line="bench/run.sh$(printf " %q" "$@")"  # before the options are shifted away
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
out=$root/bench/out
limite=0
rounds=3
threads=
memoire=300MB
memoire_brut=700MB
echelles="1000 4000 all"
write=1
experiences=0
source=head
while [[ $# -gt 0 ]]; do
    case $1 in
        --out) out=$2; shift 2 ;;
        --limite) limite=$2; shift 2 ;;
        --rounds) rounds=$2; shift 2 ;;
        --threads) threads=$2; shift 2 ;;
        --memoire) memoire=$2; shift 2 ;;
        --memoire-brut) memoire_brut=$2; shift 2 ;;
        --echelles) echelles=$2; shift 2 ;;
        --no-write) write=0; shift ;;
        --experiences) experiences=1; shift ;;
        --source) source=$2; shift 2 ;;
        -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
done
mkdir -p "$out"
out=$(cd "$out" && pwd)
[[ $limite -gt 0 ]] && data=$out/sample-$limite || data=$out/sample-national
twin=$data-utf8
bin=$out/bin
runs=$out/runs
mkdir -p "$bin" "$runs" "$out/tmp"
# filmnum's transcoded copies go to a private folder: in the shared /tmp, other
# processes on this machine deleted them in the middle of an ingest (see BENCHMARKS.md).
export TMPDIR=$out/tmp
# shellcheck source=common.sh
source "$here/common.sh"  # log, timed

# ------------------------------------------------------------ prerequisites
py=/usr/bin/python3
if [[ ! -x /usr/bin/time ]]; then
    log "installing GNU time"; apt-get install -y time >/dev/null
fi
if ! $py -c 'import pandas' 2>/dev/null; then
    log "installing python3-pandas"; apt-get install -y python3-pandas >/dev/null
fi
# filmnum is built from a snapshot of the commit checked out (HEAD), not from the
# working tree, which other people may be editing; --source tree builds the tree.
log "building filmnum ($source) and rawload"
if [[ $source == head ]]; then
    rm -rf "$out/src"; mkdir -p "$out/src"
    git -C "$root" archive --format=tar HEAD | tar -x -C "$out/src"
    git -C "$root" rev-parse HEAD >"$out/commit.txt"
    (cd "$out/src" && go build -o "$bin/filmnum" ./cmd/filmnum)
else
    (cd "$root" && go build -o "$bin/filmnum" ./cmd/filmnum)
    echo "$(git -C "$root" rev-parse HEAD) + working tree" >"$out/commit.txt"
fi
(cd "$root" && go build -o "$bin/rawload" ./bench/rawload)
filmnum=$bin/filmnum
rawload=$bin/rawload

# Background sampler of the load average (stopped on exit, by its own pid).
loadlog=$out/loadavg.log
( while true; do echo "$(date +%s) $(cut -d' ' -f1-3 /proc/loadavg)"; sleep 30; done ) >>"$loadlog" &
sampler=$!
trap 'kill $sampler 2>/dev/null || true' EXIT

# ------------------------------------------------------------ 1. the sample
if [[ ! -s $data/manifest.json ]]; then
    log "generating the sample into $data"
    rm -rf "$data"
    args=(--scale national --out "$data")
    [[ $limite -gt 0 ]] && args+=(--limite "$limite")
    /usr/bin/time -v -o "$out/sample.time" "$filmnum" sample "${args[@]}" | tee "$out/sample.txt"
fi
df -h "$out" | tail -1 >"$out/disk.txt"

# ------------------------------------------------------------ 2. UTF-8 twin
if [[ ! -s $out/mirror.txt ]]; then
    log "UTF-8 twin of the sample for the raw load"
    rm -rf "$twin"
    /usr/bin/time -v -o "$out/mirror.time" "$rawload" mirror -src "$data" -dst "$twin" | tee "$out/mirror.txt"
fi

# ------------------------------------------------------------ 3. warm-up
plan=$out/plan.tsv
seeds=$out/seeds
if [[ ! -s $plan || ! -s $seeds/effectifs.csv ]]; then
    log "warm-up: traced ingest of the twin (read_csv options per file), seeds"
    rm -f "$out/warmup.duckdb" "$out/warmup.duckdb.wal"
    FILMNUM_TRACE=sql /usr/bin/time -v -o "$out/warmup-ingest.time" \
        "$filmnum" ingest -q ${threads:+--threads "$threads"} --memoire "$memoire" --db "$out/warmup.duckdb" "$twin" \
        >"$out/warmup-ingest.out" 2>"$out/warmup-trace.sql" || true  # refused files exit 1; the plan still holds
    "$rawload" plan -trace "$out/warmup-trace.sql" -out "$plan"
    rm -f "$out/warmup-trace.sql"
    rm -rf "$seeds"; mkdir -p "$seeds"
    cp "$root"/seeds/{calendrier,competences,niveaux_classes,niveaux_pix}.csv "$seeds/"
    "$rawload" sql -db "$out/warmup.duckdb" -- "$(sed "s|@OUT@|$seeds|g" "$here/seeds.sql")" "SELECT 1" >/dev/null
    "$filmnum" seeds --check --seeds "$seeds" >"$out/seeds-check.txt"
    rm -f "$out/warmup.duckdb" "$out/warmup.duckdb.wal"
fi
# The report subjects: among the schools the smallest size of the report-scaling step keeps
# (the generator's first N, as report-scaling.sh cuts them; every school when the sizes are all
# "all"), the département with the most schools among those with a school that is not a
# collège, and that school (the first); when every kept school is a collège, the département
# with the most schools and its first school. Chosen among every school, the subject of a
# national run (0590105U) was not among the first 1 000 and the scaling step stopped there.
# One awk each, reading to the end: a reader that stops early (head, awk's
# exit) sends SIGPIPE to the writer, which pipefail turns into the script's
# silent end once the file outgrows the pipe's buffer.
schools_in_order "$data/manifest.json" >"$out/schools.txt"
smallest=$(printf '%s\n' $echelles | awk '$1 != "all" && (m == "" || $1 + 0 < m) {m = $1 + 0} END {print m}')
awk -v n="${smallest:-0}" 'n == 0 || NR <= n' "$out/schools.txt" >"$out/subjects.uai"
subjects=$(awk -F';' 'NR == FNR {keep[$1] = 1; next}
    FNR > 1 && ($1 in keep) {n[$6]++; if (!($6 in first)) first[$6] = $1; if ($3 != "Collège" && !($6 in lycee)) lycee[$6] = $1}
    END {for (d in lycee) if (n[d] > m || (n[d] == m && d < best)) {m = n[d]; best = d}
         if (best != "") {print best, lycee[best]; exit}
         for (d in first) if (n[d] > m || (n[d] == m && d < best)) {m = n[d]; best = d}
         print best, first[best]}' "$out/subjects.uai" "$seeds/etablissements.csv")
dept=${subjects% *}
uai=${subjects#* }
year=2025-2026
asof=2026-07-10
log "reports: school $uai, département $dept, Pix report (all schools), year $year"

# ------------------------------------------------------------ 4. rounds
db=$out/filmnum.duckdb
fl=(${threads:+--threads "$threads"})
run_filmnum() {  # the whole run, each stage timed inside the whole's timing
    local r=$1
    if [[ -s $runs/r$r-filmnum-total.time ]] && grep -q 'Exit status: 0' "$runs/r$r-filmnum-total.time"; then
        log "  r$r-filmnum-total: already measured"; return 0
    fi
    rm -f "$db" "$db.wal"
    timed "r$r-filmnum-total" bash -c '
        set -euo pipefail
        r=$1 runs=$2 filmnum=$3 db=$4 seeds=$5 data=$6 uai=$7 dept=$8 year=$9 asof=${10} threads=${11} mem=${12} out=${13}
        fl=(${threads:+--threads "$threads"} --db "$db")
        t() { local n=$1; shift; /usr/bin/time -v -o "$runs/r$r-filmnum-$n.time" "$@" >"$runs/r$r-filmnum-$n.out" 2>"$runs/r$r-filmnum-$n.err"; }
        # ingest exits 1 when it refuses files (none in the sample); anything else stops the run
        t ingest "$filmnum" ingest -q "${fl[@]}" --memoire "$mem" --seeds "$seeds" "$data" || [[ $? -eq 1 ]]
        t indicateurs "$filmnum" indicateurs "${fl[@]}" --format csv --out "$out/filmnum-$year.csv"
        t rapport-etablissement "$filmnum" rapport etablissement "${fl[@]}" --uai "$uai" --as-of "$asof" --out "$out/rapport-etablissement.html"
        t rapport-departement "$filmnum" rapport departement "${fl[@]}" --departement "$dept" --as-of "$asof" --out "$out/rapport-departement.html"
        t rapport-pix "$filmnum" rapport pix "${fl[@]}" --annee "$year" --as-of "$asof" --out "$out/rapport-pix.html"
    ' _ "$r" "$runs" "$filmnum" "$db" "$seeds" "$data" "$uai" "$dept" "$year" "$asof" "$threads" "$memoire" "$out"
}
run_raw() {
    rm -f "$out/raw.duckdb" "$out/raw.duckdb.wal"
    timed "r$1-raw-load" "$rawload" load -db "$out/raw.duckdb" -plan "$plan" ${threads:+-threads "$threads"} -memory "$memoire_brut" -max-files 400
    rm -f "$out/raw.duckdb" "$out/raw.duckdb.wal"
}
run_pandas() {
    timed "r$1-pandas-peer" "$py" "$here/peer.py" run "$data" "$seeds" "$out/peer.csv"
}
contenders=(filmnum raw pandas)
for ((r = 1; r <= rounds; r++)); do
    log "round $r/$rounds"
    for ((k = 0; k < 3; k++)); do
        c=${contenders[$(((k + r - 1) % 3))]}
        "run_$c" "$r"
    done
done

# ------------------------------------------------------------ 5. cross-check
prev=2024-2025
if [[ ! -s $out/filmnum-$prev.csv ]]; then
    if [[ ! -s $db ]]; then run_filmnum "$rounds"; fi
    "$filmnum" indicateurs "${fl[@]}" --db "$db" --annee "$prev" --format csv --out "$out/filmnum-$prev.csv" 2>/dev/null
fi
log "cross-check pandas / filmnum"
if [[ ! -s $out/peer.csv ]]; then run_pandas "$rounds"; fi
crosscheck=0
"$py" "$here/peer.py" compare "$out/peer.csv" "$out/filmnum-$year.csv" "$out/filmnum-$prev.csv" \
    | tee "$out/crosscheck.txt" || crosscheck=1

# ------------------------------------------------------------ 6. report scaling
log "report scaling: $echelles"
total=$(tail -n +2 "$seeds/etablissements.csv" | wc -l)
"$here/report-scaling.sh" --db "$db" --manifest "$data/manifest.json" --out "$out" --echelles "$echelles" \
    --uai "$uai" --departement "$dept" ${threads:+--threads "$threads"} --filmnum "$filmnum" --rawload "$rawload"

# ------------------------------------------------------------ settings experiments
if [[ $experiences -eq 1 ]]; then
    log "settings experiments (one run each)"
    rm -f "$out/exp.duckdb" "$out/exp.duckdb.wal"
    timed "exp-filmnum-ingest-threads1" "$filmnum" ingest -q --threads 1 --memoire "$memoire" --db "$out/exp.duckdb" --seeds "$seeds" "$data" || true
    rm -f "$out/exp.duckdb" "$out/exp.duckdb.wal"
    for v in "threads1:-threads 1" "noorder:-preserve-order=false" "noorder-all-files:-preserve-order=false -max-files 0"; do
        name=${v%%:*}; extra=${v#*:}
        # shellcheck disable=SC2086
        timed "exp-raw-load-$name" "$rawload" load -db "$out/exp.duckdb" -plan "$plan" ${threads:+-threads "$threads"} -memory "$memoire_brut" -max-files 400 $extra || true
        rm -f "$out/exp.duckdb" "$out/exp.duckdb.wal"
    done
fi

# ------------------------------------------------------------ 7. results
log "results"
args=(--out "$out" --runs "$runs" --rounds "$rounds" --threads "${threads:-default}" --memoire "$memoire" --memoire-brut "$memoire_brut"
      --command "$command_line" --echelles "$echelles" --total "$total" --departement "$dept" --uai "$uai")
[[ $write -eq 1 ]] && args+=(--benchmarks "$root/BENCHMARKS.md")
"$py" "$here/report.py" "${args[@]}"
exit $crosscheck
