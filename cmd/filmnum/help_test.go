package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"unicode/utf8"
)

// Every flag line of every command's help starts its description at the
// same column (counted in characters: ANNÉE, ÉCHELLE are wider in bytes), and
// no English type name (int, string, uint) is left as a placeholder.
func TestCommandHelpAligned(t *testing.T) {
	for name := range commands {
		var out, errb bytes.Buffer
		if code := run(context.Background(), &env{stdout: &out, stderr: &errb}, []string{name, "--help"}); code != 0 {
			t.Fatalf("%s --help: code %d, %s", name, code, errb.String())
		}
		col := -1
		for _, l := range strings.Split(out.String(), "\n") {
			if !strings.HasPrefix(strings.TrimLeft(l, " "), "-") {
				continue
			}
			flag, text, ok := splitUsageLine(l)
			if !ok {
				t.Errorf("%s: no description in %q", name, l)
				continue
			}
			for _, w := range []string{" int", " string", " uint"} {
				if strings.HasSuffix(flag, w) {
					t.Errorf("%s: English placeholder in %q", name, flag)
				}
			}
			// the column where the description starts, in characters
			c := utf8.RuneCountInString(l) - utf8.RuneCountInString(text)
			if col < 0 {
				col = c
			} else if c != col {
				t.Errorf("%s: description at column %d, not %d: %q", name, c, col, l)
			}
		}
		if col < 0 {
			t.Errorf("%s: no flag line in\n%s", name, out.String())
		}
	}
}
