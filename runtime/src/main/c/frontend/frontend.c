/*
 * drydock-runc's native front end. With a daemon listening on its planner socket it hands the
 * command line, working directory and stdio to the daemon, which parses, validates, plans and
 * keeps the state; the front end only does what must happen in the caller's own process tree:
 * it spawns the shim (so the container's init is the caller's descendant and re-parents to the
 * caller's subreaper, as containerd-shim and conmon expect), waits for descendants, and exits
 * with the code the daemon sends. Without a daemon it execs the JVM path (drydock-runc-jvm next
 * to this binary). Protocol: planner.h.
 *
 * Environment: DRYDOCK_RUNC_SOCKET (default /run/drydock/runc.sock) names the daemon's socket;
 * DRYDOCK_RUNC_JVM takes the JVM path at once; DRYDOCK_RUNC_REQUIRE_DAEMON fails instead of
 * taking it.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "planner.h"

#define DEFAULT_SOCKET "/run/drydock/runc.sock"
#define FALLBACK_NAME "drydock-runc-jvm"
#define MAX_PRESERVED (PLANNER_MAX_FDS - 3)

#ifndef CLOSE_RANGE_CLOEXEC
#define CLOSE_RANGE_CLOEXEC (1U << 2)
#endif

static unsigned char out_buf[PLANNER_MAX_MESSAGE];
static unsigned char in_buf[PLANNER_MAX_MESSAGE];

static void die(const char *what, int err) __attribute__((noreturn));
static void die(const char *what, int err) {
    if (err) {
        fprintf(stderr, "drydock-runc: %s: %s\n", what, strerror(err));
    } else {
        fprintf(stderr, "drydock-runc: %s\n", what);
    }
    exit(1);
}

/* ---- encoding ------------------------------------------------------------------------------ */

struct writer {
    size_t len;
    int overflow;
};

static void put_bytes(struct writer *w, const void *p, size_t n) {
    if (w->overflow || n > sizeof out_buf - w->len) {
        w->overflow = 1;
        return;
    }
    memcpy(out_buf + w->len, p, n);
    w->len += n;
}

static void put_u32(struct writer *w, uint32_t v) {
    unsigned char b[4] = {v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, (v >> 24) & 0xff};
    put_bytes(w, b, 4);
}

static void put_str(struct writer *w, const char *s) {
    size_t n = strlen(s);
    put_u32(w, (uint32_t)n);
    put_bytes(w, s, n);
}

static void begin(struct writer *w, uint32_t tag) {
    w->len = 0;
    w->overflow = 0;
    put_u32(w, PLANNER_VERSION);
    put_u32(w, tag);
    put_u32(w, 0); /* payload length, set by finish() */
}

static void finish(struct writer *w) {
    uint32_t n = (uint32_t)(w->len - PLANNER_HEADER_BYTES);
    out_buf[8] = n & 0xff;
    out_buf[9] = (n >> 8) & 0xff;
    out_buf[10] = (n >> 16) & 0xff;
    out_buf[11] = (n >> 24) & 0xff;
}

struct reader {
    const unsigned char *buf;
    size_t len;
    size_t pos;
    int bad;
};

static uint32_t get_u32(struct reader *r) {
    if (r->bad || r->len - r->pos < 4) {
        r->bad = 1;
        return 0;
    }
    const unsigned char *b = r->buf + r->pos;
    r->pos += 4;
    return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

/* A NUL-terminated copy of the next string, or NULL (r->bad set) when it does not fit. */
static char *get_str(struct reader *r) {
    uint32_t n = get_u32(r);
    if (r->bad || n > r->len - r->pos) {
        r->bad = 1;
        return NULL;
    }
    char *s = malloc((size_t)n + 1);
    if (s == NULL) {
        die("out of memory", ENOMEM);
    }
    memcpy(s, r->buf + r->pos, n);
    s[n] = '\0';
    r->pos += n;
    return s;
}

/* A NULL-terminated array of strings, as execve(2) takes them. */
static char **get_strs(struct reader *r) {
    uint32_t n = get_u32(r);
    if (r->bad || n > (r->len - r->pos) / 4) {
        r->bad = 1;
        return NULL;
    }
    char **v = calloc((size_t)n + 1, sizeof *v);
    if (v == NULL) {
        die("out of memory", ENOMEM);
    }
    for (uint32_t i = 0; i < n; i++) {
        v[i] = get_str(r);
        if (r->bad) {
            return NULL;
        }
    }
    return v;
}

/* ---- transport ----------------------------------------------------------------------------- */

static int send_msg(int sock, const struct writer *w, const int *fds, int nfds) {
    struct iovec iov = {.iov_base = out_buf, .iov_len = w->len};
    union {
        char buf[CMSG_SPACE(sizeof(int) * PLANNER_MAX_FDS)];
        struct cmsghdr align;
    } control;
    struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1};
    if (nfds > 0) {
        memset(&control, 0, sizeof control);
        msg.msg_control = control.buf;
        msg.msg_controllen = CMSG_SPACE(sizeof(int) * nfds);
        struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
        c->cmsg_level = SOL_SOCKET;
        c->cmsg_type = SCM_RIGHTS;
        c->cmsg_len = CMSG_LEN(sizeof(int) * nfds);
        memcpy(CMSG_DATA(c), fds, sizeof(int) * nfds);
    }
    ssize_t n;
    do {
        n = sendmsg(sock, &msg, MSG_NOSIGNAL);
    } while (n < 0 && errno == EINTR);
    return n < 0 ? -errno : 0;
}

/* One message into in_buf: its length (0 at end of stream); its fds into fds/nfds. */
static ssize_t recv_msg(int sock, int *fds, int *nfds) {
    struct iovec iov = {.iov_base = in_buf, .iov_len = sizeof in_buf};
    union {
        char buf[CMSG_SPACE(sizeof(int) * PLANNER_MAX_FDS)];
        struct cmsghdr align;
    } control;
    struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = control.buf,
                         .msg_controllen = sizeof control.buf};
    ssize_t n;
    do {
        n = recvmsg(sock, &msg, MSG_CMSG_CLOEXEC);
    } while (n < 0 && errno == EINTR);
    if (n < 0) {
        die("reading from the daemon", errno);
    }
    *nfds = 0;
    for (struct cmsghdr *c = CMSG_FIRSTHDR(&msg); c != NULL; c = CMSG_NXTHDR(&msg, c)) {
        if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS) {
            int k = (int)((c->cmsg_len - CMSG_LEN(0)) / sizeof(int));
            memcpy(fds + *nfds, CMSG_DATA(c), sizeof(int) * k);
            *nfds += k;
        }
    }
    if (msg.msg_flags & (MSG_TRUNC | MSG_CTRUNC)) {
        die("a message from the daemon was longer than " "65536 bytes or carried too many fds", 0);
    }
    return n;
}

/* ---- the JVM path -------------------------------------------------------------------------- */

static void fallback(char **argv) __attribute__((noreturn));
static void fallback(char **argv) {
    /* Benchmarks and tests of the daemon path must not silently measure the JVM path. */
    if (getenv("DRYDOCK_RUNC_REQUIRE_DAEMON") != NULL) {
        const char *sock = getenv("DRYDOCK_RUNC_SOCKET");
        fprintf(stderr, "drydock-runc: no daemon serves %s, and DRYDOCK_RUNC_REQUIRE_DAEMON is set\n",
                sock != NULL && *sock != '\0' ? sock : DEFAULT_SOCKET);
        exit(1);
    }
    char self[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n < 0) {
        die("readlink /proc/self/exe", errno);
    }
    self[n] = '\0';
    char *slash = strrchr(self, '/');
    char path[PATH_MAX + sizeof FALLBACK_NAME];
    snprintf(path, sizeof path, "%.*s/%s", (int)(slash - self), self, FALLBACK_NAME);
    execv(path, argv);
    fprintf(stderr, "drydock-runc: no daemon, and cannot run %s: %s\n", path, strerror(errno));
    exit(1);
}

/* ---- what the daemon asks for -------------------------------------------------------------- */

static void reply(int sock, int32_t result, int32_t status) {
    struct writer w;
    begin(&w, PLANNER_RESULT);
    put_u32(&w, (uint32_t)result);
    put_u32(&w, (uint32_t)status);
    finish(&w);
    int err = send_msg(sock, &w, NULL, 0);
    if (err < 0) {
        die("answering the daemon", -err);
    }
}

/*
 * fork(2) and exec: source fd i onto target i, every other fd closed at exec, signals as a
 * new process has them (as posix_spawn with POSIX_SPAWN_SETSIGDEF/SETSIGMASK on the JVM path).
 * An exec failure comes back on a close-on-exec pipe, so the daemon gets its errno.
 * Returns the pid or -errno.
 */
static int spawn(const char *path, char **argv, char **envp, const int *sources, const int *targets,
                 int n) {
    int top = 2;
    for (int i = 0; i < n; i++) {
        if (targets[i] < 0 || targets[i] >= PLANNER_MAX_FDS + 16) {
            return -EBADF;
        }
        top = targets[i] > top ? targets[i] : top;
    }
    int base = top + 1;
    int ep[2];
    if (pipe2(ep, O_CLOEXEC) < 0) {
        return -errno;
    }
    /* Above every target: no dup2 below may land on the error pipe. */
    int report = fcntl(ep[1], F_DUPFD_CLOEXEC, base);
    close(ep[1]);
    if (report < 0) {
        int err = errno;
        close(ep[0]);
        return -err;
    }
    pid_t pid = fork();
    if (pid < 0) {
        int err = errno;
        close(ep[0]);
        close(report);
        return -err;
    }
    if (pid == 0) {
        int err = 0;
        int high[PLANNER_MAX_FDS];
        /* dup2 in order would clobber a source that is also a lower target: lift them first. */
        for (int i = 0; i < n && err == 0; i++) {
            high[i] = fcntl(sources[i], F_DUPFD_CLOEXEC, base);
            if (high[i] < 0) {
                err = errno;
            }
        }
        for (int i = 0; i < n && err == 0; i++) {
            if (dup2(high[i], targets[i]) < 0) { /* dup2 clears FD_CLOEXEC on the target */
                err = errno;
            }
        }
        for (int fd = 0; fd <= top && err == 0; fd++) {
            int mapped = 0;
            for (int i = 0; i < n; i++) {
                mapped |= targets[i] == fd;
            }
            if (!mapped) {
                close(fd);
            }
        }
        if (err == 0 && syscall(SYS_close_range, base, ~0U, CLOSE_RANGE_CLOEXEC) < 0) {
            err = errno;
        }
        if (err == 0) {
            sigset_t all;
            sigemptyset(&all);
            for (int sig = 1; sig < NSIG; sig++) {
                signal(sig, SIG_DFL); /* fails harmlessly for SIGKILL, SIGSTOP and glibc's own */
            }
            sigprocmask(SIG_SETMASK, &all, NULL);
            execve(path, argv, envp);
            err = errno;
        }
        ssize_t ignored = write(report, &err, sizeof err);
        (void)ignored;
        _exit(127);
    }
    close(report);
    int err = 0;
    ssize_t got;
    do {
        got = read(ep[0], &err, sizeof err);
    } while (got < 0 && errno == EINTR);
    close(ep[0]);
    if (got == (ssize_t)sizeof err) {
        while (waitpid(pid, NULL, 0) < 0 && errno == EINTR) {
        }
        return -err;
    }
    return pid;
}

/* The shim this front end forked last: a wait for it is part of setting up, never the container's. */
static pid_t direct_child = -1;

static void serve_spawn(int sock, struct reader *r, const int *fds, int nfds) {
    char *path = get_str(r);
    char **argv = get_strs(r);
    char **envp = get_strs(r);
    uint32_t n = get_u32(r);
    int targets[PLANNER_MAX_FDS];
    if (!r->bad && n == (uint32_t)nfds && n <= PLANNER_MAX_FDS) {
        for (uint32_t i = 0; i < n; i++) {
            targets[i] = (int32_t)get_u32(r);
        }
    } else {
        r->bad = 1;
    }
    int result = r->bad || r->pos != r->len ? -EPROTO : spawn(path, argv, envp, fds, targets, nfds);
    if (result > 0) {
        direct_child = result;
    }
    for (int i = 0; i < nfds; i++) {
        close(fds[i]);
    }
    reply(sock, result, 0);
}

static volatile sig_atomic_t pending[NSIG];

static void note_signal(int sig) {
    pending[sig] = 1;
}

/*
 * The signals a foreground run passes to the container's init, as runc does: all but those the
 * kernel raises for a fault, SIGCHLD (ours), SIGKILL and SIGSTOP (cannot be caught) and the
 * real-time signals.
 */
static int forwarded(int sig) {
    switch (sig) {
    case SIGKILL: case SIGSTOP: case SIGCHLD: case SIGSEGV: case SIGBUS: case SIGFPE: case SIGILL:
    case SIGTRAP: case SIGSYS: case SIGABRT:
        return 0;
    default:
        return sig < 32;
    }
}

static void serve_wait(int sock, struct reader *r) {
    int32_t pid = (int32_t)get_u32(r);
    int32_t flags = (int32_t)get_u32(r);
    if (r->bad || r->pos != r->len) {
        reply(sock, -EPROTO, 0);
        return;
    }
    /* A blocking wait for a process that is not the shim is a wait for the container (a foreground
     * run or exec): while it lasts, signals sent to this front end go to that process. */
    int forward = (flags & WNOHANG) == 0 && pid > 0 && pid != direct_child;
    struct sigaction old[32];
    if (forward) {
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = note_signal; /* no SA_RESTART: waitpid returns EINTR */
        sigemptyset(&sa.sa_mask);
        for (int s = 1; s < 32; s++) {
            if (forwarded(s)) {
                sigaction(s, &sa, &old[s]);
            }
        }
    }
    int status = 0;
    pid_t got;
    for (;;) {
        for (int s = 1; forward && s < 32; s++) {
            if (pending[s]) {
                pending[s] = 0;
                kill(pid, s);
            }
        }
        got = waitpid(pid, &status, flags);
        if (got >= 0 || errno != EINTR) {
            break;
        }
    }
    int saved = errno;
    if (forward) {
        for (int s = 1; s < 32; s++) {
            if (forwarded(s)) {
                sigaction(s, &old[s], NULL);
            }
        }
    }
    reply(sock, got < 0 ? -saved : got, status);
}

/* ---- the call ------------------------------------------------------------------------------ */

/* How many fds --preserve-fds asks for (a bad number is the daemon's to report). */
static long preserved_fds(int argc, char **argv) {
    long n = 0;
    for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++) {
        const char *v = NULL;
        if (strcmp(argv[i], "--preserve-fds") == 0 && i + 1 < argc) {
            v = argv[++i];
        } else if (strncmp(argv[i], "--preserve-fds=", 15) == 0) {
            v = argv[i] + 15;
        }
        if (v != NULL) {
            char *end;
            long k = strtol(v, &end, 10);
            n = (*end == '\0' && k > 0) ? k : 0;
        }
    }
    return n;
}

int main(int argc, char **argv) {
    extern char **environ;
    const char *path = getenv("DRYDOCK_RUNC_SOCKET");
    if (path == NULL || *path == '\0') {
        path = DEFAULT_SOCKET;
    }
    long preserved = preserved_fds(argc, argv);
    if (getenv("DRYDOCK_RUNC_JVM") != NULL || preserved > MAX_PRESERVED || strlen(path) >= 108) {
        fallback(argv);
    }
    int sock = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
    if (sock < 0) {
        fallback(argv);
    }
    struct sockaddr_un addr = {.sun_family = AF_UNIX};
    memcpy(addr.sun_path, path, strlen(path));
    if (connect(sock, (struct sockaddr *)&addr, sizeof addr) < 0) {
        close(sock);
        fallback(argv); /* no daemon (ENOENT, ECONNREFUSED) or not ours to use (EACCES) */
    }

    struct writer w;
    begin(&w, PLANNER_REQUEST);
    put_u32(&w, (uint32_t)(argc - 1));
    for (int i = 1; i < argc; i++) {
        put_str(&w, argv[i]);
    }
    char cwd[PATH_MAX];
    if (getcwd(cwd, sizeof cwd) == NULL) {
        die("getcwd", errno);
    }
    put_str(&w, cwd);
    uint32_t nenv = 0;
    for (char **e = environ; *e != NULL; e++) {
        nenv += strncmp(*e, "DRYDOCK_", 8) == 0;
    }
    put_u32(&w, nenv);
    for (char **e = environ; *e != NULL; e++) {
        if (strncmp(*e, "DRYDOCK_", 8) == 0) {
            put_str(&w, *e);
        }
    }
    finish(&w);
    if (w.overflow) {
        close(sock);
        fallback(argv); /* a command line longer than a message: the JVM path takes any length */
    }
    /* A closed stdio fd cannot be passed; the process gets /dev/null there instead. */
    int fds[PLANNER_MAX_FDS];
    int nfds = 3 + (int)preserved;
    for (int i = 0; i < nfds; i++) {
        fds[i] = i;
        if (fcntl(i, F_GETFD) < 0) {
            fds[i] = open("/dev/null", O_RDWR | O_CLOEXEC);
            if (fds[i] < 0) {
                die("open /dev/null", errno);
            }
        }
    }
    int err = send_msg(sock, &w, fds, nfds);
    if (err < 0) {
        close(sock);
        fallback(argv); /* the daemon went away before it saw the call */
    }
    for (int i = 0; i < nfds; i++) {
        if (fds[i] != i) {
            close(fds[i]);
        }
    }

    for (;;) {
        int got[PLANNER_MAX_FDS];
        int ngot = 0;
        ssize_t n = recv_msg(sock, got, &ngot);
        if (n == 0) {
            die("the daemon closed the connection before the command finished", 0);
        }
        struct reader r = {.buf = in_buf, .len = (size_t)n};
        uint32_t version = get_u32(&r);
        uint32_t tag = get_u32(&r);
        uint32_t length = get_u32(&r);
        if (r.bad || version != PLANNER_VERSION || length != n - PLANNER_HEADER_BYTES) {
            fprintf(stderr, "drydock-runc: bad message from the daemon (version %u, tag %u, %u of %zd bytes)\n",
                    version, tag, length, n - PLANNER_HEADER_BYTES);
            exit(1);
        }
        if (tag != PLANNER_SPAWN && ngot > 0) {
            die("the daemon passed fds with a message that takes none", 0);
        }
        switch (tag) {
        case PLANNER_SPAWN:
            serve_spawn(sock, &r, got, ngot);
            break;
        case PLANNER_WAIT:
            serve_wait(sock, &r);
            break;
        case PLANNER_SUBREAPER:
            reply(sock, prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) < 0 ? -errno : 0, 0);
            break;
        case PLANNER_EXIT: {
            int32_t code = (int32_t)get_u32(&r);
            if (r.bad) {
                die("bad exit message from the daemon", 0);
            }
            exit(code);
        }
        case PLANNER_FALLBACK:
            close(sock);
            fallback(argv);
        default:
            fprintf(stderr, "drydock-runc: unknown message %u from the daemon\n", tag);
            exit(1);
        }
    }
}
