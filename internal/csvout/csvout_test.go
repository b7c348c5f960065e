package csvout

import (
	"bytes"
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
