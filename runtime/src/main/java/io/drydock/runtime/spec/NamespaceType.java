package io.drydock.runtime.spec;

import java.util.Arrays;
import java.util.Optional;

/**
 * The namespace types of {@code linux.namespaces[].type}, with their {@code clone(2)} flag and the
 * name of their file under {@code /proc/<pid>/ns/}.
 */
public enum NamespaceType {
    PID("pid", 0x20000000, "pid"),
    NETWORK("network", 0x40000000, "net"),
    MOUNT("mount", 0x00020000, "mnt"),
    IPC("ipc", 0x08000000, "ipc"),
    UTS("uts", 0x04000000, "uts"),
    USER("user", 0x10000000, "user"),
    CGROUP("cgroup", 0x02000000, "cgroup"),
    TIME("time", 0x00000080, "time");

    private final String jsonName;
    private final int cloneFlag;
    private final String procName;

    NamespaceType(String jsonName, int cloneFlag, String procName) {
        this.jsonName = jsonName;
        this.cloneFlag = cloneFlag;
        this.procName = procName;
    }

    /** The name in {@code config.json}. */
    public String jsonName() {
        return jsonName;
    }

    /** The {@code CLONE_NEW*} flag ({@code clone(2)}, {@code unshare(2)}, {@code setns(2)}). */
    public int cloneFlag() {
        return cloneFlag;
    }

    /** The file name under {@code /proc/<pid>/ns/}. */
    public String procName() {
        return procName;
    }

    /** Looks a type up by its {@code config.json} name. */
    public static Optional<NamespaceType> byJsonName(String name) {
        return Arrays.stream(values()).filter(t -> t.jsonName.equals(name)).findFirst();
    }
}
