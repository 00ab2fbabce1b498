package shim

import (
	"io"
	"os"
	"path/filepath"
)

// InstallName is the file name [InstallSelf] gives the copy.
const InstallName = "secretshim"

// InstallSelf copies the running executable to dir/secretshim with mode
// 0755 and returns that path. The copy is written to a temporary file in
// dir and renamed into place, so a program that starts it concurrently
// (another container sharing the volume) never finds half a binary. dir
// must exist. A failure is a KindCannotCreate error; the temporary file
// is removed.
//
// A FROM scratch image has no cp, and this is how a Kubernetes init
// container or a Compose one-shot service puts the shim into a shared
// volume for an unmodified image.
func InstallSelf(dir string) (string, error) {
	src, err := os.Open("/proc/self/exe")
	if err != nil {
		return "", wrapFailure(KindCannotCreate, err, "installing into %q: opening this executable: %v", dir, err)
	}
	defer src.Close()

	tmp, err := os.CreateTemp(dir, "."+InstallName+"-*")
	if err != nil {
		return "", wrapFailure(KindCannotCreate, err, "installing into %q: %v", dir, err)
	}
	dst := filepath.Join(dir, InstallName)
	if err := writeCopy(tmp, src, dst); err != nil {
		os.Remove(tmp.Name())
		return "", wrapFailure(KindCannotCreate, err, "installing %q: %v", dst, err)
	}
	return dst, nil
}

// writeCopy fills tmp from src, makes it executable, syncs it and renames
// it to dst. It closes tmp.
func writeCopy(tmp *os.File, src io.Reader, dst string) error {
	_, err := io.Copy(tmp, src)
	if err == nil {
		err = tmp.Chmod(0o755)
	}
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), dst)
	}
	return err
}
