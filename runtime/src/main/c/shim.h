/*
 * drydock-init: the init shim. It interprets a fully resolved plan (plan.h) and decides
 * nothing. Single-threaded on purpose: setns(2) into user and mount namespaces and
 * unshare(CLONE_NEWUSER) are refused to multithreaded processes (setns(2), unshare(2)).
 */
#ifndef DRYDOCK_SHIM_H
#define DRYDOCK_SHIM_H

#include <stddef.h>
#include <stdint.h>

#include "plan.h"

struct dd_mount {
	char *source, *target, *fstype, *data;
	uint64_t flags, propagation;
	uint32_t create;
};

struct dd_device {
	char *path;
	uint32_t type, mode, uid, gid, bind;
	uint64_t major, minor;
};

struct dd_symlink {
	char *target, *path;
};

struct dd_kv {
	char *key, *value;
};

struct dd_rlimit {
	uint32_t resource;
	uint64_t soft, hard;
};

struct dd_nsjoin {
	uint64_t type;
	char *path;
};

struct dd_scmp_arg {
	uint32_t index, op;
	uint64_t value, value_two;
};

struct dd_scmp_rule {
	char **names;
	size_t n_names;
	uint32_t action, errno_ret;
	struct dd_scmp_arg *args;
	size_t n_args;
};

struct dd_seccomp {
	int present;
	uint32_t default_action, default_errno;
	char **archs;
	size_t n_archs;
	struct dd_scmp_rule *rules;
	size_t n_rules;
};

struct dd_hook {
	uint32_t kind, timeout;
	char *path;
	char **args;
	size_t n_args;
	char **env;
	size_t n_env;
};

struct dd_plan {
	uint32_t mode;
	uint64_t ns_create;
	struct dd_nsjoin *ns_join;
	size_t n_ns_join;
	uint32_t wait_id_maps;
	char *rootfs;
	uint32_t root_readonly;
	uint64_t rootfs_propagation;
	struct dd_mount *mounts;
	size_t n_mounts;
	struct dd_device *devices;
	size_t n_devices;
	struct dd_symlink *symlinks;
	size_t n_symlinks;
	char **masked;
	size_t n_masked;
	char **readonly;
	size_t n_readonly;
	char *hostname, *domainname;
	struct dd_kv *sysctls;
	size_t n_sysctls;
	struct dd_rlimit *rlimits;
	size_t n_rlimits;
	char **args;
	size_t n_args;
	char **env;
	size_t n_env;
	char *cwd;
	uint32_t uid, gid;
	uint32_t *add_gids;
	size_t n_add_gids;
	int has_umask;
	uint32_t umask;
	uint32_t no_new_privs;
	int has_oom_score_adj;
	int32_t oom_score_adj;
	uint64_t cap_bounding, cap_effective, cap_inheritable, cap_permitted, cap_ambient;
	struct dd_seccomp seccomp;
	uint32_t terminal;
	char *console_socket;
	char *exec_fifo;
	struct dd_hook *hooks;
	size_t n_hooks;
	char *cgroup_dir;
	/* Not from the plan: the state JSONs Java sends with GO, for the hooks: the container is
	 * "creating" for createContainer and "created" for startContainer. */
	char *create_state, *start_state;
	size_t create_state_len, start_state_len;
};

/* log.c: JSON lines on the log fd. */
void dd_log_init(int fd, const char *stage);
void dd_log_also(int fd);
void dd_log_stage(const char *stage);
void dd_log_error(const char *op, const char *path, int err, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
__attribute__((noreturn)) void dd_die(const char *op, const char *path, int err, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
int dd_log_fd(void);

/* plan.c */
void dd_plan_read(int fd, struct dd_plan *plan);

/* rootfs.c */
void dd_setup_rootfs(const struct dd_plan *plan, int *fifo_fd, int console_fd);

/* process.c */
void dd_setup_process(const struct dd_plan *plan, int sync_fd, int fifo_fd, unsigned int keep_fds);
/* Closes, or marks close-on-exec, every fd from first up: close_range(2), else one by one. */
void dd_close_fds_from(unsigned int first, int cloexec);
int dd_read_cap_last_cap(void);
extern int dd_cap_last_cap;

/* seccomp.c */
void dd_load_seccomp(const struct dd_seccomp *s);

/* hooks.c */
void dd_run_hooks(const struct dd_plan *plan, uint32_t kind);

/* console.c */
int dd_console_connect(const char *path);
void dd_console_setup(int socket_fd);

#endif
