package io.drydock.runtime.process;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Encodes an {@link InitPlan} into the shim's wire format: a little-endian u32 magic and u32
 * version, then tag/length/value records ({@code src/main/c/plan.h} documents the layout).
 */
public final class PlanEncoder {

  /** The magic number opening every plan ("DDDP" as a little-endian u32). */
  public static final int MAGIC = 0x50444444;

  /** The order namespaces are joined in: user first (it grants the rights to join the others),
   * mount last (joining it changes the root the other paths would be looked up in). */
  static final List<NamespaceType> JOIN_ORDER = List.of(
      NamespaceType.USER, NamespaceType.IPC, NamespaceType.UTS, NamespaceType.NETWORK,
      NamespaceType.PID, NamespaceType.CGROUP, NamespaceType.MOUNT);

  /** @return the encoded plan */
  public byte[] encode(InitPlan plan) {
    Writer w = new Writer();
    w.raw32(MAGIC);
    w.raw32(plan.version());
    w.u32(PlanTag.MODE, plan.mode().code());
    long flags = 0;
    for (NamespaceType t : plan.createNamespaces()) {
      flags |= t.cloneFlag();
    }
    if (flags != 0) {
      w.u64(PlanTag.NS_CREATE, flags);
    }
    for (NamespaceType t : JOIN_ORDER) {
      if (plan.joinNamespaces().containsKey(t)) {
        Writer n = new Writer();
        n.u64(PlanTag.NS_TYPE, t.cloneFlag());
        n.str(PlanTag.NS_PATH, plan.joinNamespaces().get(t).toString());
        w.nested(PlanTag.NS_JOIN, n);
      }
    }
    w.bool(PlanTag.WAIT_ID_MAPS, plan.waitForIdMaps());
    if (plan.rootfs() != null) {
      rootfs(w, plan.rootfs());
    }
    w.str(PlanTag.HOSTNAME, plan.hostname());
    w.str(PlanTag.DOMAINNAME, plan.domainname());
    for (Map.Entry<String, String> e : plan.sysctls().entrySet()) {
      Writer s = new Writer();
      s.str(PlanTag.SYSCTL_KEY, e.getKey());
      s.str(PlanTag.SYSCTL_VALUE, e.getValue());
      w.nested(PlanTag.SYSCTL, s);
    }
    for (InitPlan.Rlimit r : plan.rlimits()) {
      Writer s = new Writer();
      s.u32(PlanTag.RLIMIT_RESOURCE, r.resource());
      s.u64(PlanTag.RLIMIT_SOFT, r.soft());
      s.u64(PlanTag.RLIMIT_HARD, r.hard());
      w.nested(PlanTag.RLIMIT, s);
    }
    process(w, plan.process());
    if (plan.seccomp() != null) {
      seccomp(w, plan.seccomp());
    }
    w.bool(PlanTag.TERMINAL, plan.process().terminal());
    if (plan.consoleSocket() != null) {
      w.str(PlanTag.CONSOLE_SOCKET, plan.consoleSocket().toString());
    }
    if (plan.execFifo() != null) {
      w.str(PlanTag.EXEC_FIFO, plan.execFifo().toString());
    }
    if (plan.cgroupDir() != null) {
      w.str(PlanTag.CGROUP_DIR, plan.cgroupDir().toString());
    }
    for (InitPlan.Hook h : plan.hooks()) {
      Writer hw = new Writer();
      hw.u32(PlanTag.HOOK_KIND, h.kind().code());
      hw.str(PlanTag.HOOK_PATH, h.path());
      h.args().forEach(a -> hw.str(PlanTag.HOOK_ARG, a));
      h.env().forEach(e -> hw.str(PlanTag.HOOK_ENV, e));
      if (h.timeoutSeconds() != null) {
        hw.u32(PlanTag.HOOK_TIMEOUT, h.timeoutSeconds());
      }
      w.nested(PlanTag.HOOK, hw);
    }
    return w.bytes();
  }

  private static void rootfs(Writer w, InitPlan.Rootfs r) {
    w.str(PlanTag.ROOTFS, r.hostPath().toString());
    w.bool(PlanTag.ROOT_READONLY, r.readonly());
    w.u64(PlanTag.ROOTFS_PROPAGATION, r.propagation());
    for (InitPlan.MountOp m : r.mounts()) {
      Writer s = new Writer();
      s.str(PlanTag.MOUNT_SOURCE, m.source());
      s.str(PlanTag.MOUNT_TARGET, m.target());
      s.str(PlanTag.MOUNT_FSTYPE, m.fstype());
      s.u64(PlanTag.MOUNT_FLAGS, m.flags());
      s.str(PlanTag.MOUNT_DATA, m.data());
      s.u64(PlanTag.MOUNT_PROPAGATION, m.propagation());
      s.u32(PlanTag.MOUNT_CREATE, m.createTarget().code());
      w.nested(PlanTag.MOUNT, s);
    }
    for (InitPlan.DeviceNode d : r.devices()) {
      Writer s = new Writer();
      s.str(PlanTag.DEVICE_PATH, d.path());
      s.u32(PlanTag.DEVICE_TYPE, d.type());
      s.u64(PlanTag.DEVICE_MAJOR, d.major());
      s.u64(PlanTag.DEVICE_MINOR, d.minor());
      s.u32(PlanTag.DEVICE_MODE, d.fileMode());
      s.u32(PlanTag.DEVICE_UID, d.uid());
      s.u32(PlanTag.DEVICE_GID, d.gid());
      s.bool(PlanTag.DEVICE_BIND, d.bindFromHost());
      w.nested(PlanTag.DEVICE, s);
    }
    for (InitPlan.DevSymlink l : r.symlinks()) {
      Writer s = new Writer();
      s.str(PlanTag.SYMLINK_TARGET, l.target());
      s.str(PlanTag.SYMLINK_PATH, l.path());
      w.nested(PlanTag.SYMLINK, s);
    }
    r.maskedPaths().forEach(p -> w.str(PlanTag.MASKED_PATH, p));
    r.readonlyPaths().forEach(p -> w.str(PlanTag.READONLY_PATH, p));
  }

  private static void process(Writer w, InitPlan.ProcessSpec p) {
    p.args().forEach(a -> w.str(PlanTag.ARG, a));
    p.env().forEach(e -> w.str(PlanTag.ENV, e));
    w.str(PlanTag.CWD, p.cwd());
    w.u32(PlanTag.UID, p.uid());
    w.u32(PlanTag.GID, p.gid());
    p.additionalGids().forEach(g -> w.u32(PlanTag.ADDITIONAL_GID, g));
    if (p.umask() != null) {
      w.u32(PlanTag.UMASK, p.umask());
    }
    w.bool(PlanTag.NO_NEW_PRIVS, p.noNewPrivileges());
    if (p.oomScoreAdj() != null) {
      w.u32(PlanTag.OOM_SCORE_ADJ, p.oomScoreAdj());
    }
    InitPlan.Capabilities c = p.capabilities();
    w.u64(PlanTag.CAP_BOUNDING, c.bounding());
    w.u64(PlanTag.CAP_EFFECTIVE, c.effective());
    w.u64(PlanTag.CAP_INHERITABLE, c.inheritable());
    w.u64(PlanTag.CAP_PERMITTED, c.permitted());
    w.u64(PlanTag.CAP_AMBIENT, c.ambient());
  }

  private static void seccomp(Writer w, InitPlan.Seccomp s) {
    Writer sw = new Writer();
    sw.u32(PlanTag.SECCOMP_DEFAULT_ACTION, s.defaultAction().code());
    sw.u32(PlanTag.SECCOMP_DEFAULT_ERRNO, s.defaultErrno());
    s.architectures().forEach(a -> sw.str(PlanTag.SECCOMP_ARCH, a));
    for (InitPlan.SeccompRule r : s.rules()) {
      Writer rw = new Writer();
      r.names().forEach(n -> rw.str(PlanTag.RULE_NAME, n));
      rw.u32(PlanTag.RULE_ACTION, r.action().code());
      rw.u32(PlanTag.RULE_ERRNO, r.errno());
      for (InitPlan.SeccompArg a : r.args()) {
        Writer aw = new Writer();
        aw.u32(PlanTag.ARG_INDEX, a.index());
        aw.u64(PlanTag.ARG_VALUE, a.value());
        aw.u64(PlanTag.ARG_VALUE_TWO, a.valueTwo());
        aw.u32(PlanTag.ARG_OP, a.op().code());
        rw.nested(PlanTag.RULE_ARG, aw);
      }
      sw.nested(PlanTag.SECCOMP_RULE, rw);
    }
    w.nested(PlanTag.SECCOMP, sw);
  }

  /** Little-endian TLV output. */
  private static final class Writer {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** {@code n} bytes of {@code v}, least significant first (the plan is little-endian). */
    private void le(long v, int n) {
      for (int i = 0; i < n; i++) {
        out.write((int) (v >>> (8 * i)));
      }
    }

    void raw32(int v) {
      le(v, 4);
    }

    private void header(PlanTag tag, int length) {
      le(tag.code(), 2);
      le(length, 4);
    }

    void u32(PlanTag tag, int v) {
      header(tag, 4);
      raw32(v);
    }

    void u64(PlanTag tag, long v) {
      header(tag, 8);
      le(v, 8);
    }

    void bool(PlanTag tag, boolean v) {
      u32(tag, v ? 1 : 0);
    }

    /** Absent when null: the shim then leaves the setting alone. */
    void str(PlanTag tag, String v) {
      if (v == null) {
        return;
      }
      byte[] b = v.getBytes(StandardCharsets.UTF_8);
      header(tag, b.length);
      out.writeBytes(b);
    }

    void nested(PlanTag tag, Writer inner) {
      byte[] b = inner.bytes();
      header(tag, b.length);
      out.writeBytes(b);
    }

    byte[] bytes() {
      return out.toByteArray();
    }
  }
}
