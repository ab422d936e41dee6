/*
 * drydock's guest init: PID 1 of a drydock VM.
 *
 * It interprets a plan the host wrote (/.drydock/plan, one "key:value" per line, values with
 * \\ and \n escaped) and makes no decisions of its own:
 *   mod:PATH    a kernel module to load, in the order given (the host resolved modules.dep)
 *   arg:VALUE   the workload's argv, in order
 *   env:K=V     the workload's environment
 *   cwd:PATH    the workload's working directory
 *   uid:N gid:N the workload's user and group
 *   host:NAME   the hostname
 *   root:DEV    an ext4 block device to mount and switch into before running the workload
 *               (the disk mode: the initramfs then holds only this init, its plan and modules)
 *   vol:DEV:DIR an ext4 block device to mount at DIR (made if missing) once the root is in place
 * It mounts cgroup2 at /sys/fs/cgroup, as a unified (pure v2) host does: with cgroup_no_v1=all on
 * the command line every controller is then offered there.
 * The network comes from the kernel command line (drydock.ip=A.B.C.D/LEN drydock.gw=A.B.C.D),
 * so one initramfs serves every VM of an image.
 *
 * It reports to the host on the console, one marker per line:
 *   DRYDOCK_READY          the workload is about to be executed
 *   DRYDOCK_EXIT=N         the workload ended with code N (128 + signal if killed)
 *   DRYDOCK_ERROR=TEXT     set-up failed; the VM powers off
 * and powers the VM off when the workload ends.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <net/if.h>
#include <net/route.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#define PLAN_PATH "/.drydock/plan"
#define MAX_ITEMS 256

static char *args[MAX_ITEMS + 1];
static char *envs[MAX_ITEMS + 1];
static char *mods[MAX_ITEMS];
static int nargs, nenvs, nmods;
static char *cwd = "/";
static char *hostname;
static char *rootdev;
static char *vols[MAX_ITEMS];
static int nvols;
static uid_t uid;
static gid_t gid;

/* Reports a fatal set-up error to the host and powers off: PID 1 must never exit (the kernel panics). */
static void fail(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
static void fail(const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    dprintf(1, "DRYDOCK_ERROR=%s\n", msg);
    sync();
    reboot(RB_POWER_OFF);
    for (;;)
        pause();
}

static void mount_fs(const char *src, const char *target, const char *type)
{
    mkdir(target, 0755);
    if (mount(src, target, type, MS_NOSUID | MS_NOEXEC, NULL) < 0 && errno != EBUSY)
        fail("mount %s on %s: %s (errno %d)", type, target, strerror(errno), errno);
}

/* Decodes \\ and \n in place. */
static void unescape(char *s)
{
    char *w = s;
    for (char *r = s; *r; r++) {
        if (*r == '\\' && r[1] == 'n') {
            *w++ = '\n';
            r++;
        } else if (*r == '\\' && r[1] == '\\') {
            *w++ = '\\';
            r++;
        } else {
            *w++ = *r;
        }
    }
    *w = '\0';
}

static void read_plan(void)
{
    FILE *f = fopen(PLAN_PATH, "re");
    if (!f)
        fail("open %s: %s (errno %d)", PLAN_PATH, strerror(errno), errno);
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    while ((n = getline(&line, &cap, f)) > 0) {
        if (line[n - 1] == '\n')
            line[n - 1] = '\0';
        char *colon = strchr(line, ':');
        if (!colon)
            fail("%s: line without a key: %s", PLAN_PATH, line);
        *colon = '\0';
        char *val = strdup(colon + 1);
        if (!val)
            fail("strdup: out of memory");
        unescape(val);
        if (!strcmp(line, "arg") && nargs < MAX_ITEMS)
            args[nargs++] = val;
        else if (!strcmp(line, "env") && nenvs < MAX_ITEMS)
            envs[nenvs++] = val;
        else if (!strcmp(line, "mod") && nmods < MAX_ITEMS)
            mods[nmods++] = val;
        else if (!strcmp(line, "cwd"))
            cwd = val;
        else if (!strcmp(line, "host"))
            hostname = val;
        else if (!strcmp(line, "root"))
            rootdev = val;
        else if (!strcmp(line, "vol") && nvols < MAX_ITEMS)
            vols[nvols++] = val;
        else if (!strcmp(line, "uid"))
            uid = (uid_t)strtoul(val, NULL, 10);
        else if (!strcmp(line, "gid"))
            gid = (gid_t)strtoul(val, NULL, 10);
        else
            fail("%s: unknown or repeated-too-often key %s", PLAN_PATH, line);
    }
    free(line);
    fclose(f);
    if (nargs == 0)
        fail("%s: no arg: lines, nothing to run", PLAN_PATH);
}

/* finit_module(2); a module already loaded (built in or loaded as a dependency) is fine. */
static void load_modules(void)
{
    for (int i = 0; i < nmods; i++) {
        int fd = open(mods[i], O_RDONLY | O_CLOEXEC);
        if (fd < 0)
            fail("open module %s: %s (errno %d)", mods[i], strerror(errno), errno);
        if (syscall(SYS_finit_module, fd, "", 0) < 0 && errno != EEXIST)
            fail("finit_module %s: %s (errno %d)", mods[i], strerror(errno), errno);
        close(fd);
    }
}

/* The value of "key=" on the kernel command line, or NULL. */
static char *cmdline_value(const char *cmdline, const char *key)
{
    size_t klen = strlen(key);
    for (const char *p = cmdline; (p = strstr(p, key)) != NULL; p += klen) {
        if ((p == cmdline || p[-1] == ' ') && p[klen] == '=') {
            const char *v = p + klen + 1;
            size_t len = strcspn(v, " \n");
            return strndup(v, len);
        }
    }
    return NULL;
}

static void set_addr(int sock, unsigned long req, const char *ifname, in_addr_t addr, const char *what)
{
    struct ifreq ifr;
    memset(&ifr, 0, sizeof ifr);
    strncpy(ifr.ifr_name, ifname, IFNAMSIZ - 1);
    struct sockaddr_in *sin = (struct sockaddr_in *)&ifr.ifr_addr;
    sin->sin_family = AF_INET;
    sin->sin_addr.s_addr = addr;
    if (ioctl(sock, req, &ifr) < 0)
        fail("%s on %s: %s (errno %d)", what, ifname, strerror(errno), errno);
}

static void link_up(int sock, const char *ifname)
{
    struct ifreq ifr;
    memset(&ifr, 0, sizeof ifr);
    strncpy(ifr.ifr_name, ifname, IFNAMSIZ - 1);
    if (ioctl(sock, SIOCGIFFLAGS, &ifr) < 0)
        fail("SIOCGIFFLAGS %s: %s (errno %d)", ifname, strerror(errno), errno);
    ifr.ifr_flags |= IFF_UP | IFF_RUNNING;
    if (ioctl(sock, SIOCSIFFLAGS, &ifr) < 0)
        fail("SIOCSIFFLAGS %s: %s (errno %d)", ifname, strerror(errno), errno);
}

/* Loopback always; eth0 with drydock.ip= and a default route with drydock.gw=. */
static void configure_network(void)
{
    int sock = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (sock < 0)
        fail("socket: %s (errno %d)", strerror(errno), errno);
    link_up(sock, "lo");
    char cmdline[4096] = {0};
    int fd = open("/proc/cmdline", O_RDONLY | O_CLOEXEC);
    if (fd < 0 || read(fd, cmdline, sizeof cmdline - 1) < 0)
        fail("read /proc/cmdline: %s (errno %d)", strerror(errno), errno);
    close(fd);
    char *ip = cmdline_value(cmdline, "drydock.ip");
    if (ip) {
        char *slash = strchr(ip, '/');
        int prefix = slash ? atoi(slash + 1) : 24;
        if (slash)
            *slash = '\0';
        struct in_addr a;
        if (prefix < 1 || prefix > 32 || inet_pton(AF_INET, ip, &a) != 1)
            fail("drydock.ip: not an IPv4 address/prefix: %s", ip);
        set_addr(sock, SIOCSIFADDR, "eth0", a.s_addr, "SIOCSIFADDR");
        set_addr(sock, SIOCSIFNETMASK, "eth0", htonl(0xffffffffu << (32 - prefix)), "SIOCSIFNETMASK");
        link_up(sock, "eth0");
        char *gw = cmdline_value(cmdline, "drydock.gw");
        if (gw) {
            struct rtentry rt;
            memset(&rt, 0, sizeof rt);
            struct sockaddr_in *g = (struct sockaddr_in *)&rt.rt_gateway;
            g->sin_family = AF_INET;
            if (inet_pton(AF_INET, gw, &g->sin_addr) != 1)
                fail("drydock.gw: not an IPv4 address: %s", gw);
            ((struct sockaddr_in *)&rt.rt_dst)->sin_family = AF_INET;
            ((struct sockaddr_in *)&rt.rt_genmask)->sin_family = AF_INET;
            rt.rt_flags = RTF_UP | RTF_GATEWAY;
            if (ioctl(sock, SIOCADDRT, &rt) < 0)
                fail("SIOCADDRT default via %s: %s (errno %d)", gw, strerror(errno), errno);
        }
    }
    close(sock);
}

static void await_device(const char *dev);

/*
 * Mounts the root disk and makes it "/" as switch_root does: move the API filesystems over,
 * MS_MOVE the new root onto /, chroot. The initramfs stays in memory underneath (it is small).
 */
static void switch_to_disk(void)
{
    await_device(rootdev);
    mkdir("/newroot", 0755);
    if (mount(rootdev, "/newroot", "ext4", 0, NULL) < 0)
        fail("mount %s on /newroot: %s (errno %d)", rootdev, strerror(errno), errno);
    const char *api[] = {"/dev", "/proc", "/sys"};
    for (size_t i = 0; i < sizeof api / sizeof api[0]; i++) {
        char target[64];
        snprintf(target, sizeof target, "/newroot%s", api[i]);
        mkdir(target, 0755);
        if (mount(api[i], target, NULL, MS_MOVE, NULL) < 0)
            fail("move %s to %s: %s (errno %d)", api[i], target, strerror(errno), errno);
    }
    if (chdir("/newroot") < 0 || mount(".", "/", NULL, MS_MOVE, NULL) < 0 || chroot(".") < 0 || chdir("/") < 0)
        fail("switch to %s: %s (errno %d)", rootdev, strerror(errno), errno);
    mkdir("/tmp", 01777);
}

/* Waits for a block device to appear: it does when virtio_blk has probed it. */
static void await_device(const char *dev)
{
    for (int i = 0; access(dev, F_OK) < 0; i++) {
        if (i >= 500)
            fail("device %s did not appear: %s (errno %d)", dev, strerror(errno), errno);
        usleep(10000);
    }
}

/* mkdir -p: the volume's mount point may be nested and absent from the image. */
static void make_dirs(char *path)
{
    for (char *p = path + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(path, 0755) < 0 && errno != EEXIST)
            fail("mkdir %s: %s (errno %d)", path, strerror(errno), errno);
        *p = '/';
    }
    if (mkdir(path, 0755) < 0 && errno != EEXIST)
        fail("mkdir %s: %s (errno %d)", path, strerror(errno), errno);
}

/* Mounts each vol:DEV:DIR after the switch to the root disk, so DIR is in the workload's tree. */
static void mount_volumes(void)
{
    for (int i = 0; i < nvols; i++) {
        char *sep = strchr(vols[i], ':');
        if (!sep || sep[1] != '/')
            fail("%s: vol:%s is not DEVICE:/DIR", PLAN_PATH, vols[i]);
        *sep = '\0';
        char *dir = sep + 1;
        await_device(vols[i]);
        make_dirs(dir);
        if (mount(vols[i], dir, "ext4", 0, NULL) < 0)
            fail("mount %s on %s: %s (errno %d)", vols[i], dir, strerror(errno), errno);
    }
}

/*
 * The unified hierarchy where a pure cgroup v2 host has it. Mounted in the final root (after the
 * switch to the disk, which moves /sys), so the workload sees it; a kernel without cgroups has no
 * /sys/fs/cgroup and gets none.
 */
static void mount_cgroup2(void)
{
    if (access("/sys/fs/cgroup", F_OK) < 0)
        return;
    if (mount("cgroup2", "/sys/fs/cgroup", "cgroup2", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0 && errno != EBUSY)
        fail("mount cgroup2 on /sys/fs/cgroup: %s (errno %d)", strerror(errno), errno);
}

static int exit_code(int status)
{
    if (WIFEXITED(status))
        return WEXITSTATUS(status);
    if (WIFSIGNALED(status))
        return 128 + WTERMSIG(status);
    return 255;
}

int main(void)
{
    /* The kernel starts init without stdio when the initramfs has no /dev/console. */
    mkdir("/dev", 0755);
    if (mount("devtmpfs", "/dev", "devtmpfs", MS_NOSUID, NULL) < 0 && errno != EBUSY)
        return 1;
    int con = open("/dev/console", O_RDWR);
    if (con >= 0) {
        dup2(con, 0);
        dup2(con, 1);
        dup2(con, 2);
        if (con > 2)
            close(con);
    }
    mount_fs("proc", "/proc", "proc");
    mount_fs("sysfs", "/sys", "sysfs");
    mkdir("/tmp", 01777);
    mkdir("/run", 0755);
    read_plan();
    load_modules();
    if (rootdev)
        switch_to_disk();
    mount_volumes();
    mount_cgroup2();
    configure_network();
    if (hostname && sethostname(hostname, strlen(hostname)) < 0)
        fail("sethostname %s: %s (errno %d)", hostname, strerror(errno), errno);

    dprintf(1, "DRYDOCK_READY\n");
    pid_t child = fork();
    if (child < 0)
        fail("fork: %s (errno %d)", strerror(errno), errno);
    if (child == 0) {
        setsid();
        ioctl(0, TIOCSCTTY, 0);
        if (setgroups(1, &gid) < 0 || setgid(gid) < 0 || setuid(uid) < 0) {
            dprintf(2, "drydock-guest-init: set user %u:%u: %s\n", uid, gid, strerror(errno));
            _exit(126);
        }
        if (chdir(cwd) < 0) {
            dprintf(2, "drydock-guest-init: chdir %s: %s\n", cwd, strerror(errno));
            _exit(126);
        }
        environ = envs;
        execvp(args[0], args);
        dprintf(2, "drydock-guest-init: exec %s: %s\n", args[0], strerror(errno));
        _exit(errno == ENOENT ? 127 : 126);
    }
    /* As PID 1 reap every orphan; only the workload's end decides the exit code. */
    int status = 0;
    for (;;) {
        pid_t p = wait(&status);
        if (p == child)
            break;
        if (p < 0 && errno != EINTR)
            fail("wait: %s (errno %d)", strerror(errno), errno);
    }
    /* Flush before reporting: the host may read the disk (or remove the VM) as soon as it sees the code. */
    sync();
    dprintf(1, "DRYDOCK_EXIT=%d\n", exit_code(status));
    reboot(RB_POWER_OFF);
    for (;;)
        pause();
}
