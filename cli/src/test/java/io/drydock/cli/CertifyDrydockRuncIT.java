package io.drydock.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution's {@code drydock certify} certifies its own {@code drydock-runc} on this host:
 * zero MUST failures in the whole suite, within five minutes (issue 12's goal), with every output
 * written. It lives in this module because the distribution is built here, after the suite's own
 * module; the suite's logic and the broken-runtime checks are the conformance module's ITs.
 */
class CertifyDrydockRuncIT {
    static final Path DRYDOCK = Path.of("target", "drydock", "bin", "drydock").toAbsolutePath();

    @Test
    void certify_drydockRunc_wholeSuite_certifiedWithinFiveMinutes(@TempDir Path out) throws Exception {
        assumeTrue(Files.isExecutable(DRYDOCK), "the distribution is built by `package` before integration tests");
        Path log = out.resolve("certify.log");
        long start = System.nanoTime();
        Process p = new ProcessBuilder(DRYDOCK.toString(), "certify", "--runtime", "drydock-runc", "-o",
            out.resolve("certificate").toString()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean done = p.waitFor(10, TimeUnit.MINUTES);
        if (!done) {
            p.destroyForcibly().waitFor();
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        String output = Files.readString(log);
        assertThat(done).as("certify finished in time: " + output).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        assertThat(output).contains("drydock-runc: certified");
        Path dir = out.resolve("certificate");
        String md = Files.readString(dir.resolve("certificate.md"));
        assertThat(md).contains("## drydock-runc: certified").contains("0 MUST and 0 SHOULD failures")
            .contains("### Port mapping: 4 passed").contains("### Copy-on-write layering: 4 passed");
        assertThat(Files.readString(dir.resolve("TEST-certify-drydock-runc.xml"))).contains("failures=\"0\"");
        assertThat(dir.resolve("certify.tap")).exists();
        assertThat(dir.resolve("certificate.html")).exists();
        assertThat(took).isLessThan(Duration.ofMinutes(5));
    }
}
