// Command minyi runs the Minyi (民意) citizen-appeal platform: the web
// server, demo data, imports and tokens. Run "minyi help" for usage.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	m := NewMain()
	if err := m.ParseFlags(ctx, os.Args[1:]); errors.Is(err, flag.ErrHelp) {
		os.Exit(0)
	} else if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	code := 0
	if err := m.Run(ctx); err != nil {
		if !errors.Is(err, errNothingImported) {
			fmt.Fprintln(os.Stderr, "错误 error:", err)
		}
		code = 1
	} else if m.Command == "serve" {
		<-ctx.Done()
		fmt.Fprintln(m.Stderr, "正在关闭… shutting down")
	}
	if err := m.Close(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		code = 1
	}
	os.Exit(code)
}
