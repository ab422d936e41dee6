package io.drydock.cli;

import io.drydock.conformance.Area;
import io.drydock.conformance.Certification;
import io.drydock.conformance.CertificationException;
import io.drydock.conformance.HostInfo;
import io.drydock.conformance.Outcome;
import io.drydock.conformance.RuntimeCatalog;
import io.drydock.conformance.RuntimeReport;
import io.drydock.conformance.RuntimeUnderTest;
import io.drydock.conformance.Verdict;
import io.drydock.conformance.report.ReportFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code drydock certify}: runs the conformance suite against one or more OCI runtimes (and drydock's VM platform) and writes
 * JUnit XML, TAP and a certificate (Markdown and HTML). Exit 0 when every runtime is certified or
 * partial, 1 when one is not certified, 2 for a usage or host problem.
 */
@Command(name = "certify", mixinStandardHelpOptions = true,
    description = "Certify OCI runtimes on this host: lifecycle, isolation, resource limits, cleanup, and for drydock "
        + "its port mapping and copy-on-write layering; with --runtime vm, drydock's VM platform on isolation, port mapping, "
        + "copy-on-write and cleanup. Writes JUnit XML, TAP, certificate.md and certificate.html.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:every runtime is certified or partial (skips only for what the host lacks)",
        "1:a runtime is not certified (a MUST test failed, or a test was skipped without a reason)",
        "2:usage or host problem (unknown runtime or area, not root, no busybox, unwritable output)"})
public final class CertifyCommand implements Callable<Integer> {
    /** Exit status: a usage or host problem. */
    static final int EXIT_USAGE_OR_HOST = 2;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Option(names = "--runtime", paramLabel = "RUNTIME",
        description = "drydock-runc, runc, crun, youki, a path to a runc-compatible binary, or vm (drydock's libvirt VM "
            + "platform; needs libvirtd: scripts/libvirt start); repeat for a side-by-side certificate (default: drydock-runc).")
    List<String> runtimes = new ArrayList<>();

    @Option(names = "--only", paramLabel = "AREA", split = ",",
        description = "Run only these areas: lifecycle, isolation, resources, port-mapping, cow, cleanup.")
    List<String> only = new ArrayList<>();

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", description = "Where the reports go (default: ${DEFAULT-VALUE}).",
        defaultValue = "drydock-certify")
    Path output;

    @Override
    public Integer call() {
        CommandLine cmd = spec.commandLine();
        PrintWriter out = cmd.getOut();
        Set<Area> areas = EnumSet.noneOf(Area.class);
        try {
            for (String a : only) {
                areas.add(Area.parse(a));
            }
        } catch (IllegalArgumentException e) {
            return common.fail(cmd, new IllegalArgumentException("--only: " + e.getMessage(), e), EXIT_USAGE_OR_HOST);
        }
        if (areas.isEmpty()) {
            areas = EnumSet.allOf(Area.class);
        }
        String hostProblem = hostProblem();
        if (hostProblem != null) {
            return common.fail(cmd, new IllegalStateException(hostProblem), EXIT_USAGE_OR_HOST);
        }
        Path work = null;
        List<RuntimeReport> reports = new ArrayList<>();
        try {
            // Traversable by others: the user namespace test's mapped uid reaches its rootfs below it.
            work = Files.createTempDirectory("drydock-certify-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx--x--x")));
            String home = System.getProperty("drydock.home");
            RuntimeCatalog catalog = new RuntimeCatalog(home == null ? null : Path.of(home), work.resolve("wrappers"));
            List<RuntimeUnderTest> resolved = new ArrayList<>();
            for (String r : runtimes.isEmpty() ? List.of("drydock-runc") : runtimes) {
                resolved.add(catalog.resolve(r));
            }
            Files.createDirectories(output);
            if (!Files.isWritable(output)) {
                throw new IOException("cannot write to " + output);
            }
            HostInfo host = HostInfo.current(Drydock.class.getPackage().getImplementationVersion());
            for (int i = 0; i < resolved.size(); i++) {
                RuntimeUnderTest rt = resolved.get(i);
                out.println("certifying " + rt.name() + " (" + rt.version() + ")");
                out.flush();
                RuntimeReport report = Certification.run(rt, areas, work.resolve("run-" + i), host, o -> {
                    out.printf("  %-14s %-6s %s: %s%n", o.status().label(), o.level(), o.area().key(), o.name());
                    if (o.status() == Outcome.Status.FAILED) {
                        out.println("                        " + o.message().replace("\n", " "));
                    }
                    out.flush();
                });
                reports.add(report);
                out.println(rt.name() + ": " + report.verdict().label() + " in " + report.duration().toSeconds() + " s");
            }
            for (Path p : ReportFiles.write(reports, output)) {
                out.println("wrote " + p);
            }
        } catch (CertificationException | IOException e) {
            return common.fail(cmd, e, EXIT_USAGE_OR_HOST);
        } finally {
            if (work != null) {
                removeTree(work, cmd.getErr());
            }
        }
        out.flush();
        return reports.stream().anyMatch(r -> r.verdict() == Verdict.NOT_CERTIFIED) ? 1 : 0;
    }

    /** Removes the run's temporary directory (wrappers, work directories the runs left). */
    private static void removeTree(Path dir, PrintWriter err) {
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            err.println("drydock certify: could not remove " + dir + ": " + e.getMessage());
        }
    }

    /** What this host lacks for any certification, or null. */
    static String hostProblem() {
        try {
            Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            if (!Integer.valueOf(0).equals(uid)) {
                return "certify needs root: it creates namespaces, cgroups, mounts and device nodes (running as uid " + uid + ")";
            }
        } catch (IOException | UnsupportedOperationException e) {
            return "cannot tell who runs certify from /proc/self: " + e.getMessage();
        }
        if (!Files.isExecutable(Path.of("/bin/busybox"))) {
            return "/bin/busybox is missing: the suite's containers run busybox-static (apt-get install busybox-static)";
        }
        return null;
    }
}
