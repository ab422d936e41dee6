package io.drydock.conformance.isolation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.drydock.conformance.Area;
import io.drydock.conformance.Bundle;
import io.drydock.conformance.CommandResult;
import io.drydock.conformance.Conformance;
import io.drydock.conformance.Container;
import io.drydock.conformance.Harness;
import io.drydock.conformance.HostLacks;
import io.drydock.conformance.Json;
import io.drydock.conformance.Requirement;
import io.drydock.conformance.RuntimeUnderTest;
import io.drydock.runtime.security.Capability;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What a container must not see or do: namespaces, mounts, devices, privileges, and the runtime's own files. */
@Conformance(area = Area.ISOLATION)
public class IsolationConformance {

    /** Runs the bundle in the foreground; its output, failing the test on a non-zero exit. */
    static String output(Harness h, Bundle b) {
        CommandResult r = h.run(b);
        assertEquals(0, r.exit(), () -> "the container failed: " + r.describe());
        return r.stdout();
    }

    private static void namespaceDiffersFromHost(Harness h, String type, String procName) throws IOException {
        Bundle b = h.bundle("readlink", "/proc/self/ns/" + procName);
        assertTrue(b.namespaces().contains(type), "the config asks for a " + type + " namespace");
        String inside = output(h, b).strip();
        String host = Files.readSymbolicLink(Path.of("/proc/self/ns/" + procName)).toString();
        assertNotEquals(host, inside, "the container's " + type + " namespace is the host's");
    }

    @Test
    @DisplayName("the process is pid 1 of its own pid namespace and sees no host process")
    @Requirement(section = "runtime-spec: Config Linux, namespaces (pid)")
    void pidNamespace_processIsPid1AndSeesNoHostProcess(Harness h) throws IOException {
        namespaceDiffersFromHost(h, "pid", "pid");
        List<String> lines = output(h, h.shell("echo $$; for p in /proc/[0-9]*; do echo ${p#/proc/}; done")).lines().toList();
        assertEquals("1", lines.get(0), "the process's pid");
        assertTrue(lines.size() - 1 <= 3, () -> "the container sees " + (lines.size() - 1) + " processes: " + lines.subList(1, lines.size()));
    }

    @Test
    @DisplayName("the container has its own network namespace with only the loopback interface")
    @Requirement(section = "runtime-spec: Config Linux, namespaces (network)")
    void networkNamespace_hasOnlyLoopback(Harness h) throws IOException {
        namespaceDiffersFromHost(h, "network", "net");
        Set<String> interfaces = new TreeSet<>();
        for (String line : output(h, h.bundle("cat", "/proc/net/dev")).lines().skip(2).toList()) {
            interfaces.add(line.substring(0, line.indexOf(':')).strip());
        }
        assertEquals(Set.of("lo"), interfaces, "network interfaces in the container");
    }

    @Test
    @DisplayName("the container has its own ipc namespace")
    @Requirement(section = "runtime-spec: Config Linux, namespaces (ipc)")
    void ipcNamespace_differsFromHost(Harness h) throws IOException {
        namespaceDiffersFromHost(h, "ipc", "ipc");
    }

    @Test
    @DisplayName("the container has its own mount namespace")
    @Requirement(section = "runtime-spec: Config Linux, namespaces (mount)")
    void mountNamespace_differsFromHost(Harness h) throws IOException {
        namespaceDiffersFromHost(h, "mount", "mnt");
    }

    @Test
    @DisplayName("the container has its own uts namespace")
    @Requirement(section = "runtime-spec: Config Linux, namespaces (uts)")
    void utsNamespace_differsFromHost(Harness h) throws IOException {
        namespaceDiffersFromHost(h, "uts", "uts");
    }

    @Test
    @DisplayName("the hostname is the configured one, and the host's stays")
    @Requirement(section = "runtime-spec: Config, hostname")
    void hostname_isTheConfiguredOne(Harness h) throws IOException {
        String hostBefore = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        assertEquals("certify-host", output(h, h.bundle("hostname").hostname("certify-host")).strip(), "hostname inside");
        assertEquals(hostBefore, Files.readString(Path.of("/proc/sys/kernel/hostname")).strip(), "the host's hostname");
    }

    @Test
    @DisplayName("the domainname is the configured one, and the host's stays")
    @Requirement(section = "runtime-spec: Config, domainname")
    void domainname_isTheConfiguredOne(Harness h) throws IOException {
        String hostBefore = Files.readString(Path.of("/proc/sys/kernel/domainname")).strip();
        Bundle b = h.bundle("cat", "/proc/sys/kernel/domainname").domainname("certify.test");
        assertEquals("certify.test", output(h, b).strip(), "domainname inside");
        assertEquals(hostBefore, Files.readString(Path.of("/proc/sys/kernel/domainname")).strip(), "the host's domainname");
    }

    @Test
    @DisplayName("the container sees only the configured mounts (and the runtime's masks)")
    @Requirement(section = "runtime-spec: Config, mounts; Config Linux, namespaces (mount)")
    void mounts_onlyTheConfiguredOnes(Harness h) {
        Bundle b = h.bundle("cat", "/proc/self/mountinfo");
        List<String> allowed = new ArrayList<>(b.mountDestinations());
        allowed.addAll(b.linuxList("maskedPaths"));
        allowed.addAll(b.linuxList("readonlyPaths"));
        Set<String> seen = new TreeSet<>();
        for (String line : output(h, b).lines().toList()) {
            seen.add(line.split(" ")[4]);
        }
        List<String> unexpected = seen.stream().filter(m -> !m.equals("/")
            && allowed.stream().noneMatch(a -> m.equals(a) || m.startsWith(a + "/"))).toList();
        assertEquals(List.of(), unexpected, "mounts the config does not ask for");
        List<String> missing = b.mountDestinations().stream().filter(d -> !seen.contains(d)).toList();
        assertEquals(List.of(), missing, "configured mounts that are not there");
    }

    @Test
    @DisplayName("a user namespace maps the configured uid and gid ranges")
    @Requirement(section = "runtime-spec: Config Linux, namespaces (user), user namespace mappings")
    void userNamespace_mapsTheConfiguredIds(Harness h) {
        // Without /sys: a sysfs mount needs the network namespace to belong to the user namespace,
        // which is another test's business; this one checks the id maps only.
        Bundle b = h.shell("cat /proc/self/uid_map /proc/self/gid_map; id -u").withNamespace("user").idMappings(100000, 65536)
            .withoutMount("/sys/fs/cgroup").withoutMount("/sys");
        List<String> lines = output(h, b).lines().map(l -> l.strip().replaceAll("\\s+", " ")).toList();
        assertEquals(List.of("0 100000 65536", "0 100000 65536", "0"), lines, "uid_map, gid_map and the user inside");
    }

    @Test
    @DisplayName("masked paths read as empty")
    @Requirement(section = "runtime-spec: Config Linux, masked paths")
    void maskedPaths_readAsEmpty(Harness h) {
        Bundle b = h.bundle("true");
        List<String> masked = b.linuxList("maskedPaths");
        StringBuilder script = new StringBuilder();
        for (String p : masked) {
            script.append("if [ -d ").append(p).append(" ]; then echo \"").append(p).append(" $(ls -A ").append(p)
                .append(" | wc -l)\"; elif [ -e ").append(p).append(" ]; then echo \"").append(p).append(" $(head -c 1 ")
                .append(p).append(" 2>/dev/null | wc -c)\"; fi\n");
        }
        b.shell(script.toString());
        Map<String, String> notEmpty = new LinkedHashMap<>();
        for (String line : output(h, b).lines().toList()) {
            String[] f = line.strip().split("\\s+");
            if (!f[1].equals("0")) {
                notEmpty.put(f[0], f[1]);
            }
        }
        assertEquals(Map.of(), notEmpty, "masked paths with content (path, entries or bytes)");
    }

    @Test
    @DisplayName("read-only paths are mounted read-only and refuse writes")
    @Requirement(section = "runtime-spec: Config Linux, readonly paths")
    void readonlyPaths_refuseWrites(Harness h) {
        Bundle b = h.shell("cat /proc/self/mountinfo; if echo x > /proc/sys/kernel/domainname; then echo WRITTEN; fi 2>/dev/null");
        List<String> readonly = b.linuxList("readonlyPaths");
        String out = output(h, b);
        Map<String, String> options = new LinkedHashMap<>();
        for (String line : out.lines().filter(l -> !l.equals("WRITTEN")).toList()) {
            String[] f = line.split(" ");
            options.put(f[4], f[5]);
        }
        List<String> writable = readonly.stream().filter(p -> options.containsKey(p) && !options.get(p).startsWith("ro")).toList();
        assertEquals(List.of(), writable, "read-only paths mounted writable");
        assertFalse(out.contains("WRITTEN"), "a write to /proc/sys/kernel/domainname (below the read-only /proc/sys) succeeded");
    }

    @Test
    @DisplayName("the standard devices exist and work, and no other device node is there")
    @Requirement(section = "runtime-spec: Config Linux, default devices")
    void devices_onlyTheDefaultOnesAndTheyWork(Harness h) {
        String out = output(h, h.shell("ls -l /dev; echo x > /dev/null && echo null-ok; "
            + "echo zero=$(head -c 4 /dev/zero | wc -c); echo urandom=$(head -c 4 /dev/urandom | wc -c)"));
        Set<String> devices = new TreeSet<>();
        for (String line : out.lines().toList()) {
            if (line.startsWith("c") || line.startsWith("b")) {
                devices.add(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        Set<String> extra = new TreeSet<>(devices);
        extra.removeAll(Set.of("null", "zero", "full", "random", "urandom", "tty", "console", "ptmx"));
        assertEquals(Set.of(), extra, "device nodes beyond the default ones");
        assertTrue(devices.containsAll(Set.of("null", "zero", "full", "random", "urandom", "tty")),
            () -> "default devices missing; present: " + devices);
        assertTrue(out.contains("null-ok") && out.contains("zero=4") && out.contains("urandom=4"),
            () -> "writing /dev/null or reading /dev/zero and /dev/urandom failed: " + out);
    }

    @Test
    @DisplayName("the host's disk, a device the config does not allow, cannot be opened even with CAP_MKNOD")
    @Requirement(section = "runtime-spec: Config Linux, resources.devices (device allowlist)")
    void devices_hostDisk_cannotBeOpened(Harness h) throws IOException {
        long dev = ((Number) Files.getAttribute(Path.of("/"), "unix:dev")).longValue();
        long major = ((dev >>> 8) & 0xfff) | ((dev >>> 32) & ~0xfffL);
        long minor = (dev & 0xff) | ((dev >>> 12) & ~0xffL);
        HostLacks.require(major != 0, "a block device behind / (the root file system has no disk to protect)");
        Bundle b = h.shell("busybox mknod /tmp/disk b " + major + " " + minor + " 2>/dev/null; "
            + "if (: < /tmp/disk) 2>/dev/null; then echo OPENED; fi; echo done");
        List<String> caps = new ArrayList<>();
        b.config().path("process").path("capabilities").path("bounding").forEach(c -> caps.add(c.asText()));
        caps.add("CAP_MKNOD");
        b.capabilities(caps);
        String out = output(h, b);
        assertTrue(out.contains("done"), () -> "the script did not finish: " + out);
        assertFalse(out.contains("OPENED"), "the host's root disk (b " + major + ":" + minor + "), not allowed by the config, was opened");
    }

    @Test
    @DisplayName("the capability sets equal the configured ones")
    @Requirement(section = "runtime-spec: Config, process.capabilities")
    void capabilities_equalTheConfiguredSets(Harness h) {
        Bundle b = h.bundle("grep", "^Cap", "/proc/self/status");
        JsonNode caps = b.config().path("process").path("capabilities");
        Map<String, String> expected = new LinkedHashMap<>();
        Map<String, String> fields = Map.of("CapInh", "inheritable", "CapPrm", "permitted", "CapEff", "effective",
            "CapBnd", "bounding", "CapAmb", "ambient");
        for (String field : List.of("CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb")) {
            List<String> names = new ArrayList<>();
            caps.path(fields.get(field)).forEach(c -> names.add(c.asText()));
            expected.put(field, names(Capability.mask(names)));
        }
        Map<String, String> seen = new LinkedHashMap<>();
        for (String line : output(h, b).lines().toList()) {
            String[] f = line.split(":\\s*");
            seen.put(f[0], names(Long.parseUnsignedLong(f[1].strip(), 16)));
        }
        assertEquals(expected, seen, "capability sets (configured against /proc/self/status)");
    }

    private static String names(long mask) {
        List<String> names = new ArrayList<>();
        for (Capability c : Capability.values()) {
            if ((mask & c.bit()) != 0) {
                names.add(c.name());
            }
        }
        long unknown = mask & ~Capability.mask(names);
        return String.join(",", names) + (unknown == 0 ? "" : "+0x" + Long.toHexString(unknown));
    }

    @Test
    @DisplayName("noNewPrivileges sets the no_new_privs bit")
    @Requirement(section = "runtime-spec: Config, process.noNewPrivileges")
    void noNewPrivileges_setsTheBit(Harness h) {
        String out = output(h, h.bundle("grep", "NoNewPrivs", "/proc/self/status").noNewPrivileges(true));
        assertEquals("1", out.substring(out.indexOf(':') + 1).strip(), "NoNewPrivs in /proc/self/status");
    }

    @Test
    @DisplayName("a syscall the seccomp filter denies fails with the configured errno")
    @Requirement(section = "runtime-spec: Config Linux, seccomp (errnoRet)")
    void seccomp_deniedSyscall_returnsTheConfiguredErrno(Harness h) {
        ObjectNode seccomp = Json.object().put("defaultAction", "SCMP_ACT_ALLOW");
        ObjectNode rule = seccomp.putArray("syscalls").addObject();
        rule.putArray("names").add("mkdir").add("mkdirat");
        rule.put("action", "SCMP_ACT_ERRNO").put("errnoRet", 18);
        Bundle b = h.shell("touch /tmp/allowed && echo touch-ok; mkdir /tmp/denied 2>&1; echo mkdir=$?").seccomp(seccomp);
        String out = output(h, b);
        assertTrue(out.contains("touch-ok"), () -> "a syscall the filter allows failed: " + out);
        assertTrue(out.contains("Invalid cross-device link") && !out.contains("mkdir=0"),
            () -> "mkdir did not fail with errno 18 (EXDEV): " + out);
    }

    @Test
    @DisplayName("a seccomp filter that denies close_range (as older profiles do) still lets the process start")
    @Requirement(section = "runtime-spec: Config Linux, seccomp (the filter governs the container process, not the runtime's own set-up)")
    void seccomp_closeRangeDenied_processStillStarts(Harness h) {
        ObjectNode seccomp = Json.object().put("defaultAction", "SCMP_ACT_ALLOW");
        ObjectNode rule = seccomp.putArray("syscalls").addObject();
        rule.putArray("names").add("close_range");
        rule.put("action", "SCMP_ACT_ERRNO").put("errnoRet", 1);
        assertEquals("started", output(h, h.bundle("echo", "started").seccomp(seccomp)).strip(), "the process's output");
    }

    @Test
    @DisplayName("rlimits are the configured soft and hard limits")
    @Requirement(section = "runtime-spec: Config, process.rlimits")
    void rlimits_areTheConfiguredOnes(Harness h) {
        String out = output(h, h.bundle("grep", "Max open files", "/proc/self/limits").rlimit("RLIMIT_NOFILE", 321, 654));
        assertEquals(List.of("321", "654"), List.of(out.strip().split("\\s+")).subList(3, 5), "RLIMIT_NOFILE soft and hard: " + out.strip());
    }

    @Test
    @DisplayName("a read-only root file system refuses writes")
    @Requirement(section = "runtime-spec: Config, root.readonly")
    void readonlyRoot_refusesWrites(Harness h) {
        Bundle b = h.shell("touch /written 2>&1; echo touch=$?").readonlyRoot(true);
        String out = output(h, b);
        assertFalse(out.contains("touch=0"), () -> "a write to the read-only root succeeded: " + out);
        assertFalse(Files.exists(b.rootfs().resolve("written")), "the file appeared in the rootfs");
    }

    @Test
    @DisplayName("no file descriptor of the runtime reaches the container process")
    @Requirement(section = "claim: no fd leaks into the container (runc CVE-2016-9962, CVE-2024-21626 class)")
    void fds_onlyStdioReachTheProcess(Harness h) {
        String out = output(h, h.bundle("ls", "-l", "/proc/self/fd"));
        Pattern entry = Pattern.compile("\\s(\\d+) -> (.*)$");
        List<String> leaked = new ArrayList<>();
        for (String line : out.lines().toList()) {
            Matcher m = entry.matcher(line);
            if (m.find()) {
                int fd = Integer.parseInt(m.group(1));
                // ls's own fd on the directory it lists is the only one above stdio.
                if (fd > 2 && !m.group(2).matches("/proc/\\d+/fd")) {
                    leaked.add(fd + " -> " + m.group(2));
                }
            }
        }
        assertEquals(List.of(), leaked, "fds open in the container process beyond stdin, stdout and stderr");
    }

    @Test
    @DisplayName("the runtime's code in the container is not its host binary, so it cannot be overwritten from inside")
    @Requirement(section = "claim: the runtime binary cannot be written from a container (runc CVE-2019-5736 class)")
    void runtimeBinary_isNotReachableFromInside(Harness h, RuntimeUnderTest rt) throws IOException {
        Container c = h.create(h.shell("sleep 60"));
        // Before start, the container's pid 1 is the runtime's own stage waiting to exec the process:
        // what a process in the container could reach through /proc/PID/exe.
        Path exe = Path.of("/proc", Long.toString(c.pid()), "exe");
        String target = Files.readSymbolicLink(exe).toString();
        if (!target.startsWith("/memfd:")) {
            // A file, not a memfd copy: safe only through a read-only mount (a read-only bind of the
            // binary). An open for writing would say ETXTBSY before EROFS (the file runs), so the
            // probe sets the modification time to the value it has: a write to the mount that
            // changes nothing, refused with EROFS on a read-only one.
            String which = rt.hostBinaries().stream().filter(bin -> sameFile(bin, exe)).map(Path::toString).findFirst()
                .orElse(target);
            assertEquals("Read-only file system", touchInPlace(exe), "the created container's process runs " + which
                + " through a writable mount: setting its time through /proc/PID/exe was answered with");
        }
        c.started();
    }

    private static boolean sameFile(Path a, Path b) {
        try {
            return key(a).equals(key(b));
        } catch (IOException e) {
            return false;
        }
    }

    /** Sets {@code p}'s modification time to its own value; the refusal's reason, or "changed". */
    private static String touchInPlace(Path p) {
        try {
            Files.setLastModifiedTime(p, Files.getLastModifiedTime(p));
            return "changed";
        } catch (java.nio.file.FileSystemException e) {
            return e.getReason() == null ? e.getMessage() : e.getReason();
        } catch (IOException e) {
            return e.getMessage();
        }
    }

    private static Object key(Path p) throws IOException {
        Map<String, Object> a = Files.readAttributes(p, "unix:dev,ino");
        return a.get("dev") + ":" + a.get("ino");
    }

    @Test
    @DisplayName("process.cwd through a runtime fd (/proc/self/fd/N) does not reach the host")
    @Requirement(section = "claim: a working directory outside the container is refused (runc CVE-2024-21626 class)")
    void cwd_throughALeakedFd_isRefused(Harness h) {
        List<String> escaped = new ArrayList<>();
        for (int fd = 3; fd <= 8; fd++) {
            Bundle b = h.shell("echo cwd=$(readlink /proc/self/cwd)").cwd("/proc/self/fd/" + fd);
            CommandResult r = h.run(b);
            String out = r.stdout();
            // The kernel shows a directory outside the process's root as "(unreachable)/...".
            if (r.exit() == 0 && out.contains("(unreachable)")) {
                escaped.add("fd " + fd + ": " + out.strip());
            }
        }
        assertEquals(List.of(), escaped, "working directories outside the container the process started in");
    }
}
