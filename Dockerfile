# The secretshim image: the static binary alone, at /secretshim.
#
#   make image                  # builds secretshim/secretshim:dev for this machine
#   COPY --from=secretshim/secretshim /secretshim /secretshim
#
# No FROM golang: the binaries come from `make cross` (dist/, one per
# platform), and this file only picks the one for the platform being
# built, so it builds with no registry in reach. BuildKit sets TARGETARCH
# and TARGETVARIANT; the classic builder needs them as --build-arg, which
# `make image` passes.
FROM scratch
ARG TARGETARCH
ARG TARGETVARIANT
# The licence file goes in next to the binary once the project has one.
COPY dist/secretshim-linux-${TARGETARCH}${TARGETVARIANT:+-${TARGETVARIANT}} /secretshim
ENTRYPOINT ["/secretshim"]
