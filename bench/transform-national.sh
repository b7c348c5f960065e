#!/usr/bin/env bash
# bench/transform-national.sh — times the transform stage (`filmnum indicateurs`) over a
# national-sized database without ingesting the 423 000 national files (10 min 33 s on 2 cores
# at 035ce22, plus 40 s to generate them): it copies a database bench/run.sh filled (default: bench/out/filmnum.duckdb,
# 1 000 schools with --limite 1000) and adds FACTOR − 1 copies of its schools, so the
# raw_ and seed_ tables hold FACTOR times the schools, rows and files, with the same shapes.
#
#   bench/transform-national.sh [--db DB] [--factor 11] [--rounds 3] [--threads 2] [--memoire 400MB]
#
# Copy k (1 … FACTOR−1) of a school gets the UAI with its first character replaced by the
# letter k (A, B, …: no generated UAI starts with a letter, so none collides) and the
# département and academy codes prefixed by that letter: FACTOR times as many départements
# of the same size, as the country has (the comparisons group by type × département).
# Files get new ids (fichier_id + k × the largest id) and SHA-256 suffixes.
# The database is built once (marker OUT/national-xFACTOR.ready): delete the marker to rebuild it
# from a newer DB.
# Output: OUT/transform-national-xFACTOR.txt (the rows per table, the time and peak RSS of each round).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=$here/out
src=$out/filmnum.duckdb
factor=11
rounds=3
threads=2
memoire=400MB  # the default of filmnum indicateurs
while [[ $# -gt 0 ]]; do
    case $1 in
        --db) src=$2; shift 2 ;;
        --factor) factor=$2; shift 2 ;;
        --rounds) rounds=$2; shift 2 ;;
        --threads) threads=$2; shift 2 ;;
        --memoire) memoire=$2; shift 2 ;;
        -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
done
filmnum=$out/bin/filmnum
rawload=$out/bin/rawload
[[ -x $filmnum && -x $rawload ]] || { echo "run bench/run.sh first (it builds $filmnum and $rawload)" >&2; exit 1; }
db=$out/national-x$factor.duckdb
res=$out/transform-national-x$factor.txt
log() { printf '%s  %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

if [[ ! -e $out/national-x$factor.ready ]]; then
    log "copying $src and multiplying its schools by $factor"
    cp "$src" "$db"; rm -f "$db.wal"
    q() { "$rawload" sql -db "$db" -ro "$1" | tail -n +2; }
    maxid=$(q "SELECT max(fichier_id) FROM raw_fichiers")
    # every raw_ table with a fichier_id, and whether it has a uai column
    tables=$(q "SELECT table_name || ':' || bool_or(column_name = 'uai') FROM duckdb_columns()
        WHERE schema_name = 'main' AND table_name LIKE 'raw\_%' ESCAPE '\' AND table_name <> 'raw_fichiers'
        GROUP BY table_name HAVING bool_or(column_name = 'fichier_id') ORDER BY 1")
    stmts="CREATE TEMP MACRO _u(u, k) AS CASE WHEN u IS NULL THEN NULL ELSE chr(64 + k) || u[2:] END;
        CREATE TEMP MACRO _c(c, k) AS CASE WHEN c IS NULL THEN NULL ELSE chr(64 + k) || c END;
        CREATE TEMP TABLE k AS SELECT range::INTEGER AS k FROM range(1, $factor);"
    stmts+=" INSERT INTO raw_fichiers SELECT t.* REPLACE (fichier_id + k * $maxid AS fichier_id, _u(uai, k) AS uai,
        sha256 || '-' || k AS sha256) FROM raw_fichiers t, k WHERE fichier_id <= $maxid;"
    for t in $tables; do
        name=${t%%:*}
        if [[ ${t#*:} == true ]]; then
            stmts+=" INSERT INTO $name SELECT t.* REPLACE (fichier_id + k * $maxid AS fichier_id, _u(uai, k) AS uai) FROM $name t, k WHERE fichier_id <= $maxid;"
        else
            stmts+=" INSERT INTO $name SELECT t.* REPLACE (fichier_id + k * $maxid AS fichier_id) FROM $name t, k WHERE fichier_id <= $maxid;"
        fi
    done
    stmts+=" INSERT INTO seed_etablissements SELECT t.* REPLACE (_u(uai, k) AS uai, _c(departement_code, k) AS departement_code,
        _c(academie_code, k) AS academie_code) FROM seed_etablissements t, k WHERE NOT (uai[1] BETWEEN 'A' AND 'Z');"
    for t in seed_effectifs seed_personnels; do
        stmts+=" INSERT INTO $t SELECT x.* REPLACE (_u(uai, k) AS uai) FROM $t x, k WHERE NOT (uai[1] BETWEEN 'A' AND 'Z');"
    done
    "$rawload" sql -db "$db" -- "$stmts CHECKPOINT;" "SELECT 1" >/dev/null
    touch "$out/national-x$factor.ready"
fi
{
    echo "# transform over $(basename "$src") × $factor ($(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, DuckDB threads=$threads, memory_limit=$memoire)"
    "$rawload" sql -db "$db" -ro "SELECT (SELECT count(*) FROM seed_etablissements) AS etablissements,
        (SELECT count(*) FROM raw_fichiers) AS fichiers,
        (SELECT count(*) FROM raw_pix_participations) AS participations,
        (SELECT count(*) FROM raw_pix_maitrises) AS maitrises,
        (SELECT count(*) FROM raw_pix_certifications) AS certifications,
        (SELECT count(*) FROM raw_ent_stats) AS ent, (SELECT count(*) FROM raw_educonnect) AS educonnect,
        (SELECT count(*) FROM raw_gar_usage) AS gar_usage"
} >"$res"
for ((r = 1; r <= rounds; r++)); do
    log "round $r/$rounds: filmnum indicateurs"
    /usr/bin/time -v -o "$out/transform-national-$r.time" "$filmnum" indicateurs --db "$db" --threads "$threads" \
        --memoire "$memoire" --format csv --out "$out/transform-national.csv" >"$out/transform-national-$r.out" 2>&1
    wall=$(grep 'Elapsed (wall clock)' "$out/transform-national-$r.time" | awk '{print $NF}')
    rss=$(grep 'Maximum resident' "$out/transform-national-$r.time" | awk '{printf "%.0f MB", $NF / 1024}')
    echo "round $r: wall $wall, peak RSS $rss, load before $(cut -d' ' -f1 /proc/loadavg)" | tee -a "$res"
done
tail -n +1 "$res"
