package version

import (
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"

	"github.com/gosdesk/gosdesk"
	"github.com/gosdesk/gosdesk/core/i18n"
)

// The embedded copy is FyneApp.toml itself, and it says what packaging needs.
func TestEmbeddedFyneAppTOML(t *testing.T) {
	disk, err := os.ReadFile("../../FyneApp.toml")
	if err != nil {
		t.Fatal(err)
	}
	if string(disk) != string(gosdesk.FyneAppTOML) {
		t.Fatal("embedded FyneApp.toml differs from the file")
	}
	var f fyneApp
	md, err := toml.Decode(string(disk), &f)
	if err != nil {
		t.Fatalf("FyneApp.toml: %v", err)
	}
	if u := md.Undecoded(); len(u) > 0 {
		t.Logf("keys core/version does not read: %v", u)
	}
	in := Get()
	if !regexp.MustCompile(`^\d+\.\d+\.\d+$`).MatchString(in.Version) {
		t.Errorf("Version %q is not MAJOR.MINOR.PATCH (the Windows version resource and Debian need it)", in.Version)
	}
	if in.Build < 1 {
		t.Errorf("Build %d: want ≥ 1", in.Build)
	}
	if in.Name != "gosdesk" || in.ID != "ru.gosdesk.app" {
		t.Errorf("Name/ID = %q/%q", in.Name, in.ID)
	}
	if Full() != in.Version+"+"+strconv.Itoa(in.Build) {
		t.Errorf("Full() = %q", Full())
	}
}

func TestLoadAndString(t *testing.T) {
	src := []byte("Website = \"https://example.org\"\n[Details]\nName = \"gosdesk\"\nID = \"ru.gosdesk.app\"\nVersion = \"1.2.3\"\nBuild = 7\n")
	in := load(src, "v1.2.3-4-gdeadbee-dirty")
	in.Go = "go1.99"
	if got, want := in.format("сборка"), "1.2.3 (сборка 7, git v1.2.3-4-gdeadbee-dirty, go1.99)"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if in.Website != "https://example.org" {
		t.Errorf("Website %q", in.Website)
	}
	// A broken file gives an unknown version, not a crash.
	if bad := load([]byte("[Details\n"), ""); bad.Version != "0.0.0" {
		t.Errorf("broken toml: Version %q", bad.Version)
	}
}

func TestStringFollowsLanguage(t *testing.T) {
	defer i18n.Set(i18n.Current())
	i18n.Set(i18n.EN)
	if s := String(); !strings.HasPrefix(s, Version()+" (build ") {
		t.Errorf("en: %q", s)
	}
	i18n.Set(i18n.RU)
	if s := String(); !strings.HasPrefix(s, Version()+" (сборка ") {
		t.Errorf("ru: %q", s)
	}
}
