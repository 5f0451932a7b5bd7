package xsd

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gosdesk/gosdesk/core/xmlschema"
)

func TestDetectType(t *testing.T) {
	for head, want := range map[string]string{
		"%PDF-1.7":                     TypePDF,
		"\xff\xd8\xff\xe0\x00\x10JFIF": TypeJPEG,
		"\x89PNG\r\n\x1a\n":            TypePNG,
		"II*\x00":                      TypeTIFF,
		"MM\x00*":                      TypeTIFF,
		"GIF89a":                       TypeGIF,
		"PK\x03\x04":                   TypeZIP,
		"\xef\xbb\xbf <?xml":           TypeXML,
		"\x30\x82\x01\x00":             TypeSig,
		"-----BEGIN CMS-----":          TypeSig,
		"hello\r\nмир":                 TypeText,
		"\x00\x01binary":               "",
		"":                             "",
	} {
		assert.Equal(t, want, DetectType([]byte(head)), "%q", head)
	}
}

func TestCheckName(t *testing.T) {
	for _, ok := range []string{"req.xml", "req_0b8c.xml", "Договор №5.pdf", "form.FormStep10.Panel1.caseAttachment1.0", "трудовой договор (копия).PDF"} {
		assert.Nil(t, CheckName(ok), ok)
	}
	for _, bad := range []string{"", ".", "..", "../x.pdf", "/etc/passwd", `C:\x.pdf`, "a/b.pdf", "a:b.pdf", "a*b", "a?b", `a"b`, "a<b", "a>b", "a|b", "a\x00b", "a\nb", " a.pdf", "a.pdf ", "a.", "\xff\xfe", strings.Repeat("я", 200)} {
		p := CheckName(bad)
		if assert.NotNil(t, p, "%q", bad) {
			assert.Equal(t, ProblemName, p.Kind)
			assert.Contains(t, p.Message.RU, "переименуйте файл")
		}
	}
}

func TestHotelScanLimits(t *testing.T) {
	sv, ok := Lookup("10000103652")
	require.True(t, ok)
	f, ok := sv.FileFor("form.FormStep10.Panel1.caseAttachment1.0")
	require.True(t, ok)
	require.NotNil(t, f.Limits)
	assert.Equal(t, int64(10<<20), f.Limits.MaxSize)
	assert.Equal(t, []string{TypeJPEG, TypePNG, TypeTIFF, TypePDF}, f.Limits.Types)
	assert.Empty(t, f.CheckAttachment("form.FormStep10.Panel1.caseAttachment1.0", 5<<20, []byte("%PDF-1.4")))

	p := f.CheckAttachment("form.FormStep10.Panel1.caseAttachment1.0", 60<<20, []byte("%PDF-1.4"))
	require.Len(t, p, 1)
	assert.Equal(t, ProblemSize, p[0].Kind)
	assert.Equal(t, "файл «form.FormStep10.Panel1.caseAttachment1.0»: размер 60 МБ больше допустимого для услуги (10 МБ): уменьшите файл (например, отсканируйте с меньшим разрешением)", p[0].Message.RU)
	assert.Contains(t, p[0].Message.EN, "size 60 MB exceeds the service's limit (10 MB)")

	p = f.CheckAttachment("form.FormStep10.Panel1.caseAttachment1.0", 100, []byte("PK\x03\x04"))
	require.Len(t, p, 1)
	assert.Equal(t, ProblemType, p[0].Kind)
	p = f.CheckAttachment("form.FormStep10.Panel1.caseAttachment1.0.jpg", 100, []byte("\x89PNG\r\n\x1a\n"))
	require.Len(t, p, 1)
	assert.Equal(t, ProblemMismatch, p[0].Kind)
	p = f.CheckAttachment("form.FormStep10.Panel1.caseAttachment1.0", 0, nil)
	require.Len(t, p, 1)
	assert.Equal(t, ProblemEmpty, p[0].Kind)

	// signatures of scans are signatures, not scans
	sig, ok := sv.FileFor("form.FormStep10.Panel1.caseAttachment1.0.sig")
	require.True(t, ok)
	assert.Equal(t, RoleSignature, sig.Role)
}

func TestCheckFilesReportsEverything(t *testing.T) {
	sv, _ := Lookup("10000103652")
	pdf := []byte("%PDF-1.7")
	files := []FileInfo{
		{Name: "req.xml", Size: 10, Head: []byte("<r/>")},
		{Name: "req.xml", Size: 10, Head: []byte("<r/>")},
		{Name: "../evil", Size: 1, Head: pdf},
		{Name: "notes.txt", Size: 1, Head: []byte("x")},
		{Name: "form.FormStep10.Panel1.caseAttachment2", Size: 40 << 20, Head: pdf},
	}
	for i := 0; i < 7; i++ {
		files = append(files, FileInfo{Name: "form.FormStep10.Panel1.caseAttachment1." + string(rune('0'+i)), Size: 10 << 20, Head: pdf})
	}
	kinds := map[string]int{}
	for _, p := range sv.CheckFiles(files) {
		kinds[p.Kind]++
	}
	assert.Equal(t, map[string]int{ProblemDuplicate: 1, ProblemName: 1, ProblemUnknown: 1, ProblemSize: 1, ProblemMissing: 1, ProblemCount: 1, ProblemTotal: 1}, kinds)
}

func TestCodedValues(t *testing.T) {
	sv, _ := Lookup("10000103652")
	doc := `<case><person><citizenship><type>Citizenship</type><element>DEU</element></citizenship>
<gender><type>Gender</type><element>1</element></gender></person>
<subdivision><type>officialOrgan.fms</type><element>141603</element></subdivision></case>`
	vals, err := sv.CodedValues(strings.NewReader(doc))
	require.NoError(t, err)
	require.Len(t, vals, 2) // Gender maps to no dictionary
	assert.Equal(t, "Citizenship", vals[0].RefType)
	assert.Equal(t, "DEU", vals[0].Value)
	assert.Equal(t, "case/person/citizenship", vals[0].Path)
	assert.Equal(t, "cityzen_MVD_hostel_new", vals[0].Dictionaries[0].Code)
	assert.Equal(t, "code_alpha_3", vals[0].Dictionaries[0].Column)
	assert.Equal(t, 1, vals[0].Line)
	var codes []string
	for _, d := range vals[1].Dictionaries {
		codes = append(codes, d.Code)
	}
	assert.ElementsMatch(t, []string{"MVD_organ_hotel_new", "mvd_authorityOrgan_new"}, codes)
}

func TestFormatSize(t *testing.T) {
	assert.Equal(t, "10 МБ", FormatSize(10<<20))
	assert.Equal(t, "1.5 КБ", FormatSize(1536))
	assert.Equal(t, "17 байт", FormatSize(17))
	assert.Equal(t, "2 GB", FormatSizeEN(2<<30))
}

// Issue 13 item 15: a syntax error of a file checked by field rules is
// said in Russian too.
func TestRulesSyntaxErrorRussian(t *testing.T) {
	sv, _ := Lookup("60010153")
	f, _ := sv.File("req")
	_, err := f.Validate(strings.NewReader("<EPGURequest><a></b></EPGURequest>"))
	var xe *xmlschema.XMLError
	require.ErrorAs(t, err, &xe)
	assert.NotEmpty(t, xe.MessageRU)
	assert.Regexp(t, `[а-я]`, xe.MessageRU)
	assert.Equal(t, 1, xe.Line)
}

func TestCodedValuesByField(t *testing.T) {
	sv, _ := Lookup("10000000585")
	doc := `<EPGURequest><n><subdivision><type>officialOrgan.fms</type><code>3</code></subdivision>
<okved2>41.20</okved2><Worker><Citizenship>7</Citizenship></Worker><Citizenship>not a worker</Citizenship></n></EPGURequest>`
	vals, err := sv.CodedValues(strings.NewReader(doc))
	require.NoError(t, err)
	got := map[string]string{}
	for _, v := range vals {
		got[v.Path] = v.Value + " " + v.Dictionaries[0].Code + " " + v.Dictionaries[0].Column
	}
	assert.Equal(t, map[string]string{
		"EPGURequest/n/subdivision/code":   "3 MVDR23_OFFICE recordId",
		"EPGURequest/n/okved2":             "41.20 okved_rot Код",
		"EPGURequest/n/Worker/Citizenship": "7 MVDR23_CITIZENSHIP recordId",
	}, got)
}

func TestArchiveName(t *testing.T) {
	hotel, _ := Lookup("10000103652")
	goskey, _ := Lookup("10000000374")
	file := func(s Service, role string) File { f, ok := s.File(role); require.True(t, ok, role); return f }
	assert.Equal(t, "form.FormStep10.Panel1.caseAttachment1.0", file(hotel, "scan").ArchiveName(0, "/home/u/паспорт.pdf"))
	assert.Equal(t, "form.FormStep10.Panel1.caseAttachment1.5", file(hotel, "scan").ArchiveName(5, "x.png"))
	assert.Equal(t, "form.FormStep10.Panel1.caseAttachment4", file(hotel, "scan_representative").ArchiveName(0, "x.png"))
	assert.Equal(t, "form.FormStep10.Panel1.caseAttachment4.1", file(hotel, "scan_representative").ArchiveName(1, "x.png"))
	assert.Equal(t, "form.FormStep10.Panel1.caseAttachment2", file(hotel, "scan_residence").ArchiveName(0, "visa.jpg"))
	assert.Equal(t, "Договор.pdf", file(goskey, "document").ArchiveName(3, `C:\Users\u\Договор.pdf`))
	for i := 0; i < 2; i++ {
		n := file(hotel, "scan_representative").ArchiveName(i, "x")
		f, ok := hotel.FileFor(n)
		require.True(t, ok)
		assert.Equal(t, "scan_representative", f.Role, n)
	}
}

func TestMissingDocumentsMessage(t *testing.T) {
	sv, _ := Lookup("10000000374")
	p := sv.CheckFiles([]FileInfo{{Name: "req.xml", Size: 5, Head: []byte("<a/>")}})
	require.Len(t, p, 1)
	assert.Equal(t, ProblemMissing, p[0].Kind)
	assert.True(t, strings.HasPrefix(p[0].Message.RU, "нет обязательных файлов: Документы на подпись"), p[0].Message.RU)
	assert.True(t, strings.HasSuffix(p[0].Message.RU, "— добавьте хотя бы один"), p[0].Message.RU)
}

// Госключ (spec v1.8): up to 15 documents, pdf/tif/tiff/xml/txt, names of
// at most 50 Latin letters, digits, underscores and spaces, 100 MB in all.
func TestGoskeyDocumentRules(t *testing.T) {
	for _, code := range []string{"10000000374", "60025907", "60080470"} {
		sv, _ := Lookup(code)
		doc, ok := sv.FileFor("07_01.pdf")
		require.True(t, ok)
		assert.Empty(t, doc.CheckAttachment("07_01.pdf", 100, []byte("%PDF-1.4")), code)
		assert.Empty(t, doc.CheckAttachment("Dogovor postavki 5.txt", 100, []byte("text of the contract\r\n")), code)
		assert.Empty(t, doc.CheckAttachment("scan.tif", 100, []byte("II*\x00")), code)
		kinds := func(name string, head string) []string {
			var k []string
			for _, p := range doc.CheckAttachment(name, 100, []byte(head)) {
				k = append(k, p.Kind)
			}
			return k
		}
		assert.Equal(t, []string{ProblemName}, kinds("Договор.pdf", "%PDF-1.4"), "Cyrillic is not allowed for Госключ")
		assert.Equal(t, []string{ProblemName}, kinds(strings.Repeat("a", 47)+".pdf", "%PDF-1.4"))
		assert.Equal(t, []string{ProblemType}, kinds("photo.jpg", "\xff\xd8\xff\xe0"))
		assert.Equal(t, []string{ProblemMismatch}, kinds("other.pdf", "x"))
		files := []FileInfo{{Name: "req.xml", Size: 10, Head: []byte("<a/>")}}
		for i := 0; i < 16; i++ {
			files = append(files, FileInfo{Name: fmt.Sprintf("doc%02d.pdf", i), Size: 7 << 20, Head: []byte("%PDF-1.4")})
		}
		var got []string
		for _, p := range sv.CheckFiles(files) {
			got = append(got, p.Kind)
		}
		assert.ElementsMatch(t, []string{ProblemCount, ProblemTotal}, got, code)
	}
}

func TestAttachmentFilesDescribe(t *testing.T) {
	hotel, _ := Lookup("10000103652")
	var roles []string
	for _, f := range hotel.AttachmentFiles() {
		roles = append(roles, f.Role)
	}
	assert.Equal(t, []string{"scan", "scan_representative", "scan_residence", "scan_migration_card"}, roles)
	scan, _ := hotel.File("scan")
	assert.Equal(t, "не больше 6 файлов, до 10 МБ каждый, JPEG, PNG, TIFF, PDF", scan.Limits.Describe().RU)
	assert.Equal(t, "at most 6 files, up to 10 MB each, JPEG, PNG, TIFF, PDF", scan.Limits.Describe().EN)
	fssp, _ := Lookup("60010153")
	assert.Empty(t, fssp.AttachmentFiles())
	var none *Limits
	assert.Equal(t, "", none.Describe().RU)
}

// The catalog's limits are well-formed: patterns compile, types are known,
// sizes positive.
func TestCatalogLimitsWellFormed(t *testing.T) {
	known := map[string]bool{TypePDF: true, TypeJPEG: true, TypePNG: true, TypeTIFF: true, TypeXML: true, TypeSig: true, TypeZIP: true, TypeGIF: true, TypeText: true}
	for _, sv := range Services() {
		assert.GreaterOrEqual(t, sv.Limits.MaxAttachments, int64(0), sv.Code)
		for _, f := range sv.Files {
			if f.Limits == nil {
				continue
			}
			for _, ty := range f.Limits.Types {
				assert.True(t, known[ty], "%s %s: type %q", sv.Code, f.Role, ty)
			}
			if f.Limits.NamePattern != "" {
				_, err := regexp.Compile(f.Limits.NamePattern)
				assert.NoError(t, err, "%s %s", sv.Code, f.Role)
				assert.NotEmpty(t, f.Limits.NameHint, "%s %s", sv.Code, f.Role)
			}
			assert.GreaterOrEqual(t, f.Limits.MaxSize, int64(0))
			assert.NotEqual(t, KindTransport, f.Kind, "limits are for attachments")
		}
		for _, d := range sv.Dictionaries {
			for _, fl := range d.Fields {
				assert.NotContains(t, fl, "//", "%s %s", sv.Code, d.Code)
			}
		}
	}
}

// СФР 10000000109: trans_<GUID>.xml and req_<GUID>.xml share the GUID and
// ApplicationFileName names the req file.
func TestSFRPairs(t *testing.T) {
	sv, _ := Lookup("10000000109")
	g, h := "0b8c2a1e-1111-4222-8333-444455556666", "99999999-1111-4222-8333-444455556666"
	x := []byte("<x/>")
	ok := []FileInfo{{Name: "trans_" + g + ".xml", Size: 4, Head: x}, {Name: "req_" + g + ".xml", Size: 4, Head: x}}
	assert.Empty(t, sv.CheckFiles(ok))
	bad := []FileInfo{{Name: "trans_" + g + ".xml", Size: 4, Head: x}, {Name: "req_" + h + ".xml", Size: 4, Head: x}}
	p := sv.CheckFiles(bad)
	require.Len(t, p, 2) // each misses its pair
	assert.Contains(t, p[0].Message.RU, "нет парного файла req_"+g+".xml")

	trans := []byte("<Request><ApplicationFileName>req_" + g + ".xml</ApplicationFileName></Request>")
	assert.Nil(t, sv.CheckNameRef("trans_"+g+".xml", trans))
	pr := sv.CheckNameRef("trans_"+h+".xml", trans)
	require.NotNil(t, pr)
	assert.Contains(t, pr.Message.RU, "ApplicationFileName = «req_"+g+".xml», а должно быть имя парного файла req_"+h+".xml")
	assert.Nil(t, sv.CheckNameRef("req_"+g+".xml", trans), "the req file names nothing")
}
