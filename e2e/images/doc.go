// Package images holds the end-to-end tests of the wrappers under images/.
//
// The tests need the e2e build tag, Docker and docker-compose:
//
//	make e2e-images
//
// No upstream image can be pulled where they run, so each test builds a
// stand-in FROM scratch with Debian's static busybox, tagged with the
// pinned upstream reference and keeping that image's entrypoint path, user
// and command. Its entrypoint records how it was started (arguments, ids,
// a SHA-256 of each variable it is told to look at, never a value), and the
// tests check the chain: secretshim first, the upstream entrypoint next.
package images
