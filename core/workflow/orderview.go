package workflow

import (
	"context"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/gosdesk/gosdesk/core/archive"
	"github.com/gosdesk/gosdesk/core/config"
	"github.com/gosdesk/gosdesk/core/i18n"
	"github.com/gosdesk/gosdesk/core/journal"
	"github.com/gosdesk/gosdesk/core/pki"
	"github.com/gosdesk/gosdesk/xsd"
)

// OrderView is one application as the Заявления details show it: what
// was sent (documents, attachments with their state on disk), the status
// history, the result files with their signature verdicts, and what the
// user may do with it now (cancel, resume, send again as new), decided
// here from the catalog and the journal, not in the GUI.
type OrderView struct {
	AppID, OrderID   int64
	Env, Service     string
	Title, Applicant string
	Draft            bool
	State            journal.State
	StatusID         int
	StatusText       string
	Reason           i18n.Text // why the submission failed (StateFailed)
	Created, Updated time.Time

	Documents   []Document
	Attachments []AttachmentView
	History     []journal.Status
	Results     []journal.ResultFile
	// Seen: the details were opened since the order became final.
	Seen bool

	// CanCancel: the service cancels through API ЕПГУ and the current
	// status allows it (catalog); CancelNote says why not, or in which
	// statuses it becomes possible ("" when nothing to say).
	CanCancel  bool
	CancelNote i18n.Text
	// CanResume: the send stopped before the service had the archive
	// (Session.Resume continues it with the same order number).
	CanResume bool
	// CanResend: the send failed, or the order ended in a refusal or an
	// error: the application may be sent again as a new one.
	CanResend bool
}

// AttachmentView is an attachment of a sent application as it is now on
// disk.
type AttachmentView struct {
	Name string // name in the archive
	Path string // the user's file ("" when not known)
	Size int64
	// Missing: the file is no longer there; Changed: its content differs
	// from what was sent (Streebog-256 compared).
	Missing, Changed bool
	// Signed: a .sig/.p7s beside it among the attachments verified it (or
	// it is such a signature); Valid and Verdict say how.
	Signed, Valid bool
	Verdict       string
}

// OrderView reads everything the details of application appID show. No
// request is made: the attachments are hashed on disk, so call it off the
// GUI goroutine.
func (c *Core) OrderView(ctx context.Context, appID int64) (*OrderView, error) {
	j := c.Journal()
	if j == nil {
		return nil, ErrNoJournal
	}
	a, err := j.Application(ctx, appID)
	if err != nil {
		return nil, err
	}
	v := &OrderView{AppID: a.ID, OrderID: a.OrderID, Env: a.Env, Service: a.Service, Title: a.Title, Applicant: a.Applicant,
		Draft: a.Draft, State: a.State, StatusID: a.StatusID, StatusText: a.StatusText, Created: a.Created, Updated: a.Updated}
	if v.State == "" {
		v.State = journal.StateDraft
	}
	for _, d := range a.Documents {
		v.Documents = append(v.Documents, Document{Name: d.Name, Data: d.Data})
	}
	if a.SubmissionID != 0 {
		s, err := j.Submission(ctx, a.SubmissionID)
		if err != nil {
			return nil, err
		}
		v.Reason = i18n.Text{RU: s.Reason.RU, EN: s.Reason.EN}
	}
	v.Attachments = attachmentViews(a.Attachments, v.Draft)
	if v.OrderID != 0 && v.Env != "" {
		if v.History, err = j.History(ctx, v.Env, v.OrderID); err != nil {
			return nil, err
		}
		if v.Results, err = j.Results(ctx, v.Env, v.OrderID); err != nil {
			return nil, err
		}
	}
	v.sentSignatures()
	if v.State == journal.StateFinal {
		p, err := j.Search(ctx, journal.Query{OrderID: v.OrderID, Env: v.Env, Limit: 1})
		if err == nil && len(p.Items) > 0 {
			v.Seen = p.Items[0].Seen
		}
	}
	v.decide()
	return v, nil
}

// decide sets what the user may do with the application now.
func (v *OrderView) decide() {
	switch v.State {
	case journal.StateChecked, journal.StatePacked, journal.StateReserving, journal.StateReserved, journal.StateUploading, journal.StatePushing:
		v.CanResume = !v.Draft
	case journal.StateFailed:
		v.CanResend = true
	case journal.StateFinal:
		v.CanResend = v.StatusID != 3 // refused or an error: fix it and send again
	}
	if v.State != journal.StateSent && v.State != journal.StateTracking {
		return
	}
	svc, known := xsd.Lookup(v.Service)
	switch {
	case !known:
		v.CanCancel = true // the service decides and says why not
	case !svc.Cancel:
		v.CancelNote = i18n.Text{
			RU: fmt.Sprintf("Услуга не предусматривает отмену заявления через API ЕПГУ; чтобы отозвать его, обратитесь в ведомство (%s).", svc.AgencyIn(i18n.RU)),
			EN: fmt.Sprintf("The service does not allow cancelling through API EPGU; to withdraw the application, contact the agency (%s).", svc.AgencyIn(i18n.EN))}
	case v.StatusID == 0:
		v.CancelNote = i18n.Text{RU: "Отмена станет возможна, когда портал примет заявление и пришлёт первый статус.",
			EN: "Cancelling becomes possible once the portal has accepted the application and sent its first status."}
	case svc.CancelAllowed(v.StatusID):
		v.CanCancel = true
	default:
		var ru, en []string
		for _, st := range svc.Statuses {
			if st.CancelAllowed {
				ru = append(ru, fmt.Sprintf("«%s»", st.TitleIn(i18n.RU)))
				en = append(en, fmt.Sprintf("«%s»", st.TitleIn(i18n.EN)))
			}
		}
		cur := v.StatusText // the portal's words, in Russian
		for _, st := range svc.Statuses {
			if st.ID == v.StatusID {
				cur = st.TitleIn(i18n.EN)
			}
		}
		v.CancelNote = i18n.Text{
			RU: fmt.Sprintf("В статусе «%s» отменить заявление нельзя; отмена возможна в статусах: %s.", v.StatusText, strings.Join(ru, ", ")),
			EN: fmt.Sprintf("The application cannot be cancelled in status «%s»; cancelling is possible in: %s.", cur, strings.Join(en, ", "))}
	}
}

// attachmentViews compares each attachment with what was sent and
// verifies the detached signatures among them (a «скан.pdf» with its
// «скан.pdf.sig»).
func attachmentViews(list []journal.Attachment, draft bool) []AttachmentView {
	var out []AttachmentView
	var files []archive.ExtractedFile
	for _, at := range list {
		p := at.Path
		if p == "" {
			p = at.StoredPath
		}
		x := AttachmentView{Name: at.Name, Path: p, Size: at.Size}
		if p == "" {
			x.Missing = true
		} else if st, err := os.Stat(p); err != nil || !st.Mode().IsRegular() {
			x.Missing = true
		} else if !draft && at.Streebog != "" {
			if h, err := journal.HashFile(p); err != nil || h.Streebog != at.Streebog {
				x.Changed = true
			}
		}
		if !x.Missing {
			files = append(files, archive.ExtractedFile{Name: at.Name, Path: p, Size: at.Size})
		}
		out = append(out, x)
	}
	for _, vd := range archive.VerifyFiles(files, archive.VerifyOptions{}) {
		valid, text := verdictText(vd, nil)
		for i := range out {
			if out[i].Name == vd.Signature || (vd.File != "" && out[i].Name == vd.File) {
				out[i].Signed, out[i].Valid, out[i].Verdict = true, valid, text
			}
		}
	}
	return out
}

// verdictText is the words of a signature verdict (as extractResult
// writes them).
func verdictText(v archive.Verdict, roots *pki.TrustStore) (bool, string) {
	switch {
	case v.Valid:
		t := validVerdict(roots)
		if v.Signer != "" {
			t += ": " + v.Signer
		}
		if len(v.Warnings) > 0 {
			t += " (" + strings.Join(v.Warnings, "; ") + ")"
		}
		return true, t
	case v.Err != nil:
		return false, i18n.Message(v.Err)
	}
	return false, i18n.T("подпись не прошла проверку", "signature does not verify")
}

// MarkSeen records that the user opened the details of a final order (the
// Заявления badge); changed is false when there was nothing new.
func (c *Core) MarkSeen(ctx context.Context, appID int64) (bool, error) {
	j := c.Journal()
	if j == nil {
		return false, nil
	}
	return j.MarkSeen(ctx, appID)
}

// Unseen counts the final orders whose details were not opened since, in
// env ("" every environment).
func (c *Core) Unseen(ctx context.Context, env string) (int, error) {
	j := c.Journal()
	if j == nil {
		return 0, nil
	}
	return j.Unseen(ctx, env)
}

// Pending counts the orders of env that await a final status (Track
// follows them).
func (c *Core) Pending(env string) (int, error) {
	if c.store == nil {
		return 0, nil
	}
	l, err := c.store.Tracking(env)
	return len(l), err
}

// VerifyResults verifies the signatures of an order's result files again,
// as they are on disk now (a file changed or removed since the download
// is named), against the environment's roots (the sandbox's test CA, else
// trustDir), records the new verdicts in the journal and returns the
// files.
func (c *Core) VerifyResults(ctx context.Context, env string, orderID int64) ([]journal.ResultFile, error) {
	j := c.Journal()
	if j == nil {
		return nil, ErrNoJournal
	}
	files, err := j.Results(ctx, env, orderID)
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, i18n.New(fmt.Sprintf("у заявления %d нет файлов результата в журнале — дождитесь итогового статуса", orderID),
			fmt.Sprintf("order %d has no result files in the journal: wait for its final status", orderID))
	}
	roots := c.rootsFor(ctx, env)
	// group: the files of each result ZIP, and the loose downloads
	groups := map[string][]int{}
	for i, f := range files {
		if f.Parent != "" {
			groups[f.Parent] = append(groups[f.Parent], i)
		} else if !isZip(f.Path) {
			groups[""] = append(groups[""], i)
		}
	}
	now := c.now()
	for _, idx := range groups {
		var ex []archive.ExtractedFile
		for _, i := range idx {
			ex = append(ex, archive.ExtractedFile{Name: files[i].Name, Path: files[i].Path, Size: files[i].Size})
		}
		for _, vd := range archive.VerifyFiles(ex, archive.VerifyOptions{Roots: roots, Time: now}) {
			valid, text := verdictText(vd, roots)
			if _, err := os.Stat(pathOf(ex, vd.Signature)); err != nil {
				valid, text = false, i18n.T("файл подписи удалён или перемещён с диска после получения", "the signature file was removed or moved after the download")
			} else if p := pathOf(ex, vd.File); vd.File != "" && p != "" {
				if _, err := os.Stat(p); err != nil {
					valid, text = false, i18n.T("подписанный файл удалён или перемещён с диска после получения", "the signed file was removed or moved after the download")
				}
			}
			for _, i := range idx {
				// the signature, and the signed file when the download
				// gave it the verdict too (files taken out of a ZIP)
				if files[i].Name == vd.Signature || (vd.File != "" && files[i].Name == vd.File && files[i].IsSig) {
					files[i].IsSig, files[i].Valid, files[i].Verdict = true, valid, text
					if err := j.AddResult(ctx, env, orderID, files[i]); err != nil {
						return nil, err
					}
				}
			}
		}
	}
	return files, nil
}

func pathOf(ex []archive.ExtractedFile, name string) string {
	for _, f := range ex {
		if f.Name == name {
			return f.Path
		}
	}
	return ""
}

// rootsFor is the trust store of an environment's results without a
// session: the sandbox's test CA (asked of the running sandbox), else the
// trustDir folder; nil when neither (the verdict then says the chain was
// not checked).
func (c *Core) rootsFor(ctx context.Context, envName string) *pki.TrustStore {
	env, err := c.ResolveEnv(envName)
	if err != nil {
		return nil
	}
	ca := ""
	if env.Sandbox() {
		if sc, err := config.FetchSandboxCredentials(ctx, env); err == nil {
			ca = sc.CACertPath
		}
	}
	return resultRoots(env, ca)
}

// sentSignatures gives the attachments of a sent application of a signed
// service their signature verdict: the workflow signed each file when it
// packed the archive (the signatures travel inside it, the journal keeps
// no copy), and the service checks them when it takes the archive — a
// refusal is the gu-smev state FILES_VERIFICATION_FAILED in the history,
// acceptance is the order reaching the portal (a status other than 0).
func (v *OrderView) sentSignatures() {
	svc, ok := xsd.Lookup(v.Service)
	if !ok || !svc.Signed || v.Draft {
		return
	}
	switch v.State {
	case journal.StateSent, journal.StateTracking, journal.StateFinal:
	default:
		return
	}
	refused, accepted := false, false
	for _, st := range v.History {
		refused = refused || st.ProcState == "FILES_VERIFICATION_FAILED"
		accepted = accepted || (st.ID != 0 && st.ProcState == "")
	}
	for i := range v.Attachments {
		a := &v.Attachments[i]
		if a.Signed {
			continue // a signature of its own beside it was verified here
		}
		a.Signed = true
		switch {
		case refused:
			a.Valid, a.Verdict = false, i18n.T("ведомство не приняло подписи архива (FILES_VERIFICATION_FAILED): отправьте заявление заново с действующим сертификатом",
				"the agency refused the archive's signatures (FILES_VERIFICATION_FAILED): send the application again with a valid certificate")
		case accepted:
			a.Valid, a.Verdict = true, i18n.T("подписан при отправке открепленной подписью ГОСТ; ведомство проверило и приняло подпись",
				"signed when sent (detached GOST signature); the agency checked and accepted it")
		default:
			a.Valid, a.Verdict = true, i18n.T("подписан при отправке открепленной подписью ГОСТ; ведомство проверит подпись при приёме",
				"signed when sent (detached GOST signature); the agency checks it when it takes the archive")
		}
	}
}
