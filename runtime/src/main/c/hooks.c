/* OCI createContainer and startContainer hooks (runtime-spec config.md, "POSIX-platform Hooks"):
 * run in the container's namespaces, the state JSON on stdin, failing the create or start when
 * a hook fails or outlives its timeout. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "shim.h"

static void run_hook(const struct dd_plan *plan, const struct dd_hook *h)
{
	int in[2];
	if (pipe2(in, O_CLOEXEC) < 0)
		dd_die("pipe2", h->path, errno, "making the hook's stdin");
	pid_t pid = fork();
	if (pid < 0)
		dd_die("fork", h->path, errno, "starting the hook");
	if (pid == 0) {
		if (dup2(in[0], 0) < 0)
			dd_die("dup2", h->path, errno, "giving the hook its stdin");
		signal(SIGPIPE, SIG_DFL);
		execve(h->path, h->args, h->env);
		dd_die("execve", h->path, errno, "executing the hook");
	}
	close(in[0]);
	const char *state = h->kind == DD_HOOK_START_CONTAINER ? plan->start_state : plan->create_state;
	size_t len = h->kind == DD_HOOK_START_CONTAINER ? plan->start_state_len : plan->create_state_len;
	/* The state is small next to a pipe's buffer; a hook that does not read it still runs. */
	size_t off = 0;
	while (off < len) {
		ssize_t n = write(in[1], state + off, len - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			break; /* EPIPE: the hook exited or closed stdin without reading it all */
		off += (size_t)n;
	}
	close(in[1]);

	if (h->timeout > 0) {
		/* A pidfd becomes readable when the process exits (pidfd_open(2)): poll it. */
		int pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
		if (pidfd < 0)
			dd_die("pidfd_open", h->path, errno, "watching the hook");
		struct pollfd pfd = { .fd = pidfd, .events = POLLIN };
		int r;
		do
			r = poll(&pfd, 1, (int)h->timeout * 1000);
		while (r < 0 && errno == EINTR);
		if (r == 0) {
			kill(pid, SIGKILL);
			waitpid(pid, NULL, 0);
			dd_die("hook", h->path, ETIMEDOUT, "the hook ran longer than its timeout of %u s", h->timeout);
		}
		close(pidfd);
	}
	int status;
	pid_t w;
	do
		w = waitpid(pid, &status, 0);
	while (w < 0 && errno == EINTR);
	if (w < 0)
		dd_die("waitpid", h->path, errno, "waiting for the hook");
	if (WIFEXITED(status) && WEXITSTATUS(status) != 0)
		dd_die("hook", h->path, 0, "the hook exited with status %d", WEXITSTATUS(status));
	if (WIFSIGNALED(status))
		dd_die("hook", h->path, 0, "the hook was killed by signal %d", WTERMSIG(status));
}

void dd_run_hooks(const struct dd_plan *plan, uint32_t kind)
{
	for (size_t i = 0; i < plan->n_hooks; i++)
		if (plan->hooks[i].kind == kind)
			run_hook(plan, &plan->hooks[i]);
}
