package io.drydock.runtime.process;

import static io.drydock.runtime.process.ContainerPaths.requireContained;
import static io.drydock.runtime.process.ContainerPaths.requireNoNul;

import io.drydock.runtime.sys.MountFlags;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Everything the init shim does for one container process, fully resolved by Java: the shim
 * interprets it in order and makes no decisions. Paths named "host" are on the host; every other
 * path is inside the container (absolute, no {@code ..}).
 *
 * <p>Build one with {@link #builder(Mode)}. {@link PlanEncoder} turns it into the versioned
 * binary form the shim reads.
 *
 * @param mode CREATE a new container, or EXEC a process into a running one
 * @param createNamespaces namespaces the shim's child is cloned into (CREATE; MOUNT required);
 *     CGROUP is unshared by the child after "go", so its root is the cgroup Java put it in
 * @param joinNamespaces namespaces to setns(2) into first, by their /proc/PID/ns/* (or bind-mounted)
 *     host path; the user namespace is joined first
 * @param waitForIdMaps Java writes uid_map/gid_map before "go"; the child then makes itself
 *     uid/gid 0 of its new user namespace
 * @param rootfs the root filesystem and what to mount in it; null in EXEC mode
 * @param hostname sethostname(2) value, or null to leave it
 * @param domainname setdomainname(2) value, or null to leave it
 * @param sysctls written to /proc/sys in the container, in order (key with dots)
 * @param rlimits setrlimit(2) values, in order
 * @param process the process to execve and its credentials
 * @param seccomp the filter to load, or null for none
 * @param consoleSocket host path of the AF_UNIX socket that receives the pty master (only when
 *     {@code process.terminal()}), else null
 * @param execFifo host path of the exec fifo the child blocks on (CREATE only, else null)
 * @param hooks OCI createContainer/startContainer hooks the shim runs itself (CREATE only), in
 *     order; they read the state JSONs given to {@link ShimProcess#proceed(String, String)}
 * @param cgroupDir host path of the container's cgroup v2 directory, which exists: the shim clones
 *     the child straight into it where the kernel can (clone3 with CLONE_INTO_CGROUP, Linux 5.7)
 *     and says whether it did ({@link ShimProcess#childBornInCgroup()}); null to clone it where
 *     the first stage is
 */
public record InitPlan(
    Mode mode,
    Set<NamespaceType> createNamespaces,
    Map<NamespaceType, Path> joinNamespaces,
    boolean waitForIdMaps,
    Rootfs rootfs,
    String hostname,
    String domainname,
    Map<String, String> sysctls,
    List<Rlimit> rlimits,
    ProcessSpec process,
    Seccomp seccomp,
    Path consoleSocket,
    Path execFifo,
    List<Hook> hooks,
    Path cgroupDir) {

  /** The plan format version; the shim refuses any other. */
  public static final int VERSION = 1;

  /** What the shim is asked to do. */
  public enum Mode {
    /** Clone into new namespaces, set up the rootfs, wait on the exec fifo, execve. */
    CREATE(1),
    /** Join a running container's namespaces, fork, execve. */
    EXEC(2);

    private final int code;

    Mode(int code) {
      this.code = code;
    }

    /** @return the value on the wire */
    public int code() {
      return code;
    }
  }

  public InitPlan {
    Objects.requireNonNull(mode, "mode");
    createNamespaces =
        createNamespaces == null || createNamespaces.isEmpty()
            ? Set.of()
            : Set.copyOf(EnumSet.copyOf(createNamespaces));
    joinNamespaces = joinNamespaces == null ? Map.of() : Map.copyOf(joinNamespaces);
    for (NamespaceType t : joinNamespaces.keySet()) {
      if (createNamespaces.contains(t)) {
        throw new IllegalArgumentException(
            "namespaces: " + t + " is both created and joined (" + joinNamespaces.get(t) + ")");
      }
    }
    sysctls = sysctls == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(sysctls));
    for (Map.Entry<String, String> e : sysctls.entrySet()) {
      if (e.getKey().isEmpty() || e.getKey().contains("/") || e.getKey().contains("..")) {
        throw new IllegalArgumentException("sysctls: bad key '" + e.getKey() + "'");
      }
      requireNoNul(e.getValue(), "sysctls." + e.getKey());
    }
    rlimits = rlimits == null ? List.of() : List.copyOf(rlimits);
    Objects.requireNonNull(process, "process");
    requireNoNul(hostname, "hostname");
    requireNoNul(domainname, "domainname");
    if (mode == Mode.CREATE) {
      Objects.requireNonNull(rootfs, "rootfs: required in CREATE mode");
      Objects.requireNonNull(execFifo, "execFifo: required in CREATE mode");
      // pivot_root in a shared (the host's) mount namespace would move the host's root
      if (!createNamespaces.contains(NamespaceType.MOUNT)) {
        throw new IllegalArgumentException(
            "createNamespaces: CREATE needs a new MOUNT namespace (pivot_root happens in it)");
      }
    } else {
      if (rootfs != null) {
        throw new IllegalArgumentException("rootfs: must be null in EXEC mode");
      }
      if (execFifo != null) {
        throw new IllegalArgumentException("execFifo: must be null in EXEC mode");
      }
      if (!createNamespaces.isEmpty()) {
        throw new IllegalArgumentException("createNamespaces: must be empty in EXEC mode");
      }
    }
    hooks = hooks == null ? List.of() : List.copyOf(hooks);
    if (mode == Mode.EXEC && !hooks.isEmpty()) {
      throw new IllegalArgumentException("hooks: only run in CREATE mode");
    }
    if (process.terminal() && consoleSocket == null) {
      throw new IllegalArgumentException("consoleSocket: required when process.terminal is set");
    }
    if (!process.terminal() && consoleSocket != null) {
      throw new IllegalArgumentException("consoleSocket: set but process.terminal is false");
    }
    if (cgroupDir != null && !cgroupDir.isAbsolute()) {
      throw new IllegalArgumentException("cgroupDir: must be an absolute host path, got '" + cgroupDir + "'");
    }
    if (cgroupDir != null) {
      requireNoNul(cgroupDir.toString(), "cgroupDir");
    }
  }

  /** The same plan with the child cloned straight into the cgroup v2 directory {@code dir}. */
  public InitPlan withCgroupDir(Path dir) {
    return new InitPlan(mode, createNamespaces, joinNamespaces, waitForIdMaps, rootfs, hostname,
        domainname, sysctls, rlimits, process, seccomp, consoleSocket, execFifo, hooks, dir);
  }

  /** @return {@link #VERSION} */
  public int version() {
    return VERSION;
  }

  /** @return a builder for a plan of {@code mode} */
  public static Builder builder(Mode mode) {
    return new Builder(mode);
  }

  /**
   * The container's root filesystem and what the shim does to it before and after pivot_root.
   *
   * @param hostPath the rootfs directory on the host (bind-mounted onto itself, then pivoted to)
   * @param readonly remount / read-only after every other mount
   * @param propagation MS_* flags applied to / first, with MS_REC (e.g. MS_SLAVE|MS_REC, runc's
   *     default), so no mount made in the container propagates to the host; required
   * @param mounts done in order, before pivot_root
   * @param devices made in order after the mounts
   * @param symlinks made after the devices (e.g. /dev/fd -> /proc/self/fd)
   * @param maskedPaths covered after pivot_root: /dev/null bound over files, an empty read-only
   *     tmpfs over directories; missing paths are skipped
   * @param readonlyPaths bind-mounted onto themselves read-only after pivot_root; missing skipped
   */
  public record Rootfs(
      Path hostPath,
      boolean readonly,
      long propagation,
      List<MountOp> mounts,
      List<DeviceNode> devices,
      List<DevSymlink> symlinks,
      List<String> maskedPaths,
      List<String> readonlyPaths) {
    public Rootfs {
      Objects.requireNonNull(hostPath, "rootfs.hostPath");
      if ((propagation & MountFlags.PROPAGATION_MASK) == 0) {
        // Left shared, every mount the shim makes would also appear on the host.
        throw new IllegalArgumentException("rootfs.propagation: required, e.g. MS_SLAVE|MS_REC"
            + " (runc's default), got " + propagation);
      }
      if (!hostPath.isAbsolute()) {
        throw new IllegalArgumentException("rootfs.hostPath: must be absolute, got " + hostPath);
      }
      mounts = mounts == null ? List.of() : List.copyOf(mounts);
      devices = devices == null ? List.of() : List.copyOf(devices);
      symlinks = symlinks == null ? List.of() : List.copyOf(symlinks);
      maskedPaths = maskedPaths == null ? List.of() : List.copyOf(maskedPaths);
      readonlyPaths = readonlyPaths == null ? List.of() : List.copyOf(readonlyPaths);
      maskedPaths.forEach(p -> requireContained(p, "rootfs.maskedPaths"));
      readonlyPaths.forEach(p -> requireContained(p, "rootfs.readonlyPaths"));
    }
  }

  /** What to create at a mount target that does not exist yet. */
  public enum CreateTarget {
    /** Nothing: a missing target is an error. */
    NONE(0),
    /** mkdir, and every missing parent. */
    DIRECTORY(1),
    /** An empty regular file, and every missing parent directory (bind mounts of files). */
    FILE(2);

    private final int code;

    CreateTarget(int code) {
      this.code = code;
    }

    /** @return the value on the wire */
    public int code() {
      return code;
    }
  }

  /**
   * One mount(2), onto a target resolved beneath the rootfs. A bind mount whose flags carry more
   * than MS_BIND|MS_REC is followed by a remount (MS_REMOUNT|MS_BIND|flags), since the kernel
   * ignores those flags on the first call; a non-zero {@code propagation} is applied after.
   *
   * @param source the host path for bind mounts, else the device/fs name (e.g. "proc"); may be null
   * @param target the mount point inside the container
   * @param fstype e.g. "proc", "tmpfs", or null for bind mounts
   * @param flags MS_* flags (see {@code io.drydock.runtime.sys.MountFlags}), without propagation
   * @param data the fs-specific options string, or null
   * @param propagation MS_SHARED/MS_PRIVATE/MS_SLAVE/MS_UNBINDABLE (| MS_REC), or 0
   * @param createTarget what to create if the target is missing
   */
  public record MountOp(
      String source,
      String target,
      String fstype,
      long flags,
      String data,
      long propagation,
      CreateTarget createTarget) {
    public MountOp {
      requireContained(target, "mount.target");
      requireNoNul(source, "mount.source");
      requireNoNul(fstype, "mount.fstype");
      requireNoNul(data, "mount.data");
      Objects.requireNonNull(createTarget, "mount.createTarget");
    }
  }

  /**
   * A device node in the container.
   *
   * @param path inside the container, e.g. /dev/null
   * @param type 'c' or 'u' (char), 'b' (block), 'p' (fifo)
   * @param fileMode permission bits (e.g. 0666)
   * @param bindFromHost bind-mount the host's node at the same path instead of mknod(2): mknod of
   *     devices is refused inside a user namespace
   */
  public record DeviceNode(
      String path, char type, long major, long minor, int fileMode, int uid, int gid,
      boolean bindFromHost) {
    public DeviceNode {
      requireContained(path, "device.path");
      if ("cbup".indexOf(type) < 0) {
        throw new IllegalArgumentException(
            "device.type: must be one of c, b, u, p, got '" + type + "' for " + path);
      }
      if ((fileMode & ~07777) != 0) {
        throw new IllegalArgumentException("device.fileMode: not permission bits: " + fileMode);
      }
    }
  }

  /**
   * A symbolic link made in the container, e.g. /dev/fd -> /proc/self/fd.
   *
   * @param target what the link points to (stored as is)
   * @param path the link itself, inside the container
   */
  public record DevSymlink(String target, String path) {
    public DevSymlink {
      requireNoNul(Objects.requireNonNull(target, "symlink.target"), "symlink.target");
      requireContained(path, "symlink.path");
    }
  }

  /**
   * One setrlimit(2).
   *
   * @param resource RLIMIT_* number (sys/resource.h: RLIMIT_NOFILE = 7, ...)
   * @param soft the soft limit (-1 = RLIM_INFINITY)
   * @param hard the hard limit (-1 = RLIM_INFINITY)
   */
  public record Rlimit(int resource, long soft, long hard) {
    public Rlimit {
      if (resource < 0 || resource > 15) {
        throw new IllegalArgumentException("rlimit.resource: unknown RLIMIT number " + resource);
      }
      if (Long.compareUnsigned(soft, hard) > 0) {
        throw new IllegalArgumentException(
            "rlimit " + resource + ": soft " + soft + " exceeds hard " + hard);
      }
    }
  }

  /**
   * The five capability sets as bit masks (bit N = capability number N, capability(7)).
   * Capabilities beyond the kernel's cap_last_cap are ignored by the shim.
   */
  public record Capabilities(
      long bounding, long effective, long inheritable, long permitted, long ambient) {
    /** @return every set empty */
    public static Capabilities none() {
      return new Capabilities(0, 0, 0, 0, 0);
    }

    /** @return every set full except ambient (what a privileged runc container gets) */
    public static Capabilities all() {
      return new Capabilities(-1L, -1L, -1L, -1L, 0);
    }
  }

  /**
   * The process the shim execve's and how it runs.
   *
   * @param args argv; args[0] without a slash is searched in the PATH of {@code env} (or
   *     /usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin when env has none)
   * @param env the environment, "KEY=value"
   * @param cwd working directory inside the container
   * @param uid setresuid(2) value
   * @param gid setresgid(2) value
   * @param additionalGids setgroups(2) list (empty clears the groups)
   * @param umask umask(2) value, or null to leave it
   * @param noNewPrivileges prctl(PR_SET_NO_NEW_PRIVS)
   * @param oomScoreAdj written to /proc/self/oom_score_adj, or null to leave it
   * @param capabilities the five sets
   * @param terminal give the process a pty from the container's devpts (needs consoleSocket)
   */
  public record ProcessSpec(
      List<String> args,
      List<String> env,
      String cwd,
      int uid,
      int gid,
      List<Integer> additionalGids,
      Integer umask,
      boolean noNewPrivileges,
      Integer oomScoreAdj,
      Capabilities capabilities,
      boolean terminal) {
    public ProcessSpec {
      args = List.copyOf(Objects.requireNonNull(args, "process.args"));
      if (args.isEmpty() || args.get(0).isEmpty()) {
        throw new IllegalArgumentException("process.args: at least args[0] is required");
      }
      args.forEach(a -> requireNoNul(a, "process.args"));
      env = env == null ? List.of() : List.copyOf(env);
      for (String e : env) {
        requireNoNul(e, "process.env");
        if (e.indexOf('=') <= 0) {
          throw new IllegalArgumentException("process.env: not KEY=value: '" + e + "'");
        }
      }
      requireContained(cwd == null ? "/" : cwd, "process.cwd");
      cwd = cwd == null ? "/" : cwd;
      additionalGids = additionalGids == null ? List.of() : List.copyOf(additionalGids);
      if (umask != null && (umask & ~0777) != 0) {
        throw new IllegalArgumentException("process.umask: not permission bits: " + umask);
      }
      if (oomScoreAdj != null && (oomScoreAdj < -1000 || oomScoreAdj > 1000)) {
        throw new IllegalArgumentException(
            "process.oomScoreAdj: must be in [-1000, 1000], got " + oomScoreAdj);
      }
      capabilities = capabilities == null ? Capabilities.none() : capabilities;
    }

    /** @return a spec running {@code args} as root in /, no capabilities, no other settings */
    public static ProcessSpec of(List<String> args, List<String> env) {
      return new ProcessSpec(args, env, "/", 0, 0, List.of(), null, false, null,
          Capabilities.none(), false);
    }
  }

  /** A seccomp action (SCMP_ACT_* of libseccomp / the OCI spec). */
  public enum SeccompAction {
    KILL_THREAD(1),
    KILL_PROCESS(2),
    TRAP(3),
    ERRNO(4),
    TRACE(5),
    ALLOW(6),
    LOG(7);

    private final int code;

    SeccompAction(int code) {
      this.code = code;
    }

    /** @return the value on the wire (DD_SCMP_ACT_* in the shim's header) */
    public int code() {
      return code;
    }
  }

  /** A seccomp argument comparison (enum scmp_compare of libseccomp, same numbers). */
  public enum SeccompOp {
    NE(1),
    LT(2),
    LE(3),
    EQ(4),
    GE(5),
    GT(6),
    MASKED_EQ(7);

    private final int code;

    SeccompOp(int code) {
      this.code = code;
    }

    /** @return the value on the wire (DD_SCMP_CMP_* in the shim's header) */
    public int code() {
      return code;
    }
  }

  /**
   * A seccomp filter.
   *
   * @param defaultAction for syscalls no rule matches
   * @param defaultErrno the errno for ERRNO (or the TRACE message)
   * @param architectures libseccomp names ("x86_64", "x86", "x32"; an "SCMP_ARCH_" prefix and
   *     upper case are accepted and normalised); the native one is always included
   * @param rules in order
   */
  public record Seccomp(
      SeccompAction defaultAction, int defaultErrno, List<String> architectures,
      List<SeccompRule> rules) {
    public Seccomp {
      Objects.requireNonNull(defaultAction, "seccomp.defaultAction");
      List<String> archs = new ArrayList<>();
      for (String a : architectures == null ? List.<String>of() : architectures) {
        String n = a.startsWith("SCMP_ARCH_") ? a.substring("SCMP_ARCH_".length()) : a;
        archs.add(n.toLowerCase(java.util.Locale.ROOT));
      }
      architectures = List.copyOf(archs);
      rules = rules == null ? List.of() : List.copyOf(rules);
    }
  }

  /**
   * One seccomp rule: {@code action} for each syscall in {@code names} when every arg matches.
   * Names the kernel or libseccomp does not know are skipped by the shim (as runc does).
   */
  public record SeccompRule(
      List<String> names, SeccompAction action, int errno, List<SeccompArg> args) {
    public SeccompRule {
      names = List.copyOf(Objects.requireNonNull(names, "seccomp.rule.names"));
      if (names.isEmpty()) {
        throw new IllegalArgumentException("seccomp.rule.names: at least one syscall is required");
      }
      Objects.requireNonNull(action, "seccomp.rule.action");
      args = args == null ? List.of() : List.copyOf(args);
    }
  }

  /** One argument comparison of a seccomp rule; {@code valueTwo} is used by MASKED_EQ. */
  public record SeccompArg(int index, long value, long valueTwo, SeccompOp op) {
    public SeccompArg {
      if (index < 0 || index > 5) {
        throw new IllegalArgumentException("seccomp.arg.index: must be 0..5, got " + index);
      }
      Objects.requireNonNull(op, "seccomp.arg.op");
    }
  }

  /** When the shim runs a hook (OCI runtime-spec, "POSIX-platform Hooks"). */
  public enum HookKind {
    /** After the mounts, before pivot_root, in the container's namespaces; host path. */
    CREATE_CONTAINER(1),
    /** After start (the exec fifo), before execve, in the container; container path. */
    START_CONTAINER(2);

    private final int code;

    HookKind(int code) {
      this.code = code;
    }

    /** @return the value on the wire (DD_HOOK_* in the shim's header) */
    public int code() {
      return code;
    }
  }

  /**
   * One OCI hook: {@code path} is execve'd with {@code args} and {@code env}, the state JSON on
   * its stdin; a non-zero exit or outliving {@code timeoutSeconds} fails create/start.
   *
   * @param args argv including argv[0]; empty means just the path
   * @param timeoutSeconds null or 0 for none
   */
  public record Hook(HookKind kind, String path, List<String> args, List<String> env,
      Integer timeoutSeconds) {
    public Hook {
      Objects.requireNonNull(kind, "hook.kind");
      if (path == null || !path.startsWith("/")) {
        throw new IllegalArgumentException("hook.path: must be absolute, got '" + path + "'");
      }
      requireNoNul(path, "hook.path");
      args = args == null ? List.of() : List.copyOf(args);
      env = env == null ? List.of() : List.copyOf(env);
      args.forEach(a -> requireNoNul(a, "hook.args"));
      env.forEach(e -> requireNoNul(e, "hook.env"));
      if (timeoutSeconds != null && timeoutSeconds < 0) {
        throw new IllegalArgumentException("hook.timeout: must be >= 0, got " + timeoutSeconds);
      }
    }
  }

  /** Builds an {@link InitPlan}; every field starts empty/null/false. */
  public static final class Builder {
    private final Mode mode;
    private final Set<NamespaceType> createNamespaces = EnumSet.noneOf(NamespaceType.class);
    private final Map<NamespaceType, Path> joinNamespaces = new EnumMap<>(NamespaceType.class);
    private boolean waitForIdMaps;
    private Rootfs rootfs;
    private String hostname;
    private String domainname;
    private final Map<String, String> sysctls = new LinkedHashMap<>();
    private final List<Rlimit> rlimits = new ArrayList<>();
    private ProcessSpec process;
    private Seccomp seccomp;
    private Path consoleSocket;
    private Path execFifo;
    private final List<Hook> hooks = new ArrayList<>();
    private Path cgroupDir;

    private Builder(Mode mode) {
      this.mode = mode;
    }

    public Builder createNamespace(NamespaceType type) {
      createNamespaces.add(type);
      return this;
    }

    public Builder createNamespaces(Set<NamespaceType> types) {
      createNamespaces.addAll(types);
      return this;
    }

    public Builder joinNamespace(NamespaceType type, Path path) {
      joinNamespaces.put(type, path);
      return this;
    }

    public Builder waitForIdMaps(boolean value) {
      waitForIdMaps = value;
      return this;
    }

    public Builder rootfs(Rootfs value) {
      rootfs = value;
      return this;
    }

    public Builder hostname(String value) {
      hostname = value;
      return this;
    }

    public Builder domainname(String value) {
      domainname = value;
      return this;
    }

    public Builder sysctl(String key, String value) {
      sysctls.put(key, value);
      return this;
    }

    public Builder rlimit(Rlimit value) {
      rlimits.add(value);
      return this;
    }

    public Builder process(ProcessSpec value) {
      process = value;
      return this;
    }

    public Builder seccomp(Seccomp value) {
      seccomp = value;
      return this;
    }

    public Builder consoleSocket(Path value) {
      consoleSocket = value;
      return this;
    }

    public Builder execFifo(Path value) {
      execFifo = value;
      return this;
    }

    public Builder hook(Hook value) {
      hooks.add(value);
      return this;
    }

    public Builder cgroupDir(Path value) {
      cgroupDir = value;
      return this;
    }

    /** @return the validated plan */
    public InitPlan build() {
      return new InitPlan(mode, createNamespaces, joinNamespaces, waitForIdMaps, rootfs, hostname,
          domainname, sysctls, rlimits, process, seccomp, consoleSocket, execFifo, hooks, cgroupDir);
    }
  }
}
