package io.drydock.runtime.process;

/** The Linux namespace kinds a container can create or join (namespaces(7)). */
public enum NamespaceType {
  PID(0x20000000L, "pid"),
  MOUNT(0x00020000L, "mnt"),
  UTS(0x04000000L, "uts"),
  IPC(0x08000000L, "ipc"),
  NETWORK(0x40000000L, "net"),
  CGROUP(0x02000000L, "cgroup"),
  USER(0x10000000L, "user");

  private final long cloneFlag;
  private final String procName;

  NamespaceType(long cloneFlag, String procName) {
    this.cloneFlag = cloneFlag;
    this.procName = procName;
  }

  /** @return the CLONE_NEW* flag of clone(2), unshare(2) and setns(2) */
  public long cloneFlag() {
    return cloneFlag;
  }

  /** @return the file's name under /proc/PID/ns/ */
  public String procName() {
    return procName;
  }
}
