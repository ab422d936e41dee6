/*
 * The container's filesystem: mounts beneath the rootfs, devices, pivot_root, masked and
 * read-only paths. Every target is resolved with openat2(2) RESOLVE_IN_ROOT, so neither ".."
 * nor a symlink can lead outside the rootfs, and the mount is made on /proc/self/fd/N of the
 * resolved fd, never on a path string the container could swap underneath us (the
 * CVE-2019-16884 / CVE-2023-27561 class of races).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/types.h>
#include <unistd.h>

#include "shim.h"

static int openat2_in_root(int root_fd, const char *path, int flags)
{
	struct open_how how = {
		.flags = (uint64_t)(flags | O_CLOEXEC),
		/* RESOLVE_IN_ROOT: ".." and absolute symlinks stay beneath root_fd (openat2(2)).
		 * RESOLVE_NO_MAGICLINKS: /proc/self/root-style links could jump anywhere. */
		.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS,
	};
	const char *rel = path;
	while (*rel == '/')
		rel++;
	if (*rel == '\0')
		rel = ".";
	int fd;
	do
		fd = (int)syscall(SYS_openat2, root_fd, rel, &how, sizeof(how));
	while (fd < 0 && errno == EAGAIN); /* openat2(2): EAGAIN if a rename raced; retry */
	return fd;
}

static int has_dotdot(const char *path)
{
	const char *p = path;
	while (*p) {
		while (*p == '/')
			p++;
		const char *end = strchrnul(p, '/');
		if (end - p == 2 && p[0] == '.' && p[1] == '.')
			return 1;
		p = end;
	}
	return 0;
}

/*
 * Returns an O_PATH fd for path beneath root_fd, creating what is missing as asked: parent
 * directories always, the last component as a directory or an empty file. mkdirat(2) and
 * openat(O_CREAT|O_EXCL|O_NOFOLLOW) never follow a symlink, so a dangling link that points
 * outside fails with EEXIST instead of creating something on the host. Dies on failure.
 */
static int resolve(int root_fd, const char *path, uint32_t create)
{
	if (path[0] != '/' || has_dotdot(path))
		dd_die("resolve", path, EINVAL, "container path must be absolute and contain no '..'");
	int fd = openat2_in_root(root_fd, path, O_PATH);
	if (fd >= 0)
		return fd;
	if (errno != ENOENT || create == DD_CREATE_NONE)
		dd_die("openat2", path, errno, "resolving beneath the rootfs");

	char prefix[PATH_MAX];
	size_t len = strlen(path);
	if (len >= sizeof(prefix))
		dd_die("resolve", path, ENAMETOOLONG, "path too long");
	const char *p = path;
	while (*p) {
		while (*p == '/')
			p++;
		if (!*p)
			break;
		const char *end = strchrnul(p, '/');
		const char *rest = end;
		while (*rest == '/')
			rest++;
		int last = *rest == '\0';
		size_t plen = (size_t)(end - path);
		memcpy(prefix, path, plen);
		prefix[plen] = '\0';
		int cur = openat2_in_root(root_fd, prefix, O_PATH);
		if (cur >= 0) {
			close(cur);
		} else if (errno == ENOENT) {
			char name[NAME_MAX + 1];
			size_t nlen = (size_t)(end - p);
			if (nlen > NAME_MAX)
				dd_die("resolve", path, ENAMETOOLONG, "component too long");
			memcpy(name, p, nlen);
			name[nlen] = '\0';
			char parent_path[PATH_MAX];
			size_t parent_len = (size_t)(p - path);
			memcpy(parent_path, path, parent_len);
			parent_path[parent_len] = '\0';
			int parent = openat2_in_root(root_fd, parent_path, O_PATH | O_DIRECTORY);
			if (parent < 0)
				dd_die("openat2", parent_path, errno, "opening the parent of %s", path);
			if (last && create == DD_CREATE_FILE) {
				int f = openat(parent, name, O_CREAT | O_EXCL | O_NOFOLLOW | O_WRONLY | O_CLOEXEC, 0644);
				if (f < 0)
					dd_die("create", prefix, errno, "creating the mount target file for %s", path);
				close(f);
			} else if (mkdirat(parent, name, 0755) < 0) {
				dd_die("mkdir", prefix, errno, "creating a directory for %s", path);
			}
			close(parent);
		} else {
			dd_die("openat2", prefix, errno, "resolving %s beneath the rootfs", path);
		}
		p = end;
	}
	fd = openat2_in_root(root_fd, path, O_PATH);
	if (fd < 0)
		dd_die("openat2", path, errno, "resolving beneath the rootfs after creating it");
	return fd;
}

static void fd_path(int fd, char *buf, size_t cap)
{
	snprintf(buf, cap, "/proc/self/fd/%d", fd);
}

/* The per-mount flags of the mount at path that a remount must keep: in a user namespace the
 * kernel refuses (EPERM) to clear locked nosuid/nodev/noexec/atime flags (mount(2)). */
static unsigned long locked_flags(const char *path, const char *shown)
{
	struct statvfs sv;
	if (statvfs(path, &sv) < 0)
		dd_die("statvfs", shown, errno, "reading the mount flags");
	unsigned long f = 0;
	if (sv.f_flag & ST_NOSUID) f |= MS_NOSUID;
	if (sv.f_flag & ST_NODEV) f |= MS_NODEV;
	if (sv.f_flag & ST_NOEXEC) f |= MS_NOEXEC;
	if (sv.f_flag & ST_NOATIME) f |= MS_NOATIME;
	if (sv.f_flag & ST_NODIRATIME) f |= MS_NODIRATIME;
	if (sv.f_flag & ST_RELATIME) f |= MS_RELATIME;
	return f;
}

static void do_mount(int root_fd, const struct dd_mount *m)
{
	char target[64];
	int fd = resolve(root_fd, m->target, m->create);
	fd_path(fd, target, sizeof(target));
	unsigned long flags = (unsigned long)m->flags;
	if (flags & MS_BIND) {
		/* The kernel ignores every flag but MS_REC on the first bind mount call. */
		if (mount(m->source, target, NULL, flags & (MS_BIND | MS_REC), NULL) < 0)
			dd_die("mount", m->target, errno, "bind mounting %s", m->source ? m->source : "");
		if (flags & ~(unsigned long)(MS_BIND | MS_REC)) {
			/* Re-resolve: the old fd names the directory under the new mount. */
			int top = resolve(root_fd, m->target, DD_CREATE_NONE);
			char top_path[64];
			fd_path(top, top_path, sizeof(top_path));
			if (mount(NULL, top_path, NULL, flags | MS_REMOUNT | MS_BIND, NULL) < 0)
				dd_die("mount", m->target, errno, "remounting the bind mount with flags 0x%lx", flags);
			close(top);
		}
	} else if (mount(m->source, target, m->fstype, flags, m->data) < 0) {
		dd_die("mount", m->target, errno, "mounting %s (%s)", m->source ? m->source : "",
		       m->fstype ? m->fstype : "");
	}
	close(fd);
	if (m->propagation) {
		int top = resolve(root_fd, m->target, DD_CREATE_NONE);
		char top_path[64];
		fd_path(top, top_path, sizeof(top_path));
		if (mount(NULL, top_path, NULL, (unsigned long)m->propagation, NULL) < 0)
			dd_die("mount", m->target, errno, "setting propagation 0x%llx", (unsigned long long)m->propagation);
		close(top);
	}
}

/* Splits path into an fd on its (created) parent directory and its last component. */
static int resolve_parent(int root_fd, const char *path, char *name, size_t cap)
{
	const char *slash = strrchr(path, '/');
	const char *base = slash + 1;
	if (!*base || strlen(base) >= cap || strcmp(base, ".") == 0)
		dd_die("resolve", path, EINVAL, "path has no last component");
	strcpy(name, base);
	char parent[PATH_MAX];
	size_t plen = (size_t)(slash - path);
	if (plen >= sizeof(parent))
		dd_die("resolve", path, ENAMETOOLONG, "path too long");
	memcpy(parent, path, plen);
	parent[plen] = '\0';
	if (plen == 0)
		strcpy(parent, "/");
	return resolve(root_fd, parent, DD_CREATE_DIRECTORY);
}

static void make_device(int root_fd, const struct dd_device *d)
{
	if (d->bind) {
		/* mknod(2) of devices is refused in a user namespace: bind the host's node. */
		struct dd_mount m = { .source = d->path, .target = d->path, .flags = MS_BIND,
				      .create = DD_CREATE_FILE };
		do_mount(root_fd, &m);
		return;
	}
	char name[NAME_MAX + 1];
	int parent = resolve_parent(root_fd, d->path, name, sizeof(name));
	mode_t type;
	switch (d->type) {
	case 'c': case 'u': type = S_IFCHR; break;
	case 'b': type = S_IFBLK; break;
	case 'p': type = S_IFIFO; break;
	default: dd_die("mknod", d->path, EINVAL, "unknown device type %u", d->type);
	}
	dev_t dev = type == S_IFIFO ? 0 : makedev(d->major, d->minor);
	/* The umask is 0 here, so the node gets exactly d->mode. */
	if (mknodat(parent, name, type | (d->mode & 07777), dev) < 0)
		dd_die("mknod", d->path, errno, "making device %llu:%llu", (unsigned long long)d->major,
		       (unsigned long long)d->minor);
	if (fchownat(parent, name, d->uid, d->gid, AT_SYMLINK_NOFOLLOW) < 0)
		dd_die("chown", d->path, errno, "setting the owner to %u:%u", d->uid, d->gid);
	close(parent);
}

static void make_symlink(int root_fd, const struct dd_symlink *s)
{
	char name[NAME_MAX + 1];
	int parent = resolve_parent(root_fd, s->path, name, sizeof(name));
	if (symlinkat(s->target, parent, name) < 0) {
		int err = errno;
		char existing[PATH_MAX];
		ssize_t n = readlinkat(parent, name, existing, sizeof(existing) - 1);
		if (err != EEXIST || n < 0 || (existing[n] = '\0', strcmp(existing, s->target) != 0))
			dd_die("symlink", s->path, err, "linking to %s", s->target);
	}
	close(parent);
}

static void write_sysctl(const struct dd_kv *kv)
{
	char path[PATH_MAX];
	int n = snprintf(path, sizeof(path), "/proc/sys/%s", kv->key);
	if (n < 0 || (size_t)n >= sizeof(path))
		dd_die("sysctl", kv->key, ENAMETOOLONG, "key too long");
	for (char *c = path + strlen("/proc/sys/"); *c; c++)
		if (*c == '.')
			*c = '/';
	int fd = open(path, O_WRONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		dd_die("open", path, errno, "opening sysctl %s", kv->key);
	size_t len = strlen(kv->value);
	if (write(fd, kv->value, len) != (ssize_t)len)
		dd_die("write", path, errno, "writing sysctl %s=%s", kv->key, kv->value);
	close(fd);
}

static void mask_path(int root_fd, const char *path)
{
	int fd = openat2_in_root(root_fd, path, O_PATH);
	if (fd < 0 && errno == ENOENT)
		return;
	if (fd < 0)
		dd_die("openat2", path, errno, "resolving a masked path");
	struct stat st;
	if (fstat(fd, &st) < 0)
		dd_die("fstat", path, errno, "reading a masked path");
	char target[64];
	fd_path(fd, target, sizeof(target));
	if (S_ISDIR(st.st_mode)) {
		if (mount("tmpfs", target, "tmpfs", MS_RDONLY, NULL) < 0)
			dd_die("mount", path, errno, "masking a directory with a read-only tmpfs");
	} else if (mount("/dev/null", target, NULL, MS_BIND, NULL) < 0) {
		dd_die("mount", path, errno, "masking a file with /dev/null");
	}
	close(fd);
}

static void readonly_path(int root_fd, const char *path)
{
	int fd = openat2_in_root(root_fd, path, O_PATH);
	if (fd < 0 && errno == ENOENT)
		return;
	if (fd < 0)
		dd_die("openat2", path, errno, "resolving a read-only path");
	char target[64];
	fd_path(fd, target, sizeof(target));
	if (mount(target, target, NULL, MS_BIND | MS_REC, NULL) < 0)
		dd_die("mount", path, errno, "bind mounting a read-only path onto itself");
	close(fd);
	fd = resolve(root_fd, path, DD_CREATE_NONE);
	fd_path(fd, target, sizeof(target));
	unsigned long keep = locked_flags(target, path);
	if (mount(NULL, target, NULL, MS_BIND | MS_REMOUNT | MS_RDONLY | keep, NULL) < 0)
		dd_die("mount", path, errno, "remounting read-only");
	close(fd);
}

void dd_setup_rootfs(const struct dd_plan *plan, int *fifo_fd, int console_fd)
{
	const char *rootfs = plan->rootfs;
	if (plan->rootfs_propagation &&
	    mount(NULL, "/", NULL, (unsigned long)plan->rootfs_propagation, NULL) < 0)
		dd_die("mount", "/", errno, "setting the propagation of / to 0x%llx",
		       (unsigned long long)plan->rootfs_propagation);
	/* pivot_root(2) needs new_root to be a mount point: bind the rootfs onto itself. */
	if (mount(rootfs, rootfs, NULL, MS_BIND | MS_REC, NULL) < 0)
		dd_die("mount", rootfs, errno, "bind mounting the rootfs onto itself");
	/* Opened after the bind mount so the fd names the new mount's root. */
	int root_fd = open(rootfs, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (root_fd < 0)
		dd_die("open", rootfs, errno, "opening the rootfs");

	for (size_t i = 0; i < plan->n_mounts; i++)
		do_mount(root_fd, &plan->mounts[i]);
	for (size_t i = 0; i < plan->n_devices; i++)
		make_device(root_fd, &plan->devices[i]);
	for (size_t i = 0; i < plan->n_symlinks; i++)
		make_symlink(root_fd, &plan->symlinks[i]);
	/* OCI: after the mounts, before pivot_root, so the hook's path resolves on the host. */
	dd_run_hooks(plan, DD_HOOK_CREATE_CONTAINER);

	/* The fifo is a host path: open it (O_PATH, it does not block) while the host fs is still
	 * reachable; it is reopened for writing through /proc/self/fd after pivot_root. */
	*fifo_fd = open(plan->exec_fifo, O_PATH | O_CLOEXEC);
	if (*fifo_fd < 0)
		dd_die("open", plan->exec_fifo, errno, "opening the exec fifo");

	/* pivot_root(".", ".") stacks the old root on top of the new one at the same place, and
	 * umount2(".", MNT_DETACH) then removes it, without needing a directory for the old
	 * root inside the container (pivot_root(2), NOTES). */
	if (fchdir(root_fd) < 0)
		dd_die("chdir", rootfs, errno, "entering the rootfs");
	if (syscall(SYS_pivot_root, ".", ".") < 0)
		dd_die("pivot_root", rootfs, errno, "pivoting to the rootfs");
	/* Make the old root a slave first so its unmount does not propagate to the host. */
	if (mount(NULL, ".", NULL, MS_SLAVE | MS_REC, NULL) < 0)
		dd_die("mount", "/ (old root)", errno, "making the old root a slave");
	if (umount2(".", MNT_DETACH) < 0)
		dd_die("umount2", "/ (old root)", errno, "detaching the old root");
	if (chdir("/") < 0)
		dd_die("chdir", "/", errno, "entering the new root");
	close(root_fd);
	root_fd = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (root_fd < 0)
		dd_die("open", "/", errno, "opening the new root");

	if (plan->terminal)
		dd_console_setup(console_fd);

	/* Sysctls before readonly paths: /proc/sys is usually among them. */
	for (size_t i = 0; i < plan->n_sysctls; i++)
		write_sysctl(&plan->sysctls[i]);
	for (size_t i = 0; i < plan->n_masked; i++)
		mask_path(root_fd, plan->masked[i]);
	for (size_t i = 0; i < plan->n_readonly; i++)
		readonly_path(root_fd, plan->readonly[i]);
	if (plan->root_readonly) {
		/* MS_BIND|MS_REMOUNT changes only this mount's flags, not the filesystem's. */
		unsigned long keep = locked_flags("/", "/");
		if (mount(NULL, "/", NULL, MS_BIND | MS_REMOUNT | MS_RDONLY | keep, NULL) < 0)
			dd_die("mount", "/", errno, "remounting the root read-only");
	}
	close(root_fd);
}
