/* proc.c: run other programs: exec, capture a probe's output, echo a command line. */
#include "uni.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

void uni_exec(char *const argv[])
{
	execvp(argv[0], argv);
	uni_die("cannot run %s: %s", argv[0], strerror(errno));
}

int uni_capture_status(char *const argv[], char **out, size_t *outlen)
{
	int fd[2];
	if (pipe(fd) != 0)
		uni_die("pipe: %s", strerror(errno));
	pid_t pid = fork();
	if (pid < 0)
		uni_die("fork: %s", strerror(errno));
	if (pid == 0) {
		dup2(fd[1], 1);
		close(fd[0]);
		close(fd[1]);
		execvp(argv[0], argv);
		_exit(127);
	}
	close(fd[1]);
	size_t len = 0, cap = 256;
	char *buf = uni_xmalloc(cap);
	for (;;) {
		if (len + 1 >= cap) {
			char *bigger = uni_xmalloc(cap *= 2);
			memcpy(bigger, buf, len);
			buf = bigger;
		}
		ssize_t r = read(fd[0], buf + len, cap - len - 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		len += (size_t)r;
	}
	close(fd[0]);
	buf[len] = '\0';
	int status;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			uni_die("waitpid: %s", strerror(errno));
	*out = buf;
	*outlen = len;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

char *uni_capture(char *const argv[])
{
	char *buf;
	size_t len;
	int rc = uni_capture_status(argv, &buf, &len);
	if (rc == 127)
		uni_die("cannot run %s: %s", argv[0], strerror(ENOENT));
	if (rc != 0)
		uni_die("'%s %s' failed; is the host compiler installed?", argv[0], argv[1] ? argv[1] : "");
	while (len && buf[len - 1] == '\n')
		len--;
	buf[len] = '\0';
	return buf;
}

void uni_print_cmd(char *const argv[])
{
	for (size_t i = 0; argv[i]; i++)
		fprintf(stderr, " %s", argv[i]);
	fputc('\n', stderr);
}
