/*
 * cfloor DIR PROGRAM [ARG]...
 *
 * The floor that make bench sets beside secretshim --dir: for each entry
 * of DIR whose name does not start with a dot, the same four system calls
 * that secretshim makes (openat relative to DIR, fstat, one read, close),
 * then PROGRAM with the environment and NAME=value for each regular file.
 * Nothing else: no sorting, no checks of names or values, no trimming.
 * What lies between this and secretshim is the cost of Go and of those
 * checks; what lies between this and a direct exec is the kernel's work.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

extern char **environ;

static char *read_secret(int dir, const char *name)
{
	int fd = openat(dir, name, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return NULL;
	struct stat st;
	char *kv = NULL;
	errno = EINVAL;
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode))
		errno = 0; /* skipped, as secretshim skips a subdirectory */
	else if (S_ISREG(st.st_mode)) {
		size_t len = strlen(name);
		kv = malloc(len + 1 + (size_t)st.st_size + 2);
		memcpy(kv, name, len);
		kv[len] = '=';
		ssize_t n = read(fd, kv + len + 1, (size_t)st.st_size + 1);
		if (n < 0 || n > st.st_size) {
			free(kv);
			kv = NULL;
		} else {
			kv[len + 1 + n] = '\0';
		}
	}
	close(fd);
	return kv;
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fputs("usage: cfloor DIR PROGRAM [ARG]...\n", stderr);
		return 64;
	}
	DIR *d = opendir(argv[1]);
	if (d == NULL) {
		perror(argv[1]);
		return 66;
	}
	size_t n = 0, cap = 64;
	while (environ[n] != NULL)
		n++;
	cap += n;
	char **env = malloc(cap * sizeof *env);
	memcpy(env, environ, n * sizeof *env);

	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		char *kv = read_secret(dirfd(d), e->d_name);
		if (kv == NULL && errno == 0)
			continue;
		if (kv == NULL) {
			perror(e->d_name);
			return 66;
		}
		if (n + 2 > cap) {
			cap *= 2;
			env = realloc(env, cap * sizeof *env);
		}
		env[n++] = kv;
	}
	env[n] = NULL;
	execvpe(argv[2], argv + 2, env);
	perror(argv[2]);
	return 127;
}
