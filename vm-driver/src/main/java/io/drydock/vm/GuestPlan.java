package io.drydock.vm;

import java.util.List;
import java.util.Objects;

/**
 * What drydock's guest init does, written to {@code /.drydock/plan} in the guest: the modules to
 * load (paths inside the guest, dependencies first) and the workload's argv, env, workdir and user.
 * With a root device the guest init mounts it (ext4) and switches into it before running the workload.
 * The format is one {@code key:value} per line with backslash and newline escaped; guest-init.c
 * is its only reader.
 */
public record GuestPlan(List<String> modules, List<String> args, List<String> env, String cwd, int uid, int gid,
        String hostname, String rootDevice, List<Mount> volumes) {
    /** A plan that runs the workload from the initramfs itself. */
    public GuestPlan(List<String> modules, List<String> args, List<String> env, String cwd, int uid, int gid, String hostname) {
        this(modules, args, env, cwd, uid, gid, hostname, null, List.of());
    }

    /** A plan without volumes. */
    public GuestPlan(List<String> modules, List<String> args, List<String> env, String cwd, int uid, int gid, String hostname,
            String rootDevice) {
        this(modules, args, env, cwd, uid, gid, hostname, rootDevice, List.of());
    }

    /**
     * An ext4 block device the guest init mounts at {@code dir} once the root is in place.
     *
     * @param device the guest's device node, e.g. /dev/vdb
     * @param dir    an absolute directory in the guest
     */
    public record Mount(String device, String dir) {
        public Mount {
            if (device == null || !device.matches("/dev/vd[a-z]")) {
                throw new IllegalArgumentException("volume.device: /dev/vda../dev/vdz, got " + device);
            }
            if (dir == null || !dir.startsWith("/") || dir.equals("/") || dir.contains("..")) {
                throw new IllegalArgumentException("volume.dir: an absolute directory below /, got " + dir);
            }
        }
    }

    public GuestPlan {
        modules = List.copyOf(modules);
        volumes = List.copyOf(volumes);
        args = List.copyOf(args);
        env = List.copyOf(env);
        Objects.requireNonNull(cwd, "cwd");
        if (args.isEmpty()) {
            throw new IllegalArgumentException("args: the guest needs a command to run");
        }
        if (args.size() > 256 || env.size() > 256 || modules.size() > 256) {
            throw new IllegalArgumentException("plan: at most 256 args, env entries and modules (the guest init's limit)");
        }
        if (!cwd.startsWith("/")) {
            throw new IllegalArgumentException("cwd: must be absolute, got " + cwd);
        }
        if (uid < 0 || gid < 0) {
            throw new IllegalArgumentException("user: uid and gid must be >= 0, got " + uid + ":" + gid);
        }
        for (String e : env) {
            if (e.indexOf('=') <= 0) {
                throw new IllegalArgumentException("env: expected KEY=value, got " + e);
            }
        }
    }

    /** The plan file's text. */
    public String render() {
        StringBuilder b = new StringBuilder();
        modules.forEach(m -> line(b, "mod", m));
        args.forEach(a -> line(b, "arg", a));
        env.forEach(e -> line(b, "env", e));
        line(b, "cwd", cwd);
        line(b, "uid", Integer.toString(uid));
        line(b, "gid", Integer.toString(gid));
        if (hostname != null) {
            line(b, "host", hostname);
        }
        if (rootDevice != null) {
            line(b, "root", rootDevice);
        }
        volumes.forEach(v -> line(b, "vol", v.device() + ":" + v.dir()));
        return b.toString();
    }

    private static void line(StringBuilder b, String key, String value) {
        if (value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(key + ": NUL bytes cannot be passed to the guest");
        }
        b.append(key).append(':').append(value.replace("\\", "\\\\").replace("\n", "\\n")).append('\n');
    }
}
