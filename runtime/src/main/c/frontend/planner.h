/*
 * The planner protocol between drydock-runc's native front end (frontend.c) and the daemon
 * (io.drydock.runtime.planner). This header is the one source of truth for its numbers;
 * PlannerProtocolTest checks that the Java side agrees.
 *
 * The front end connects to the daemon's AF_UNIX SOCK_SEQPACKET socket and sends one REQUEST
 * with its stdio (and --preserve-fds) fds attached; the daemon runs the command and, whenever
 * the work must happen in the caller's process tree, asks the front end to do it (SPAWN the shim,
 * WAIT for a descendant, become a SUBREAPER), each answered by one RESULT; EXIT ends the call.
 *
 * Every message is one SOCK_SEQPACKET datagram: a header of three u32 (version, tag, payload
 * length), then the payload; fds travel in one SCM_RIGHTS control message (unix(7)). Integers
 * are 32-bit little-endian; a string is its byte length then its bytes (no NUL); a list is its
 * count then its items.
 */
#ifndef DRYDOCK_PLANNER_H
#define DRYDOCK_PLANNER_H

#define PLANNER_VERSION 1
#define PLANNER_HEADER_BYTES 12
/* The largest message either side sends or accepts, header included. */
#define PLANNER_MAX_MESSAGE 65536
/* stdin, stdout, stderr and at most 64 preserved fds (the shim's limit). */
#define PLANNER_MAX_FDS 67

/* front end -> daemon */
/* list of strings args (argv without argv[0]), string cwd, list of strings env ("K=V", only
 * DRYDOCK_*); fds: 0, 1, 2, then 3.. for --preserve-fds. */
#define PLANNER_REQUEST 1
/* i32 result (a pid, 0, or -errno), i32 status (waitpid's status word, else 0). */
#define PLANNER_RESULT 2

/* daemon -> front end */
/* string path, list of strings argv, list of strings envp, list of i32 targets; fds: one source
 * per target. The front end forks, dup2s source i onto target i, execs; answers RESULT pid. */
#define PLANNER_SPAWN 16
/* i32 pid, i32 flags: waitpid(2) in the front end; answers RESULT pid, status. */
#define PLANNER_WAIT 17
/* prctl(PR_SET_CHILD_SUBREAPER) in the front end; answers RESULT 0. */
#define PLANNER_SUBREAPER 18
/* i32 code: the command's exit code; the front end exits with it. */
#define PLANNER_EXIT 19
/* string reason: the daemon cannot serve this call (e.g. another protocol version); the front
 * end runs the command in its own JVM instead. */
#define PLANNER_FALLBACK 20

#endif
