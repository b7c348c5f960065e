#!/usr/bin/python3
"""The pandas peer of filmnum's benchmark (bench/run.sh).

What a data analyst would write with pandas instead of filmnum, for two of
its indicator families, following the definitions in queries/ (the SQL is
the reference; comments name the statement each step mirrors):

  certif_taux, year, dimension ''  pupils of the school with a validated core
                                   Pix certification ÷ pupils of the school's
                                   certification levels (seeds effectifs.csv)
  ent_connexion, month, profile    unique visitors ÷ accounts of the profile

    peer.py run DATA SEEDS OUT.csv          read the exports, write the indicators
    peer.py compare PEER.csv FILMNUM.csv…   compare with `filmnum indicateurs --format csv`

`run` looks at the header of every CSV file under DATA (kinds are told by
their header, never by their name, as filmnum does), then reads the Pix
certification results (per class and per session), the ENT statistics, and
the Pix Orga campaigns and profile collections. It applies filmnum's rules:
Windows-1252 or UTF-8, header aliases, the rows filmnum rejects (wrong UAI
check letter, unreadable numbers or dates, unknown status, total lines), newer
exports replacing older ones, one certification per pupil, the pupil's level
from the class of their latest dated row.

Files are read one by one with pandas.read_csv, then cleaned in chunks of
CHUNK files with vectorised operations (cleaning each small file on its own
costs pandas ~0.1 s per file). Campaign rows are kept only for pupils who
have a certification: the indicator needs nothing else from them.

`compare` exits 1 if any value differs (or none was compared).
"""

import csv
import functools
import io
import os
import re
import sys
import time
import unicodedata

import numpy as np
import pandas as pd

NA = ["NA", "-", ""]  # filmnum's read_csv nullstr
CERT_LEVELS = {"3e", "Tle", "Tle pro", "CAP2"}
PROFILES = ["eleve", "responsable", "enseignant", "personnel"]
CHUNK = 3000  # files cleaned together


# ------------------------------------------------------------ header level

@functools.lru_cache(maxsize=None)
def fold(h):
    """A header cell folded like filmnum's normHeader: no accents, lower
    case, typographic apostrophes as ', single spaces."""
    h = unicodedata.normalize("NFD", h.replace("\ufeff", ""))
    h = "".join(c for c in h if unicodedata.category(c) != "Mn").lower()
    h = h.replace("\u2019", "'").replace("\u2018", "'").replace("\u00a0", " ")
    return " ".join(h.split())


def decode(raw):
    """Bytes of an export as text: UTF-8 (with or without BOM), else Windows-1252."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def detect_delim(line):
    """';' unless the header clearly uses ',' or a tab (filmnum's detectDelim)."""
    def count(d):
        n, q = 0, False
        for c in line:
            if c == '"':
                q = not q
            elif c == d and not q:
                n += 1
        return n
    semi, comma, tab = count(";"), count(","), count("\t")
    if semi >= comma and semi >= tab and semi > 0:
        return ";"
    return "\t" if tab > comma else ","


UAI_LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"
RE_UAI = re.compile(r"(?:^|[^0-9A-Za-z])(\d{7}[A-Za-z])(?:[^0-9A-Za-z]|$)")


def valid_uai(u):
    return isinstance(u, str) and len(u) == 8 and u[:7].isdigit() and UAI_LETTERS[int(u[:7]) % 23] == u[7]


def path_uai(path):
    """The valid UAI closest to the file name in its path (filmnum's uaiInPath)."""
    for part in reversed(path.replace(os.sep, "/").split("/")):
        for m in reversed(RE_UAI.findall(part)):
            if valid_uai(m.upper()):
                return m.upper()
    return None


RE_NAME_DT = re.compile(r"(\d{4})-(\d{2})-(\d{2})-(\d{2})(\d{2})\.[A-Za-z]+$")
RE_NAME_COMPACT = re.compile(r"(?:^|[^0-9])(\d{4})(\d{2})(\d{2})(?:_(\d{2})(\d{2}))?(?:[^0-9]|$)")
RE_NAME_ISO = re.compile(r"(?:^|[^0-9])(\d{4})-(\d{2})-(\d{2})(?:[^0-9]|$)")


def date_from_name(name):
    """The export date a file name carries (filmnum's exportDateFromName), or NaT."""
    for rx in (RE_NAME_DT, RE_NAME_COMPACT, RE_NAME_ISO):
        m = rx.search(name)
        if m:
            g = [int(x or 0) for x in m.groups()] + [0, 0]
            try:
                t = pd.Timestamp(g[0], g[1], g[2], g[3], g[4])
            except ValueError:
                return pd.NaT
            return t if 2000 <= t.year <= 2100 else pd.NaT
    return pd.NaT


# Canonical columns of each kind: name → header labels (first found wins).
ENT_COLS = {"uai": ("UAI", "RNE", "Code établissement"), "mois": ("Mois", "Date", "Période", "Month"),
            "profil": ("Profil", "Type d'utilisateur", "Population", "Profile"),
            "comptes": ("Comptes", "Comptes chargés", "Nombre de comptes", "Accounts"),
            "actives": ("Comptes activés", "Comptes actifs", "Activated"),
            "utilisateurs": ("Utilisateurs connectés", "Visiteurs uniques", "Utilisateurs uniques", "Unique visitors"),
            "connexions": ("Connexions", "Visites", "Nombre de connexions", "Connections")}
CAMP_COLS = {"id": ("ID Campagne",), "nom": ("Nom du Participant",), "prenom": ("Prénom du Participant",),
             "classe": ("Classe",), "prog": ("% de progression",),
             "d1": ("Date et heure de début (Europe/Paris)", "Date de début"), "flag": ("Partage (O/N)",),
             "d2": ("Date et heure du partage (Europe/Paris)", "Date du partage")}
PROF_COLS = {"id": ("ID Campagne",), "nom": ("Nom du Participant",), "prenom": ("Prénom du Participant",),
             "classe": ("Classe",), "flag": ("Envoi (O/N)",),
             "d1": ("Date et heure de l'envoi (Europe/Paris)", "Date de l'envoi")}
COMPETENCES = ["1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "2.4", "3.1", "3.2", "3.3", "3.4", "4.1", "4.2", "4.3",
               "5.1", "5.2"]
CERT_COLS = {"numero": ("Numéro de certification",), "prenom": ("Prénom",), "nom": ("Nom",),
             "naissance": ("Date de naissance",), "type": ("Type de certification",), "statut": ("Statut",),
             "niveau": ("Niveau",), "score": ("Nombre de Pix", "Score en Pix"), "resultat": ("Résultat",),
             "session": ("Session",), "date": ("Date de passage de la certification",)}
CERT_COLS.update({"k" + c: (c,) for c in COMPETENCES})


class Header:
    """The first line of a file: delimiter, cells, folded cells."""

    def __init__(self, path):
        with open(path, "rb") as f:
            head = f.read(8192)
        first = decode_prefix(head).split("\n", 1)[0].rstrip("\r")
        self.delim = detect_delim(first)
        self.cells = [c.strip() for c in next(csv.reader([first], delimiter=self.delim))]
        self.folded = [fold(c) for c in self.cells]

    def kind(self):
        f = set(self.folded)
        if "id campagne" in f and "% de progression" in f:
            return "campagne"
        if "id campagne" in f and "envoi (o/n)" in f:
            return "profils"
        if "numero de certification" in f:
            return "certif_session" if "centre de certification" in f else "certif_classe"
        if all(self.pos(ENT_COLS[k]) is not None for k in ("uai", "mois", "profil", "comptes", "utilisateurs")) \
                and self.pos(("Ressource", "ID ressource", "Identifiant ressource")) is None:
            return "ent"
        return None

    def pos(self, labels):
        for lab in labels:
            f = fold(lab)
            if f in self.folded:
                return self.folded.index(f)
        return None

    def mapping(self, spec):
        """Column position → canonical name, for the columns present."""
        out = {}
        for name, labels in spec.items():
            i = self.pos(labels)
            if i is not None and i not in out:
                out[i] = name
        return out


def decode_prefix(b):
    """decode() for the first bytes of a file (a UTF-8 sequence may be cut)."""
    if b.startswith(b"\xef\xbb\xbf"):
        return b[3:].decode("utf-8", errors="ignore")
    try:
        return b.decode("utf-8")
    except UnicodeDecodeError as err:
        if err.start > len(b) - 4:
            return b[:err.start].decode("utf-8")
        return b.decode("cp1252", errors="replace")


def read_file(path, header, spec, order, all_columns=False):
    """One file's columns of spec (renamed) as strings, NA/-/'' missing; with
    fichier (the file's order) and rang (data row number)."""
    with open(path, "rb") as f:
        text = decode(f.read())
    m = header.mapping(spec)
    df = pd.read_csv(io.StringIO(text), sep=header.delim, dtype=str, keep_default_na=False, na_values=NA,
                     header=0, names=range(len(header.cells)), usecols=None if all_columns else sorted(m),
                     skip_blank_lines=True, index_col=False, on_bad_lines="skip")
    if all_columns:  # the first non-empty cell of each row (a spreadsheet's total line)
        df["_first"] = df.bfill(axis=1).iloc[:, 0] if len(df.columns) else np.nan
    df["rang"] = np.arange(1, len(df) + 1)
    df["fichier"] = order
    return df.rename(columns=m)


# --------------------------------------------------------------- values

def school_year(ts):
    """'2025-2026' for each timestamp (a school year starts in September)."""
    y = ts.dt.year
    start = y.where(ts.dt.month >= 9, y - 1).astype("Int64")
    return (start.astype(str) + "-" + (start + 1).astype(str)).where(ts.notna())


def unguard(s):
    """Drop the apostrophe Pix Orga writes before = + - @ (filmnum's _unguard)."""
    m = s.str.startswith("'", na=False) & s.str[1:2].isin(["-", "@", "=", "+"])
    return s.where(~m, s.str[1:])


def norm(s):
    """filmnum's _norm: trimmed, inner spaces collapsed, apostrophes unified,
    accents stripped, upper case; NULL → ''."""
    s = s.str.strip(" ")
    dbl = s.str.contains("  ", regex=False, na=False)
    if dbl.any():
        s = s.where(~dbl, s.str.replace(r"\s+", " ", regex=True))
    s = s.str.replace("\u2019", "'", regex=False).str.replace("\u2018", "'", regex=False)
    s = s.str.normalize("NFD").str.replace("[\u0300-\u036f]", "", regex=True).str.upper()
    return s.fillna("")


def namekey(last, first):
    """The pupil within a school (what filmnum's pseudonym is a keyed hash of)."""
    return norm(last) + "|" + norm(first)


def sniff_format(values, fallback):
    """Timestamp format from the first dated value (filmnum's sniffTimestamp)."""
    for v in values:
        if not isinstance(v, str):
            continue
        v = v.strip()
        if re.fullmatch(r"\d{2}/\d{2}/\d{4} \d{2}:\d{2}", v):
            return "%d/%m/%Y %H:%M"
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", v):
            return "%Y-%m-%d"
        if re.fullmatch(r"\d{2}/\d{2}/\d{4}", v):
            return "%d/%m/%Y"
    return fallback


def parse_ts(s, fmts):
    """Timestamps whose format is given per row (fmts); unreadable → NaT."""
    out = pd.Series(pd.NaT, index=s.index, dtype="datetime64[ns]")
    for fmt in fmts.dropna().unique():
        m = fmts == fmt
        out[m] = pd.to_datetime(s[m], format=fmt, errors="coerce")
    return out


def instant(ts, utc_rows):
    """Wall-clock timestamps as instants (naive UTC): Paris time, except the
    rows of old exports whose ISO dates are UTC (filmnum's tzExpr)."""
    paris = ts.dt.tz_localize("Europe/Paris", ambiguous=True, nonexistent="shift_forward") \
              .dt.tz_convert("UTC").dt.tz_localize(None)
    return ts.where(utc_rows, paris)


def ints(s):
    """Counts as the ENT consoles write them: "1 204", "1\u00a0204", "92".
    Returns the values and whether each cell was readable (or empty)."""
    c = s.str.replace(r"[\s\u00a0\u202f\u2009]", "", regex=True)
    ok = c.str.fullmatch(r"[-+]?\d+", na=False)
    return pd.to_numeric(c.where(ok), errors="coerce"), ok | s.isna()


def nums(s):
    """Decimal-comma numbers (DuckDB's decimal_separator=','); readable flag."""
    v = pd.to_numeric(s.str.replace(",", ".", regex=False), errors="coerce")
    return v, v.notna() | s.isna()


def is_int(s):
    v = pd.to_numeric(s, errors="coerce")
    return v, (v.notna() & (v == v.round())) | s.isna()


def file_years(rows, files, date_col):
    """Per file: its rows' school years joined (sorted) and the file's own
    year (the last of them, else the export date's) — filmnum's resolve()."""
    ys = rows.dropna(subset=["annee_ligne"]).groupby("fichier")["annee_ligne"] \
             .agg(lambda s: ",".join(sorted(set(s))))
    f = files.copy()
    f["annees"] = f.index.map(ys).fillna("")
    d = f["export_date"]
    if date_col is not None:
        d = d.fillna(rows.groupby("fichier")[date_col].max())
    d = d.fillna(pd.Timestamp.now())
    start = d.dt.year.where(d.dt.month >= 9, d.dt.year - 1)
    f["annee_fichier"] = f["annees"].str.split(",").str[-1]
    f.loc[f["annees"] == "", "annee_fichier"] = start.astype(str) + "-" + (start + 1).astype(str)
    f["recence"] = d
    return f


def newest(files, key_cols):
    """File-level replacement (filmnum's replaceOlder): of the files of one
    kind with the same school, key and years, the newest export wins (on a
    tie, the one met later). Returns the kept files' orders."""
    f = files.reset_index().sort_values(["recence", "fichier"])
    return set(f.drop_duplicates(key_cols, keep="last")["fichier"])


# ---------------------------------------------------------- cleaning chunks

def clean_cert(df, files):
    """Certification rows: rejects dropped, pupil key, status, date, year."""
    fmt = df["fichier"].map(files["fmt"])
    d, birth = parse_ts(df["date"], fmt), parse_ts(df["naissance"], fmt)
    statut = df["statut"].map({"Validée": "validee", "Rejetée": "rejetee", "Non obtenue": "rejetee",
                               "Annulée": "annulee", "En erreur": "en_erreur", "Démarrée": "demarree"})
    session, ok_session = is_int(df["session"])
    score, ok_score = is_int(df["score"]) if "score" in df else (pd.Series(np.nan, index=df.index), True)
    level = df["niveau"] if "niveau" in df else pd.Series(np.nan, index=df.index, dtype=object)
    bad = statut.isna() | df["numero"].isna() | ~ok_session | ~ok_score
    bad |= (df["date"].notna() & d.isna()) | (df["naissance"].notna() & birth.isna())
    if "resultat" in df:
        res = df["resultat"]
        ok = res.str.strip().str.fullmatch(
            r"\d+(?: (?i:pix))?|(?:Novice|Indépendant|Avancé|Expert) [12](?: \(\d+ (?i:pix)\))?", na=False)
        bad |= res.notna() & ~ok
        score = score.fillna(pd.to_numeric(res.str.extract(r"(\d+)\s*(?i:pix)?\)?\s*$", expand=False),
                                           errors="coerce"))
        level = level.fillna(res.str.extract(r"^((?:Novice|Indépendant|Avancé|Expert) [12])", expand=False))
    bad |= (score < 0) | (score > 1024)
    bad |= level.notna() & ~level.isin(["Novice 1", "Novice 2", "Indépendant 1", "Indépendant 2",
                                        "Avancé 1", "Avancé 2", "Expert 1", "Expert 2"])
    for c in ("k" + x for x in COMPETENCES):
        if c in df:
            v, ok = is_int(df[c])
            bad |= ~ok | (v < 0) | (v > 8)
    out = pd.DataFrame({"fichier": df["fichier"], "rang": df["rang"], "numero": df["numero"],
                        "nk": namekey(df["nom"], df["prenom"]),
                        "type": df["type"].fillna("Pix") if "type" in df else "Pix",
                        "statut": statut, "session": session, "date_passage": d,
                        "annee_ligne": school_year(d), "classe": df["fichier"].map(files["classe"])})
    return out[~bad.fillna(False).astype(bool)]


def clean_campaign(df, files, kind):
    """Campaign / profile collection rows: rejects dropped, pupil key, class,
    dates as instants, flag (shared / sent)."""
    for c in ("classe", "d1", "d2", "prog"):
        if c not in df:
            df[c] = np.nan
    fmt = df["fichier"].map(files["fmt"])
    d1, d2 = parse_ts(df["d1"], fmt), parse_ts(df["d2"], fmt)
    cid, ok_id = is_int(df["id"])
    nom, prenom = unguard(df["nom"]), unguard(df["prenom"])
    bad = ~ok_id | cid.isna() | (df["d1"].notna() & d1.isna()) | (df["d2"].notna() & d2.isna())
    bad |= nom.isna() & prenom.isna()
    bad |= df["flag"].notna() & ~df["flag"].isin(["Oui", "Non"])
    if kind == "campagne":
        prog, ok_prog = nums(df["prog"])
        bad |= d1.isna() | ~ok_prog | (prog < 0) | (prog > 1)
    utc = fmt == "%Y-%m-%d"
    out = pd.DataFrame({"fichier": df["fichier"], "rang": df["rang"], "campagne_id": cid,
                        "nk": namekey(nom, prenom), "classe": df["classe"].str.strip().replace("", np.nan),
                        "flag": df["flag"].eq("Oui"), "t1": instant(d1, utc), "t2": instant(d2, utc),
                        "annee_ligne": school_year(d1)})
    return out[~bad.fillna(False).astype(bool)]


MONTHS = {}
for _m, _names in enumerate([["janvier", "janv", "jan", "january"], ["fevrier", "fevr", "fev", "feb", "february"],
                             ["mars", "mar", "march"], ["avril", "avr", "apr", "april"], ["mai", "may"],
                             ["juin", "jun", "june"], ["juillet", "juil", "jul", "july"],
                             ["aout", "aou", "aug", "august"], ["septembre", "sept", "sep", "september"],
                             ["octobre", "oct", "october"], ["novembre", "nov", "november"],
                             ["decembre", "dec", "december"]], start=1):
    for _n in _names:
        MONTHS[_n] = _m


def parse_periods(s):
    """ENT periods: "septembre 2025", "09/2025", "2025-09", "2025-09-01T00:00"
    → (first day, 'mois' or 'date'); unreadable → NaT."""
    s = s.str.replace("\u00a0", " ", regex=False).str.strip()
    out = pd.Series(pd.NaT, index=s.index, dtype="datetime64[ns]")
    gran = pd.Series(None, index=s.index, dtype=object)
    m = s.str.extract(r"^(\d{1,2})\s*[/.-]\s*(\d{4})$")
    ok = m[0].notna()
    out[ok] = pd.to_datetime(m[1][ok] + "-" + m[0][ok].str.zfill(2) + "-01", errors="coerce")
    m = s.str.extract(r"^(\d{4})\s*[/.-]\s*(\d{1,2})$")
    ok2 = m[0].notna()
    out[ok2] = pd.to_datetime(m[0][ok2] + "-" + m[1][ok2].str.zfill(2) + "-01", errors="coerce")
    m = s.str.extract(r"^([^\W\d_]+)\.?\s*[-/ ]?\s*'?(\d{4})$")
    ok3 = m[0].notna()
    if ok3.any():
        mo = m[0][ok3].map(lambda w: MONTHS.get(fold(w).rstrip(".")))
        out[ok3] = pd.to_datetime(m[1][ok3] + "-" + mo.astype("Int64").astype(str).str.zfill(2) + "-01",
                                  errors="coerce")
    gran[ok | ok2 | ok3] = "mois"
    rest = ~(ok | ok2 | ok3) & s.notna()
    if rest.any():
        d = s[rest].str.extract(r"^(\d{4}-\d{2}-\d{2})(?:[T ].*)?$")[0]
        out[rest] = pd.to_datetime(d, format="%Y-%m-%d", errors="coerce")
        gran[rest] = "date"
    return out, gran


@functools.lru_cache(maxsize=None)
def profile(label):
    """filmnum's ParseProfile."""
    words = [w[:-1] if len(w) > 3 and w.endswith(("s", "x")) and not w.endswith("ss") else w
             for w in re.split(r"[^a-z0-9@]+", fold(label)) if w]
    txt = " " + " ".join(words) + " "

    def has(*ps):
        return any(" " + p + " " in txt for p in ps)
    if not words:
        return "autre"
    if has("non enseignant", "non enseignante", "non teaching"):
        return "personnel"
    if has("parent", "responsable", "relative", "representant", "representante", "famille", "tuteur"):
        return "responsable"
    if has("enseignant", "enseignante", "teacher", "professeur", "prof"):
        return "enseignant"
    if has("eleve", "student", "pupil", "apprenti", "apprentie", "etudiant", "etudiante"):
        return "eleve"
    if has("personnel", "staff", "administratif", "administrative", "direction", "agent"):
        return "personnel"
    if has("invite", "invitee", "guest", "visiteur", "exterieur"):
        return "invite"
    return "autre"


TOTAL = r"(?i)\s*(?:total(?:\s+g[ée]n[ée]ral)?|totaux|sous[- ]total)\s*:?\s*"


def clean_ent(df, files):
    """ENT rows: total lines and rejects dropped, month, profile, counts."""
    raw_uai = df["uai"].str.strip().str.upper()
    filled = df["fichier"].map(raw_uai.notna().groupby(df["fichier"]).any())
    periode, gran = parse_periods(df["mois"])
    prof = df["profil"].map(lambda x: profile(x) if isinstance(x, str) else None)
    comptes, ok_c = ints(df["comptes"])
    users, ok_u = ints(df["utilisateurs"])
    bad = df["_total"] | (raw_uai.notna() & ~raw_uai.map(valid_uai)) | (raw_uai.isna() & filled)
    bad |= df["mois"].isna() | periode.isna() | df["profil"].isna() | ~ok_c | ~ok_u | (comptes < 0) | (users < 0)
    for c in ("actives", "connexions"):
        if c in df:
            v, ok = ints(df[c])
            bad |= ~ok | (v < 0)
    bad = bad.fillna(False).astype(bool)
    out = pd.DataFrame({"fichier": df["fichier"], "rang": df["rang"],
                        "uai": raw_uai.fillna(df["fichier"].map(files["uai"])), "periode": periode,
                        "gran": gran, "profil": prof, "comptes": comptes, "utilisateurs": users})[~bad]
    # Full dates all on the 1st of a month are months (filmnum's granularitySQL).
    dated = out["gran"] == "date"
    if dated.any():
        g = out[dated].groupby("fichier")["periode"].agg(
            lambda d: "mois" if (d.dt.day == 1).all() else
            "semaine" if d.dt.dayofweek.nunique() == 1 and (d.nunique() > 1 or d.dt.dayofweek.min() == 0) else "jour")
        out.loc[dated, "gran"] = out.loc[dated, "fichier"].map(g)
    return out


# ----------------------------------------------------------------- the run

def class_rules(seeds):
    """seeds/niveaux_classes.csv: (regex, level) in rule order."""
    r = pd.read_csv(os.path.join(seeds, "niveaux_classes.csv"), sep=";", comment="#", dtype=str)
    r = r.sort_values("ordre", key=lambda s: s.astype(int))
    return [(re.compile(m), n) for m, n in zip(r["motif"], r["niveau"])]


def level_of(labels, rules):
    """Level of each class label: first rule matching its upper-cased,
    space-less form (filmnum's stg_classes); None when none."""
    out = {}
    for lab in labels:
        key = re.sub(r"[\s\u00a0\u202f]", "", lab).upper()
        out[lab] = next((n for rx, n in rules if rx.search(key)), None)
    return out


class Reader:
    """Reads the files of one kind in chunks and cleans each chunk."""

    def __init__(self, paths, spec, all_columns=False):
        self.paths, self.spec, self.all_columns = paths, spec, all_columns

    def __iter__(self):
        for lo in range(0, len(self.paths), CHUNK):
            frames, meta = [], []
            for order, path, h in self.paths[lo:lo + CHUNK]:
                df = read_file(path, h, self.spec, order, self.all_columns)
                meta.append(self.describe(order, path, h, df))
                frames.append(df)
            files = pd.DataFrame(meta).set_index("fichier")
            yield pd.concat(frames, ignore_index=True), files

    def describe(self, order, path, h, df):
        name = os.path.basename(path)
        cols = [c for c in ("d1", "d2", "date", "naissance") if c in df]
        sample = [v for c in cols for v in df[c].head(5)]
        m = re.search(r"_resultats_(.+)\.csv$", name)
        fallback = "%d/%m/%Y"
        if "d1" in df:
            f1 = fold(h.cells[h.pos(self.spec["d1"])])
            fallback = "%Y-%m-%d" if f1 in (fold("Date de début"), fold("Date de l'envoi")) else "%d/%m/%Y %H:%M"
        fmt = sniff_format(sample, fallback)
        if "date" in df and fmt != "%Y-%m-%d":
            fmt = "%d/%m/%Y"
        return {"fichier": order, "uai": path_uai(path), "export_date": date_from_name(name), "fmt": fmt,
                "classe": m.group(1) if m else np.nan}


def run(data, seeds, out_csv):
    t0 = time.time()
    # Every file's header: its kind (what filmnum's recognition does first).
    paths = []
    for d, dirs, names in os.walk(data):
        dirs[:] = [x for x in dirs if not x.startswith(".")]
        paths += [os.path.join(d, n) for n in names
                  if n.lower().endswith((".csv", ".txt", ".tsv")) and not n.startswith(".")]
    by_kind = {}
    for order, p in enumerate(sorted(paths)):
        h = Header(p)
        by_kind.setdefault(h.kind(), []).append((order, p, h))
    rules = class_rules(seeds)
    eff = pd.read_csv(os.path.join(seeds, "effectifs.csv"), sep=";",
                      dtype={"uai": str, "annee_scolaire": str, "niveau": str, "eleves": "Int64"})

    # Certifications (raw_pix_certifications), then stg_certifications: each
    # certification once, the newest export's row; a session export's row
    # takes the class a per-class export gave.
    parts, metas = [], []
    for kind in ("certif_classe", "certif_session"):
        for df, files in Reader(by_kind.get(kind, []), CERT_COLS):
            c = clean_cert(df, files)
            files = file_years(c, files, "date_passage")
            # the key of a session export: its sessions
            sess = c.groupby("fichier")["session"].agg(lambda s: ",".join(sorted({str(int(x)) for x in s.dropna()})))
            files["cle"] = ("session:" + files.index.map(sess).fillna("")) if kind == "certif_session" \
                else "classe:" + files["classe"].fillna("")
            files["kind"] = kind
            c["annee"] = c["annee_ligne"].fillna(c["fichier"].map(files["annee_fichier"]))
            parts.append(c.drop(columns="annee_ligne"))
            metas.append(files)
    files = pd.concat(metas)
    c = pd.concat(parts, ignore_index=True)
    c = c[c["fichier"].isin(newest(files, ["kind", "uai", "cle", "annees"]))]
    c["uai"] = c["fichier"].map(files["uai"])
    c["recence"] = c["fichier"].map(files["recence"])
    c["ckey"] = c["numero"].fillna(c["session"].astype(str) + "|" + c["date_passage"].astype(str))
    part = ["uai", "annee", "nk", "type", "ckey"]
    given = c.dropna(subset=["classe"]).groupby(part, as_index=False)["classe"].max()
    c = c.merge(given.rename(columns={"classe": "classe_max"}), on=part, how="left")
    c["classe"] = c["classe"].fillna(c.pop("classe_max"))
    c = c.sort_values(["recence", "fichier", "rang"], ascending=[False, False, True]).drop_duplicates(part)
    pix = c[c["type"] == "Pix"]
    # stg_certification_eleves: a pupil is certified if any result is validated.
    pupils = pix.assign(certifie=pix["statut"].eq("validee")) \
                .groupby(["uai", "annee", "nk"], as_index=False)["certifie"].max()
    wanted = set(zip(pupils["uai"], pupils["nk"]))

    # ENT statistics → stg_ent (per school × bucket × profile, the newest
    # export's row) → monthly ent_connexion of the four profiles.
    parts = []
    for df, files in Reader(by_kind.get("ent", []), ENT_COLS, all_columns=True):
        df["_total"] = df["_first"].str.fullmatch(TOTAL, na=False)
        e = clean_ent(df, files)
        files["date_max"] = e.groupby("fichier")["periode"].max()
        e["recence"] = e["fichier"].map(files["export_date"].fillna(files["date_max"]))
        parts.append(e)
    e = pd.concat(parts, ignore_index=True)
    e = e.sort_values(["recence", "fichier", "rang"], ascending=False).drop_duplicates(["uai", "gran", "periode", "profil"])
    e = e[(e["gran"] == "mois") & e["profil"].isin(PROFILES) & e["utilisateurs"].notna()]
    en = pd.DataFrame({"indicateur": "ent_connexion", "uai": e["uai"], "annee": school_year(e["periode"]),
                       "periode": e["periode"].dt.strftime("%Y-%m"), "dimension": e["profil"],
                       "numerateur": e["utilisateurs"].astype(float), "denominateur": e["comptes"].astype(float)})
    en["valeur"] = en["numerateur"] / en["denominateur"].where(en["denominateur"] != 0)

    # Campaigns and profile collections (stg_participations, stg_profils:
    # one row per pupil and campaign), for the pupils with a certification.
    vus = []
    for kind, spec, order in (("campagne", CAMP_COLS, ["flag", "t1", "t2", "recence", "fichier", "rang"]),
                              ("profils", PROF_COLS, ["flag", "t1", "recence", "fichier", "rang"])):
        parts, metas = [], []
        for df, files in Reader(by_kind.get(kind, []), spec):
            p = clean_campaign(df, files, kind)
            files = file_years(p, files, "t1")
            ids = p.groupby("fichier")["campagne_id"].agg(lambda s: ",".join(sorted({str(int(x)) for x in s})))
            files["cle"] = files.index.map(ids).fillna("")
            p["annee"] = p["annee_ligne"].fillna(p["fichier"].map(files["annee_fichier"]))
            p["uai"] = p["fichier"].map(files["uai"])
            keep = pd.Series([k in wanted for k in zip(p["uai"], p["nk"])], index=p.index, dtype=bool)
            parts.append(p[keep].drop(columns="annee_ligne"))
            metas.append(files)
        if not parts:
            continue
        files = pd.concat(metas)
        p = pd.concat(parts, ignore_index=True)
        p = p[p["fichier"].isin(newest(files, ["uai", "cle", "annees"]))]
        p["recence"] = p["fichier"].map(files["recence"])
        asc = [False] * (len(order) - 1) + [True]
        p = p.sort_values(order, ascending=asc, na_position="last").drop_duplicates(["uai", "annee", "campagne_id", "nk"])
        vus.append(p.loc[p["classe"].notna(), ["uai", "annee", "nk", "classe", "t1"]])
    t_read = time.time() - t0

    # stg_eleves: the class of the pupil's latest dated row (a certification's
    # DATE counts as midnight in Paris), and its level.
    cc = pix.loc[pix["classe"].notna(), ["uai", "annee", "nk", "classe", "date_passage"]]
    cc = cc.rename(columns={"date_passage": "t1"})
    cc["t1"] = instant(cc["t1"], pd.Series(False, index=cc.index))
    vus.append(cc)
    v = pd.concat(vus, ignore_index=True).sort_values(["t1", "classe"], ascending=[False, True], na_position="last")
    v = v.drop_duplicates(["uai", "annee", "nk"])
    v["niveau"] = v["classe"].map(level_of(v["classe"].unique(), rules))

    # ind_certification, certif_taux for the school: population = pupils whose
    # known level is a certification level, or unknown.
    pop = pupils.merge(v[["uai", "annee", "nk", "niveau"]], on=["uai", "annee", "nk"], how="left", indicator=True)
    pop = pop[~((pop["_merge"] == "both") & pop["niveau"].notna() & ~pop["niveau"].isin(CERT_LEVELS))]
    ct = pop.groupby(["uai", "annee"], as_index=False).agg(certifies=("certifie", "sum"))
    den = eff[eff["niveau"].isin(CERT_LEVELS)].groupby(["uai", "annee_scolaire"], as_index=False)["eleves"].sum()
    ct = ct.merge(den.rename(columns={"annee_scolaire": "annee", "eleves": "denominateur"}),
                  on=["uai", "annee"], how="left")
    ct["numerateur"] = ct["certifies"].astype(float)
    ct["denominateur"] = ct["denominateur"].astype(float)
    ct["valeur"] = ct["numerateur"] / ct["denominateur"].where(ct["denominateur"] != 0)
    ct["indicateur"], ct["periode"], ct["dimension"] = "certif_taux", "annee", ""

    res = pd.concat([ct[en.columns], en], ignore_index=True).rename(columns={"annee": "annee_scolaire"})
    res.sort_values(["indicateur", "uai", "annee_scolaire", "periode", "dimension"]).to_csv(
        out_csv, sep=";", index=False, float_format="%.17g")
    counts = ", ".join(f"{k} {len(v)}" for k, v in sorted(by_kind.items(), key=lambda kv: str(kv[0])) if k)
    print(f"peer: {len(paths)} files looked at ({counts} read), {len(ct)} certif_taux and {len(en)} "
          f"ent_connexion values in {time.time() - t0:.1f} s (reading and cleaning {t_read:.1f} s)", file=sys.stderr)


# -------------------------------------------------------------- comparison

def compare(peer_csv, filmnum_csvs):
    """Values both compute — certif_taux (year, dimension '') and
    ent_connexion (months) — for the school years of filmnum's CSV files."""
    f = pd.concat([pd.read_csv(p, sep=";", dtype=str, keep_default_na=False, encoding="utf-8-sig")
                   for p in filmnum_csvs], ignore_index=True)
    for col in ("numerateur", "denominateur", "valeur"):
        f[col] = pd.to_numeric(f[col].str.replace(",", ".", regex=False), errors="coerce")
    keep = ((f["indicateur"] == "certif_taux") & (f["periode"] == "annee") & (f["dimension"] == "")) | \
           ((f["indicateur"] == "ent_connexion") & (f["periode"] != "annee"))
    f = f[keep]
    p = pd.read_csv(peer_csv, sep=";", dtype={"uai": str, "annee_scolaire": str, "periode": str, "dimension": str},
                    keep_default_na=False, na_values=[""])
    p["dimension"] = p["dimension"].fillna("")
    p = p[p["annee_scolaire"].isin(set(f["annee_scolaire"]))]
    key = ["indicateur", "uai", "annee_scolaire", "periode", "dimension"]
    m = f.merge(p, on=key, how="outer", suffixes=("_filmnum", "_pandas"), indicator=True)
    compared = mismatches = 0
    examples = []
    for col in ("numerateur", "denominateur", "valeur"):
        a, b = m[col + "_filmnum"].astype(float), m[col + "_pandas"].astype(float)
        same = ((a.isna() & b.isna()) | ((a - b).abs() <= 1e-9 * np.maximum(1.0, a.abs()))) & (m["_merge"] == "both")
        compared += len(m)
        mismatches += int((~same).sum())
        for _, r in m[~same].head(5).iterrows():
            examples.append(f"  {col}: {' '.join(str(r[k]) for k in key)} filmnum={r[col + '_filmnum']} "
                            f"pandas={r[col + '_pandas']} ({r['_merge']})")
    by = m.groupby("indicateur").size().to_dict()
    print(f"cross-check: {compared} values compared ({', '.join(f'{k} {3 * v}' for k, v in sorted(by.items()))}; "
          f"school years {', '.join(sorted(set(f['annee_scolaire'])))}), {mismatches} mismatches")
    for x in examples[:15]:
        print(x)
    return 1 if mismatches or compared == 0 else 0


def main(argv):
    if len(argv) == 4 and argv[0] == "run":
        run(argv[1], argv[2], argv[3])
        return 0
    if len(argv) >= 3 and argv[0] == "compare":
        return compare(argv[1], argv[2:])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
