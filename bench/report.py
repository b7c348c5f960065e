#!/usr/bin/python3
"""Summarises the timings of bench/run.sh: medians, ratios, targets, report
scaling, machine and versions. Writes OUT/results.md and, with --benchmarks,
replaces the generated part of BENCHMARKS.md (between the results markers).

Every timing is a `/usr/bin/time -v` output (runs/NAME.time): wall clock
and maximum resident set size (for a shell running several commands, GNU
time reports the largest of its children)."""

import argparse
import glob
import os
import platform
import re
import statistics
import subprocess
import time

BEGIN, END = "<!-- results:begin (written by bench/run.sh) -->", "<!-- results:end -->"
STAGES = ["ingest", "indicateurs", "rapport-etablissement", "rapport-departement", "rapport-pix", "total"]
GB = 1024 * 1024  # kB


def parse_time(path):
    """(wall seconds, max RSS kB, user s, sys s, ok) of a /usr/bin/time -v output."""
    txt = open(path, encoding="utf-8", errors="replace").read()

    def field(name):
        m = re.search(re.escape(name) + r":\s*(.+)", txt)
        return m.group(1).strip() if m else None
    w = field("Elapsed (wall clock) time (h:mm:ss or m:ss)")
    secs = 0.0
    for part in (w or "0").split(":"):
        secs = secs * 60 + float(part)
    return {"wall": secs, "rss": int(field("Maximum resident set size (kbytes)") or 0),
            "user": float(field("User time (seconds)") or 0), "sys": float(field("System time (seconds)") or 0),
            "ok": "Exit status: 0" in txt}


def fmt_s(s):
    if s is None:
        return "–"
    if s >= 3600:
        return f"{s / 3600:.2f} h"
    if s >= 120:
        return f"{s / 60:.1f} min"
    return f"{s:.2f} s" if s < 10 else f"{s:.1f} s"


def fmt_mb(kb):
    return "–" if kb is None else f"{kb / 1024:,.0f} MB".replace(",", " ")


def median(xs):
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else None


def sh(cmd):
    try:
        return subprocess.run(cmd, shell=True, capture_output=True, text=True, timeout=60).stdout.strip()
    except Exception:  # noqa: BLE001 - a missing tool leaves the field empty
        return ""


def threads_text(t):
    """The DuckDB threads of the run, as run.sh passed them."""
    if t == "default":
        return ("threads: filmnum's defaults (every core; ingest one fewer while its second connection is "
                "open), every core for the raw load")
    return f"`threads={t}`"


def machine(out):
    cpu = sh("grep -m1 'model name' /proc/cpuinfo | cut -d: -f2").strip()
    mem = sh("awk '/MemTotal/ {printf \"%.1f GB\", $2/1024/1024}' /proc/meminfo")
    return [
        ("Date", time.strftime("%Y-%m-%d %H:%M %Z")),
        ("Machine", f"{sh('nproc')} cores ({cpu}), {mem} RAM (/proc/meminfo), {platform.system()} {platform.release()}"),
        ("Disk", sh(f"cat {out}/disk.txt")),
        ("Go", sh("go version")),
        ("DuckDB", sh(f"{out}/bin/rawload version | tail -1") + " (linked in filmnum and rawload: github.com/duckdb/duckdb-go/v2)"),
        ("pandas", sh("/usr/bin/python3 -c 'import pandas, numpy, sys; print(\"pandas\", pandas.__version__, "
                      "\"numpy\", numpy.__version__, \"Python\", sys.version.split()[0])'")),
        ("filmnum", "commit " + sh(f"cat {out}/commit.txt")),
    ]


def load_stats(out, runs):
    """1-minute load average over the measured runs."""
    starts = [os.path.getmtime(p) for p in glob.glob(os.path.join(runs, "*.load"))]
    ends = [os.path.getmtime(p) for p in glob.glob(os.path.join(runs, "*.time"))]
    vals = []
    try:
        for line in open(os.path.join(out, "loadavg.log")):
            t, l1, *_ = line.split()
            if starts and min(starts) - 60 <= float(t) <= max(ends + starts) + 60:
                vals.append(float(l1))
    except FileNotFoundError:
        pass
    if not vals:
        return "not sampled"
    q = statistics.quantiles(vals, n=10) if len(vals) >= 10 else [min(vals)] * 9
    return (f"median {statistics.median(vals):.1f}, 10th–90th percentile {q[0]:.1f}–{q[-1]:.1f}, "
            f"max {max(vals):.1f} ({len(vals)} samples every 30 s; includes the benchmark's own 1–2 runnable threads)")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--runs", required=True)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--threads", default="default")
    ap.add_argument("--memoire", default="300MB")
    ap.add_argument("--memoire-brut", dest="memoire_brut", default="700MB")
    ap.add_argument("--command", default="bench/run.sh")
    ap.add_argument("--echelles", default="")
    ap.add_argument("--total", type=int, default=0)
    ap.add_argument("--departement", default="")
    ap.add_argument("--uai", default="")
    ap.add_argument("--benchmarks")
    a = ap.parse_args()

    def runs_of(pattern):
        res = []
        for p in sorted(glob.glob(os.path.join(a.runs, pattern))):
            t = parse_time(p)
            if t["ok"]:
                res.append(t)
        return res

    rows = []  # (label, key, runs)
    for st in STAGES:
        rows.append((f"filmnum {st}" if st != "total" else "**filmnum end to end** (ingest → indicateurs → 3 reports)",
                     "filmnum-" + st, runs_of(f"r*-filmnum-{st}.time")))
    rows.append(("**raw DuckDB load** (rawload, same read_csv options)", "raw", runs_of("r*-raw-load.time")))
    rows.append(("**pandas peer** (certification + ENT)", "pandas", runs_of("r*-pandas-peer.time")))
    med = {k: (median([r["wall"] for r in rs]), median([r["rss"] for r in rs]), len(rs)) for _, k, rs in rows}

    L = []
    L.append(BEGIN)
    L.append("")
    L.append("### Run")
    L.append("")
    for k, v in machine(a.out):
        L.append(f"- **{k}**: {v}")
    L.append(f"- **Command**: `{a.command}` (DuckDB {threads_text(a.threads)}, `memory_limit={a.memoire}` for filmnum "
             f"ingest, `{a.memoire_brut}` for the raw load, filmnum's own defaults for `indicateurs` and the reports; "
             f"{a.rounds} rounds, contenders' order rotated each round)")
    L.append(f"- **Load average during the runs**: {load_stats(a.out, a.runs)}")
    sample = os.path.join(a.out, "sample.txt")
    if os.path.exists(sample):
        first = open(sample, encoding="utf-8").readline().strip()
        L.append(f"- **Sample** (`filmnum sample --scale national`): {first}")
    mirror = os.path.join(a.out, "mirror.txt")
    if os.path.exists(mirror):
        mt = parse_time(os.path.join(a.out, "mirror.time")) if os.path.exists(os.path.join(a.out, "mirror.time")) else None
        L.append(f"- **UTF-8 twin for the raw load** (outside its timing): {open(mirror).read().strip()}"
                 + (f", peak {fmt_mb(mt['rss'])}" if mt else ""))
    L.append(f"- **Reports**: school {a.uai}, département {a.departement}, Pix report of all schools, year 2025-2026")
    L.append("")
    L.append("### Medians")
    L.append("")
    L.append("| contender / stage | runs | wall time (median) | peak RSS (median) | wall times | peak RSS |")
    L.append("|---|---:|---:|---:|---|---|")
    for label, k, rs in rows:
        w, m, n = med[k]
        L.append(f"| {label} | {n} | {fmt_s(w)} | {fmt_mb(m)} | "
                 f"{', '.join(fmt_s(r['wall']) for r in rs)} | {', '.join(fmt_mb(r['rss']) for r in rs)} |")
    L.append("")

    fw, fm, _ = med["filmnum-total"]
    iw, im, _ = med["filmnum-ingest"]
    xw, xm, _ = med["filmnum-indicateurs"]
    rw, rm, _ = med["raw"]
    pw, pm, _ = med["pandas"]

    def ratio(x, y):
        return None if not x or not y else x / y
    L.append("### Ratios (of medians)")
    L.append("")
    L.append("| ratio | wall time | peak RSS |")
    L.append("|---|---:|---:|")
    rr = [("filmnum end to end / raw DuckDB load", ratio(fw, rw), ratio(fm, rm)),
          ("filmnum ingest / raw DuckDB load", ratio(iw, rw), ratio(im, rm)),
          ("pandas peer / filmnum end to end", ratio(pw, fw), ratio(pm, fm)),
          ("pandas peer / filmnum ingest + indicateurs (the comparable work)",
           ratio(pw, (iw or 0) + (xw or 0)), ratio(pm, max(im or 0, xm or 0)))]
    for name, w, m in rr:
        L.append(f"| {name} | {'–' if w is None else f'{w:.2f}×'} | {'–' if m is None else f'{m:.2f}×'} |")
    L.append("")

    L.append("### Targets (2 cores)")
    L.append("")

    def verdict(ok):
        return "–" if ok is None else ("**met**" if ok else "**not met**")
    t1 = None if rr[0][1] is None else rr[0][1] <= 1.15
    t2 = None if fm is None else fm <= GB
    t3 = None if rr[2][1] is None else rr[2][1] >= 3
    t4 = None if rr[2][2] is None else rr[2][2] >= 3
    L.append("| target | measured | |")
    L.append("|---|---|---|")
    L.append(f"| filmnum end to end ≤ 1.15× the raw DuckDB load | {'–' if rr[0][1] is None else f'{rr[0][1]:.2f}×'} "
             f"({fmt_s(fw)} vs {fmt_s(rw)}) | {verdict(t1)} |")
    L.append(f"| peak RSS ≤ 1 GB | {fmt_mb(fm)} (largest stage) | {verdict(t2)} |")
    L.append(f"| ≥ 3× faster than the pandas peer | {'–' if rr[2][1] is None else f'{rr[2][1]:.2f}×'} | {verdict(t3)} |")
    L.append(f"| ≥ 3× less memory than the pandas peer | {'–' if rr[2][2] is None else f'{rr[2][2]:.2f}×'} "
             f"({fmt_mb(pm)} vs {fmt_mb(fm)}) | {verdict(t4)} |")
    L.append("")

    cc = os.path.join(a.out, "crosscheck.txt")
    if os.path.exists(cc):
        L.append("### Cross-check pandas / filmnum")
        L.append("")
        L.append("```")
        L.extend(open(cc, encoding="utf-8").read().rstrip().splitlines()[:16])
        L.append("```")
        L.append("")

    sizes = []
    for n in a.echelles.split():
        n = a.total if n == "all" else min(int(n), a.total)
        if n not in sizes:
            sizes.append(n)
    if sizes:
        L.append("### Report rendering time by number of schools (median of 3)")
        L.append("")
        L.append("| schools | in the département | indicator values | rapport etablissement | rapport departement "
                 "| rapport pix | pix: ms per school | pix peak RSS |")
        L.append("|---:|---:|---:|---:|---:|---:|---:|---:|")
        for n in sizes:
            size = os.path.join(a.runs, f"scale-{n}.size")
            ecoles, ecd, vals = (open(size).read().strip().split(";") + ["", "", ""])[:3] if os.path.exists(size) \
                else (str(n), "", "")
            cells = []
            for rep in ("rapport-etablissement", "rapport-departement", "rapport-pix"):
                rs = runs_of(f"scale-{n}-*-{rep}.time")
                cells.append((median([r["wall"] for r in rs]), median([r["rss"] for r in rs])))
            pix = cells[2][0]
            per = f"{1000 * pix / int(ecoles):.2f}" if pix and ecoles.isdigit() and int(ecoles) else "–"
            L.append(f"| {ecoles} | {ecd} | {vals} | {fmt_s(cells[0][0])} | {fmt_s(cells[1][0])} | {fmt_s(pix)} "
                     f"| {per} | {fmt_mb(cells[2][1])} |")
        L.append("")

    exps = sorted(glob.glob(os.path.join(a.runs, "exp-*.time")))
    if exps:
        L.append("### Settings experiments (one run each)")
        L.append("")
        L.append("| run | wall time | peak RSS |")
        L.append("|---|---:|---:|")
        for p in exps:
            t = parse_time(p)
            L.append(f"| {os.path.basename(p)[4:-5]} | {fmt_s(t['wall'])}{'' if t['ok'] else ' (failed)'} | {fmt_mb(t['rss'])} |")
        L.append("")
    L.append(END)
    block = "\n".join(L) + "\n"

    with open(os.path.join(a.out, "results.md"), "w", encoding="utf-8") as f:
        f.write(block)
    print(block)
    if a.benchmarks:
        text = open(a.benchmarks, encoding="utf-8").read() if os.path.exists(a.benchmarks) else \
            "# Benchmarks\n\n" + BEGIN + "\n" + END + "\n"
        if BEGIN in text and END in text:
            text = text[:text.index(BEGIN)] + block.rstrip("\n") + text[text.index(END) + len(END):]
        else:
            text = text.rstrip("\n") + "\n\n" + block
        with open(a.benchmarks, "w", encoding="utf-8") as f:
            f.write(text)


if __name__ == "__main__":
    main()
