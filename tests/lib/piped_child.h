/* For the tests' host-side probes: runs a command with its stdin and stdout on pipes. */
#ifndef PIPED_CHILD_H
#define PIPED_CHILD_H

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/* Starts cmd (argv form); *to writes to its stdin and *from reads its stdout. 0, or -1 if
 * pipes could not be made. A failed exec is reported as "WHO: exec" with status 127. */
static int piped_child(char **cmd, const char *who, FILE **to, FILE **from)
{
	int in[2], out[2];
	if (pipe(in) || pipe(out))
		return -1;
	if (fork() == 0) {
		dup2(in[0], 0);
		dup2(out[1], 1);
		close(in[1]);
		close(out[0]);
		execvp(cmd[0], cmd);
		fprintf(stderr, "%s: exec %s: ", who, cmd[0]);
		perror(NULL);
		_exit(127);
	}
	close(in[0]);
	close(out[1]);
	*to = fdopen(in[1], "w");
	*from = fdopen(out[0], "r");
	return 0;
}

#endif
