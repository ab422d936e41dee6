/*
 * drydock init plan: the wire format between Java (PlanEncoder) and the shim.
 *
 * This header is the single source of truth for the numbers below; the Java enums
 * (PlanTag, SyncMessage, InitPlan.SeccompAction/SeccompOp, ...) are checked against it by
 * PlanTagTest, which parses the "DD_<FAMILY>_<NAME> = <number>" lines.
 *
 * Layout (all integers little-endian):
 *   u32 magic (DD_PLAN_MAGIC), u32 version (DD_PLAN_VERSION),
 *   then records: u16 tag, u32 length, length bytes of value.
 * Values: u32 / u64 / i32 as fixed-size integers; strings as UTF-8 bytes without a NUL;
 * nested records (MOUNT, DEVICE, ...) hold a sequence of records. Repeated tags keep order.
 */
#ifndef DRYDOCK_PLAN_H
#define DRYDOCK_PLAN_H

#define DD_PLAN_MAGIC 0x50444444u /* "DDDP" read as a little-endian u32 */
#define DD_PLAN_VERSION 1u

enum dd_tag {
	DD_TAG_MODE = 1,               /* u32: DD_MODE_* */
	DD_TAG_NS_CREATE = 2,          /* u64: CLONE_NEW* flags OR'ed */
	DD_TAG_NS_JOIN = 3,            /* nested: NS_TYPE, NS_PATH; in join order */
	DD_TAG_NS_TYPE = 4,            /* u64: one CLONE_NEW* flag */
	DD_TAG_NS_PATH = 5,            /* string: host path of the ns file */
	DD_TAG_WAIT_ID_MAPS = 6,       /* u32 bool */
	DD_TAG_ROOTFS = 7,             /* string: host path */
	DD_TAG_ROOT_READONLY = 8,      /* u32 bool */
	DD_TAG_ROOTFS_PROPAGATION = 9, /* u64: MS_* */
	DD_TAG_MOUNT = 10,             /* nested: MOUNT_* */
	DD_TAG_MOUNT_SOURCE = 11,      /* string */
	DD_TAG_MOUNT_TARGET = 12,      /* string, inside the container */
	DD_TAG_MOUNT_FSTYPE = 13,      /* string */
	DD_TAG_MOUNT_FLAGS = 14,       /* u64 */
	DD_TAG_MOUNT_DATA = 15,        /* string */
	DD_TAG_MOUNT_PROPAGATION = 16, /* u64 */
	DD_TAG_MOUNT_CREATE = 17,      /* u32: DD_CREATE_* */
	DD_TAG_DEVICE = 20,            /* nested: DEVICE_* */
	DD_TAG_DEVICE_PATH = 21,       /* string */
	DD_TAG_DEVICE_TYPE = 22,       /* u32: 'c', 'b', 'u', 'p' */
	DD_TAG_DEVICE_MAJOR = 23,      /* u64 */
	DD_TAG_DEVICE_MINOR = 24,      /* u64 */
	DD_TAG_DEVICE_MODE = 25,       /* u32: permission bits */
	DD_TAG_DEVICE_UID = 26,        /* u32 */
	DD_TAG_DEVICE_GID = 27,        /* u32 */
	DD_TAG_DEVICE_BIND = 28,       /* u32 bool */
	DD_TAG_SYMLINK = 30,           /* nested: SYMLINK_* */
	DD_TAG_SYMLINK_TARGET = 31,    /* string */
	DD_TAG_SYMLINK_PATH = 32,      /* string */
	DD_TAG_MASKED_PATH = 35,       /* string, repeated */
	DD_TAG_READONLY_PATH = 36,     /* string, repeated */
	DD_TAG_HOSTNAME = 40,          /* string */
	DD_TAG_DOMAINNAME = 41,        /* string */
	DD_TAG_SYSCTL = 42,            /* nested: SYSCTL_* */
	DD_TAG_SYSCTL_KEY = 43,        /* string */
	DD_TAG_SYSCTL_VALUE = 44,      /* string */
	DD_TAG_RLIMIT = 45,            /* nested: RLIMIT_* */
	DD_TAG_RLIMIT_RESOURCE = 46,   /* u32 */
	DD_TAG_RLIMIT_SOFT = 47,       /* u64 */
	DD_TAG_RLIMIT_HARD = 48,       /* u64 */
	DD_TAG_ARG = 50,               /* string, repeated in order */
	DD_TAG_ENV = 51,               /* string, repeated */
	DD_TAG_CWD = 52,               /* string */
	DD_TAG_UID = 53,               /* u32 */
	DD_TAG_GID = 54,               /* u32 */
	DD_TAG_ADDITIONAL_GID = 55,    /* u32, repeated */
	DD_TAG_UMASK = 56,             /* u32; absent = leave */
	DD_TAG_NO_NEW_PRIVS = 57,      /* u32 bool */
	DD_TAG_OOM_SCORE_ADJ = 58,     /* i32; absent = leave */
	DD_TAG_CAP_BOUNDING = 59,      /* u64 mask */
	DD_TAG_CAP_EFFECTIVE = 60,     /* u64 mask */
	DD_TAG_CAP_INHERITABLE = 61,   /* u64 mask */
	DD_TAG_CAP_PERMITTED = 62,     /* u64 mask */
	DD_TAG_CAP_AMBIENT = 63,       /* u64 mask */
	DD_TAG_SECCOMP = 70,           /* nested: SECCOMP_* */
	DD_TAG_SECCOMP_DEFAULT_ACTION = 71, /* u32: DD_SCMP_ACT_* */
	DD_TAG_SECCOMP_DEFAULT_ERRNO = 72,  /* u32 */
	DD_TAG_SECCOMP_ARCH = 73,      /* string, repeated: libseccomp arch name */
	DD_TAG_SECCOMP_RULE = 74,      /* nested: RULE_* */
	DD_TAG_RULE_NAME = 75,         /* string, repeated */
	DD_TAG_RULE_ACTION = 76,       /* u32: DD_SCMP_ACT_* */
	DD_TAG_RULE_ERRNO = 77,        /* u32 */
	DD_TAG_RULE_ARG = 78,          /* nested: ARG_* */
	DD_TAG_ARG_INDEX = 79,         /* u32 */
	DD_TAG_ARG_VALUE = 80,         /* u64 */
	DD_TAG_ARG_VALUE_TWO = 81,     /* u64 */
	DD_TAG_ARG_OP = 82,            /* u32: DD_SCMP_CMP_* */
	DD_TAG_TERMINAL = 85,          /* u32 bool */
	DD_TAG_CONSOLE_SOCKET = 86,    /* string: host path */
	DD_TAG_EXEC_FIFO = 87,         /* string: host path */
	DD_TAG_HOOK = 90,              /* nested: HOOK_*; in order */
	DD_TAG_HOOK_KIND = 91,         /* u32: DD_HOOK_* */
	DD_TAG_HOOK_PATH = 92,         /* string */
	DD_TAG_HOOK_ARG = 93,          /* string, repeated in order */
	DD_TAG_HOOK_ENV = 94,          /* string, repeated */
	DD_TAG_HOOK_TIMEOUT = 95,      /* u32 seconds; absent or 0 = none */
	DD_TAG_CGROUP_DIR = 96,        /* string: host path of the container's cgroup v2 directory
	                                * (CREATE): stage 0 clones the child straight into it */
};

/* OCI hooks the shim runs itself, with the state JSON Java sent along with GO on stdin. */
enum dd_hook_kind {
	DD_HOOK_CREATE_CONTAINER = 1,  /* after the mounts, before pivot_root; path on the host */
	DD_HOOK_START_CONTAINER = 2,   /* after start, before execve; path in the container */
};

enum dd_mode {
	DD_MODE_CREATE = 1,
	DD_MODE_EXEC = 2,
};

enum dd_create {
	DD_CREATE_NONE = 0,
	DD_CREATE_DIRECTORY = 1,
	DD_CREATE_FILE = 2,
};

enum dd_scmp_act {
	DD_SCMP_ACT_KILL_THREAD = 1,
	DD_SCMP_ACT_KILL_PROCESS = 2,
	DD_SCMP_ACT_TRAP = 3,
	DD_SCMP_ACT_ERRNO = 4,
	DD_SCMP_ACT_TRACE = 5,
	DD_SCMP_ACT_ALLOW = 6,
	DD_SCMP_ACT_LOG = 7,
};

/* Same numbers as libseccomp's enum scmp_compare. */
enum dd_scmp_cmp {
	DD_SCMP_CMP_NE = 1,
	DD_SCMP_CMP_LT = 2,
	DD_SCMP_CMP_LE = 3,
	DD_SCMP_CMP_EQ = 4,
	DD_SCMP_CMP_GE = 5,
	DD_SCMP_CMP_GT = 6,
	DD_SCMP_CMP_MASKED_EQ = 7,
};

/*
 * Sync socket (AF_UNIX SOCK_SEQPACKET) messages: struct dd_sync, 8 bytes little-endian.
 * shim -> Java: CHILD_PID (value = host pid), CHILD_PID_IN_CGROUP (the same, and the child was
 * born in the plan's CGROUP_DIR by clone3 with CLONE_INTO_CGROUP), READY (CREATE: blocked on
 * the fifo next).
 * Java -> shim: GO (value = length of the state JSON that follows the 8 bytes in the same
 * message, for the createContainer hooks; the rest of the message is the state JSON for the
 * startContainer hooks; both empty when there are no hooks). Errors travel on the log fd, never here; EOF on the socket
 * means the child exec'd (it is close-on-exec) or died.
 */
enum dd_sync_type {
	DD_SYNC_CHILD_PID = 1,
	DD_SYNC_GO = 2,
	DD_SYNC_READY = 3,
	DD_SYNC_CHILD_PID_IN_CGROUP = 4,
};

struct dd_sync {
	unsigned int type;
	int value;
};

#endif
