// Package fail carries the errors filmnum shows to people: a French message,
// an optional hint ("Essayez : ...") and the exit code they map to.
package fail

import "errors"

// Exit codes of every filmnum command.
const (
	ExitOK    = 0
	ExitError = 1
	ExitUsage = 2
)

// Error is a message meant for the user, with a hint saying what to do next.
type Error struct {
	Msg  string
	Hint string
	Code int // ExitError when zero
}

func (e *Error) Error() string { return e.Msg }

// New builds a user error (exit code 1) with a hint; hint may be empty.
func New(msg, hint string) error { return &Error{Msg: msg, Hint: hint} }

// Usage builds a usage error (exit code 2).
func Usage(msg, hint string) error { return &Error{Msg: msg, Hint: hint, Code: ExitUsage} }

// HintOf returns the hint carried by err, if any.
func HintOf(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Hint
	}
	return ""
}

// CodeOf returns the exit code for err.
func CodeOf(err error) int {
	if err == nil {
		return ExitOK
	}
	var e *Error
	if errors.As(err, &e) && e.Code != 0 {
		return e.Code
	}
	return ExitError
}
