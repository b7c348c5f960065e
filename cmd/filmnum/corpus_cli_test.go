package main

import (
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// corpusDir is the bad-input corpus of ingest (see its README.md).
const corpusDir = "../../ingest/testdata/corpus/"

// duckEnglish matches DuckDB's own wording, never to be shown.
var duckEnglish = regexp.MustCompile(`(?i)\b(error|binder|conversion|invalid|parser|exception|could not|expected|found|unterminated)\b`)

// A few files of the corpus through the real command, as a principal runs
// it: each refusal on stderr in French with its file, line and column and a
// hint, and exit code 1, while the other files still load; a run without
// refusal exits 0; `filmnum sources --rejets` lists the rejected lines.
func TestIngestBadInputCLI(t *testing.T) {
	db := filepath.Join(t.TempDir(), "corpus.duckdb")
	f := func(rel string) string { return corpusDir + rel }
	stdout, stderr, code := runBin(t, "ingest", "--db", db,
		f("divers/attestation-pix-6e.pdf"),
		f("divers/stats-ent-utf16-bom.txt"),
		f("divers/stats-ent-octets-nuls.csv"),
		f("divers/notes-pronote.csv"),
		f("gar/05-affectations-sans-exemplaires.csv"),
		f("ent/03-comptes-negatifs.csv"),
		f("pix-0870015U/03-Resultats-Sans participant-5301-2025-10-01-0800.csv"),
		f("pix-0870015U/04-Resultats-Telechargement coupe-5302-2025-10-01-0800.csv"))
	if code != 1 {
		t.Errorf("code %d, 1 attendu\n%s\n%s", code, stdout, stderr)
	}
	for _, want := range []string{
		"refusé       " + f("divers/attestation-pix-6e.pdf") + " : ce n'est pas un fichier CSV mais un document PDF\n" +
			"             Essayez : téléchargez l'export au format CSV",
		"refusé       " + f("divers/stats-ent-utf16-bom.txt") + " : fichier encodé en UTF-16",
		"refusé       " + f("divers/stats-ent-octets-nuls.csv") + ", ligne 3, colonne 51 : octet nul (0x00)",
		"refusé       " + f("divers/notes-pronote.csv") + ", ligne 1 : export non reconnu d'après son en-tête",
		"refusé       " + f("gar/05-affectations-sans-exemplaires.csv") + ", ligne 1 : export non reconnu : le plus proche est « affectations de ressources GAR », mais il manque la colonne « Exemplaires",
		"filmnum ingest : 5 fichier(s) refusé(s) : rien n'en a été chargé (voir ci-dessus)\nEssayez : ",
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr sans %q :\n%s", want, stderr)
		}
	}
	if strings.Count(stderr, "Essayez : ") != 6 {
		t.Errorf("un « Essayez : » par refus et un pour le bilan attendus :\n%s", stderr)
	}
	for _, want := range []string{
		"chargé       " + f("ent/03-comptes-negatifs.csv") + "\n             statistiques de connexion ENT · 0870015U · 2025-2026 · 3 lues, 1 chargées, 2 rejetées",
		"ignoré       " + f("pix-0870015U/03-Resultats-Sans participant-5301-2025-10-01-0800.csv") + "\n             ignoré : aucune ligne de données",
		"3 lues, 2 chargées, 1 rejetées",
		"Bilan : 2 fichier(s) chargé(s), 6 ligne(s) lue(s), 3 chargée(s), 3 rejetée(s), 1 inchangé(s) ou ignoré(s)",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("stdout sans %q :\n%s", want, stdout)
		}
	}
	if m := duckEnglish.FindString(stdout + stderr); m != "" {
		t.Errorf("texte anglais (%q) :\n%s\n%s", m, stdout, stderr)
	}

	// Again, with a file whose line ends mix CRLF and LF: nothing refused,
	// exit 0; what was loaded is unchanged.
	stdout, stderr, code = runBin(t, "ingest", "--db", db, f("ent/03-comptes-negatifs.csv"), f("formations/03-fins-de-ligne-mixtes.csv"))
	if code != 0 || stderr != "" ||
		!strings.Contains(stdout, "inchangé     "+f("ent/03-comptes-negatifs.csv")) ||
		!strings.Contains(stdout, "chargé       "+f("formations/03-fins-de-ligne-mixtes.csv")) {
		t.Errorf("code %d\n%s\n%s", code, stdout, stderr)
	}

	// The rejects, line by line.
	stdout, stderr, code = runBin(t, "sources", "--db", db, "--rejets")
	if code != 0 {
		t.Fatalf("sources --rejets : code %d\n%s", code, stderr)
	}
	for _, want := range []*regexp.Regexp{
		regexp.MustCompile(`03-comptes-negatifs\.csv +3 +Connexions +-20 +nombre négatif`),
		regexp.MustCompile(`03-comptes-negatifs\.csv +4 +Comptes activés +-5 +nombre négatif`),
		regexp.MustCompile(`04-Resultats-Telechargement coupe-5302-2025-10-01-0800\.csv +4 .*guillemet ouvert jamais refermé \(fichier tronqué \?\)`),
		regexp.MustCompile(`3 ligne\(s\) rejetée\(s\)`),
	} {
		if !want.MatchString(stdout) {
			t.Errorf("sources --rejets sans %s :\n%s", want, stdout)
		}
	}
}
