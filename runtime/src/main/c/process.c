/* The process's credentials and limits, the exec fifo, and execve. */
#define _GNU_SOURCE
#include <errno.h>
#include <dirent.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <linux/capability.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "shim.h"

#ifndef CLOSE_RANGE_CLOEXEC
#define CLOSE_RANGE_CLOEXEC (1U << 2)
#endif

int dd_cap_last_cap = 40;

int dd_read_cap_last_cap(void)
{
	char buf[16] = { 0 };
	int fd = open("/proc/sys/kernel/cap_last_cap", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		dd_die("open", "/proc/sys/kernel/cap_last_cap", errno, "reading the last capability");
	ssize_t n = read(fd, buf, sizeof(buf) - 1);
	if (n <= 0)
		dd_die("read", "/proc/sys/kernel/cap_last_cap", n < 0 ? errno : EIO, "reading the last capability");
	close(fd);
	return atoi(buf);
}

static uint64_t known_caps(uint64_t mask)
{
	return dd_cap_last_cap >= 63 ? mask : mask & ((UINT64_C(1) << (dd_cap_last_cap + 1)) - 1);
}

static void set_rlimits(const struct dd_plan *plan)
{
	for (size_t i = 0; i < plan->n_rlimits; i++) {
		const struct dd_rlimit *r = &plan->rlimits[i];
		struct rlimit lim = { .rlim_cur = (rlim_t)r->soft, .rlim_max = (rlim_t)r->hard };
		if (setrlimit((__rlimit_resource_t)r->resource, &lim) < 0) {
			char what[32];
			snprintf(what, sizeof(what), "rlimit %u", r->resource);
			dd_die("setrlimit", what, errno, "soft %llu hard %llu", (unsigned long long)r->soft,
			       (unsigned long long)r->hard);
		}
	}
}

static void set_oom_score_adj(const struct dd_plan *plan)
{
	if (!plan->has_oom_score_adj)
		return;
	char buf[16];
	int len = snprintf(buf, sizeof(buf), "%d", plan->oom_score_adj);
	int fd = open("/proc/self/oom_score_adj", O_WRONLY | O_CLOEXEC);
	if (fd < 0 || write(fd, buf, (size_t)len) != len)
		dd_die("write", "/proc/self/oom_score_adj", errno, "setting oom_score_adj %d", plan->oom_score_adj);
	close(fd);
}

static void drop_bounding(const struct dd_plan *plan)
{
	for (int cap = 0; cap <= dd_cap_last_cap && cap < 64; cap++) {
		if (plan->cap_bounding & (UINT64_C(1) << cap))
			continue;
		if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) < 0 && errno != EINVAL) {
			char what[32];
			snprintf(what, sizeof(what), "capability %d", cap);
			dd_die("prctl", what, errno, "dropping from the bounding set");
		}
	}
}

static void set_user(const struct dd_plan *plan)
{
	_Static_assert(sizeof(gid_t) == sizeof(uint32_t), "gid_t is 32 bits on Linux");
	size_t n = plan->n_add_gids;
	const gid_t *groups = (const gid_t *)plan->add_gids;
	/* An empty list only clears the inherited groups; when Java wrote "deny" to
	 * /proc/PID/setgroups (user_namespaces(7)) the kernel refuses even that, harmlessly. */
	if (setgroups(n, groups) < 0 && !(n == 0 && errno == EPERM))
		dd_die("setgroups", "", errno, "setting %zu additional gids", n);
	/* Keep the permitted set across the uid change so capset below can choose what stays
	 * (capabilities(7), "Effect of user ID changes on capabilities"). */
	if (prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) < 0)
		dd_die("prctl", "PR_SET_KEEPCAPS", errno, "keeping capabilities");
	if (setresgid(plan->gid, plan->gid, plan->gid) < 0) {
		char what[32];
		snprintf(what, sizeof(what), "gid %u", plan->gid);
		dd_die("setresgid", what, errno, "switching group");
	}
	if (setresuid(plan->uid, plan->uid, plan->uid) < 0) {
		char what[32];
		snprintf(what, sizeof(what), "uid %u", plan->uid);
		dd_die("setresuid", what, errno, "switching user");
	}
	if (prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0) < 0)
		dd_die("prctl", "PR_SET_KEEPCAPS", errno, "resetting keepcaps");
}

static void set_caps(const struct dd_plan *plan)
{
	struct __user_cap_header_struct hdr = { .version = _LINUX_CAPABILITY_VERSION_3, .pid = 0 };
	struct __user_cap_data_struct data[2];
	uint64_t eff = known_caps(plan->cap_effective), perm = known_caps(plan->cap_permitted),
		 inh = known_caps(plan->cap_inheritable);
	for (int i = 0; i < 2; i++) {
		data[i].effective = (uint32_t)(eff >> (32 * i));
		data[i].permitted = (uint32_t)(perm >> (32 * i));
		data[i].inheritable = (uint32_t)(inh >> (32 * i));
	}
	if (syscall(SYS_capset, &hdr, data) < 0)
		dd_die("capset", "", errno, "effective 0x%llx permitted 0x%llx inheritable 0x%llx",
		       (unsigned long long)eff, (unsigned long long)perm, (unsigned long long)inh);
	if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0 && errno != EINVAL)
		dd_die("prctl", "PR_CAP_AMBIENT", errno, "clearing the ambient set");
	uint64_t amb = known_caps(plan->cap_ambient);
	for (int cap = 0; cap < 64; cap++) {
		if (!(amb & (UINT64_C(1) << cap)))
			continue;
		/* Raising needs the capability in both permitted and inheritable (capabilities(7)). */
		if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, cap, 0, 0) < 0) {
			char what[32];
			snprintf(what, sizeof(what), "capability %d", cap);
			dd_die("prctl", what, errno, "raising in the ambient set");
		}
	}
}

/* Blocks until `start` opens the fifo for reading, then writes one byte: the signal that the
 * container process is starting. Reopened through /proc/self/fd since the host path is gone.
 * The write end stays open, close-on-exec, until execve: `start` reads to end of file to learn
 * that the process was executed (or that this init died), with no polling. */
static void wait_exec_fifo(int fifo_fd)
{
	char path[64];
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fifo_fd);
	int fd;
	do
		fd = open(path, O_WRONLY | O_CLOEXEC);
	while (fd < 0 && errno == EINTR);
	if (fd < 0)
		dd_die("open", "exec fifo", errno, "opening the exec fifo for writing via %s", path);
	if (write(fd, "0", 1) != 1)
		dd_die("write", "exec fifo", errno, "signalling start");
	close(fifo_fd);
}

static void send_sync(int sync_fd, unsigned int type, int value)
{
	struct dd_sync msg = { .type = type, .value = value };
	if (send(sync_fd, &msg, sizeof(msg), MSG_NOSIGNAL) != (ssize_t)sizeof(msg))
		dd_die("send", "sync socket", errno, "sending message %u", type);
}

static void exec_process(const struct dd_plan *plan)
{
	const char *file = plan->args[0];
	if (strchr(file, '/')) {
		execve(file, plan->args, plan->env);
		dd_die("execve", file, errno, "executing the process");
	}
	/* No slash: search the PATH of the process's own environment, as execvp(3) would. */
	const char *search = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
	for (size_t i = 0; i < plan->n_env; i++)
		if (strncmp(plan->env[i], "PATH=", 5) == 0)
			search = plan->env[i] + 5;
	int saved = ENOENT;
	const char *p = search;
	for (;;) {
		const char *end = strchrnul(p, ':');
		char candidate[PATH_MAX];
		int n = (end == p) ? snprintf(candidate, sizeof(candidate), "./%s", file)
				   : snprintf(candidate, sizeof(candidate), "%.*s/%s", (int)(end - p), p, file);
		if (n > 0 && (size_t)n < sizeof(candidate)) {
			execve(candidate, plan->args, plan->env);
			if (errno == EACCES)
				saved = EACCES;
			else if (errno != ENOENT && errno != ENOTDIR)
				dd_die("execve", candidate, errno, "executing the process");
		}
		if (!*end)
			break;
		p = end + 1;
	}
	dd_die("execve", file, saved, "executing the process (searched PATH %s)", search);
}

/* Whether fd names an open file, without touching it (fcntl(2) F_GETFD fails with EBADF). */
static int is_open(int fd)
{
	return fcntl(fd, F_GETFD) >= 0;
}

static void mark_or_close(int fd, int cloexec)
{
	if (cloexec) {
		if (fcntl(fd, F_SETFD, FD_CLOEXEC) < 0 && errno != EBADF) {
			char what[32];
			snprintf(what, sizeof(what), "fd %d", fd);
			dd_die("fcntl", what, errno, "marking close-on-exec");
		}
	} else {
		close(fd);
	}
}

/* The fallback when close_range(2) is missing (Linux < 5.9 returns ENOSYS, 5.9 and 5.10 lack
 * CLOSE_RANGE_CLOEXEC and return EINVAL) or refused by a filter the runtime itself runs under
 * (EPERM): walk /proc/self/fd where /proc is mounted, else every fd below the open-files limit. */
static void each_fd_from(unsigned int first, int cloexec)
{
	/* Closing while reading a directory could skip entries: collect a batch, close it after
	 * closedir, and read again until a pass finds nothing left to close. */
	for (;;) {
		DIR *dir = opendir("/proc/self/fd");
		if (!dir)
			break;
		int own = dirfd(dir), batch[256];
		size_t n = 0;
		struct dirent *e;
		while ((e = readdir(dir)) != NULL && n < sizeof(batch) / sizeof(batch[0])) {
			char *end;
			long fd = strtol(e->d_name, &end, 10);
			if (e->d_name[0] == '.' || *end != '\0' || fd == own || fd < (long)first)
				continue;
			if (cloexec)
				mark_or_close((int)fd, 1);
			else
				batch[n++] = (int)fd;
		}
		closedir(dir);
		for (size_t i = 0; i < n; i++)
			mark_or_close(batch[i], 0);
		if (n == 0)
			return;
	}
	/* No /proc (a container without it): the open-files limit bounds the fds opened since it
	 * was set, and the first 1024 cover the few the shim opened before (stage 0 closed all
	 * above its own, so new ones take the lowest free numbers). */
	struct rlimit lim;
	if (getrlimit(RLIMIT_NOFILE, &lim) < 0)
		dd_die("getrlimit", "RLIMIT_NOFILE", errno, "bounding the fds to mark close-on-exec");
	rlim_t top = lim.rlim_cur == RLIM_INFINITY || lim.rlim_cur > (1 << 20) ? (1 << 20) : lim.rlim_cur;
	if (top < 1024)
		top = 1024;
	for (rlim_t fd = first; fd < top; fd++)
		if (is_open((int)fd))
			mark_or_close((int)fd, cloexec);
}

void dd_close_fds_from(unsigned int first, int cloexec)
{
	if (syscall(SYS_close_range, first, ~0U, cloexec ? CLOSE_RANGE_CLOEXEC : 0) == 0)
		return;
	if (errno != ENOSYS && errno != EINVAL && errno != EPERM) {
		char what[32];
		snprintf(what, sizeof(what), "fd %u and above", first);
		dd_die("close_range", what, errno, cloexec ? "marking fds close-on-exec" : "closing inherited fds");
	}
	each_fd_from(first, cloexec);
}

void dd_setup_process(const struct dd_plan *plan, int sync_fd, int fifo_fd, unsigned int keep_fds)
{
	set_rlimits(plan);
	set_oom_score_adj(plan);
	/* PR_CAPBSET_DROP needs CAP_SETPCAP, which the user switch below may take away. */
	drop_bounding(plan);
	set_user(plan);
	/* Without no_new_privs, loading the filter below needs CAP_SYS_ADMIN (seccomp(2)): Java then
	 * keeps it in the permitted and effective sets of the plan. execve(2) recomputes both from
	 * the inheritable, bounding and ambient sets, so the process never receives it this way. */
	set_caps(plan);
	if (plan->cwd && chdir(plan->cwd) < 0)
		dd_die("chdir", plan->cwd, errno, "entering the working directory");
	if (plan->has_umask)
		umask((mode_t)plan->umask);
	if (plan->no_new_privs && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		dd_die("prctl", "PR_SET_NO_NEW_PRIVS", errno, "setting no_new_privs");
	if (plan->mode == DD_MODE_CREATE) {
		send_sync(sync_fd, DD_SYNC_READY, 0);
		wait_exec_fifo(fifo_fd);
		/* OCI: as part of start, in the container, before the process runs. */
		dd_run_hooks(plan, DD_HOOK_START_CONTAINER);
	}
	/* Everything above the stdio and preserved fds is close-on-exec, not closed yet, so
	 * an execve failure can still be logged (close_range(2), CLOSE_RANGE_CLOEXEC). */
	dd_close_fds_from(3 + keep_fds, 1);
	/* The shim ignored SIGPIPE; an ignored signal stays ignored across execve(2). */
	signal(SIGPIPE, SIG_DFL);
	/* Last before execve: the filter governs the process only, so a profile need not allow
	 * any call of the shim's (an allowlist without close_range or capset still works). */
	if (plan->seccomp.present)
		dd_load_seccomp(&plan->seccomp);
	exec_process(plan);
}
