#!/usr/bin/env bash
# bench/report-scaling.sh — report rendering time by number of schools: copies of an ingested
# database cut to its first N schools, indicators recomputed, each report rendered 3 times per
# size. Step 6 of bench/run.sh; run alone on a database bench/run.sh did not make (a national
# ingest done by hand, say) with:
#
#   bench/report-scaling.sh --db DB --manifest SAMPLE/manifest.json --out DIR \
#       --echelles "1000 4000 all" --uai U --departement D [--threads N] [--filmnum BIN] [--rawload BIN]
#
# DB must hold the sample's files and its seeds (seed_etablissements); "all" is every school of
# seed_etablissements, the database itself (its indicators computed beforehand). Schools are taken
# in the generator's order (the manifest lists them school by school). The report subjects U and D
# must be among the first N schools of the smallest size. Output: DIR/scale-N.duckdb (kept: a
# rerun skips the cut), DIR/runs/scale-N-I-rapport-*.{time,out,err}, DIR/runs/scale-N.size.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
threads=
filmnum=$root/bench/out/bin/filmnum
rawload=$root/bench/out/bin/rawload
year=2025-2026
asof=2026-07-10
db= manifest= out= echelles= uai= dept=
while [[ $# -gt 0 ]]; do
    case $1 in
        --db) db=$2; shift 2 ;;
        --manifest) manifest=$2; shift 2 ;;
        --out) out=$2; shift 2 ;;
        --echelles) echelles=$2; shift 2 ;;
        --uai) uai=$2; shift 2 ;;
        --departement) dept=$2; shift 2 ;;
        --threads) threads=$2; shift 2 ;;
        --filmnum) filmnum=$2; shift 2 ;;
        --rawload) rawload=$2; shift 2 ;;
        -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
done
for v in db manifest out echelles uai dept; do
    [[ -n ${!v} ]] || { echo "--${v/dept/departement} is required (see --help)" >&2; exit 2; }
done
mkdir -p "$out/runs"
out=$(cd "$out" && pwd)
runs=$out/runs
# shellcheck source=common.sh
source "$here/common.sh"
fl=(${threads:+--threads "$threads"})

total=$("$rawload" sql -db "$db" -ro "SELECT count(*) FROM seed_etablissements" | tail -1)
schools_in_order "$manifest" >"$out/schools.txt"
for n in $echelles; do
    [[ $n == all ]] && n=$total
    [[ $n -gt $total ]] && n=$total
    sdb=$out/scale-$n.duckdb
    if [[ $n -lt $total && ! -s $out/scale-$n.ready ]]; then
        log "  database of the first $n schools"
        cp "$db" "$sdb"; rm -f "$sdb.wal"
        head -n "$n" "$out/schools.txt" >"$out/scale-$n.uai"
        tables=$("$rawload" sql -db "$sdb" -ro "SELECT table_name FROM duckdb_columns() WHERE schema_name = 'main'
            AND column_name = 'fichier_id' AND table_name LIKE 'raw\_%' ESCAPE '\' AND table_name <> 'raw_fichiers'
            GROUP BY 1 ORDER BY 1" | tail -n +2)
        stmts="CREATE TEMP TABLE keep AS SELECT * FROM read_csv('$out/scale-$n.uai', header = false, columns = {'uai': 'VARCHAR'});
            CREATE TEMP TABLE gone AS SELECT fichier_id FROM raw_fichiers WHERE uai IS NULL OR uai NOT IN (SELECT uai FROM keep);"
        for t in $tables; do stmts+=" DELETE FROM $t WHERE fichier_id IN (SELECT fichier_id FROM gone);"; done
        for t in raw_fichiers raw_identites seed_etablissements seed_effectifs seed_personnels; do
            stmts+=" DELETE FROM $t WHERE uai IS NULL OR uai NOT IN (SELECT uai FROM keep);"
        done
        "$rawload" sql -db "$sdb" -- "$stmts CHECKPOINT;" "SELECT count(*) FROM raw_fichiers" >/dev/null
        "$filmnum" indicateurs "${fl[@]}" --db "$sdb" --format csv --out "$out/scale-$n.csv" 2>/dev/null
        touch "$out/scale-$n.ready"
    fi
    [[ $n -eq $total ]] && sdb=$db
    for i in 1 2 3; do
        timed "scale-$n-$i-rapport-etablissement" "$filmnum" rapport etablissement "${fl[@]}" --db "$sdb" --uai "$uai" --as-of "$asof" --out "$out/scale.html"
        timed "scale-$n-$i-rapport-departement" "$filmnum" rapport departement "${fl[@]}" --db "$sdb" --departement "$dept" --as-of "$asof" --out "$out/scale.html"
        timed "scale-$n-$i-rapport-pix" "$filmnum" rapport pix "${fl[@]}" --db "$sdb" --annee "$year" --as-of "$asof" --out "$out/scale.html"
    done
    "$rawload" sql -db "$sdb" -ro "SELECT (SELECT count(*) FROM seed_etablissements) AS ecoles,
        (SELECT count(*) FROM seed_etablissements WHERE departement_code = '$dept') AS ecoles_departement,
        (SELECT count(*) FROM ind_valeurs) AS valeurs" | tail -1 >"$runs/scale-$n.size"
done
