package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func runSeedsCmd(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(context.Background(), &env{stdout: &out, stderr: &errb}, append([]string{"seeds"}, args...))
	return code, out.String(), errb.String()
}

func TestSeedsSummary(t *testing.T) {
	code, out, errs := runSeedsCmd(t)
	if code != 0 || errs != "" {
		t.Fatalf("code %d, stderr %q", code, errs)
	}
	// Counts of seeds/etablissements.csv.
	for _, want := range []string{
		"Établissements : 111 (etablissements.csv)\n",
		"  Département      Collège   LGT   LPO    LP  Cité scolaire  Total\n",
		"  19 Corrèze            25     2     4     5              0     36\n",
		"  23 Creuse             18     1     2     4              0     25\n",
		"  87 Haute-Vienne       34     4     5     6              1     50\n",
		"  Total                 77     7    11    15              1    111\n",
		"Effectifs par niveau : 2024-2025 (44 550 élèves), 2025-2026 (44 584 élèves)\n",
		"Calendrier (vacances, certification Pix) : 2024-2025, 2025-2026\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("sortie sans %q :\n%s", want, out)
		}
	}
	code, out, _ = runSeedsCmd(t, "--check")
	if code != 0 || !strings.HasPrefix(out, "Aucun problème dans les référentiels.\n") {
		t.Errorf("--check : code %d\n%s", code, out)
	}
}

func TestSeedsCheckProblems(t *testing.T) {
	dir := t.TempDir()
	bad := "uai;nom;type;secteur;departement_code;commune\n" +
		"0870015A;Lycée Gay-Lussac;LGT;Public;87;Limoges\n" +
		"0870550A;Collège Maupassant;Collège;Public;0087;Limoges\n" +
		"0870550A;Collège Maupassant;Collège;Public;87;Limoges\n"
	if err := os.WriteFile(filepath.Join(dir, "etablissements.csv"), []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errs := runSeedsCmd(t, "--check", "--seeds", dir)
	file := filepath.Join(dir, "etablissements.csv")
	wantOut := file + ":2: colonne « uai » : UAI « 0870015A » invalide : la lettre de contrôle devrait être U\n" +
		file + ":4: colonne « uai » : UAI 0870550A en double (déjà ligne 3)\n"
	wantErr := "filmnum seeds : 2 problème(s) dans les référentiels\n" +
		"Essayez : corrigez les lignes signalées puis relancez : filmnum seeds --check --seeds " + dir + "\n"
	if code != 1 || out != wantOut || errs != wantErr {
		t.Errorf("code %d\nstdout %q\nwant   %q\nstderr %q\nwant   %q", code, out, wantOut, errs, wantErr)
	}
	// The summary refuses the same files and points to --check.
	code, _, errs = runSeedsCmd(t, "--seeds", dir)
	if code != 1 || !strings.Contains(errs, "2 problème(s) dans les référentiels, dont : etablissements.csv:2:") ||
		!strings.Contains(errs, "Essayez : voyez-les tous avec : filmnum seeds --check --seeds "+dir) {
		t.Errorf("code %d, stderr %q", code, errs)
	}
	// A good directory of one's own schools.
	good := "uai;nom;type;secteur;departement_code;commune\n0870550A;Collège Maupassant;Collège;Public;0087;Limoges\n"
	if err := os.WriteFile(filepath.Join(dir, "etablissements.csv"), []byte(good), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, _ = runSeedsCmd(t, "--seeds", dir)
	if code != 0 || !strings.Contains(out, "  87 Haute-Vienne        1      1\n") || !strings.Contains(out, "Effectifs par niveau : aucune année\n") {
		t.Errorf("code %d\n%s", code, out)
	}
}

func TestSeedsUsageErrors(t *testing.T) {
	code, _, errs := runSeedsCmd(t, "--seeds", filepath.Join(t.TempDir(), "absent"))
	if code != 1 || !strings.Contains(errs, "le dossier de référentiels") || !strings.Contains(errs, "Essayez : ") {
		t.Errorf("dossier absent : code %d, %q", code, errs)
	}
	code, _, errs = runSeedsCmd(t, "extra")
	if code != 2 || errs != "filmnum seeds : argument inattendu « extra »\nEssayez : filmnum seeds --check [--seeds DOSSIER]\n" {
		t.Errorf("argument : code %d, %q", code, errs)
	}
}
