package archive_test

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gosdesk/gosdesk/core/archive"
	"github.com/gosdesk/gosdesk/core/i18n"
	"github.com/gosdesk/gosdesk/core/sandbox"
	"github.com/gosdesk/gosdesk/core/sandbox/nsidict"
	"github.com/gosdesk/gosdesk/xsd"
)

const hotel = "10000103652"

// TestRejectedByBoth: applications the packer refuses are refused by the
// sandbox too when the same files arrive in a hand-made archive.
func TestRejectedByBoth(t *testing.T) {
	f := sandboxPKI(t)
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
	type tc struct {
		name    string
		code    string
		mutate  func(t *testing.T, dir string, in []archive.Input) []archive.Input
		packErr error
		state   string
		msg     string // in the sandbox's problems
	}
	cases := []tc{
		{name: "scan over 10 MB", code: hotel, mutate: func(t *testing.T, dir string, in []archive.Input) []archive.Input {
			p := writeFile(t, dir, "big.png", png)
			require.NoError(t, os.Truncate(p, 60<<20)) // sparse: 60 MB on no disk
			return append(in, archive.Input{Name: "form.FormStep10.Panel1.caseAttachment2", Path: p})
		}, packErr: archive.ErrFileTooLarge, state: sandbox.StateValidationError, msg: "размер 60 МБ больше допустимого"},
		{name: "scan of a type the service refuses", code: hotel, mutate: func(t *testing.T, dir string, in []archive.Input) []archive.Input {
			return append(in, archive.Input{Name: "form.FormStep10.Panel1.caseAttachment2", Data: []byte("PK\x03\x04 word/document.xml")})
		}, packErr: archive.ErrTypeNotAllowed, state: sandbox.StateValidationError, msg: "формат ZIP не принимается"},
		{name: "extension and content disagree", code: hotel, mutate: func(t *testing.T, dir string, in []archive.Input) []archive.Input {
			return append(in, archive.Input{Name: "form.FormStep10.Panel1.caseAttachment1.0.pdf", Data: png})
		}, packErr: archive.ErrTypeMismatch, state: sandbox.StateValidationError, msg: "расширение говорит PDF"},
		{name: "seven identity scans (at most six)", code: hotel, mutate: func(t *testing.T, dir string, in []archive.Input) []archive.Input {
			for i := 0; i < 7; i++ {
				in = append(in, archive.Input{Name: "form.FormStep10.Panel1.caseAttachment1." + string(rune('0'+i)), Data: png})
			}
			return in
		}, packErr: archive.ErrTooManyFiles, state: sandbox.StateValidationError, msg: "не больше 6"},
		{name: "empty scan", code: hotel, mutate: func(t *testing.T, dir string, in []archive.Input) []archive.Input {
			return append(in, archive.Input{Name: "form.FormStep10.Panel1.caseAttachment2", Data: []byte{}})
		}, packErr: archive.ErrEmptyFile, state: sandbox.StateValidationError, msg: "файл пуст"},
		{name: "Госключ: Cyrillic document name (spec v1.8: Latin only)", code: "10000000374", mutate: func(t *testing.T, dir string, in []archive.Input) []archive.Input {
			return append(in, archive.Input{Name: "Договор.pdf", Data: []byte("%PDF-1.7")})
		}, packErr: archive.ErrBadName, state: sandbox.StateValidationError, msg: "в имени допустимы только такие символы"},
		{name: "Госключ: JPEG document", code: "10000000374", mutate: func(t *testing.T, dir string, in []archive.Input) []archive.Input {
			return append(in, archive.Input{Name: "photo.jpg", Data: []byte("\xff\xd8\xff\xe0 photo")})
		}, packErr: archive.ErrTypeNotAllowed, state: sandbox.StateValidationError, msg: "формат JPEG не принимается"},
		{name: "forbidden character in a name", code: "10000000374", mutate: func(t *testing.T, dir string, in []archive.Input) []archive.Input {
			return append(in, archive.Input{Name: "акт: приложение.pdf", Data: []byte("%PDF-1.7")})
		}, packErr: archive.ErrBadName, state: sandbox.StateValidationError, msg: "недопустимое имя"},
		{name: "attach.xml missing", code: hotel, mutate: func(t *testing.T, dir string, in []archive.Input) []archive.Input {
			var out []archive.Input
			for _, x := range in {
				if x.Name != "attach.xml" {
					out = append(out, x)
				}
			}
			return out
		}, packErr: archive.ErrMissingFile, state: sandbox.StateMPCNotFound, msg: "нет файла attach.xml"},
		{name: "citizenship not in the НСИ dictionary", code: hotel, mutate: func(t *testing.T, dir string, in []archive.Input) []archive.Input {
			for i := range in {
				if in[i].Name == "attach.xml" {
					in[i].Data = bytes.Replace(in[i].Data, []byte("<umms:type>Citizenship</umms:type><umms:element>DEU<"), []byte("<umms:type>Citizenship</umms:type><umms:element>ZZZ<"), 1)
				}
			}
			return in
		}, packErr: archive.ErrDictionary, state: sandbox.StateValidationError, msg: `значения "ZZZ" нет в справочнике cityzen_MVD_hostel_new`},
		{name: "ФССП department not in VKSP_FSSP", code: "10000000367", mutate: func(t *testing.T, dir string, in []archive.Input) []archive.Input {
			for i := range in {
				in[i].Data = bytes.ReplaceAll(in[i].Data, []byte(">69025<"), []byte(">99999<"))
			}
			return in
		}, packErr: archive.ErrDictionary, state: sandbox.StateValidationError, msg: `значения "99999" нет в справочнике VKSP_FSSP`},
		{name: "СФР: trans and req of different GUIDs", code: "10000000109", mutate: func(t *testing.T, dir string, in []archive.Input) []archive.Input {
			for i := range in {
				if strings.HasPrefix(in[i].Name, "req_") {
					in[i].Name = "req_99999999-1111-4222-8333-444455556666.xml"
				}
			}
			return in
		}, packErr: archive.ErrMissingFile, state: sandbox.StateValidationError, msg: "нет парного файла"},
		{name: "СФР: ApplicationFileName names another file", code: "10000000109", mutate: func(t *testing.T, dir string, in []archive.Input) []archive.Input {
			for i := range in {
				if strings.HasPrefix(in[i].Name, "trans_") {
					in[i].Data = bytes.Replace(in[i].Data, []byte("<cmv:ApplicationFileName>req_"), []byte("<cmv:ApplicationFileName>other_"), 1)
				}
			}
			return in
		}, packErr: archive.ErrInvalidXML, state: sandbox.StateValidationError, msg: "а должно быть имя парного файла"},
		{name: "attach.xml breaks the field rules", code: hotel, mutate: func(t *testing.T, dir string, in []archive.Input) []archive.Input {
			for i := range in {
				if in[i].Name == "attach.xml" {
					in[i].Data = bytes.Replace(in[i].Data, []byte("1979-05-12"), []byte("12.05.1979"), 1)
				}
			}
			return in
		}, packErr: archive.ErrInvalidXML, state: sandbox.StateValidationError, msg: "attach.xml:"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			in := c.mutate(t, dir, templateFiles(t, c.code, dir))
			spec := archive.Spec{Service: c.code, Files: in, OrderID: 7, Signer: f.signer, TempDir: dir, Dictionary: nsidict.Has}
			err := archive.Check(spec)
			require.Error(t, err)
			assert.ErrorIs(t, err, c.packErr)
			_, err = archive.Pack(ctx, spec)
			assert.ErrorIs(t, err, c.packErr)
			assert.Empty(t, zipsIn(t, dir), "nothing written")

			// the same files, signed, in a hand-made archive
			zp := handZip(t, f, dir, in, 7)
			rep, err := sandbox.CheckArchive(zp, c.code, 7, f.verifier)
			require.NoError(t, err)
			assert.Equal(t, c.state, rep.State, rep.Problems)
			assert.Contains(t, strings.Join(rep.Problems, "\n"), c.msg)
		})
	}
}

// handZip writes the inputs ({orderId} filled) and their signatures into a
// ZIP without any check.
func handZip(t *testing.T, f *fixture, dir string, in []archive.Input, orderID int64) string {
	p := filepath.Join(dir, "hand.zip")
	out, err := os.Create(p)
	require.NoError(t, err)
	defer out.Close()
	zw := zip.NewWriter(out)
	for _, x := range in {
		data := x.Data
		if data == nil {
			data, err = os.ReadFile(x.Path)
			require.NoError(t, err)
		}
		data = bytes.ReplaceAll(data, []byte("{orderId}"), []byte(ids(orderID)))
		w, err := zw.Create(x.Name)
		require.NoError(t, err)
		w.Write(data)
		if len(data) < 1<<20 {
			sig, err := f.srv.EmployeeSigner().SignDetached(ctx, data)
			require.NoError(t, err)
			w, err = zw.Create(x.Name + ".sig")
			require.NoError(t, err)
			w.Write(sig)
		}
	}
	require.NoError(t, zw.Close())
	return p
}

func zipsIn(t *testing.T, dir string) []string {
	m, err := filepath.Glob(filepath.Join(dir, "gosdesk-*.zip"))
	require.NoError(t, err)
	return m
}

func TestCheckBeforeReservation(t *testing.T) {
	f := sandboxPKI(t)
	dir := t.TempDir()
	spec := archive.Spec{Service: hotel, Files: templateFiles(t, hotel, dir), Signer: f.signer, TempDir: dir}
	// no number yet: the application can be checked …
	require.NoError(t, archive.Check(spec))
	// … but not packed: the XML needs the number
	_, err := archive.Pack(ctx, spec)
	require.ErrorIs(t, err, archive.ErrOrderIDNeeded)
	assert.Contains(t, err.Error(), "сначала зарезервируйте номер")
	assert.Contains(t, i18n.MessageIn(i18n.EN, err), "reserve a number first")
}

func TestPackProblemsAllAtOnce(t *testing.T) {
	dir := t.TempDir()
	in := templateFiles(t, hotel, dir)
	in = append(in,
		archive.Input{Name: "../scan.pdf", Data: []byte("%PDF")},
		archive.Input{Name: "form.FormStep10.Panel1.caseAttachment2", Data: []byte("just text")},
		archive.Input{Name: "req.xml.sig", Data: []byte("0")},
		archive.Input{Name: "note.xml", Data: []byte("<a>{lastName}</a>")})
	in[0].Data = append(in[0].Data, []byte("<!-- {surname} -->")...)
	err := archive.Check(archive.Spec{Service: hotel, Files: in, OrderID: 5})
	probs := archive.AsProblems(err)
	require.NotNil(t, probs)
	for _, want := range []error{archive.ErrBadName, archive.ErrTypeNotAllowed, archive.ErrUnexpectedFile, archive.ErrPlaceholder, archive.ErrNoSigner} {
		assert.ErrorIs(t, err, want)
	}
	text := err.Error()
	for _, want := range []string{"«../scan.pdf»", "caseAttachment2»: формат TXT не принимается услугой", "{surname}", "выберите сертификат", "req.xml.sig"} {
		assert.Contains(t, text, want)
	}
	assert.Equal(t, len(probs), strings.Count(text, "\n")+1, "one problem a line")
	assert.NotContains(t, text, "%!")
}

func TestPackUnknownServiceAndInputs(t *testing.T) {
	err := archive.Check(archive.Spec{Service: "999", Files: []archive.Input{{Name: "a.xml", Data: []byte("<a/>")}}})
	assert.ErrorIs(t, err, archive.ErrUnknownService)
	err = archive.Check(archive.Spec{Service: "60010153", Files: []archive.Input{{Name: "req.xml"}}})
	assert.ErrorIs(t, err, archive.ErrIO)
	err = archive.Check(archive.Spec{Service: "60010153", Files: []archive.Input{{Name: "req.xml", Path: "/nonexistent/req.xml"}}})
	assert.ErrorIs(t, err, archive.ErrIO)
	assert.Contains(t, err.Error(), "req.xml")
}

func TestPackCancelled(t *testing.T) {
	f := sandboxPKI(t)
	dir := t.TempDir()
	c, cancel := context.WithCancel(ctx)
	cancel()
	_, err := archive.Pack(c, archive.Spec{Service: hotel, Files: templateFiles(t, hotel, dir), OrderID: 3, Signer: f.signer, TempDir: dir})
	require.Error(t, err)
	assert.True(t, errors.Is(err, context.Canceled))
	assert.Empty(t, zipsIn(t, dir))
}

func TestPackProgressAndEntries(t *testing.T) {
	f := sandboxPKI(t)
	dir := t.TempDir()
	in := templateFiles(t, hotel, dir)
	var last archive.Progress
	var stages []archive.Stage
	a, err := archive.Pack(ctx, archive.Spec{Service: hotel, Files: in, OrderID: 3, Signer: f.signer, TempDir: dir,
		Progress: func(p archive.Progress) { last = p; stages = append(stages, p.Stage) }})
	require.NoError(t, err)
	defer a.Remove()
	assert.Equal(t, archive.StageDone, last.Stage)
	assert.Equal(t, last.Total, last.Done)
	assert.Contains(t, stages, archive.StageSign)
	assert.Equal(t, archive.RouteChunked, a.Route, "hotel XML needs the number")
	roles := map[string]string{}
	for _, e := range a.Entries {
		roles[e.Name] = e.Role
	}
	assert.Equal(t, "req", roles["req.xml"])
	assert.Equal(t, "scan", roles["form.FormStep10.Panel1.caseAttachment1.0"])
	assert.Equal(t, xsd.RoleSignature, roles["form.FormStep10.Panel1.caseAttachment1.0.sig"])
	st, err := os.Stat(a.Path)
	require.NoError(t, err)
	assert.Equal(t, st.Size(), a.Size)
	require.NoError(t, a.Remove())
	_, err = os.Stat(a.Path)
	assert.True(t, os.IsNotExist(err))
}

func TestRoute(t *testing.T) {
	assert.Equal(t, archive.RoutePush, archive.ChooseRoute(1, false))
	assert.Equal(t, archive.RoutePush, archive.ChooseRoute(50_000_000, false))
	assert.Equal(t, archive.RouteChunked, archive.ChooseRoute(50_000_001, false))
	assert.Equal(t, archive.RouteChunked, archive.ChooseRoute(1, true))
	assert.Equal(t, "push", archive.RoutePush.String())
	assert.Equal(t, "order+push/chunked", archive.RouteChunked.String())

	goskey, _ := xsd.Lookup("10000000374")
	hotelSvc, _ := xsd.Lookup(hotel)
	assert.False(t, archive.NeedsOrderID(goskey, []archive.Input{{Name: "req.xml", Data: []byte("<a/>")}}))
	assert.True(t, archive.NeedsOrderID(goskey, []archive.Input{{Name: "req.xml", Data: []byte("<a>{orderId}</a>")}}))
	assert.True(t, archive.NeedsOrderID(hotelSvc, nil), "catalog: «Номер заявления в XML: да»")
	dir := t.TempDir()
	onDisk := writeFile(t, dir, "req.xml", []byte("<a>{orderId}</a>"))
	assert.True(t, archive.NeedsOrderID(goskey, []archive.Input{{Name: "req.xml", Path: onDisk}}), "XML on disk")
	big := writeFile(t, dir, "doc.pdf", []byte("%PDF-1.4 {orderId}"))
	assert.False(t, archive.NeedsOrderID(goskey, []archive.Input{{Name: "req.xml", Data: []byte("<a/>")}, {Name: "doc.pdf", Path: big}}), "attachments are not read")
}

// TestPackedSignaturesVerify: the packer's signatures verify with the
// result verifier (same trust store), and a changed file is caught.
func TestPackedSignaturesVerify(t *testing.T) {
	f := sandboxPKI(t)
	dir := t.TempDir()
	a, err := archive.Pack(ctx, archive.Spec{Service: "10000000374", Files: templateFiles(t, "10000000374", dir), Signer: f.signer, TempDir: dir,
		Cosignatures: []archive.Cosignature{{Document: "req.xml", Signer: f.other, Description: "Подпись второго лица"}}})
	require.NoError(t, err)
	defer a.Remove()
	assert.Equal(t, archive.RoutePush, a.Route)
	res, err := archive.OpenResult(ctx, a.Path, filepath.Join(dir, "out"), archive.DefaultLimits, archive.VerifyOptions{Roots: f.roots})
	require.NoError(t, err)
	require.Len(t, res.Verdicts, 4) // req.xml ×2, the document, sign_config.xml
	assert.True(t, res.AllValid(), "%+v", res.Verdicts)
	for _, v := range res.Verdicts {
		assert.NotEmpty(t, v.File)
		assert.NotEmpty(t, v.Signer)
	}
	// tamper with the document
	doc := filepath.Join(dir, "out", "Dogovor postavki 5.pdf")
	require.NoError(t, os.WriteFile(doc, []byte("%PDF-1.7 другой"), 0o600))
	vs := archive.VerifyFiles(res.Files, archive.VerifyOptions{Roots: f.roots})
	bad := 0
	for _, v := range vs {
		if !v.Valid {
			bad++
			assert.ErrorIs(t, v.Err, archive.ErrSignatureInvalid)
			assert.Equal(t, "Dogovor postavki 5.pdf", v.File)
		}
	}
	assert.Equal(t, 1, bad)
	// an untrusted root: nothing is valid
	other := archive.VerifyFiles(res.Files, archive.VerifyOptions{Roots: pkiStoreWithout(t)})
	for _, v := range other {
		assert.False(t, v.Valid)
	}
}

func TestCheckZip(t *testing.T) {
	f := sandboxPKI(t)
	dir := t.TempDir()
	empty := writeFile(t, dir, "empty.zip", nil)
	assert.ErrorIs(t, archive.CheckZip(hotel, empty), archive.ErrEmptyFile)
	notZip := writeFile(t, dir, "x.zip", []byte("not a zip"))
	assert.ErrorIs(t, archive.CheckZip(hotel, notZip), archive.ErrNotZip)

	// a packed archive passes
	a, err := archive.Pack(ctx, archive.Spec{Service: hotel, Files: templateFiles(t, hotel, dir), OrderID: 9, Signer: f.signer, TempDir: dir})
	require.NoError(t, err)
	defer a.Remove()
	require.NoError(t, archive.CheckZip(hotel, a.Path))

	// unsigned files: every one is named; an empty req.xml is caught
	in := templateFiles(t, hotel, dir)
	for i := range in {
		if in[i].Name == "req.xml" {
			in[i].Data = []byte{}
		}
	}
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, x := range in {
		data := x.Data
		if data == nil {
			data, _ = os.ReadFile(x.Path)
		}
		w, _ := zw.Create(x.Name)
		w.Write(data)
	}
	zw.Close()
	p := writeFile(t, dir, "user.zip", b.Bytes())
	err = archive.CheckZip(hotel, p)
	require.Error(t, err)
	assert.ErrorIs(t, err, archive.ErrEmptyFile)
	assert.ErrorIs(t, err, archive.ErrSignatureMissing)
	for _, x := range in {
		assert.Contains(t, err.Error(), "«"+x.Name+"»")
	}
}

// TestMessagesInEnglish: every problem also reads in English, with no
// Russian left in it (file names here are Latin).
func TestMessagesInEnglish(t *testing.T) {
	dir := t.TempDir()
	in := templateFiles(t, hotel, dir)
	in = append(in,
		archive.Input{Name: "../scan.pdf", Data: []byte("%PDF")},
		archive.Input{Name: "form.FormStep10.Panel1.caseAttachment2", Data: []byte("just text")},
		archive.Input{Name: "req.xml.sig", Data: []byte("0")},
		archive.Input{Name: "form.FormStep10.Panel1.caseAttachment4", Path: "/nonexistent"})
	for i := range in {
		if in[i].Name == "attach.xml" {
			in[i].Data = bytes.Replace(in[i].Data, []byte("1979-05-12"), []byte("12.05.1979"), 1)
		}
	}
	err := archive.Check(archive.Spec{Service: hotel, Files: in, OrderID: 5, Cosignatures: []archive.Cosignature{{Document: "absent.pdf"}}})
	require.Error(t, err)
	en := i18n.MessageIn(i18n.EN, err)
	assert.NotRegexp(t, `[а-яА-ЯёЁ]`, en)
	assert.Equal(t, len(archive.AsProblems(err)), strings.Count(en, "\n")+1)
	ru := err.Error()
	assert.Contains(t, ru, "«attach.xml»: XML-файл не соответствует требованиям услуги")
}

func TestCosignatureNames(t *testing.T) {
	f := sandboxPKI(t)
	dir := t.TempDir()
	in := templateFiles(t, "10000000374", dir)
	err := archive.Check(archive.Spec{Service: "10000000374", Files: in, Signer: f.signer,
		Cosignatures: []archive.Cosignature{{Document: "req.xml", Signer: f.other, SigName: "req.p7s"}}})
	assert.ErrorIs(t, err, archive.ErrBadName)
	// a co-signature named like an existing signature
	err = archive.Check(archive.Spec{Service: "10000000374", Files: in, Signer: f.signer,
		Cosignatures: []archive.Cosignature{{Document: "req.xml", Signer: f.other, SigName: "req.xml.sig"}}})
	assert.ErrorIs(t, err, archive.ErrDuplicate)
	_, err = archive.Pack(ctx, archive.Spec{Service: "10000000374", Files: in, Signer: f.signer, TempDir: dir,
		Cosignatures: []archive.Cosignature{{Document: "req.xml", Signer: f.other, SigName: "req.xml.sig"}}})
	assert.ErrorIs(t, err, archive.ErrDuplicate)
	assert.Empty(t, zipsIn(t, dir))
	// unsigned services take no co-signatures
	err = archive.Check(archive.Spec{Service: "60010153", Files: templateFiles(t, "60010153", dir), OrderID: 1,
		Cosignatures: []archive.Cosignature{{Document: "req.xml", Signer: f.other}}})
	assert.ErrorIs(t, err, archive.ErrUnexpectedFile)
}

// TestCheckReusesVerdicts: with Verdicts, Check says what it says without
// them — after the documents were validated with the default limit of
// errors (core/workflow's Validate), and again on a second Check.
func TestCheckReusesVerdicts(t *testing.T) {
	dir := t.TempDir()
	in := templateFiles(t, hotel, dir, "orderId", "5")
	sv, _ := xsd.Lookup(hotel)
	for i := range in {
		if in[i].Data == nil {
			continue
		}
		// errors beyond Check's limit of 20 and a syntax error
		switch in[i].Name {
		case "attach.xml":
			in[i].Data = bytes.Replace(in[i].Data, []byte("</"), []byte("<bogus>x</bogus></"), 30)
		case "req.xml":
			in[i].Data = bytes.Replace(in[i].Data, []byte("</"), []byte("</x"), 1)
		}
	}
	spec := archive.Spec{Service: hotel, Files: in, OrderID: 5}
	want := archive.Check(spec)
	require.Error(t, want)
	require.Contains(t, want.Error(), "и ещё ошибок: 15")
	var vs xsd.Verdicts
	for _, f := range in {
		if xf, ok := sv.FileFor(f.Name); ok && f.Data != nil && (len(xf.Schemas) > 0 || xf.Rules != "") {
			vs.Validate(xf, f.Data, nil)
		}
	}
	spec.Verdicts = &vs
	for i := 0; i < 2; i++ {
		got := archive.Check(spec)
		require.Error(t, got)
		assert.Equal(t, want.Error(), got.Error())
		assert.Equal(t, i18n.MessageIn(i18n.EN, want), i18n.MessageIn(i18n.EN, got))
	}
}
