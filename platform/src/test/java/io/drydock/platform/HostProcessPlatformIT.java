package io.drydock.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which session a host workload's process runs in, read from the kernel. */
class HostProcessPlatformIT {
    private static final List<String> ENV = List.of("PATH=/usr/sbin:/usr/bin:/sbin:/bin");
    // The process's pid and session id (fields 1 and 6 of /proc/self/stat, as proc(5) numbers them).
    private static final List<String> PID_AND_SESSION = List.of("/bin/sh", "-c",
        "set -- $(cut -d')' -f2- /proc/$$/stat); echo \"$$ $4\"");

    @Test
    void hostOwnSession_processLeadsASessionOfItsOwn() throws Exception {
        long[] ids = pidAndSession(HostProcessPlatform.hostOwnSession());

        assertThat(ids[1]).as("session of the workload's shell").isEqualTo(ids[0]);
        assertThat(ids[1]).isNotEqualTo(jvmSession());
    }

    @Test
    void host_processStaysInTheCallersSession() throws Exception {
        long[] ids = pidAndSession(HostProcessPlatform.host());

        assertThat(ids[1]).isEqualTo(jvmSession());
    }

    private static long[] pidAndSession(HostProcessPlatform platform) throws PlatformException {
        List<String> lines = java.util.Collections.synchronizedList(new ArrayList<>());
        try (Instance i = platform.start(new InstanceSpec(Path.of("/"), PID_AND_SESSION, ENV, InstanceSpec.Limits.NONE), lines::add)) {
            assertThat(i.awaitExit()).isZero();
        }
        assertThat(lines).hasSize(1);
        String[] f = lines.get(0).trim().split(" ");
        return new long[] {Long.parseLong(f[0]), Long.parseLong(f[1])};
    }

    private static long jvmSession() throws IOException {
        String stat = Files.readString(Path.of("/proc/self/stat"), StandardCharsets.US_ASCII);
        // After "pid (comm) ": state, ppid, pgrp, session.
        return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[3]);
    }
}
