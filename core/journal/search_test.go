package journal

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var services = []string{"10000103652", "10000103653", "60010153"}

// fill stores n applications: every third a draft, the rest submitted and
// moved along the state machine; created one minute apart.
func fill(t testing.TB, j *Journal, clk *clock, n int) {
	t.Helper()
	do := stepper(t)
	for i := range n {
		a := &Application{Service: services[i%3], Applicant: fmt.Sprintf("Гость %05d", i), Title: "Уведомление",
			Documents: []Document{{Name: "req.xml", Data: []byte("<req/>")}}}
		if i%3 == 0 {
			require.NoError(t, j.SaveDraft(ctx, a))
		} else {
			require.NoError(t, j.CreateApplication(ctx, a))
			s, err := j.Submit(ctx, a.ID, "sandbox")
			require.NoError(t, err)
			do(j.MarkPacked(ctx, s.ID, Pack{Path: "a.zip", Size: 1, Route: RoutePush}))
			do(j.BeginPush(ctx, s.ID))
			if i%3 == 1 {
				do(j.MarkSent(ctx, s.ID, int64(1_000_000+i)))
			}
		}
		clk.Add(time.Minute)
	}
}

func TestSearchFiltersSortsAndPages(t *testing.T) {
	clk := newClock()
	j := open(t, clk)
	start := clk.Now()
	fill(t, j, clk, 30)
	require.NoError(t, j.SaveDraft(ctx, &Application{Service: "60010153", Applicant: "ООО «Ромашка»", Title: "Заявление ФССП"}))

	p, err := j.Search(ctx, Query{})
	require.NoError(t, err)
	assert.Equal(t, 31, p.Total)

	p, err = j.Search(ctx, Query{Service: "10000103653"})
	require.NoError(t, err)
	assert.Equal(t, 10, p.Total)
	for _, s := range p.Items {
		assert.Equal(t, "10000103653", s.Service)
	}

	p, err = j.Search(ctx, Query{States: []State{StateSent}})
	require.NoError(t, err)
	assert.Equal(t, 10, p.Total)
	p, err = j.Search(ctx, Query{Drafts: OnlyDrafts})
	require.NoError(t, err)
	assert.Equal(t, 11, p.Total)

	// Case-insensitive, Cyrillic included; the order number is searched too.
	for _, text := range []string{"ромашка", "РОМАШКА", "Ромашка"} {
		p, err = j.Search(ctx, Query{Text: text})
		require.NoError(t, err)
		require.Equal(t, 1, p.Total, text)
		assert.Equal(t, "ООО «Ромашка»", p.Items[0].Applicant)
	}
	p, err = j.Search(ctx, Query{Text: "ро"}) // shorter than a trigram
	require.NoError(t, err)
	require.Equal(t, 1, p.Total)
	p, err = j.Search(ctx, Query{Text: `"ромашка" OR x`}) // no query syntax reaches the index
	require.NoError(t, err)
	require.Equal(t, 0, p.Total)
	p, err = j.Search(ctx, Query{Text: "1000004"})
	require.NoError(t, err)
	require.Equal(t, 1, p.Total)
	assert.Equal(t, int64(1000004), p.Items[0].OrderID)

	// Period: created in [start+10m, start+20m).
	p, err = j.Search(ctx, Query{From: start.Add(10 * time.Minute), To: start.Add(20 * time.Minute), Sort: SortCreated})
	require.NoError(t, err)
	require.Equal(t, 10, p.Total)
	assert.Equal(t, "Гость 00010", p.Items[0].Applicant)

	// Sorted, paged: three pages of 12 cover everything once.
	seen := map[int64]bool{}
	var prev string
	for page := range 3 {
		p, err = j.Search(ctx, Query{Sort: SortApplicant, Limit: 12, Offset: page * 12})
		require.NoError(t, err)
		assert.Equal(t, 31, p.Total)
		for _, s := range p.Items {
			assert.False(t, seen[s.ID])
			seen[s.ID] = true
			assert.LessOrEqual(t, prev, s.Applicant)
			prev = s.Applicant
		}
	}
	assert.Len(t, seen, 31)

	p, err = j.Search(ctx, Query{Sort: SortUpdated, Desc: true, Limit: 1})
	require.NoError(t, err)
	assert.Equal(t, "ООО «Ромашка»", p.Items[0].Applicant, "newest first")

	p, err = j.Search(ctx, Query{Service: "10000103653", States: []State{StatePushing, StateSent}, Text: "гость 0001"})
	require.NoError(t, err)
	for _, s := range p.Items {
		assert.True(t, strings.HasPrefix(s.Applicant, "Гость 0001"))
	}
	assert.Equal(t, 4, p.Total) // 10, 13, 16, 19 with i%3==1

	// A deleted draft leaves the text index too.
	p, err = j.Search(ctx, Query{Text: "ромашка"})
	require.NoError(t, err)
	require.NoError(t, j.DeleteDraft(ctx, p.Items[0].ID))
	p, err = j.Search(ctx, Query{Text: "ромашка"})
	require.NoError(t, err)
	assert.Zero(t, p.Total)
	require.NoError(t, j.IntegrityCheck(ctx), "the text index agrees with the table")
}

// The lists the GUI shows use an index for filtering and ordering, not a
// scan of every row followed by a sort.
func TestSearchUsesIndexes(t *testing.T) {
	j := open(t, nil)
	for _, q := range []Query{
		{},
		{Sort: SortUpdated, Desc: true},
		{Sort: SortCreated},
		{Service: "10000103652", Sort: SortUpdated},
		{States: []State{StateSent}},
		{StatusID: 3},
		{OrderID: 5},
		{Sort: SortApplicant},
		{From: time.Now(), Sort: SortCreated},
	} {
		where, args := q.where()
		col := map[Sort]string{SortCreated: "created", SortApplicant: "applicant"}[q.Sort]
		if col == "" {
			col = "updated"
		}
		rows, err := j.DB().Query("EXPLAIN QUERY PLAN SELECT id FROM applications"+where+" ORDER BY "+col+", id LIMIT 50", args...)
		require.NoError(t, err)
		var plan []string
		for rows.Next() {
			var id, parent, unused int
			var detail string
			require.NoError(t, rows.Scan(&id, &parent, &unused, &detail))
			plan = append(plan, detail)
		}
		rows.Close()
		all := strings.Join(plan, "; ")
		assert.Contains(t, all, " INDEX ", "%+v: %s", q, all)
		if q.OrderID == 0 { // one order: nothing to sort
			assert.NotContains(t, all, "TEMP B-TREE", "%+v: %s", q, all)
		}
	}
}

// BenchmarkSearch10000 searches a journal of 10,000 orders the way the GUI
// does: one page of 50, newest first, with a filter.
func BenchmarkSearch10000(b *testing.B) {
	clk := newClock()
	j := open(b, clk)
	tx, err := j.DB().Begin()
	require.NoError(b, err)
	now := ms(clk.Now())
	for i := range 10000 {
		_, err := tx.Exec(`INSERT INTO applications(service, title, applicant, draft, state, order_id, env, search, created, updated)
			VALUES (?, 'Уведомление', ?, 0, ?, ?, 'sandbox', ?, ?, ?)`, services[i%3], fmt.Sprintf("Гость %05d", i),
			AllStates[i%len(AllStates)], 1_000_000+i, strings.ToLower(fmt.Sprintf("гость %05d\x1fуведомление\x1f%s\x1f%d", i, services[i%3], 1_000_000+i)),
			now+int64(i)*60000, now+int64(i)*60000)
		require.NoError(b, err)
	}
	require.NoError(b, tx.Commit())
	queries := map[string]Query{
		"newest":  {Sort: SortUpdated, Desc: true, Limit: 50},
		"service": {Service: "10000103653", Sort: SortUpdated, Desc: true, Limit: 50},
		"state":   {States: []State{StateSent, StateTracking}, Limit: 50},
		"text":    {Text: "гость 0999", Limit: 50},
		"period":  {From: clk.Now().Add(24 * time.Hour), To: clk.Now().Add(48 * time.Hour), Sort: SortCreated, Limit: 50},
		"page100": {Sort: SortApplicant, Limit: 50, Offset: 5000},
	}
	for name, q := range queries {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				p, err := j.Search(ctx, q)
				if err != nil || len(p.Items) == 0 {
					b.Fatal(err, p)
				}
			}
		})
	}
}

var surnames = strings.Fields(`Иванов Смирнов Кузнецов Попов Васильев Петров Соколов Михайлов Новиков Фёдоров
	Морозов Волков Алексеев Лебедев Семёнов Егоров Павлов Козлов Степанов Николаев Орлов Андреев Макаров Никитин Захаров
	Зайцев Соловьёв Борисов Яковлев Григорьев Романов Воробьёв Сергеев Кузьмин Фролов Александров Дмитриев Королёв
	Гусев Киселёв Ильин Максимов Поляков Сорокин Виноградов Ковалёв Белов Медведев Антонов Тарасов`)

// BenchmarkTextSearch10000 is the text search over 10,000 guests (50
// surnames) through the trigram index next to its peer, a scan of every
// row: a surname (200 matches) and a passport-like number (1 match).
func BenchmarkTextSearch10000(b *testing.B) {
	j := open(b, newClock())
	tx, err := j.DB().Begin()
	require.NoError(b, err)
	for i := range 10000 {
		name := fmt.Sprintf("%s %06d", surnames[i%len(surnames)], i*7919%1000000)
		_, err := tx.Exec(`INSERT INTO applications(service, applicant, draft, search, created, updated) VALUES (?, ?, 0, ?, ?, ?)`,
			services[i%3], name, strings.ToLower(name+"\x1fуведомление о прибытии\x1f"+services[i%3]), i+1, i+1)
		require.NoError(b, err)
	}
	require.NoError(b, tx.Commit())
	for _, c := range []struct {
		name, text string
		scan       bool
		want       int
	}{{"surname/index", "кузнецов", false, 200}, {"surname/scan", "кузнецов", true, 200},
		{"number/index", "079190", false, 1}, {"number/scan", "079190", true, 1}} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				p, err := j.Search(ctx, Query{Text: c.text, Limit: 50, scan: c.scan})
				if err != nil || p.Total != c.want {
					b.Fatal(err, p.Total)
				}
			}
		})
	}
}

// BenchmarkSaveDraft is the GUI's autosave: an unchanged draft (every
// keystroke that changed nothing) next to a changed one (a durable write).
func BenchmarkSaveDraft(b *testing.B) {
	j := open(b, nil)
	a := hotelApp("Иванов")
	a.Documents[0].Data = []byte(strings.Repeat("<field>значение</field>", 2000))
	require.NoError(b, j.SaveDraft(ctx, a))
	b.Run("unchanged", func(b *testing.B) {
		for b.Loop() {
			if err := j.SaveDraft(ctx, a); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("changed", func(b *testing.B) {
		i := 0
		for b.Loop() {
			i++
			a.Title = fmt.Sprint("правка ", i)
			if err := j.SaveDraft(ctx, a); err != nil {
				b.Fatal(err)
			}
		}
	})
}
