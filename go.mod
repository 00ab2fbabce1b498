module github.com/secretshim/secretshim

go 1.24.0

require (
	github.com/hashicorp/go-envparse v0.1.0
	github.com/moby/sys/user v0.5.0
	github.com/ncruces/go-strftime v1.1.0
	golang.org/x/sys v0.41.0
)

require (
	github.com/rogpeppe/go-internal v1.14.1
	golang.org/x/tools v0.26.0 // indirect
)
