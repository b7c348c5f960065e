package csvout

import (
	"bytes"
	"strings"
	"testing"
)

func TestNeutralizeAndQuote(t *testing.T) {
	var b bytes.Buffer
	w := New(&b, true)
	w.Write([]string{"=HYPERLINK(\"x\")", "-3,5", "+33 5 55", "@SUM(A1)", "Le \"Grand\"", "a;b", "-", "ok"})
	w.Flush()
	want := "\uFEFF\"'=HYPERLINK(\"\"x\"\")\";-3,5;'+33 5 55;'@SUM(A1);\"Le \"\"Grand\"\"\";\"a;b\";'-;ok\n"
	if b.String() != want {
		t.Errorf("got  %q\nwant %q", b.String(), want)
	}
}

// WriteRecord: text cells neutralised and quoted as by Write, raw cells as
// given.
func TestWriteRecord(t *testing.T) {
	var b strings.Builder
	w := New(&b, false)
	w.WriteRecord([]string{"=SOMME(A1)", "a;b", ""}, [][]byte{[]byte("1,5"), nil})
	w.Write([]string{"x"})
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if want := "'=SOMME(A1);\"a;b\";;1,5;\nx\n"; b.String() != want {
		t.Errorf("%q, attendu %q", b.String(), want)
	}
}
