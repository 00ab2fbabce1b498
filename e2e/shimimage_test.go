//go:build e2e

package e2e

import (
	"archive/tar"
	"bytes"
	"debug/elf"
	"encoding/json"
	"errors"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// testImage is the image of issue 3: make image builds the repository's
// Dockerfile the way the README says, and the result is FROM scratch with
// the static binary alone, which runs and installs itself into a volume.
func testImage(t *testing.T) {
	needDocker(t)
	needTool(t, "make")
	tag := prefix + "/secretshim:make"
	t.Cleanup(func() { run(t, "docker", "rmi", "-f", tag) })
	if r := run(t, "make", "-C", "..", "image", "IMAGE="+tag); r.code != 0 {
		t.Fatalf("make image: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}

	files := imageFiles(t, tag)
	if names := slices.Sorted(maps.Keys(files)); !slices.Equal(names, []string{"secretshim"}) {
		t.Fatalf("the image holds %q, want the binary alone", names)
	}
	bin := files["secretshim"]
	if err := checkStaticELF(bin); err != nil {
		t.Error(err)
	}

	var config struct {
		Entrypoint, Cmd []string
		User            string
	}
	if err := json.Unmarshal([]byte(must(t, "docker", "image", "inspect", "-f", "{{json .Config}}", tag)), &config); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(config.Entrypoint, []string{"/secretshim"}) || len(config.Cmd) != 0 || config.User != "" {
		t.Errorf("image config %+v, want ENTRYPOINT [\"/secretshim\"], no CMD, no USER", config)
	}

	dir := t.TempDir()
	r := docker.runOnce(t, name(t, "install"), "-v", dir+":/shim", tag, "--install", "/shim")
	if r.code != 0 || r.stderr != "secretshim: installed \"/shim/secretshim\"\n" || r.stdout != "" {
		t.Fatalf("--install in the scratch image: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	installed, err := os.ReadFile(filepath.Join(dir, "secretshim"))
	if err != nil || !bytes.Equal(installed, bin) {
		t.Errorf("the installed copy is not the image's binary (%v)", err)
	}
}

// imageFiles returns the entries of an image's layer by path, regular
// files with their content, from docker save; it fails unless the image
// has exactly one layer.
func imageFiles(t *testing.T, image string) map[string][]byte {
	t.Helper()
	saved := run(t, "docker", "save", image)
	if saved.code != 0 {
		t.Fatalf("docker save %s: %s", image, saved.stderr)
	}
	archive := tarFiles(t, []byte(saved.stdout))
	var manifest []struct{ Layers []string }
	if err := json.Unmarshal(archive["manifest.json"], &manifest); err != nil || len(manifest) != 1 {
		t.Fatalf("docker save %s: manifest.json: %v", image, err)
	}
	if n := len(manifest[0].Layers); n != 1 {
		t.Fatalf("the image has %d layers, want the one COPY makes", n)
	}
	return tarFiles(t, archive[manifest[0].Layers[0]])
}

// tarFiles reads the regular files of a tar archive; any other entry
// (a directory, a link, a whiteout) is recorded with no content.
func tarFiles(t *testing.T, b []byte) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	tr := tar.NewReader(bytes.NewReader(b))
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return files
		}
		if err != nil {
			t.Fatalf("reading a tar archive: %v", err)
		}
		content, err := io.ReadAll(tr)
		if err != nil {
			t.Fatal(err)
		}
		if h.Typeflag != tar.TypeReg {
			content = nil
		}
		files[h.Name] = content
	}
}

// checkStaticELF reports an error unless b is an ELF executable with no
// interpreter, one that runs in a FROM scratch image.
func checkStaticELF(b []byte) error {
	f, err := elf.NewFile(bytes.NewReader(b))
	if err != nil {
		return err
	}
	defer f.Close()
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP {
			return errors.New("the binary in the image is dynamically linked")
		}
	}
	return nil
}
