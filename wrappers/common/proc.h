/* proc.h: how every driver runs other programs: spawn (a stream captured), wait, and the wait
 * loop that serves a child under a deadline while passing signals on to it. */
#ifndef UNI_PROC_H
#define UNI_PROC_H

#include <poll.h>
#include <signal.h>
#include <stddef.h>
#include <sys/types.h>

/* A deadline (uni-run --timeout) expired: the status timeout(1) gives. */
#define UNI_EXIT_TIMEOUT 124

/* What uni_spawn starts and how; the fields after the blank line are its results. */
struct uni_spawn {
	char *const *argv;
	const char *path;        /* execve(path, argv, envp); NULL: execvp(argv[0]) in our environment */
	char *const *envp;
	int capture;             /* 1 or 2: the child's stdout or stderr is a pipe, read from out_fd */
	int quiet;               /* the child's stderr goes to /dev/null */
	int own_group;           /* its own process group (^C is ours to handle), killed when we die */
	int (*setup)(void *ctx); /* in the child before exec (descriptors, directory); -1 and errno
				  * fail the spawn as a failed exec would */
	void *ctx;

	pid_t pid;
	int out_fd;
};
/* Starts s->argv; returns 0, or the errno that kept it from executing (the child is reaped).
 * Dies when it cannot make a pipe or fork. */
int uni_spawn(struct uni_spawn *s);
/* Waits for pid and returns waitpid's status; dies on an error other than EINTR. */
int uni_reap(pid_t pid);
/* A wait status as a shell shows it: the exit status, or 128+N for a death by signal N. */
int uni_exit_code(int status);

/* Runs argv and returns its stdout with trailing newlines removed; dies if it cannot run or fails. */
char *uni_capture(char *const argv[]);
/* Runs argv with stdout into *out (NUL-terminated, *len bytes); its exit status, 127 when it
 * could not be run, 128+N when signal N ended it. */
int uni_capture_status(char *const argv[], char **out, size_t *len);
/* The same for a spawn set up by the caller (s->capture is set to 1). */
int uni_capture_spawn(struct uni_spawn *s, char **out, size_t *len);
/* execvp, or die naming the program. */
void uni_exec(char *const argv[]) __attribute__((noreturn));
/* Prints argv to stderr as one shell-like line (for -v). */
void uni_print_cmd(char *const argv[]);

/*
 * A child served until it ends (uni-run's image or QEMU): the signals uni-run watches
 * (SIGCHLD, SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGTSTP) are blocked and read
 * from sig_fd between the reads of the caller's descriptors, and the deadline is polled.
 */
struct uni_wait {
	int sig_fd;
	sigset_t old_mask;
	double deadline, timeout;
	double last_int;     /* when the last SIGINT came, or -1 */
	const char *what;    /* named when the deadline kills it */
	pid_t pid;
	int status;          /* waitpid's, once reaped */
	int reaped, timed_out, killed_by;
};
/* A second SIGINT within this many seconds of the first kills the child: the first went to it
 * (a program may handle it), the second is the user insisting (docs: README "uni-run"). */
#define UNI_SECOND_INT_S 1.0

/* Blocks the watched signals, ignores SIGPIPE and starts the deadline (timeout <= 0: none);
 * before spawning the child. */
void uni_wait_start(struct uni_wait *w, double timeout, const char *what);
/* In the forked child before exec: undoes uni_wait_start. */
void uni_wait_child(const struct uni_wait *w);

/* What the loop serves besides the child. fds[0] is the loop's own (the signals); the others
 * are the caller's, fd -1 skipped. */
struct signalfd_siginfo;
struct uni_serve {
	struct pollfd *fds;
	int nfds;
	/* Before each poll: sets the caller's fds; returns whether any is still open (the loop
	 * goes on until the child is reaped and none is). */
	int (*prepare)(void *ctx);
	/* After each poll: serves the caller's fds that are ready. */
	void (*ready)(void *ctx);
	/* Passes signal sig on to the child; -1 when it cannot (the child is killed instead).
	 * SIGTSTP comes here too, before uni-run stops itself, and cannot fail. */
	int (*deliver)(int sig, const struct signalfd_siginfo *si, void *ctx);
	void *ctx;
};
/* Serves w->pid until it is reaped and the caller's fds are closed: the deadline kills it
 * (timed_out), a second SIGINT or a signal deliver cannot pass on kills it (killed_by). */
void uni_wait_loop(struct uni_wait *w, const struct uni_serve *s);
/* After the loop: UNI_EXIT_TIMEOUT when timed out, 128+N when signal N made us kill it, else
 * -1 (the child ended by itself: uni_exit_code(w->status)). */
int uni_wait_ended_by_us(const struct uni_wait *w);

#endif
