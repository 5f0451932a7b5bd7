package xsd

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"path"
	"regexp"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/gosdesk/gosdesk/core/i18n"
)

// Attachment rules: the machine-readable limits of the service catalog
// (services/<code>.json "limits" of a file and of the archive), enforced
// alike by the packer (core/archive), the GUI's attachment list and the
// sandbox's archive checker (core/sandbox/archive.go).

// Content types of attachments, as named in the catalog's "types".
const (
	TypePDF  = "pdf"
	TypeJPEG = "jpeg"
	TypePNG  = "png"
	TypeTIFF = "tiff"
	TypeXML  = "xml"
	TypeSig  = "sig" // a CMS signature (DER SEQUENCE or PEM/base64 text)
	TypeZIP  = "zip"
	TypeGIF  = "gif"
	TypeText = "txt" // plain text (UTF-8 or Windows-1251): no control characters
)

// Limits are the machine-readable limits of a file (role) of a service.
type Limits struct {
	// MaxSize is the largest file in bytes (0: no limit of the service).
	MaxSize int64 `json:"maxSize,omitempty"`
	// MaxFiles is how many files of this role an archive may hold (0: no
	// limit).
	MaxFiles int `json:"maxFiles,omitempty"`
	// Types are the allowed content types (TypePDF, TypeJPEG …), checked by
	// the magic bytes of the content and, when the name has an extension
	// of a known type, by the extension too. Empty: any type.
	Types []string `json:"types,omitempty"`
	// NamePattern is a regular expression the whole file name must match
	// ("": any name CheckName allows); NameHint says it in Russian,
	// NameHintEN in English.
	NamePattern string `json:"namePattern,omitempty"`
	NameHint    string `json:"nameHint,omitempty"`
	NameHintEN  string `json:"nameHintEn,omitempty"`
	// MaxNameLength is the longest file name in characters (0: 255 bytes).
	MaxNameLength int `json:"maxNameLength,omitempty"`
}

// ArchiveLimits are the limits of a whole archive of a service.
type ArchiveLimits struct {
	// MaxAttachments is the largest total size in bytes of the files of
	// kind KindAttachment (scans, documents), signatures excluded
	// (0: no limit of the service).
	MaxAttachments int64 `json:"maxAttachments,omitempty"`
	// MaxFiles is the most files (signatures included) one archive may
	// hold (0: no limit).
	MaxFiles int `json:"maxFiles,omitempty"`
}

// Problem kinds of CheckName, CheckAttachment and CheckFiles.
const (
	ProblemName      = "name"      // forbidden name
	ProblemDuplicate = "duplicate" // the name occurs twice
	ProblemUnknown   = "unknown"   // the service has no file of this name
	ProblemMissing   = "missing"   // a required file is absent
	ProblemCount     = "count"     // more files of a role than MaxFiles
	ProblemEmpty     = "empty"     // a 0-byte file
	ProblemSize      = "size"      // larger than MaxSize
	ProblemTotal     = "total"     // attachments larger than MaxAttachments / too many files
	ProblemType      = "type"      // content type not allowed
	ProblemMismatch  = "mismatch"  // extension and content disagree
	ProblemPair      = "pair"      // a paired file (same GUID) is missing
	ProblemNameRef   = "nameref"   // an XML names another file than its pair
)

// AttachmentProblem is one broken rule, with a message in both languages
// that names the file and says what to do.
type AttachmentProblem struct {
	File    string // the file's name in the archive ("" for the archive)
	Role    string // the catalog role ("" when unknown)
	Kind    string // ProblemName, ProblemSize …
	Limit   int64  // the limit broken (bytes or files), when there is one
	Actual  int64  // the value found (bytes or files)
	Message i18n.Text
}

// Error returns the Russian message.
func (p AttachmentProblem) Error() string { return p.Message.RU }

// English returns the English message.
func (p AttachmentProblem) English() string { return p.Message.EN }

// FileInfo describes a file for CheckFiles: its name in the archive, size
// and first bytes (at least SniffLen, fewer for a smaller file).
type FileInfo struct {
	Name string
	Size int64
	Head []byte
}

// SniffLen is how many leading bytes DetectType looks at.
const SniffLen = 512

// DetectType names the content type of data by its magic bytes (TypePDF,
// TypeJPEG, TypePNG, TypeTIFF, TypeGIF, TypeZIP, TypeXML, TypeSig), "" when
// unknown.
func DetectType(head []byte) string {
	switch {
	case bytes.HasPrefix(head, []byte("%PDF-")):
		return TypePDF
	case bytes.HasPrefix(head, []byte{0xFF, 0xD8, 0xFF}):
		return TypeJPEG
	case bytes.HasPrefix(head, []byte("\x89PNG\r\n\x1a\n")):
		return TypePNG
	case bytes.HasPrefix(head, []byte("II*\x00")), bytes.HasPrefix(head, []byte("MM\x00*")):
		return TypeTIFF
	case bytes.HasPrefix(head, []byte("GIF87a")), bytes.HasPrefix(head, []byte("GIF89a")):
		return TypeGIF
	case bytes.HasPrefix(head, []byte("PK\x03\x04")), bytes.HasPrefix(head, []byte("PK\x05\x06")):
		return TypeZIP
	case len(head) > 0 && head[0] == 0x30:
		return TypeSig // DER SEQUENCE: a CMS ContentInfo
	}
	t := bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\xEF\xBB\xBF")), " \t\r\n")
	switch {
	case bytes.HasPrefix(t, []byte("<")):
		return TypeXML
	case bytes.HasPrefix(t, []byte("-----BEGIN")):
		return TypeSig // PEM
	case isText(head):
		return TypeText
	}
	return ""
}

// isText reports whether head looks like plain text in UTF-8 or
// Windows-1251: not empty, no control characters but tab, CR, LF and form
// feed.
func isText(head []byte) bool {
	if len(head) == 0 {
		return false
	}
	for _, c := range head {
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' || c == 0x7f {
			return false
		}
	}
	return true
}

// TypeByExtension names the content type of a file name's extension, ""
// when the extension names no known type (or there is none: the hotel
// scans are named form.FormStep10.Panel1.caseAttachment1.0).
func TypeByExtension(name string) string {
	switch strings.ToLower(path.Ext(name)) {
	case ".pdf":
		return TypePDF
	case ".jpg", ".jpeg", ".jpe", ".jfif":
		return TypeJPEG
	case ".png":
		return TypePNG
	case ".tif", ".tiff":
		return TypeTIFF
	case ".gif":
		return TypeGIF
	case ".zip":
		return TypeZIP
	case ".xml":
		return TypeXML
	case ".sig", ".p7s":
		return TypeSig
	case ".txt":
		return TypeText
	}
	return ""
}

// typeNames are the names users know the types by.
var typeNames = map[string]string{TypePDF: "PDF", TypeJPEG: "JPEG", TypePNG: "PNG", TypeTIFF: "TIFF", TypeXML: "XML", TypeSig: "подпись CMS", TypeZIP: "ZIP", TypeGIF: "GIF", TypeText: "TXT"}

func typeList(types []string) string {
	var n []string
	for _, t := range types {
		if s, ok := typeNames[t]; ok {
			n = append(n, s)
		} else {
			n = append(n, t)
		}
	}
	return strings.Join(n, ", ")
}

// forbiddenNameChars are not allowed in a file name of an archive: path
// separators and the characters Windows forbids.
const forbiddenNameChars = `/\:*?"<>|`

// CheckName checks a file name of a flat ЕПГУ archive: not empty, at most
// 255 bytes, valid UTF-8 (Cyrillic letters are allowed: the SFR business
// file and the schemas use them), no folders or path separators, not "."
// or "..", no control characters or characters Windows forbids, no
// leading or trailing space or trailing dot. It returns a problem or nil.
func CheckName(name string) *AttachmentProblem {
	bad := func(why, whyEN string) *AttachmentProblem {
		return &AttachmentProblem{File: name, Kind: ProblemName, Message: i18n.Text{
			RU: fmt.Sprintf("файл «%s»: недопустимое имя (%s): переименуйте файл", name, why),
			EN: fmt.Sprintf("file %q: invalid name (%s): rename the file", name, whyEN)}}
	}
	switch {
	case name == "":
		return bad("пустое имя", "empty name")
	case !utf8.ValidString(name):
		return bad("не в кодировке UTF-8", "not UTF-8")
	case len(name) > 255:
		return bad("длиннее 255 байт", "longer than 255 bytes")
	case name == "." || name == "..":
		return bad("имя папки", "a folder name")
	case strings.ContainsAny(name, `/\`):
		return bad("папки в архиве не допускаются", "no folders in the archive")
	case strings.ContainsAny(name, forbiddenNameChars):
		return bad(`символы : * ? " < > | недопустимы`, `characters : * ? " < > | are not allowed`)
	case strings.TrimSpace(name) != name || strings.HasSuffix(name, "."):
		return bad("пробел или точка в начале или конце", "a space or dot at the start or end")
	}
	for _, r := range name {
		if unicode.IsControl(r) || r == utf8.RuneError {
			return bad("управляющие символы", "control characters")
		}
	}
	return nil
}

var nameREs sync.Map // pattern → *regexp.Regexp

// nameRE compiles a catalog name pattern (checked by the catalog tests).
func nameRE(p string) *regexp.Regexp {
	if re, ok := nameREs.Load(p); ok {
		return re.(*regexp.Regexp)
	}
	re := regexp.MustCompile(p)
	nameREs.Store(p, re)
	return re
}

// CheckAttachment checks one file of role f against the file's limits:
// not empty, the name (NamePattern, MaxNameLength), at most MaxSize, a
// content type allowed by Types (by magic bytes, and by extension when the
// name has a known one). head holds the
// first bytes of the content (SniffLen are enough).
func (f File) CheckAttachment(name string, size int64, head []byte) []AttachmentProblem {
	var out []AttachmentProblem
	add := func(kind string, limit, actual int64, ru, en string) {
		out = append(out, AttachmentProblem{File: name, Role: f.Role, Kind: kind, Limit: limit, Actual: actual,
			Message: i18n.Text{RU: fmt.Sprintf("файл «%s»: %s", name, ru), EN: fmt.Sprintf("file %q: %s", name, en)}})
	}
	if size == 0 {
		add(ProblemEmpty, 0, 0, "файл пуст: выберите файл с содержимым", "the file is empty: pick a file with content")
		return out
	}
	lim := f.Limits
	if lim == nil {
		return nil
	}
	if n := utf8.RuneCountInString(name); lim.MaxNameLength > 0 && n > lim.MaxNameLength {
		add(ProblemName, int64(lim.MaxNameLength), int64(n),
			fmt.Sprintf("имя длиннее %d символов (%d): сократите его", lim.MaxNameLength, n),
			fmt.Sprintf("the name is longer than %d characters (%d): shorten it", lim.MaxNameLength, n))
	}
	if lim.NamePattern != "" && !nameRE(lim.NamePattern).MatchString(name) {
		add(ProblemName, 0, 0,
			fmt.Sprintf("в имени допустимы только такие символы: %s — переименуйте файл", lim.NameHint),
			fmt.Sprintf("the name may only hold: %s — rename the file", pick(i18n.EN, lim.NamePattern, lim.NameHintEN)))
	}
	if lim.MaxSize > 0 && size > lim.MaxSize {
		add(ProblemSize, lim.MaxSize, size,
			fmt.Sprintf("размер %s больше допустимого для услуги (%s): уменьшите файл (например, отсканируйте с меньшим разрешением)", FormatSize(size), FormatSize(lim.MaxSize)),
			fmt.Sprintf("size %s exceeds the service's limit (%s): make the file smaller (e.g. scan at a lower resolution)", FormatSizeEN(size), FormatSizeEN(lim.MaxSize)))
	}
	if len(lim.Types) > 0 {
		got := DetectType(head)
		ext := TypeByExtension(name)
		switch {
		case got == "":
			add(ProblemType, 0, 0,
				fmt.Sprintf("содержимое не похоже ни на один из допустимых форматов (%s): сохраните документ в одном из них", typeList(lim.Types)),
				fmt.Sprintf("the content is none of the allowed formats (%s): save the document in one of them", typeList(lim.Types)))
		case !contains(lim.Types, got):
			add(ProblemType, 0, 0,
				fmt.Sprintf("формат %s не принимается услугой; допустимые форматы: %s — сохраните документ в одном из них", typeNames[got], typeList(lim.Types)),
				fmt.Sprintf("format %s is not accepted by the service; allowed formats: %s — save the document in one of them", typeNames[got], typeList(lim.Types)))
		case ext != "" && ext != got:
			add(ProblemMismatch, 0, 0,
				fmt.Sprintf("расширение говорит %s, а содержимое — %s: сохраните файл заново в нужном формате или исправьте расширение", typeNames[ext], typeNames[got]),
				fmt.Sprintf("the extension says %s but the content is %s: save the file again in the right format or fix the extension", typeNames[ext], typeNames[got]))
		}
	}
	return out
}

// CheckFiles checks the set of files of an archive against the catalog:
// names (CheckName, duplicates, a file of the service for each name),
// required files present, MaxFiles per role, each file's limits
// (CheckAttachment) and the archive's limits (ArchiveLimits). Signatures
// ("*.sig") and sign_config.xml are checked by name only. It returns every
// problem found, in file order.
func (s Service) CheckFiles(files []FileInfo) []AttachmentProblem {
	var out []AttachmentProblem
	seen := map[string]bool{}
	count := map[string]int{}
	var attachments int64
	for _, fi := range files {
		if p := CheckName(fi.Name); p != nil {
			out = append(out, *p)
			continue
		}
		if seen[fi.Name] {
			out = append(out, AttachmentProblem{File: fi.Name, Kind: ProblemDuplicate, Message: i18n.Text{
				RU: fmt.Sprintf("файл «%s»: имя повторяется: переименуйте или уберите один из файлов", fi.Name),
				EN: fmt.Sprintf("file %q: duplicate name: rename or remove one of the files", fi.Name)}})
			continue
		}
		seen[fi.Name] = true
		f, ok := s.FileFor(fi.Name)
		if !ok {
			out = append(out, AttachmentProblem{File: fi.Name, Kind: ProblemUnknown, Message: i18n.Text{
				RU: fmt.Sprintf("файл «%s»: услуга не принимает файл с таким именем; допустимые имена: %s", fi.Name, s.fileNames()),
				EN: fmt.Sprintf("file %q: the service accepts no file of this name; allowed names: %s", fi.Name, s.fileNames())}})
			continue
		}
		count[f.Role]++
		if f.Kind == KindAttachment && !isSignatureName(fi.Name) {
			attachments += fi.Size
		}
		if isSignatureName(fi.Name) || f.Kind == KindSignConfig {
			if fi.Size == 0 {
				out = append(out, f.CheckAttachment(fi.Name, 0, nil)...)
			}
			continue
		}
		out = append(out, f.CheckAttachment(fi.Name, fi.Size, fi.Head)...)
	}
	for _, f := range s.Files {
		n := count[f.Role]
		if f.Required && n == 0 && f.Role != RoleSignature {
			msg := i18n.Text{
				RU: fmt.Sprintf("нет обязательного файла %s (%s): добавьте его", f.Name, f.Description),
				EN: fmt.Sprintf("required file %s is missing: add it", f.Name)}
			if strings.ContainsAny(f.Name, "*?[") {
				msg = i18n.Text{
					RU: fmt.Sprintf("нет обязательных файлов: %s — добавьте хотя бы один", f.Description),
					EN: fmt.Sprintf("no file of role %q: add at least one", f.Role)}
			}
			out = append(out, AttachmentProblem{Role: f.Role, Kind: ProblemMissing, Message: msg})
		}
		if f.Limits != nil && f.Limits.MaxFiles > 0 && n > f.Limits.MaxFiles {
			out = append(out, AttachmentProblem{Role: f.Role, Kind: ProblemCount, Limit: int64(f.Limits.MaxFiles), Actual: int64(n), Message: i18n.Text{
				RU: fmt.Sprintf("файлов %s — %d, услуга принимает не больше %d: уберите лишние", f.Name, n, f.Limits.MaxFiles),
				EN: fmt.Sprintf("%d files %s, the service accepts at most %d: remove the extra ones", n, f.Name, f.Limits.MaxFiles)}})
		}
	}
	out = append(out, s.checkPairs(files)...)
	if s.Limits.MaxAttachments > 0 && attachments > s.Limits.MaxAttachments {
		out = append(out, AttachmentProblem{Kind: ProblemTotal, Limit: s.Limits.MaxAttachments, Actual: attachments, Message: i18n.Text{
			RU: fmt.Sprintf("вложения вместе занимают %s, услуга принимает не больше %s: уберите или уменьшите часть файлов", FormatSize(attachments), FormatSize(s.Limits.MaxAttachments)),
			EN: fmt.Sprintf("the attachments take %s together, the service accepts at most %s: remove or shrink some files", FormatSizeEN(attachments), FormatSizeEN(s.Limits.MaxAttachments))}})
	}
	if s.Limits.MaxFiles > 0 && len(files) > s.Limits.MaxFiles {
		out = append(out, AttachmentProblem{Kind: ProblemTotal, Limit: int64(s.Limits.MaxFiles), Actual: int64(len(files)), Message: i18n.Text{
			RU: fmt.Sprintf("в архиве %d файлов, услуга принимает не больше %d: уберите лишние", len(files), s.Limits.MaxFiles),
			EN: fmt.Sprintf("the archive holds %d files, the service accepts at most %d: remove the extra ones", len(files), s.Limits.MaxFiles)}})
	}
	return out
}

// RoleSignature is the catalog role of detached signatures "<file>.sig".
const RoleSignature = "signature"

func isSignatureName(name string) bool { return strings.HasSuffix(strings.ToLower(name), ".sig") }

// fileNames lists the names (or patterns) of the service's files.
func (s Service) fileNames() string {
	var n []string
	for _, f := range s.Files {
		n = append(n, f.Name)
	}
	return strings.Join(n, ", ")
}

// FormatSize says a size in Russian: «10 МБ», «512 КБ», «17 байт»
// (1 МБ = 1 048 576 байт, as file managers show).
func FormatSize(n int64) string {
	return formatSize(n, "байт", "КБ", "МБ", "ГБ")
}

// FormatSizeEN says a size in English: "10 MB".
func FormatSizeEN(n int64) string {
	return formatSize(n, "bytes", "KB", "MB", "GB")
}

func formatSize(n int64, b, k, m, g string) string {
	switch {
	case n >= 1<<30:
		return trimZero(float64(n)/(1<<30)) + " " + g
	case n >= 1<<20:
		return trimZero(float64(n)/(1<<20)) + " " + m
	case n >= 1<<10:
		return trimZero(float64(n)/(1<<10)) + " " + k
	}
	return fmt.Sprintf("%d %s", n, b)
}

func trimZero(f float64) string {
	s := fmt.Sprintf("%.1f", f)
	return strings.TrimSuffix(s, ".0")
}

// ArchiveName is the name in the archive of the n-th (0-based) file of
// role f that the user picked as userName: an exact Name is used as is; a
// pattern of any name ("*", Госключ documents) keeps the base of the
// user's name; a numbered pattern "prefix.*" gets "prefix.n" (hotel scans
// form.FormStep10.Panel1.caseAttachment1.{n}, spec табл. 5); another
// pattern "prefix*" gets "prefix" for the first file and "prefix.n" after.
func (f File) ArchiveName(n int, userName string) string {
	i := strings.IndexAny(f.Name, "*?[")
	if i < 0 {
		return f.Name
	}
	prefix := f.Name[:i]
	switch {
	case prefix == "":
		return path.Base(strings.ReplaceAll(userName, `\`, "/"))
	case strings.HasSuffix(prefix, "."):
		return fmt.Sprintf("%s%d", prefix, n)
	case n == 0:
		return prefix
	}
	return fmt.Sprintf("%s.%d", prefix, n)
}

// AttachmentFiles lists the files of the service a user adds beside the
// XML (scans, documents), signatures excluded: the slots of an attachment
// list.
func (s Service) AttachmentFiles() []File {
	var out []File
	for _, f := range s.Files {
		if f.Kind == KindAttachment && f.Role != RoleSignature {
			out = append(out, f)
		}
	}
	return out
}

// Describe says the limits in a few words, e.g. «не больше 6 файлов, до
// 10 МБ каждый, JPEG, PNG, TIFF, PDF» ("" without limits).
func (l *Limits) Describe() i18n.Text {
	if l == nil {
		return i18n.Text{}
	}
	var ru, en []string
	switch {
	case l.MaxFiles == 1:
		ru, en = append(ru, "1 файл"), append(en, "1 file")
	case l.MaxFiles > 1:
		ru, en = append(ru, fmt.Sprintf("не больше %d файлов", l.MaxFiles)), append(en, fmt.Sprintf("at most %d files", l.MaxFiles))
	}
	if l.MaxSize > 0 {
		ru, en = append(ru, "до "+FormatSize(l.MaxSize)+" каждый"), append(en, "up to "+FormatSizeEN(l.MaxSize)+" each")
	}
	if len(l.Types) > 0 {
		ru, en = append(ru, typeList(l.Types)), append(en, typeList(l.Types))
	}
	if l.NameHint != "" {
		ru = append(ru, "в имени: "+l.NameHint)
	}
	if l.NameHintEN != "" {
		en = append(en, "in the name: "+l.NameHintEN)
	}
	if l.MaxNameLength > 0 {
		ru, en = append(ru, fmt.Sprintf("имя до %d символов", l.MaxNameLength)), append(en, fmt.Sprintf("name up to %d characters", l.MaxNameLength))
	}
	return i18n.Text{RU: strings.Join(ru, ", "), EN: strings.Join(en, ", ")}
}

// starPart returns the part of name matched by the single "*" of pattern
// ("", false when the pattern has no single "*" or does not match).
func starPart(pattern, name string) (string, bool) {
	i := strings.Index(pattern, "*")
	if i < 0 || strings.Count(pattern, "*") != 1 {
		return "", false
	}
	pre, suf := pattern[:i], pattern[i+1:]
	if len(name) < len(pre)+len(suf) || !strings.HasPrefix(name, pre) || !strings.HasSuffix(name, suf) {
		return "", false
	}
	return name[len(pre) : len(name)-len(suf)], true
}

// checkPairs checks that every file of a role with PairedWith has a file
// of that role with the same variable part (trans_<GUID>.xml and
// req_<GUID>.xml).
func (s Service) checkPairs(files []FileInfo) []AttachmentProblem {
	var out []AttachmentProblem
	for _, f := range s.Files {
		if f.PairedWith == "" {
			continue
		}
		other, ok := s.File(f.PairedWith)
		if !ok {
			continue
		}
		for _, fi := range files {
			ff, ok := s.FileFor(fi.Name)
			if !ok || ff.Role != f.Role {
				continue
			}
			part, ok := starPart(f.Name, fi.Name)
			if !ok {
				continue
			}
			want := strings.Replace(other.Name, "*", part, 1)
			found := false
			for _, x := range files {
				found = found || x.Name == want
			}
			if !found {
				out = append(out, AttachmentProblem{File: fi.Name, Role: f.Role, Kind: ProblemPair, Message: i18n.Text{
					RU: fmt.Sprintf("файл «%s»: нет парного файла %s — имена должны содержать один и тот же идентификатор", fi.Name, want),
					EN: fmt.Sprintf("file %q: its pair %s is missing — both names must carry the same identifier", fi.Name, want)}})
			}
		}
	}
	return out
}

// CheckNameRef checks, for a file whose role has NameRefElement, that the
// element holds the name of its PairedWith file (СФР: ApplicationFileName
// of trans_<GUID>.xml is req_<GUID>.xml). It returns nil when the rule
// does not apply or holds.
func (s Service) CheckNameRef(name string, data []byte) *AttachmentProblem {
	f, ok := s.FileFor(name)
	if !ok || f.NameRefElement == "" || f.PairedWith == "" {
		return nil
	}
	other, ok := s.File(f.PairedWith)
	if !ok {
		return nil
	}
	part, ok := starPart(f.Name, name)
	if !ok {
		return nil
	}
	want := strings.Replace(other.Name, "*", part, 1)
	got, found := firstElementText(data, f.NameRefElement)
	if found && strings.TrimSpace(got) == want {
		return nil
	}
	return &AttachmentProblem{File: name, Role: f.Role, Kind: ProblemNameRef, Message: i18n.Text{
		RU: fmt.Sprintf("файл «%s»: %s = «%s», а должно быть имя парного файла %s — исправьте", name, f.NameRefElement, strings.TrimSpace(got), want),
		EN: fmt.Sprintf("file %q: %s is %q but must be the name of its pair %s — fix it", name, f.NameRefElement, strings.TrimSpace(got), want)}}
}

// firstElementText is the text of the first element of local name local.
func firstElementText(data []byte, local string) (string, bool) {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.CharsetReader = charsetReader
	for {
		t, err := d.Token()
		if err != nil {
			return "", false
		}
		if se, ok := t.(xml.StartElement); ok && se.Name.Local == local {
			var v string
			if d.DecodeElement(&v, &se) == nil {
				return v, true
			}
			return "", false
		}
	}
}
