package io.drydock.runtime.process;

/**
 * The record tags of the init plan's wire format. The C header {@code src/main/c/plan.h} is the
 * source of truth; {@code PlanTagTest} checks this enum equals its {@code DD_TAG_*} values.
 */
public enum PlanTag {
  /** u32: DD_MODE_* */
  MODE(1),
  /** u64: CLONE_NEW* flags OR'ed */
  NS_CREATE(2),
  /** nested: NS_TYPE, NS_PATH; in join order */
  NS_JOIN(3),
  /** u64: one CLONE_NEW* flag */
  NS_TYPE(4),
  /** string: host path of the ns file */
  NS_PATH(5),
  /** u32 bool */
  WAIT_ID_MAPS(6),
  /** string: host path */
  ROOTFS(7),
  /** u32 bool */
  ROOT_READONLY(8),
  /** u64: MS_* */
  ROOTFS_PROPAGATION(9),
  /** nested: MOUNT_* */
  MOUNT(10),
  /** string */
  MOUNT_SOURCE(11),
  /** string, inside the container */
  MOUNT_TARGET(12),
  /** string */
  MOUNT_FSTYPE(13),
  /** u64 */
  MOUNT_FLAGS(14),
  /** string */
  MOUNT_DATA(15),
  /** u64 */
  MOUNT_PROPAGATION(16),
  /** u32: DD_CREATE_* */
  MOUNT_CREATE(17),
  /** nested: DEVICE_* */
  DEVICE(20),
  /** string */
  DEVICE_PATH(21),
  /** u32: 'c', 'b', 'u', 'p' */
  DEVICE_TYPE(22),
  /** u64 */
  DEVICE_MAJOR(23),
  /** u64 */
  DEVICE_MINOR(24),
  /** u32: permission bits */
  DEVICE_MODE(25),
  /** u32 */
  DEVICE_UID(26),
  /** u32 */
  DEVICE_GID(27),
  /** u32 bool */
  DEVICE_BIND(28),
  /** nested: SYMLINK_* */
  SYMLINK(30),
  /** string */
  SYMLINK_TARGET(31),
  /** string */
  SYMLINK_PATH(32),
  /** string, repeated */
  MASKED_PATH(35),
  /** string, repeated */
  READONLY_PATH(36),
  /** string */
  HOSTNAME(40),
  /** string */
  DOMAINNAME(41),
  /** nested: SYSCTL_* */
  SYSCTL(42),
  /** string */
  SYSCTL_KEY(43),
  /** string */
  SYSCTL_VALUE(44),
  /** nested: RLIMIT_* */
  RLIMIT(45),
  /** u32 */
  RLIMIT_RESOURCE(46),
  /** u64 */
  RLIMIT_SOFT(47),
  /** u64 */
  RLIMIT_HARD(48),
  /** string, repeated in order */
  ARG(50),
  /** string, repeated */
  ENV(51),
  /** string */
  CWD(52),
  /** u32 */
  UID(53),
  /** u32 */
  GID(54),
  /** u32, repeated */
  ADDITIONAL_GID(55),
  /** u32; absent = leave */
  UMASK(56),
  /** u32 bool */
  NO_NEW_PRIVS(57),
  /** i32; absent = leave */
  OOM_SCORE_ADJ(58),
  /** u64 mask */
  CAP_BOUNDING(59),
  /** u64 mask */
  CAP_EFFECTIVE(60),
  /** u64 mask */
  CAP_INHERITABLE(61),
  /** u64 mask */
  CAP_PERMITTED(62),
  /** u64 mask */
  CAP_AMBIENT(63),
  /** nested: SECCOMP_* */
  SECCOMP(70),
  /** u32: DD_SCMP_ACT_* */
  SECCOMP_DEFAULT_ACTION(71),
  /** u32 */
  SECCOMP_DEFAULT_ERRNO(72),
  /** string, repeated: libseccomp arch name */
  SECCOMP_ARCH(73),
  /** nested: RULE_* */
  SECCOMP_RULE(74),
  /** string, repeated */
  RULE_NAME(75),
  /** u32: DD_SCMP_ACT_* */
  RULE_ACTION(76),
  /** u32 */
  RULE_ERRNO(77),
  /** nested: ARG_* */
  RULE_ARG(78),
  /** u32 */
  ARG_INDEX(79),
  /** u64 */
  ARG_VALUE(80),
  /** u64 */
  ARG_VALUE_TWO(81),
  /** u32: DD_SCMP_CMP_* */
  ARG_OP(82),
  /** u32 bool */
  TERMINAL(85),
  /** string: host path */
  CONSOLE_SOCKET(86),
  /** string: host path */
  EXEC_FIFO(87),
  /** nested: HOOK_*; in order */
  HOOK(90),
  /** u32: DD_HOOK_* */
  HOOK_KIND(91),
  /** string */
  HOOK_PATH(92),
  /** string, repeated in order */
  HOOK_ARG(93),
  /** string, repeated */
  HOOK_ENV(94),
  /** u32 seconds; absent or 0 = none */
  HOOK_TIMEOUT(95),
  /** string: host path of the container's cgroup v2 directory (CREATE): stage 0 clones the child
   * straight into it */
  CGROUP_DIR(96);

  private final int code;

  PlanTag(int code) {
    this.code = code;
  }

  /** @return the tag's number on the wire (a u16) */
  public int code() {
    return code;
  }
}
