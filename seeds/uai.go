package seeds

import (
	"fmt"
	"strings"
)

// uaiLetters is the 23-letter alphabet of UAI check letters (no I, O, Q).
const uaiLetters = "ABCDEFGHJKLMNPRSTUVWXYZ"

// UAICheckLetter returns the check letter of a UAI's 7 digits.
func UAICheckLetter(digits string) (byte, error) {
	if len(digits) != 7 {
		return 0, fmt.Errorf("un UAI commence par 7 chiffres, « %s » en a %d", digits, len(digits))
	}
	n := 0
	for i := 0; i < 7; i++ {
		c := digits[i]
		if c < '0' || c > '9' {
			return 0, fmt.Errorf("« %s » n'est pas fait de 7 chiffres", digits)
		}
		n = n*10 + int(c-'0')
	}
	return uaiLetters[n%23], nil
}

// NormalizeUAI trims and upper-cases s and verifies its check letter. It
// returns the normalised UAI, or a French error saying what is wrong.
func NormalizeUAI(s string) (string, error) {
	u := strings.ToUpper(strings.TrimSpace(s))
	if len(u) != 8 {
		return "", fmt.Errorf("UAI « %s » invalide : 7 chiffres et une lettre attendus (ex. 0870015U)", s)
	}
	want, err := UAICheckLetter(u[:7])
	if err != nil {
		return "", fmt.Errorf("UAI « %s » invalide : %v", s, err)
	}
	if u[7] != want {
		return "", fmt.Errorf("UAI « %s » invalide : la lettre de contrôle devrait être %c", s, want)
	}
	return u, nil
}

// ValidUAI reports whether s is a well-formed UAI with the right check letter.
func ValidUAI(s string) bool {
	_, err := NormalizeUAI(s)
	return err == nil
}
