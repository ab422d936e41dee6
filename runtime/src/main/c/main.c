/*
 * drydock-init <plan-fd> <log-fd> <sync-fd> <preserved-fd-count> [<error-log-fd>]
 *
 * Stage 0 reads the plan, joins the namespaces it lists, clones the child into the namespaces
 * to create (straight into its cgroup v2 when the plan names one and the kernel can), reports
 * the child's host pid on the sync socket and exits; the child re-parents
 * to the caller's subreaper. The child waits for "go" (Java writes the id maps and the cgroup
 * first), sets the container up and execve's the process.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "shim.h"

static int parse_fd(const char *s, const char *what)
{
	char *end;
	long v = strtol(s, &end, 10);
	if (*s == '\0' || *end != '\0' || v < 0 || v > 1 << 20)
		dd_die("argv", what, EINVAL, "not a number: %s", s);
	return (int)v;
}

static void set_name(const char *name)
{
	if (prctl(PR_SET_NAME, name, 0, 0, 0) < 0)
		dd_die("prctl", name, errno, "PR_SET_NAME");
}

/* setns(2) into each listed namespace in plan order; Java lists the user namespace first
 * (it grants the capabilities the others need) and the mount namespace last (it changes
 * the root and cwd). Every file is opened before the first setns, while paths still mean
 * what they meant on the host. */
static void join_namespaces(const struct dd_plan *plan)
{
	int fds[16];
	if (plan->n_ns_join > 16)
		dd_die("setns", "", E2BIG, "%zu namespaces to join", plan->n_ns_join);
	for (size_t i = 0; i < plan->n_ns_join; i++) {
		fds[i] = open(plan->ns_join[i].path, O_RDONLY | O_CLOEXEC);
		if (fds[i] < 0)
			dd_die("open", plan->ns_join[i].path, errno, "opening a namespace to join");
	}
	for (size_t i = 0; i < plan->n_ns_join; i++) {
		if (setns(fds[i], (int)plan->ns_join[i].type) < 0)
			dd_die("setns", plan->ns_join[i].path, errno, "joining namespace type 0x%llx",
			       (unsigned long long)plan->ns_join[i].type);
		close(fds[i]);
	}
}

/* Waits for GO; after its 8 bytes the message may carry the state JSON for the createContainer
 * hooks (value bytes) and then the one for the startContainer hooks (the rest). */
static void wait_go(int sync_fd, struct dd_plan *plan)
{
	size_t cap = 1 << 20;
	unsigned char *buf = malloc(cap);
	if (!buf)
		dd_die("recv", "sync socket", ENOMEM, "allocating the go buffer");
	ssize_t n;
	do
		n = recv(sync_fd, buf, cap, MSG_TRUNC);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		dd_die("recv", "sync socket", errno, "waiting for go");
	if (n == 0)
		dd_die("recv", "sync socket", EPIPE, "the runtime closed the sync socket before go");
	if ((size_t)n > cap)
		dd_die("recv", "sync socket", EMSGSIZE, "go message of %zd bytes exceeds %zu", n, cap);
	struct dd_sync msg;
	if (n < (ssize_t)sizeof(msg))
		dd_die("recv", "sync socket", EPROTO, "short message of %zd bytes instead of go", n);
	memcpy(&msg, buf, sizeof(msg));
	if (msg.type != DD_SYNC_GO || msg.value < 0 || (size_t)msg.value > (size_t)n - sizeof(msg))
		dd_die("recv", "sync socket", EPROTO, "expected go, got type %u value %d (%zd bytes)",
		       msg.type, msg.value, n);
	plan->create_state = (char *)buf + sizeof(msg);
	plan->create_state_len = (size_t)msg.value;
	plan->start_state = plan->create_state + plan->create_state_len;
	plan->start_state_len = (size_t)n - sizeof(msg) - plan->create_state_len;
}

/* struct clone_args of clone3(2) up to CLONE_ARGS_SIZE_VER2 (the cgroup field, Linux 5.7);
 * spelled out here because <linux/sched.h> clashes with glibc's <sched.h>. */
struct dd_clone_args {
	uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls;
	uint64_t set_tid, set_tid_size, cgroup;
};
#ifndef CLONE_INTO_CGROUP
#define CLONE_INTO_CGROUP 0x200000000ULL
#endif

/*
 * Creates the child as fork(2) would, in the new namespaces of clone_flags. With cgroup_fd >= 0
 * it first tries clone3(2) with CLONE_INTO_CGROUP, so the child is born in the container's
 * cgroup: no attach afterwards, no window in which it runs outside the cgroup's limits, and no
 * need to move stage 0 there first. A kernel without clone3 (before 5.3: ENOSYS) or without
 * CLONE_INTO_CGROUP (5.3 to 5.6: EINVAL, or E2BIG for the larger struct) gets the plain clone,
 * and *in_cgroup says which happened; any other refusal is the container's error.
 */
static long clone_child(unsigned long clone_flags, int cgroup_fd, int *in_cgroup)
{
	*in_cgroup = 0;
	if (cgroup_fd >= 0) {
		struct dd_clone_args args;
		memset(&args, 0, sizeof(args));
		args.flags = (uint64_t)clone_flags | CLONE_INTO_CGROUP;
		args.exit_signal = SIGCHLD;
		args.cgroup = (uint64_t)cgroup_fd;
		long pid = syscall(SYS_clone3, &args, sizeof(args));
		if (pid >= 0) {
			*in_cgroup = 1;
			return pid;
		}
		if (errno != ENOSYS && errno != EINVAL && errno != E2BIG)
			return pid;
	}
	return syscall(SYS_clone, clone_flags | SIGCHLD, NULL, NULL, NULL, NULL);
}

static void child(struct dd_plan *plan, int sync_fd, int console_fd, unsigned int keep_fds)
{
	int create = plan->mode == DD_MODE_CREATE;
	dd_log_stage(create ? "init" : "exec");
	set_name(create ? "drydock:init" : "drydock:exec");
	wait_go(sync_fd, plan);
	if (plan->wait_id_maps) {
		/* Java wrote the maps before go: become root of the new user namespace. */
		if (setresgid(0, 0, 0) < 0)
			dd_die("setresgid", "gid 0", errno, "becoming root in the user namespace");
		if (setresuid(0, 0, 0) < 0)
			dd_die("setresuid", "uid 0", errno, "becoming root in the user namespace");
	}
	if ((plan->ns_create & CLONE_NEWCGROUP) && unshare(CLONE_NEWCGROUP) < 0)
		dd_die("unshare", "cgroup", errno, "creating the cgroup namespace");
	/* A known umask while making directories and device nodes; the plan's comes later. */
	mode_t inherited = umask(0);
	if (plan->hostname && sethostname(plan->hostname, strlen(plan->hostname)) < 0)
		dd_die("sethostname", plan->hostname, errno, "setting the hostname");
	if (plan->domainname && setdomainname(plan->domainname, strlen(plan->domainname)) < 0)
		dd_die("setdomainname", plan->domainname, errno, "setting the domain name");
	int fifo_fd = -1;
	if (create)
		dd_setup_rootfs(plan, &fifo_fd, console_fd);
	else if (plan->terminal)
		dd_console_setup(console_fd);
	if (!plan->has_umask)
		umask(inherited);
	/* A session of its own, as runc and crun give the container's process: what is sent to the
	 * caller's process group (a Ctrl-C at its terminal) reaches the runtime, which forwards it,
	 * not the container directly. With a terminal, the console's set-up made the session. */
	if (!plan->terminal && setsid() < 0)
		dd_die("setsid", "", errno, "starting the container process's session");
	dd_setup_process(plan, sync_fd, fifo_fd, keep_fds);
}

int main(int argc, char **argv)
{
	if (argc != 5 && argc != 6) {
		fprintf(stderr, "usage: drydock-init <plan-fd> <log-fd> <sync-fd> <preserved-fd-count> [<error-log-fd>]\n");
		return 2;
	}
	int log_fd = parse_fd(argv[2], "log fd");
	dd_log_init(log_fd, "stage0");
	int plan_fd = parse_fd(argv[1], "plan fd");
	int sync_fd = parse_fd(argv[3], "sync fd");
	unsigned int keep_fds = (unsigned int)parse_fd(argv[4], "preserved fd count");
	if (plan_fd != (int)(3 + keep_fds) || log_fd != plan_fd + 1 || sync_fd != plan_fd + 2)
		dd_die("argv", "", EINVAL, "fds must follow the preserved ones: plan %d log %d sync %d",
		       plan_fd, log_fd, sync_fd);
	int last_fd = sync_fd;
	if (argc == 6) {
		/* Errors are copied here too (a file the runtime reads after start, when nobody
		 * reads the log pipe any more). */
		int error_log_fd = parse_fd(argv[5], "error log fd");
		if (error_log_fd != sync_fd + 1)
			dd_die("argv", "", EINVAL, "error log fd %d must follow sync fd %d", error_log_fd, sync_fd);
		dd_log_also(error_log_fd);
		last_fd = error_log_fd;
	}
	/* Past the fds the launcher placed (stdio, preserved, plan, log, sync, error log) there is
	 * only the memfd we were executed from, and whatever else leaked: none of it may reach
	 * the container. */
	dd_close_fds_from((unsigned int)last_fd + 1, 0);
	set_name("drydock:stage0");
	/* Errors go to the log; a closed log pipe must yield EPIPE, not kill us. */
	signal(SIGPIPE, SIG_IGN);
	/* Not dumpable until execve resets it: processes already in a joined container cannot
	 * ptrace us or open our /proc files while we hold host fds (CVE-2016-9962). */
	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0)
		dd_die("prctl", "PR_SET_DUMPABLE", errno, "making the shim non-dumpable");

	static struct dd_plan plan;
	dd_plan_read(plan_fd, &plan);
	close(plan_fd);
	/* Read while /proc is the host's: after setns/pivot_root it may be missing. */
	dd_cap_last_cap = dd_read_cap_last_cap();
	int console_fd = -1;
	if (plan.terminal)
		/* A host path: connect before any namespace or root changes. */
		console_fd = dd_console_connect(plan.console_socket);

	/* A host path, so opened before any setns. O_PATH would not do: clone3 fdget()s it. */
	int cgroup_fd = -1;
	if (plan.cgroup_dir) {
		cgroup_fd = open(plan.cgroup_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (cgroup_fd < 0)
			dd_die("open", plan.cgroup_dir, errno, "opening the container's cgroup");
	}

	join_namespaces(&plan);

	/* clone(2) without CLONE_VM and with a NULL stack behaves as fork(2) into the new
	 * namespaces; CLONE_NEWPID makes the child pid 1 of its namespace. In EXEC mode the flags
	 * are empty, and forking is what makes a joined pid namespace take effect (setns(2)). */
	/* The cgroup namespace is made later, by the child after go: its root is the cgroup the
	 * process is in when it is created, and unless clone3 put the child there, Java moves it
	 * into the container's cgroup only after the clone (cgroup_namespaces(7)). */
	unsigned long clone_flags = (unsigned long)plan.ns_create & ~(unsigned long)CLONE_NEWCGROUP;
	int in_cgroup;
	long pid = clone_child(clone_flags, cgroup_fd, &in_cgroup);
	if (pid < 0)
		dd_die(cgroup_fd >= 0 ? "clone3" : "clone", plan.cgroup_dir ? plan.cgroup_dir : "", errno,
		       "creating the child in namespaces 0x%llx", (unsigned long long)plan.ns_create);
	if (cgroup_fd >= 0)
		close(cgroup_fd);
	if (pid == 0)
		child(&plan, sync_fd, console_fd, keep_fds); /* does not return */

	struct dd_sync msg = { .type = in_cgroup ? DD_SYNC_CHILD_PID_IN_CGROUP : DD_SYNC_CHILD_PID, .value = (int)pid };
	if (send(sync_fd, &msg, sizeof(msg), MSG_NOSIGNAL) != (ssize_t)sizeof(msg)) {
		int err = errno;
		kill((pid_t)pid, SIGKILL);
		dd_die("send", "sync socket", err, "reporting the child pid %ld", pid);
	}
	return 0;
}
