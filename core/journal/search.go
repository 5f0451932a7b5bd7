package journal

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"
)

// DraftFilter selects drafts, submitted applications or both.
type DraftFilter int

// Draft filters.
const (
	AnyDraft      DraftFilter = iota // drafts and submitted applications
	OnlyDrafts                       // drafts only
	OnlySubmitted                    // applications ever submitted
)

// Sort orders search results.
type Sort string

// Sort keys (each backed by an index).
const (
	SortUpdated   Sort = "updated" // default
	SortCreated   Sort = "created"
	SortService   Sort = "service"
	SortState     Sort = "state"
	SortOrder     Sort = "order"
	SortApplicant Sort = "applicant"
)

// Query selects applications. Zero fields do not filter.
type Query struct {
	Env      string  // environment of the current submission
	Service  string  // eServiceCode
	States   []State // any of these states
	StatusID int     // last order status (0: any)
	// From and To bound the creation time: From ≤ created < To.
	From, To time.Time
	// Text is searched, case-insensitively (Cyrillic too), in the
	// applicant, the title, the service code and the order number.
	Text    string
	OrderID int64
	BatchID int64
	Drafts  DraftFilter
	// Unseen: only final orders whose details were not opened since
	// (MarkSeen).
	Unseen bool
	// ExceptFinal leaves out final orders whose last status is one of
	// these (the GUI's "error" class: failed, or final but neither 3
	// «Исполнено» nor 4 «Отказ»), so a page of results is exact.
	ExceptFinal []int
	Sort        Sort
	Desc        bool
	// Limit (default 100; -1: no limit) and Offset page the results.
	Limit, Offset int

	scan bool // text by a full scan instead of the index (benchmark peer, fuzz oracle)
}

// Summary is one application in a list: no documents, the current
// submission's state.
type Summary struct {
	ID           int64
	Service      string
	Title        string
	Applicant    string
	Draft        bool
	Env          string
	SubmissionID int64
	State        State
	OrderID      int64
	StatusID     int
	StatusText   string
	Reason       Reason // why the current submission failed (StateFailed)
	BatchID      int64
	BatchRow     int
	// Seen: a final order whose details the user opened (MarkSeen);
	// false for a new result and for any order not final.
	Seen    bool
	Created time.Time
	Updated time.Time
}

// Page is one page of search results.
type Page struct {
	Items []Summary
	Total int // matches over every page
}

// Search finds applications; every filter and sort key is index-backed.
func (j *Journal) Search(ctx context.Context, q Query) (*Page, error) {
	if j.closed.Load() {
		return nil, ErrClosed
	}
	where, args := q.where()
	p := &Page{}
	if err := j.db.QueryRowContext(ctx, `SELECT count(*) FROM applications`+where, args...).Scan(&p.Total); err != nil {
		return nil, storageErr(err)
	}
	limit := q.Limit
	if limit == 0 {
		limit = 100
	}
	col := map[Sort]string{SortUpdated: "updated", SortCreated: "created", SortService: "service", SortState: "state",
		SortOrder: "order_id", SortApplicant: "applicant"}[q.Sort]
	if col == "" {
		col = "updated"
	}
	dir := " ASC"
	if q.Desc {
		dir = " DESC"
	}
	// the reason of a failed one comes in the same query (one query per
	// page, not one more per failed row: 2,000 rows of 10,000 in the
	// Заявления bench)
	rows, err := j.db.QueryContext(ctx, `SELECT id, service, title, applicant, draft, env, sub_id, state, order_id,
		status_id, status_text, batch_id, batch_row, seen, created, updated,
		CASE state WHEN 'failed' THEN (SELECT reason_ru FROM submissions WHERE submissions.id=applications.sub_id) END,
		CASE state WHEN 'failed' THEN (SELECT reason_en FROM submissions WHERE submissions.id=applications.sub_id) END
		FROM applications`+where+
		` ORDER BY `+col+dir+`, id`+dir+` LIMIT ? OFFSET ?`, append(args, limit, max(q.Offset, 0))...)
	if err != nil {
		return nil, storageErr(err)
	}
	defer rows.Close()
	for rows.Next() {
		var s Summary
		var sub, batch *int64
		var created, updated int64
		var ru, en *string
		if err := rows.Scan(&s.ID, &s.Service, &s.Title, &s.Applicant, &s.Draft, &s.Env, &sub, &s.State, &s.OrderID,
			&s.StatusID, &s.StatusText, &batch, &s.BatchRow, &s.Seen, &created, &updated, &ru, &en); err != nil {
			return nil, storageErr(err)
		}
		if sub != nil {
			s.SubmissionID = *sub
		}
		if batch != nil {
			s.BatchID = *batch
		}
		s.Created, s.Updated = fromMS(created), fromMS(updated)
		if ru != nil {
			s.Reason.RU = *ru
		}
		if en != nil {
			s.Reason.EN = *en
		}
		p.Items = append(p.Items, s)
	}
	if err := rows.Err(); err != nil {
		return nil, storageErr(err)
	}
	return p, nil
}

func (q Query) where() (string, []any) {
	var conds []string
	var args []any
	add := func(c string, a ...any) { conds = append(conds, c); args = append(args, a...) }
	if q.Env != "" {
		add("env=?", q.Env)
	}
	if q.Service != "" {
		add("service=?", q.Service)
	}
	if len(q.States) > 0 {
		c := "state IN (" + strings.TrimSuffix(strings.Repeat("?,", len(q.States)), ",") + ")"
		var a []any
		for _, s := range q.States {
			a = append(a, s)
		}
		add(c, a...)
	}
	if q.StatusID != 0 {
		add("status_id=?", q.StatusID)
	}
	if !q.From.IsZero() {
		add("created>=?", ms(q.From))
	}
	if !q.To.IsZero() {
		add("created<?", ms(q.To))
	}
	if q.OrderID != 0 {
		add("order_id=?", q.OrderID)
	}
	if q.BatchID != 0 {
		add("batch_id=?", q.BatchID)
	}
	if q.Unseen {
		add("state='final' AND seen=0")
	}
	if len(q.ExceptFinal) > 0 {
		var a []any
		for _, id := range q.ExceptFinal {
			a = append(a, id)
		}
		add("NOT (state='final' AND status_id IN ("+strings.TrimSuffix(strings.Repeat("?,", len(a)), ",")+"))", a...)
	}
	switch q.Drafts {
	case OnlyDrafts:
		add("draft=1")
	case OnlySubmitted:
		add("draft=0")
	}
	if t := strings.ToLower(strings.TrimSpace(q.Text)); utf8.RuneCountInString(t) >= 3 && !q.scan && !strings.ContainsRune(t, 0) {
		// the trigram index finds any substring of 3 or more characters
		// (a NUL would end the MATCH string: those few go to the scan)
		add("id IN (SELECT rowid FROM applications_fts WHERE applications_fts MATCH ?)", `"`+strings.ReplaceAll(t, `"`, `""`)+`"`)
	} else if t != "" {
		add("instr(search, ?) > 0", t)
	}
	if len(conds) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}
