// Command benchdoc puts an application with a large document into the
// journal of the current user (HOME) as the draft gosdesk reopens, for make
// bench: the hotel service 10000103652 from its templates, req.xml grown to
// -size bytes with comments (so it stays valid). It prints the draft's id;
// the bench writes it to the window's preference draft.id.
package main

import (
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/gosdesk/gosdesk/core/config"
	"github.com/gosdesk/gosdesk/core/workflow"
	"github.com/gosdesk/gosdesk/xsd"
)

func main() {
	size := flag.Int("size", 1<<20, "size of req.xml in bytes")
	flag.Parse()
	if err := run(*size); err != nil {
		fmt.Fprintln(os.Stderr, "benchdoc:", err)
		os.Exit(1)
	}
}

func run(size int) error {
	svc, ok := xsd.Lookup("10000103652")
	if !ok {
		return fmt.Errorf("no service 10000103652 in the catalog")
	}
	d := workflow.Draft{Service: svc.Code, Title: svc.Name}
	for _, role := range []string{"req", "attach"} {
		b, err := svc.FillTemplate(role, time.Now(), map[string]string{"orderId": "{orderId}"})
		if err != nil {
			return err
		}
		s := string(b)
		if role == "req" {
			var pad strings.Builder
			for i := 1; pad.Len() < size-len(s); i++ {
				pad.WriteString("<!-- примечание " + strconv.Itoa(i) + ": номер 101, завтрак включён, гость прибыл поездом -->\n")
			}
			i := strings.LastIndex(s, "</")
			s = s[:i] + pad.String() + s[i:]
		}
		d.Documents = append(d.Documents, workflow.Document{Name: role + ".xml", Data: []byte(s)})
	}
	dir, err := workflow.DefaultDataDir()
	if err != nil {
		return err
	}
	st, err := config.Load()
	if err != nil {
		st = &config.Settings{}
	}
	c, err := workflow.Open(workflow.Options{DataDir: dir, Settings: st})
	if err != nil {
		return err
	}
	defer c.Close()
	id, err := c.SaveDraft(d)
	if err != nil {
		return err
	}
	fmt.Println(id)
	return nil
}
