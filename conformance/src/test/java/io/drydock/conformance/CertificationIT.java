package io.drydock.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The suite against real runtimes on this host: runc and drydock-runc pass what they can (runc's
 * own known failures are recorded as its own), and deliberately broken wrappers around runc fail
 * exactly the tests that check what they break.
 */
class CertificationIT {
    @TempDir
    Path temp;

    @BeforeAll
    static void hostHasWhatTheSuiteNeeds() throws IOException {
        assumeTrue(Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid")),
            "needs root: the suite creates namespaces, cgroups and mounts");
        assumeTrue(Files.isExecutable(Path.of("/bin/busybox")), "needs busybox-static");
    }

    private static Set<String> failed(RuntimeReport r) {
        return r.outcomes().stream().filter(o -> o.status() == Outcome.Status.FAILED).map(Outcome::id)
            .collect(Collectors.toCollection(TreeSet::new));
    }

    private RuntimeReport certify(RuntimeUnderTest rt, Set<Area> areas) throws Exception {
        // The user namespace test's mapped uid must reach the bundles below the (private) temporary directory.
        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwx--x--x"));
        return Certification.run(rt, areas, temp.resolve("work-" + rt.name()), HostInfo.current(), o -> { });
    }

    private RuntimeUnderTest runc() throws CertificationException {
        assumeTrue(RuntimeCatalog.onPath("runc").isPresent(), "needs runc on PATH");
        return new RuntimeCatalog(null, temp.resolve("wrappers")).resolve("runc");
    }

    /** A runc wrapper that edits the bundle's config.json with {@code sedScript} before runc reads it. */
    private RuntimeUnderTest brokenRunc(String name, String sedScript) throws Exception {
        RuntimeUnderTest runc = runc();
        Path wrapper = temp.resolve(name);
        Files.writeString(wrapper, """
            #!/bin/sh
            # A deliberately broken runtime: runc, after this edit of the bundle's config.json.
            prev=
            for a in "$@"; do
              if [ "$prev" = "--bundle" ]; then sed -i -e '%s' "$a/config.json"; fi
              prev=$a
            done
            exec %s "$@"
            """.formatted(sedScript, runc.command().get(0)), StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
        return new RuntimeUnderTest(name, List.of(wrapper.toString()), runc.version(), false, runc.hostBinaries(), "broken on purpose", false);
    }

    @Test
    void runc_wholeSuite_failsOnlyItsOwnKnownTests() throws Exception {
        RuntimeReport r = certify(runc(), EnumSet.allOf(Area.class));
        // runc 1.1 does not set process.domainname (it came with runc 1.2's runtime-spec 1.1 support).
        assertThat(failed(r)).isSubsetOf("isolation.domainname_isTheConfiguredOne");
        assertThat(r.outcomes()).noneMatch(o -> o.status() == Outcome.Status.SKIPPED_UNDECLARED);
        assertThat(r.in(Area.PORT_MAPPING)).isNotEmpty().allMatch(o -> o.status() == Outcome.Status.NOT_APPLICABLE);
        assertThat(r.in(Area.COW)).isNotEmpty().allMatch(o -> o.status() == Outcome.Status.NOT_APPLICABLE);
        assertThat(r.duration()).isLessThan(java.time.Duration.ofMinutes(5));
    }

    @Test
    void brokenRuntimes_failExactlyTheTestsThatCheckWhatTheyBreak() throws Exception {
        Set<Area> isolation = EnumSet.of(Area.ISOLATION);
        Set<String> baseline = failed(certify(runc(), isolation));

        RuntimeReport extraCapability = certify(brokenRunc("runc-adds-sys-admin",
            "s/\"CAP_KILL\"/\"CAP_KILL\", \"CAP_SYS_ADMIN\"/g"), isolation);
        // The runtime's own network namespace ("self" is runc's stage that opens the path): the host's.
        RuntimeReport hostNetwork = certify(brokenRunc("runc-host-network",
            "s|\"type\" : \"network\"|\"type\" : \"network\", \"path\" : \"/proc/self/ns/net\"|"), isolation);
        RuntimeReport noHostname = certify(brokenRunc("runc-drops-hostname", "/^  \"hostname\" : /d"), isolation);

        assertThat(difference(failed(extraCapability), baseline)).containsExactly("isolation.capabilities_equalTheConfiguredSets");
        assertThat(difference(failed(hostNetwork), baseline)).containsExactly("isolation.networkNamespace_hasOnlyLoopback");
        assertThat(difference(failed(noHostname), baseline)).containsExactly("isolation.hostname_isTheConfiguredOne");
        assertThat(extraCapability.verdict()).isEqualTo(Verdict.NOT_CERTIFIED);
        assertThat(extraCapability.outcomes()).filteredOn(o -> o.id().equals("isolation.capabilities_equalTheConfiguredSets"))
            .singleElement().satisfies(o -> assertThat(o.message()).contains("CAP_SYS_ADMIN"));
    }

    private static Set<String> difference(Set<String> a, Set<String> b) {
        Set<String> d = new TreeSet<>(a);
        d.removeAll(b);
        return d;
    }
}
