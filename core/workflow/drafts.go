package workflow

import "time"

// Draft is an application being edited (the GUI's editor saves one on
// every change; nothing is lost when the app closes).
type Draft struct {
	ID          int64
	Service     string
	Title       string
	Documents   []Document
	Attachments []string
	Updated     time.Time
}

// SaveDraft stores d (new when d.ID is 0) and returns its id.
func (c *Core) SaveDraft(d Draft) (int64, error) { return c.saveDraft(d) }

// LoadDraft returns a saved draft.
func (c *Core) LoadDraft(id int64) (*Draft, error) { return c.loadDraft(id) }

// DeleteDraft removes a draft.
func (c *Core) DeleteDraft(id int64) error { return c.deleteDraft(id) }

func (c *Core) saveDraft(d Draft) (int64, error) {
	if c.store == nil {
		return 0, ErrNoJournal
	}
	d.Updated = c.now()
	if err := c.store.SaveDraft(&d); err != nil {
		return 0, err
	}
	return d.ID, nil
}

func (c *Core) loadDraft(id int64) (*Draft, error) {
	if c.store == nil {
		return nil, ErrNoJournal
	}
	return c.store.Draft(id)
}

func (c *Core) deleteDraft(id int64) error {
	if c.store == nil {
		return ErrNoJournal
	}
	return c.store.DeleteDraft(id)
}
