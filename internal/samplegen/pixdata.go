package samplegen

import "strings"

// The Pix framework: 16 competences in 5 areas (seeds/competences.csv).
var compCode = [16]string{"1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "2.4", "3.1", "3.2", "3.3", "3.4", "4.1", "4.2", "4.3", "5.1", "5.2"}

var compName = [16]string{
	"Mener une recherche et une veille d’information", "Gérer des données", "Traiter des données",
	"Interagir", "Partager et publier", "Collaborer", "S’insérer dans le monde numérique",
	"Développer des documents textuels", "Développer des documents multimédia",
	"Adapter les documents à leur finalité", "Programmer",
	"Sécuriser l’environnement numérique", "Protéger les données personnelles et la vie privée",
	"Protéger la santé, le bien-être et l’environnement",
	"Résoudre des problèmes techniques", "Construire un environnement numérique",
}

var compArea = [16]int{0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 4, 4}

var areaTitle = [5]string{"Information et données", "Communication et collaboration", "Création de contenu", "Protection et sécurité", "Environnement numérique"}

// compEase shifts each competence's mastery: programming is hard, sharing easy.
var compEase = [16]float64{0.2, -0.1, -0.3, 0.4, 0.3, 0.1, 0.2, 0.2, 0.0, -0.2, -0.6, -0.1, 0.1, 0.2, -0.2, -0.1}

// competenceName returns the name as a given export spells it: Pix's
// content uses ’, some exports carry '.
func competenceName(c int, straight bool) string {
	if straight {
		return strings.ReplaceAll(compName[c], "’", "'")
	}
	return compName[c]
}

type pcomp struct {
	c      int // competence index 0..15
	skills int // skills of the target profile in it
}

// parcours is a target profile ("profil cible").
type parcours struct {
	name   string
	comps  []pcomp
	stages int    // N of "Palier obtenu (/N)"; 0 = no stage column
	badge  string // "" = no badge column
	ease   float64
}

func comps(pairs ...int) []pcomp {
	var out []pcomp
	for i := 0; i+1 < len(pairs); i += 2 {
		out = append(out, pcomp{pairs[i], pairs[i+1]})
	}
	return out
}

// Competence indexes, for readability of the profiles below.
const (
	c11 = iota
	c12
	c13
	c21
	c22
	c23
	c24
	c31
	c32
	c33
	c34
	c41
	c42
	c43
	c51
	c52
)

var (
	p6eProtection = &parcours{"Pix 6e – Protection et sécurité", comps(c41, 6, c42, 7, c43, 5), 4, "", 0.2}
	p6eInitiation = &parcours{"Pix 6e – Initiation aux compétences numériques", comps(c11, 5, c21, 4, c31, 5, c51, 4), 4, "", 0.1}
	p6eCatchUp    = &parcours{"Pix 6e – Parcours de rattrapage", comps(c11, 3, c21, 3, c31, 3, c41, 3, c42, 3), 3, "", 0.4}
)

// rentreeParcours is the back-to-school target profile of each level (6e
// has the Pix 6e parcours instead).
var rentreeParcours = [nLevels]*parcours{
	l5e:      {"Rentrée 5e – Découvrir Pix", comps(c11, 4, c21, 4, c31, 5, c42, 4), 3, "", 0.2},
	l4e:      {"Rentrée 4e – Les essentiels du numérique", comps(c11, 5, c13, 4, c22, 4, c32, 5, c42, 5), 4, "", 0.0},
	l3e:      {"Rentrée 3e – Se préparer à la certification", comps(c11, 6, c12, 4, c21, 5, c22, 4, c31, 5, c41, 5, c52, 4), 5, "Prêt pour la certification", -0.1},
	l2nde:    {"Rentrée 2nde – Diagnostic", comps(c11, 6, c13, 5, c21, 4, c23, 5, c31, 5, c42, 5), 4, "", 0.0},
	l1re:     {"Rentrée 1re – Consolider", comps(c12, 5, c13, 5, c22, 4, c32, 5, c34, 4, c41, 5), 4, "", -0.1},
	lTle:     {"Rentrée Terminale – Objectif certification", comps(c11, 6, c12, 5, c22, 5, c31, 5, c33, 4, c41, 5, c42, 5, c52, 4), 5, "Prêt pour la certification", 0.0},
	lCAP1:    {"Voie professionnelle – Compétences numériques", comps(c11, 4, c21, 4, c31, 5, c41, 4, c42, 4, c51, 3), 4, "", 0.1},
	lCAP2:    {"Voie professionnelle – Objectif certification", comps(c11, 4, c21, 4, c31, 5, c41, 4, c42, 4, c51, 3), 4, "Prêt pour la certification", 0.1},
	l2ndePro: {"Voie professionnelle – Compétences numériques", comps(c11, 4, c21, 4, c31, 5, c41, 4, c42, 4, c51, 3), 4, "", 0.1},
	l1rePro:  {"Voie professionnelle – Compétences numériques", comps(c11, 4, c21, 4, c31, 5, c41, 4, c42, 4, c51, 3), 4, "", 0.1},
	lTlePro:  {"Voie professionnelle – Objectif certification", comps(c11, 4, c21, 4, c31, 5, c41, 4, c42, 4, c51, 3), 4, "Prêt pour la certification", 0.1},
}

// Pix levels by score (formats-pix.md).
func pixLevel(score int) string {
	switch {
	case score < 64:
		return "-"
	case score < 128:
		return "Novice 1"
	case score < 256:
		return "Novice 2"
	case score < 384:
		return "Indépendant 1"
	case score < 512:
		return "Indépendant 2"
	case score < 640:
		return "Avancé 1"
	case score < 768:
		return "Avancé 2"
	case score < 896:
		return "Expert 1"
	}
	return "Expert 2"
}
