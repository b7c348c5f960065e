# bench/common.sh — sourced by bench/run.sh and bench/report-scaling.sh (needs $runs).

log() { printf '%s  %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

# timed NAME CMD...: runs CMD under /usr/bin/time -v, output in runs/NAME.{time,out,err};
# skipped when runs/NAME.time exists (resume).
timed() {
    local name=$1; shift
    if [[ -s $runs/$name.time ]] && grep -q 'Exit status: 0' "$runs/$name.time"; then
        log "  $name: already measured"; return 0
    fi
    log "  $name (load $(cut -d' ' -f1 /proc/loadavg))"
    echo "$(date +%s) $(cut -d' ' -f1-3 /proc/loadavg)" >"$runs/$name.load"
    if ! /usr/bin/time -v -o "$runs/$name.time" "$@" >"$runs/$name.out" 2>"$runs/$name.err"; then
        log "  $name FAILED:"; tail -5 "$runs/$name.err" >&2; return 1
    fi
}

# schools_in_order MANIFEST: the sample's schools (UAI), one per line, in the generator's
# order (the manifest lists them school by school); report-scaling.sh keeps the first N,
# run.sh chooses the report subjects among them.
# (dict: ordered and unique; a list's "not in" took minutes over the 423 000 national files)
schools_in_order() {
    /usr/bin/python3 -c 'import json,sys
seen=dict.fromkeys(f["uai"] for f in json.load(open(sys.argv[1]))["fichiers"] if f["uai"])
print("\n".join(seen))' "$1"
}
