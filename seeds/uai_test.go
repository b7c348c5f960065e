package seeds

import "testing"

func TestUAICheckLetter(t *testing.T) {
	// 870015 mod 23 = 17 → U (A=0 … H=7, J=8 … U=17).
	valid := []string{"0870015U", "0870015u", " 0190011J ", "0230002C"}
	for _, u := range valid {
		if !ValidUAI(u) {
			t.Errorf("%q devrait être valide", u)
		}
	}
	invalid := []string{"0870015A", "087001U", "08700150", "A870015U", "", "0870015UU", "0870O15U"}
	for _, u := range invalid {
		if ValidUAI(u) {
			t.Errorf("%q devrait être invalide", u)
		}
	}
	if got, _ := NormalizeUAI(" 0870015u"); got != "0870015U" {
		t.Errorf("normalisation : %q", got)
	}
	if _, err := NormalizeUAI("0870015A"); err == nil || err.Error() != "UAI « 0870015A » invalide : la lettre de contrôle devrait être U" {
		t.Errorf("message : %v", err)
	}
}
