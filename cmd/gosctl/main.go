// Command gosctl is the command-line twin of the gosdesk desktop app: GOST
// digests and signatures, certificates, schema validation, API ЕПГУ and API
// ЕНС — for scripting and tests. Pure Go: it builds with CGO_ENABLED=0.
//
// Exit codes: 0 ok, 1 a check failed, 2 usage error. Messages are Russian
// by default; `--lang en` switches to English.
package main

import (
	"os"

	"github.com/gosdesk/gosdesk/core/logging"
)

func setupLogging(level string) error {
	return logging.Setup(logging.Options{Level: level})
}

func main() {
	_ = setupLogging("")
	os.Exit(run(&env{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr}, os.Args[1:]))
}
