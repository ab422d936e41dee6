/* Reads the binary plan (layout in plan.h). Any malformed or unknown record is fatal. */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "shim.h"

struct cursor {
	const unsigned char *p;
	size_t len;
};

static uint32_t le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t le64(const unsigned char *p)
{
	return (uint64_t)le32(p) | (uint64_t)le32(p + 4) << 32;
}

/* Takes the next record; returns 0 at the end. */
static int next(struct cursor *c, unsigned int *tag, struct cursor *value)
{
	if (c->len == 0)
		return 0;
	if (c->len < 6)
		dd_die("plan", "", EINVAL, "truncated record header (%zu bytes left)", c->len);
	*tag = (unsigned int)c->p[0] | (unsigned int)c->p[1] << 8;
	uint32_t n = le32(c->p + 2);
	if (n > c->len - 6)
		dd_die("plan", "", EINVAL, "record tag %u claims %u bytes, %zu left", *tag, n, c->len - 6);
	value->p = c->p + 6;
	value->len = n;
	c->p += 6 + (size_t)n;
	c->len -= 6 + (size_t)n;
	return 1;
}

static uint32_t u32(unsigned int tag, const struct cursor *v)
{
	if (v->len != 4)
		dd_die("plan", "", EINVAL, "tag %u: expected 4 bytes, got %zu", tag, v->len);
	return le32(v->p);
}

static uint64_t u64(unsigned int tag, const struct cursor *v)
{
	if (v->len != 8)
		dd_die("plan", "", EINVAL, "tag %u: expected 8 bytes, got %zu", tag, v->len);
	return le64(v->p);
}

static char *str(unsigned int tag, const struct cursor *v)
{
	if (memchr(v->p, '\0', v->len))
		dd_die("plan", "", EINVAL, "tag %u: string contains a NUL byte", tag);
	char *s = malloc(v->len + 1);
	if (!s)
		dd_die("plan", "", ENOMEM, "allocating a string");
	memcpy(s, v->p, v->len);
	s[v->len] = '\0';
	return s;
}

/* Grows *arr by one element of size sz and returns a pointer to the new, zeroed element. */
static void *push(void *arr_ptr, size_t *n, size_t sz)
{
	void **arr = arr_ptr;
	void *grown = realloc(*arr, (*n + 1) * sz);
	if (!grown)
		dd_die("plan", "", ENOMEM, "growing an array");
	*arr = grown;
	void *elem = (char *)grown + *n * sz;
	memset(elem, 0, sz);
	(*n)++;
	return elem;
}

static void unknown(const char *where, unsigned int tag)
{
	dd_die("plan", "", EINVAL, "unknown tag %u in %s", tag, where);
}

static void parse_mount(struct cursor c, struct dd_mount *m)
{
	unsigned int tag;
	struct cursor v;
	while (next(&c, &tag, &v)) {
		switch (tag) {
		case DD_TAG_MOUNT_SOURCE: m->source = str(tag, &v); break;
		case DD_TAG_MOUNT_TARGET: m->target = str(tag, &v); break;
		case DD_TAG_MOUNT_FSTYPE: m->fstype = str(tag, &v); break;
		case DD_TAG_MOUNT_FLAGS: m->flags = u64(tag, &v); break;
		case DD_TAG_MOUNT_DATA: m->data = str(tag, &v); break;
		case DD_TAG_MOUNT_PROPAGATION: m->propagation = u64(tag, &v); break;
		case DD_TAG_MOUNT_CREATE: m->create = u32(tag, &v); break;
		default: unknown("mount", tag);
		}
	}
	if (!m->target)
		dd_die("plan", "", EINVAL, "mount without a target");
}

static void parse_device(struct cursor c, struct dd_device *d)
{
	unsigned int tag;
	struct cursor v;
	while (next(&c, &tag, &v)) {
		switch (tag) {
		case DD_TAG_DEVICE_PATH: d->path = str(tag, &v); break;
		case DD_TAG_DEVICE_TYPE: d->type = u32(tag, &v); break;
		case DD_TAG_DEVICE_MAJOR: d->major = u64(tag, &v); break;
		case DD_TAG_DEVICE_MINOR: d->minor = u64(tag, &v); break;
		case DD_TAG_DEVICE_MODE: d->mode = u32(tag, &v); break;
		case DD_TAG_DEVICE_UID: d->uid = u32(tag, &v); break;
		case DD_TAG_DEVICE_GID: d->gid = u32(tag, &v); break;
		case DD_TAG_DEVICE_BIND: d->bind = u32(tag, &v); break;
		default: unknown("device", tag);
		}
	}
	if (!d->path)
		dd_die("plan", "", EINVAL, "device without a path");
}

static void parse_arg(struct cursor c, struct dd_scmp_arg *a)
{
	unsigned int tag;
	struct cursor v;
	while (next(&c, &tag, &v)) {
		switch (tag) {
		case DD_TAG_ARG_INDEX: a->index = u32(tag, &v); break;
		case DD_TAG_ARG_VALUE: a->value = u64(tag, &v); break;
		case DD_TAG_ARG_VALUE_TWO: a->value_two = u64(tag, &v); break;
		case DD_TAG_ARG_OP: a->op = u32(tag, &v); break;
		default: unknown("seccomp arg", tag);
		}
	}
}

static void parse_rule(struct cursor c, struct dd_scmp_rule *r)
{
	unsigned int tag;
	struct cursor v;
	while (next(&c, &tag, &v)) {
		switch (tag) {
		case DD_TAG_RULE_NAME: *(char **)push(&r->names, &r->n_names, sizeof(char *)) = str(tag, &v); break;
		case DD_TAG_RULE_ACTION: r->action = u32(tag, &v); break;
		case DD_TAG_RULE_ERRNO: r->errno_ret = u32(tag, &v); break;
		case DD_TAG_RULE_ARG: parse_arg(v, push(&r->args, &r->n_args, sizeof(struct dd_scmp_arg))); break;
		default: unknown("seccomp rule", tag);
		}
	}
}

static void parse_seccomp(struct cursor c, struct dd_seccomp *s)
{
	unsigned int tag;
	struct cursor v;
	s->present = 1;
	while (next(&c, &tag, &v)) {
		switch (tag) {
		case DD_TAG_SECCOMP_DEFAULT_ACTION: s->default_action = u32(tag, &v); break;
		case DD_TAG_SECCOMP_DEFAULT_ERRNO: s->default_errno = u32(tag, &v); break;
		case DD_TAG_SECCOMP_ARCH: *(char **)push(&s->archs, &s->n_archs, sizeof(char *)) = str(tag, &v); break;
		case DD_TAG_SECCOMP_RULE: parse_rule(v, push(&s->rules, &s->n_rules, sizeof(struct dd_scmp_rule))); break;
		default: unknown("seccomp", tag);
		}
	}
}

static void parse_pair(struct cursor c, unsigned int key_tag, unsigned int value_tag, char **key, char **value)
{
	unsigned int tag;
	struct cursor v;
	while (next(&c, &tag, &v)) {
		if (tag == key_tag)
			*key = str(tag, &v);
		else if (tag == value_tag)
			*value = str(tag, &v);
		else
			unknown("pair", tag);
	}
	if (!*key || !*value)
		dd_die("plan", "", EINVAL, "record %u/%u misses a field", key_tag, value_tag);
}

static void parse_hook(struct cursor c, struct dd_hook *h)
{
	unsigned int tag;
	struct cursor v;
	while (next(&c, &tag, &v)) {
		switch (tag) {
		case DD_TAG_HOOK_KIND: h->kind = u32(tag, &v); break;
		case DD_TAG_HOOK_PATH: h->path = str(tag, &v); break;
		case DD_TAG_HOOK_ARG: *(char **)push(&h->args, &h->n_args, sizeof(char *)) = str(tag, &v); break;
		case DD_TAG_HOOK_ENV: *(char **)push(&h->env, &h->n_env, sizeof(char *)) = str(tag, &v); break;
		case DD_TAG_HOOK_TIMEOUT: h->timeout = u32(tag, &v); break;
		default: unknown("hook", tag);
		}
	}
	if (!h->path)
		dd_die("plan", "", EINVAL, "hook without a path");
	/* argv and envp for execve(2) are NULL-terminated; argv[0] defaults to the path. */
	if (h->n_args == 0)
		*(char **)push(&h->args, &h->n_args, sizeof(char *)) = h->path;
	*(char **)push(&h->args, &h->n_args, sizeof(char *)) = NULL;
	h->n_args--;
	*(char **)push(&h->env, &h->n_env, sizeof(char *)) = NULL;
	h->n_env--;
}

static void parse_top(struct cursor c, struct dd_plan *p)
{
	unsigned int tag;
	struct cursor v;
	while (next(&c, &tag, &v)) {
		switch (tag) {
		case DD_TAG_MODE: p->mode = u32(tag, &v); break;
		case DD_TAG_NS_CREATE: p->ns_create = u64(tag, &v); break;
		case DD_TAG_NS_JOIN: {
			struct dd_nsjoin *j = push(&p->ns_join, &p->n_ns_join, sizeof(*j));
			struct cursor in = v, f;
			unsigned int t;
			while (next(&in, &t, &f)) {
				if (t == DD_TAG_NS_TYPE)
					j->type = u64(t, &f);
				else if (t == DD_TAG_NS_PATH)
					j->path = str(t, &f);
				else
					unknown("ns join", t);
			}
			if (!j->path || !j->type)
				dd_die("plan", "", EINVAL, "namespace join misses its type or path");
			break;
		}
		case DD_TAG_WAIT_ID_MAPS: p->wait_id_maps = u32(tag, &v); break;
		case DD_TAG_ROOTFS: p->rootfs = str(tag, &v); break;
		case DD_TAG_ROOT_READONLY: p->root_readonly = u32(tag, &v); break;
		case DD_TAG_ROOTFS_PROPAGATION: p->rootfs_propagation = u64(tag, &v); break;
		case DD_TAG_MOUNT: parse_mount(v, push(&p->mounts, &p->n_mounts, sizeof(struct dd_mount))); break;
		case DD_TAG_DEVICE: parse_device(v, push(&p->devices, &p->n_devices, sizeof(struct dd_device))); break;
		case DD_TAG_SYMLINK: {
			struct dd_symlink *s = push(&p->symlinks, &p->n_symlinks, sizeof(*s));
			parse_pair(v, DD_TAG_SYMLINK_TARGET, DD_TAG_SYMLINK_PATH, &s->target, &s->path);
			break;
		}
		case DD_TAG_MASKED_PATH: *(char **)push(&p->masked, &p->n_masked, sizeof(char *)) = str(tag, &v); break;
		case DD_TAG_READONLY_PATH: *(char **)push(&p->readonly, &p->n_readonly, sizeof(char *)) = str(tag, &v); break;
		case DD_TAG_HOSTNAME: p->hostname = str(tag, &v); break;
		case DD_TAG_DOMAINNAME: p->domainname = str(tag, &v); break;
		case DD_TAG_SYSCTL: {
			struct dd_kv *kv = push(&p->sysctls, &p->n_sysctls, sizeof(*kv));
			parse_pair(v, DD_TAG_SYSCTL_KEY, DD_TAG_SYSCTL_VALUE, &kv->key, &kv->value);
			break;
		}
		case DD_TAG_RLIMIT: {
			struct dd_rlimit *r = push(&p->rlimits, &p->n_rlimits, sizeof(*r));
			struct cursor in = v, f;
			unsigned int t;
			while (next(&in, &t, &f)) {
				if (t == DD_TAG_RLIMIT_RESOURCE)
					r->resource = u32(t, &f);
				else if (t == DD_TAG_RLIMIT_SOFT)
					r->soft = u64(t, &f);
				else if (t == DD_TAG_RLIMIT_HARD)
					r->hard = u64(t, &f);
				else
					unknown("rlimit", t);
			}
			break;
		}
		case DD_TAG_ARG: *(char **)push(&p->args, &p->n_args, sizeof(char *)) = str(tag, &v); break;
		case DD_TAG_ENV: *(char **)push(&p->env, &p->n_env, sizeof(char *)) = str(tag, &v); break;
		case DD_TAG_CWD: p->cwd = str(tag, &v); break;
		case DD_TAG_UID: p->uid = u32(tag, &v); break;
		case DD_TAG_GID: p->gid = u32(tag, &v); break;
		case DD_TAG_ADDITIONAL_GID: *(uint32_t *)push(&p->add_gids, &p->n_add_gids, sizeof(uint32_t)) = u32(tag, &v); break;
		case DD_TAG_UMASK: p->has_umask = 1; p->umask = u32(tag, &v); break;
		case DD_TAG_NO_NEW_PRIVS: p->no_new_privs = u32(tag, &v); break;
		case DD_TAG_OOM_SCORE_ADJ: p->has_oom_score_adj = 1; p->oom_score_adj = (int32_t)u32(tag, &v); break;
		case DD_TAG_CAP_BOUNDING: p->cap_bounding = u64(tag, &v); break;
		case DD_TAG_CAP_EFFECTIVE: p->cap_effective = u64(tag, &v); break;
		case DD_TAG_CAP_INHERITABLE: p->cap_inheritable = u64(tag, &v); break;
		case DD_TAG_CAP_PERMITTED: p->cap_permitted = u64(tag, &v); break;
		case DD_TAG_CAP_AMBIENT: p->cap_ambient = u64(tag, &v); break;
		case DD_TAG_SECCOMP: parse_seccomp(v, &p->seccomp); break;
		case DD_TAG_TERMINAL: p->terminal = u32(tag, &v); break;
		case DD_TAG_CONSOLE_SOCKET: p->console_socket = str(tag, &v); break;
		case DD_TAG_EXEC_FIFO: p->exec_fifo = str(tag, &v); break;
		case DD_TAG_CGROUP_DIR: p->cgroup_dir = str(tag, &v); break;
		case DD_TAG_HOOK: parse_hook(v, push(&p->hooks, &p->n_hooks, sizeof(struct dd_hook))); break;
		default: unknown("plan", tag);
		}
	}
}

void dd_plan_read(int fd, struct dd_plan *plan)
{
	size_t cap = 65536, len = 0;
	unsigned char *buf = malloc(cap);
	if (!buf)
		dd_die("plan", "", ENOMEM, "allocating the plan buffer");
	for (;;) {
		if (len == cap) {
			cap *= 2;
			unsigned char *grown = realloc(buf, cap);
			if (!grown)
				dd_die("plan", "", ENOMEM, "growing the plan buffer");
			buf = grown;
		}
		/* A pipe: the runtime writes the plan once the shim is running, then closes its end. */
		ssize_t n = read(fd, buf + len, cap - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			dd_die("read", "plan fd", errno, "reading the plan");
		if (n == 0)
			break;
		len += (size_t)n;
	}
	if (len < 8)
		dd_die("plan", "", EINVAL, "plan too short (%zu bytes)", len);
	if (le32(buf) != DD_PLAN_MAGIC)
		dd_die("plan", "", EINVAL, "bad magic 0x%08x", le32(buf));
	if (le32(buf + 4) != DD_PLAN_VERSION)
		dd_die("plan", "", EINVAL, "plan version %u, this shim reads version %u", le32(buf + 4), DD_PLAN_VERSION);
	memset(plan, 0, sizeof(*plan));
	struct cursor c = { buf + 8, len - 8 };
	parse_top(c, plan);
	if (plan->mode != DD_MODE_CREATE && plan->mode != DD_MODE_EXEC)
		dd_die("plan", "", EINVAL, "unknown mode %u", plan->mode);
	if (plan->n_args == 0)
		dd_die("plan", "", EINVAL, "no process args");
	if (plan->mode == DD_MODE_CREATE && (!plan->rootfs || !plan->exec_fifo))
		dd_die("plan", "", EINVAL, "CREATE plan without rootfs or exec fifo");
	/* pivot_root in the host's mount namespace would move the host's root: never. */
	if (plan->mode == DD_MODE_CREATE && !(plan->ns_create & CLONE_NEWNS))
		dd_die("plan", "", EINVAL, "CREATE plan without a new mount namespace");
	/* argv and envp for execve(2) are NULL-terminated. */
	*(char **)push(&plan->args, &plan->n_args, sizeof(char *)) = NULL;
	plan->n_args--;
	*(char **)push(&plan->env, &plan->n_env, sizeof(char *)) = NULL;
	plan->n_env--;
}
