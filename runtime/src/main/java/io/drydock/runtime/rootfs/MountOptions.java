package io.drydock.runtime.rootfs;

import static io.drydock.runtime.rootfs.MountFlags.*;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An OCI mount's {@code options}, split the way {@code mount(2)} needs them.
 *
 * <p>Options are applied in order, so a later option wins over an earlier opposite one
 * ({@code "ro,rw"} is read-write), as with {@code mount(8)}.
 *
 * @param flags            {@code MS_*} flags to pass to the main {@code mount(2)} call (without
 *                         {@link MountFlags#MS_BIND}/{@link MountFlags#MS_REC}; see {@code bind} and {@code recursive})
 * @param clearedFlags     {@code MS_*} flags an option explicitly turned off ({@code rw}, {@code suid}, ...); a
 *                         bind remount that must keep the source's locked flags needs to know them
 * @param propagation      propagation changes in order, each a value for its own
 *                         {@code mount(NULL, target, NULL, flags, NULL)} call
 *                         ({@code MS_PRIVATE}, {@code MS_SHARED}, ..., with {@code MS_REC} for the {@code r*} forms);
 *                         {@code mount(2)} accepts only one propagation type per call
 * @param bind             {@code bind} or {@code rbind} was given
 * @param recursive        {@code rbind} was given (bind with {@code MS_REC})
 * @param data             the options the kernel gets as the file-system specific {@code data}
 *                         string, comma-joined in order (e.g. {@code "mode=755,size=65536k"}); empty if none
 * @param ignored          options recognised but deliberately not applied (see {@link #IGNORED})
 */
public record MountOptions(
        long flags,
        long clearedFlags,
        List<Long> propagation,
        boolean bind,
        boolean recursive,
        String data,
        List<String> ignored) {

    /** A flag option: sets or clears one {@code MS_*} bit. */
    private record FlagOption(long flag, boolean clear) {
    }

    private static final Map<String, FlagOption> FLAG_OPTIONS = new LinkedHashMap<>();
    private static final Map<String, Long> PROPAGATION_OPTIONS = new LinkedHashMap<>();

    /**
     * Options accepted and dropped. {@code tmpcopyup} asks to copy the image's content into a
     * tmpfs mounted over it (a runc extension); drydock does not implement it, and it is not a
     * kernel option, so passing it on as {@code data} would make {@code mount(2)} fail.
     */
    public static final Set<String> IGNORED = Set.of("tmpcopyup");

    static {
        set("ro", MS_RDONLY);
        clear("rw", MS_RDONLY);
        set("nosuid", MS_NOSUID);
        clear("suid", MS_NOSUID);
        set("nodev", MS_NODEV);
        clear("dev", MS_NODEV);
        set("noexec", MS_NOEXEC);
        clear("exec", MS_NOEXEC);
        set("sync", MS_SYNCHRONOUS);
        clear("async", MS_SYNCHRONOUS);
        set("dirsync", MS_DIRSYNC);
        set("remount", MS_REMOUNT);
        set("mand", MS_MANDLOCK);
        clear("nomand", MS_MANDLOCK);
        clear("atime", MS_NOATIME);
        set("noatime", MS_NOATIME);
        clear("diratime", MS_NODIRATIME);
        set("nodiratime", MS_NODIRATIME);
        set("relatime", MS_RELATIME);
        clear("norelatime", MS_RELATIME);
        set("strictatime", MS_STRICTATIME);
        clear("nostrictatime", MS_STRICTATIME);
        set("lazytime", MS_LAZYTIME);
        clear("nolazytime", MS_LAZYTIME);
        set("nosymfollow", MS_NOSYMFOLLOW);
        clear("symfollow", MS_NOSYMFOLLOW);

        PROPAGATION_OPTIONS.put("private", MS_PRIVATE);
        PROPAGATION_OPTIONS.put("rprivate", MS_PRIVATE | MS_REC);
        PROPAGATION_OPTIONS.put("shared", MS_SHARED);
        PROPAGATION_OPTIONS.put("rshared", MS_SHARED | MS_REC);
        PROPAGATION_OPTIONS.put("slave", MS_SLAVE);
        PROPAGATION_OPTIONS.put("rslave", MS_SLAVE | MS_REC);
        PROPAGATION_OPTIONS.put("unbindable", MS_UNBINDABLE);
        PROPAGATION_OPTIONS.put("runbindable", MS_UNBINDABLE | MS_REC);
    }

    private static void set(String name, long flag) {
        FLAG_OPTIONS.put(name, new FlagOption(flag, false));
    }

    private static void clear(String name, long flag) {
        FLAG_OPTIONS.put(name, new FlagOption(flag, true));
    }

    public MountOptions {
        propagation = List.copyOf(propagation);
        ignored = List.copyOf(ignored);
        if (data == null) {
            throw new IllegalArgumentException("data must not be null (use \"\")");
        }
        if (recursive && !bind) {
            throw new IllegalArgumentException("recursive is only meaningful for a bind mount");
        }
    }

    /**
     * Parses an option list. Anything that is not a known flag, propagation or bind option
     * ends up in {@link #data()} for the file system to interpret.
     */
    public static MountOptions parse(List<String> options) {
        long flags = 0;
        long cleared = 0;
        List<Long> propagation = new ArrayList<>();
        boolean bind = false;
        boolean recursive = false;
        List<String> data = new ArrayList<>();
        List<String> ignored = new ArrayList<>();
        for (String option : options) {
            FlagOption flag = FLAG_OPTIONS.get(option);
            Long propagationFlag = PROPAGATION_OPTIONS.get(option);
            if (flag != null) {
                if (flag.clear()) {
                    flags &= ~flag.flag();
                    cleared |= flag.flag();
                } else {
                    flags |= flag.flag();
                    cleared &= ~flag.flag();
                }
            } else if (propagationFlag != null) {
                propagation.add(propagationFlag);
            } else if (option.equals("bind")) {
                bind = true;
            } else if (option.equals("rbind")) {
                bind = true;
                recursive = true;
            } else if (IGNORED.contains(option)) {
                ignored.add(option);
            } else if (!option.isEmpty()) {
                data.add(option);
            }
        }
        return new MountOptions(flags, cleared, propagation, bind, recursive, String.join(",", data), ignored);
    }

    /**
     * Parses the options of an OCI mount of the given {@code type}: a mount of type {@code "bind"}
     * is a bind mount even without a {@code bind} option (runc and crun read it so).
     */
    public static MountOptions forMount(String type, List<String> options) {
        MountOptions o = parse(options);
        if ("bind".equals(type) && !o.bind()) {
            return new MountOptions(o.flags(), o.clearedFlags(), o.propagation(), true, false, o.data(), o.ignored());
        }
        return o;
    }

    /** Parses a comma-separated option string as {@code mount -o} takes it. */
    public static MountOptions parse(String commaSeparated) {
        return parse(commaSeparated.isEmpty() ? List.of() : List.of(commaSeparated.split(",")));
    }

    /** The flags for the main {@code mount(2)} call, with {@code MS_BIND}/{@code MS_REC} added for binds. */
    public long mountFlags() {
        long f = flags;
        if (bind) {
            f |= MS_BIND;
        }
        if (recursive) {
            f |= MS_REC;
        }
        return f;
    }

    /**
     * For a bind mount, the flags of the second call that applies {@link #flags()}: {@code mount(2)}
     * ignores every flag but {@code MS_REC} when it creates a bind mount, so {@code ro}, {@code nosuid}...
     * take effect only through {@code mount(NULL, target, NULL, MS_REMOUNT|MS_BIND|flags, NULL)}.
     * Zero when no such call is needed (not a bind, or no flags).
     */
    public long bindRemountFlags() {
        long f = flags & ~MS_REMOUNT;
        if (!bind || f == 0) {
            return 0;
        }
        return f | MS_REMOUNT | MS_BIND;
    }

    /** Whether the mount is read-only ({@code ro} and no later {@code rw}). */
    public boolean readOnly() {
        return (flags & MS_RDONLY) != 0;
    }

    /**
     * Every option name this parser gives a meaning to (flags, propagation, bind), for the
     * {@code mountOptions} of {@code drydock features}.
     */
    public static List<String> knownOptions() {
        List<String> all = new ArrayList<>(FLAG_OPTIONS.keySet());
        all.addAll(PROPAGATION_OPTIONS.keySet());
        all.add("bind");
        all.add("rbind");
        return Collections.unmodifiableList(all);
    }
}
