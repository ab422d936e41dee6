/* Builds and loads the seccomp filter with libseccomp (linked statically). */
#define _GNU_SOURCE
#include <errno.h>
#include <seccomp.h>
#include <stdio.h>
#include <string.h>

#include "shim.h"

static uint32_t action(uint32_t code, uint32_t err, const char *what)
{
	switch (code) {
	case DD_SCMP_ACT_KILL_THREAD: return SCMP_ACT_KILL_THREAD;
	case DD_SCMP_ACT_KILL_PROCESS: return SCMP_ACT_KILL_PROCESS;
	case DD_SCMP_ACT_TRAP: return SCMP_ACT_TRAP;
	case DD_SCMP_ACT_ERRNO: return SCMP_ACT_ERRNO(err);
	case DD_SCMP_ACT_TRACE: return SCMP_ACT_TRACE(err);
	case DD_SCMP_ACT_ALLOW: return SCMP_ACT_ALLOW;
	case DD_SCMP_ACT_LOG: return SCMP_ACT_LOG;
	default: dd_die("seccomp", what, EINVAL, "unknown action %u", code);
	}
}

void dd_load_seccomp(const struct dd_seccomp *s)
{
	uint32_t def = action(s->default_action, s->default_errno, "default action");
	scmp_filter_ctx ctx = seccomp_init(def);
	if (!ctx)
		dd_die("seccomp_init", "", EINVAL, "creating the filter");
	for (size_t i = 0; i < s->n_archs; i++) {
		uint32_t arch = seccomp_arch_resolve_name(s->archs[i]);
		if (arch == 0)
			dd_die("seccomp_arch_add", s->archs[i], EINVAL, "unknown architecture");
		int rc = seccomp_arch_add(ctx, arch);
		if (rc < 0 && rc != -EEXIST)
			dd_die("seccomp_arch_add", s->archs[i], -rc, "adding the architecture");
	}
	for (size_t r = 0; r < s->n_rules; r++) {
		const struct dd_scmp_rule *rule = &s->rules[r];
		uint32_t act = action(rule->action, rule->errno_ret, "rule action");
		/* libseccomp refuses a rule whose action is the default one (EACCES); it is a no-op. */
		if (act == def)
			continue;
		struct scmp_arg_cmp cmps[6];
		if (rule->n_args > 6)
			dd_die("seccomp_rule_add", rule->n_names ? rule->names[0] : "", E2BIG, "%zu args", rule->n_args);
		for (size_t a = 0; a < rule->n_args; a++) {
			cmps[a].arg = rule->args[a].index;
			cmps[a].op = (enum scmp_compare)rule->args[a].op;
			cmps[a].datum_a = rule->args[a].value;
			cmps[a].datum_b = rule->args[a].value_two;
		}
		for (size_t n = 0; n < rule->n_names; n++) {
			int nr = seccomp_syscall_resolve_name(rule->names[n]);
			/* A syscall this kernel/libseccomp does not know cannot be called: skip it, as
			 * OCI profiles list syscalls of many kernel versions. */
			if (nr == __NR_SCMP_ERROR)
				continue;
			int rc = seccomp_rule_add_array(ctx, act, nr, (unsigned int)rule->n_args, cmps);
			if (rc < 0)
				dd_die("seccomp_rule_add", rule->names[n], -rc, "adding the rule");
		}
	}
	int rc = seccomp_load(ctx);
	if (rc < 0)
		dd_die("seccomp_load", "", -rc, "loading the filter");
	seccomp_release(ctx);
}
