# secretshim — see README.md. Every target works from a clean clone.

GO       ?= go
BIN      := bin/secretshim
GOFLAGS_BUILD := -trimpath -buildvcs=auto -ldflags='-s -w'
export CGO_ENABLED := 0

.PHONY: all build demo test fuzz lint cross image e2e clean bench

all: build

build:
	$(GO) build $(GOFLAGS_BUILD) -o $(BIN) ./cmd/secretshim

# Runs the shim on the bundled example secrets in front of a real program.
demo: build
	examples/demo.sh $(BIN)

test:
	$(GO) vet ./...
	$(GO) test -count=1 ./...

# Each fuzz target for a short while; FUZZTIME=1m for longer.
FUZZTIME ?= 10s
fuzz:
	@set -e; for pkg in ./shim ./cmd/secretshim; do \
	  for t in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz'); do \
	    echo "fuzz $$pkg $$t"; \
	    $(GO) test -run '^$$' -fuzz "^$$t$$" -fuzztime $(FUZZTIME) $$pkg; \
	  done; \
	done

STATICCHECK ?= $(GO) run honnef.co/go/tools/cmd/staticcheck@v0.8.2
lint:
	gofmt -l . | (! grep .)
	$(GO) vet ./...
	$(STATICCHECK) ./...

PLATFORMS := linux/amd64 linux/arm64 linux/arm/7 linux/386 linux/riscv64
cross:
	@set -e; for p in $(PLATFORMS); do \
	  os=$${p%%/*}; rest=$${p#*/}; arch=$${rest%%/*}; arm=$${rest#*/}; \
	  out=dist/secretshim-$$os-$$arch; \
	  if [ "$$arch" = arm ]; then out=$$out-v$$arm; export GOARM=$$arm; fi; \
	  echo "$$out"; \
	  GOOS=$$os GOARCH=$$arch $(GO) build $(GOFLAGS_BUILD) -o $$out ./cmd/secretshim; \
	done

# The FROM scratch image for this machine's architecture, built from the
# binary `make cross` writes. The classic builder of Docker 20.10 does not
# set TARGETARCH, so it is passed; BuildKit sets the same value itself.
# On 32-bit ARM the image holds the armv7 binary, as make cross builds it.
IMAGE      ?= secretshim/secretshim:dev
IMAGE_ARCH ?= $(shell $(GO) env GOARCH)
IMAGE_ARM  := $(if $(filter arm,$(IMAGE_ARCH)),7)
image:
	$(MAKE) cross PLATFORMS=linux/$(IMAGE_ARCH)$(if $(IMAGE_ARM),/$(IMAGE_ARM))
	docker build --build-arg TARGETARCH=$(IMAGE_ARCH) \
	  $(if $(IMAGE_ARM),--build-arg TARGETVARIANT=v$(IMAGE_ARM)) -t $(IMAGE) .

# The end-to-end suite on real engines: Docker, Compose, Podman and a
# one-node Swarm (README, "Containers"). It needs root and a running
# dockerd; without them it says what is missing, and under CI=true fails.
# One package at a time (-p 1): the two suites share one dockerd, the
# timing figure is not disturbed by the other suite's builds, and -v
# output streams as the tests run.
e2e:
	$(GO) test -tags e2e -count=1 -p 1 -v -timeout 20m ./e2e/...

clean:
	rm -rf bin dist

# The Nix files: parse check, vendorHash against go.mod, and the module
# tests, which need NIXPKGS_LIB=/path/to/nixpkgs/lib (see nix/README.md).
.PHONY: nix-test
nix-test:
	nix/tests/run.sh

# The wrappers under images/, built and run against local stand-ins of the
# upstream images (needs docker, docker-compose and busybox-static).
.PHONY: e2e-images
e2e-images:
	$(GO) test -tags e2e -count=1 -v ./e2e/images/...

# secretshim beside a direct exec, a Go program that only execs, envdir,
# s6-envdir and a bash file_env loop, for 1 to 1000 secrets (README,
# "Performance"). Installs what it needs from Debian when it is missing,
# writes bench/results.md and the README's table, then runs the library's
# Go benchmarks. A report, not a test: it fails only when a tool does.
BENCH_PACKAGES := hyperfine daemontools s6 time valgrind gcc libc6-dev
BENCH_BIN      := bin/bench
bench: build
	@missing=$$(for p in $(BENCH_PACKAGES); do \
	  dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "bench: installing" $$missing; \
	  apt-get update -q && apt-get install -y -o DPkg::Lock::Timeout=600 $$missing; \
	fi
	mkdir -p $(BENCH_BIN)
	$(GO) build -trimpath -o $(BENCH_BIN)/secretshim-symbols ./cmd/secretshim
	$(GO) build $(GOFLAGS_BUILD) -o $(BENCH_BIN)/goexec ./bench/goexec
	$(GO) build -trimpath -o $(BENCH_BIN)/goexec-symbols ./bench/goexec
	$(GO) build $(GOFLAGS_BUILD) -o $(BENCH_BIN)/tmplexec ./bench/tmplexec
	$(GO) build $(GOFLAGS_BUILD) -o $(BENCH_BIN)/libexec ./bench/libexec
	$(GO) build -trimpath -o $(BENCH_BIN)/libexec-symbols ./bench/libexec
	cc -static -Os -o $(BENCH_BIN)/target bench/target/target.c
	cc -static -O2 -o $(BENCH_BIN)/cfloor bench/cfloor/cfloor.c
	$(GO) run ./bench -shim $(BIN) -shim-symbols $(BENCH_BIN)/secretshim-symbols \
	  -goexec $(BENCH_BIN)/goexec -goexec-symbols $(BENCH_BIN)/goexec-symbols \
	  -tmplexec $(BENCH_BIN)/tmplexec \
	  -libexec $(BENCH_BIN)/libexec -libexec-symbols $(BENCH_BIN)/libexec-symbols \
	  -cfloor $(BENCH_BIN)/cfloor -target $(BENCH_BIN)/target $(BENCH_FLAGS)
	$(GO) test -run '^$$' -bench . -benchmem ./shim
