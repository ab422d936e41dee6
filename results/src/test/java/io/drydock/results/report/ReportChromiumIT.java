package io.drydock.results.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.drydock.results.SyntheticRuns;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens the report in a real browser: headless Chromium loads report.html from disk with the network
 * switched off in a window 1280 px wide, and a probe script (added to a copy of the page, never to
 * the report itself) counts the images that decoded, every resource the page fetched, and whether
 * the page is wider than the window. Negative controls with a missing chart and a too-wide table
 * prove the probe can fail.
 */
class ReportChromiumIT {
    private static final String PROBE = """
            <script>
            window.addEventListener('load', function () {
              var imgs = Array.prototype.slice.call(document.images);
              var decoded = imgs.filter(function (i) { return i.complete && i.naturalWidth > 0; }).length;
              var fetched = performance.getEntriesByType('resource').map(function (e) { return e.name; });
              var overflow = document.documentElement.scrollWidth > window.innerWidth ? 'yes' : 'no';
              document.body.setAttribute('data-drydock-probe',
                  'images=' + imgs.length + ';decoded=' + decoded + ';overflow=' + overflow + ';width=' + window.innerWidth
                  + ';fetched=' + fetched.length + ';' + fetched.join(' '));
            });
            </script>
            """;

    private static Path chromium;

    @TempDir
    Path tmp;

    @BeforeAll
    static void findChromium() {
        for (String c : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")) {
            if (Files.isExecutable(Path.of(c))) {
                chromium = Path.of(c);
                return;
            }
        }
        assumeTrue(false, "no Chromium on this host (scripts/setup installs the 'chromium' package)");
    }

    private List<String> chromiumArgs(String... extra) {
        List<String> cmd = new ArrayList<>(List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-dev-shm-usage", "--user-data-dir=" + tmp.resolve("profile"),
                // Every host name resolves to nothing: a reference to the network cannot load.
                "--host-resolver-rules=MAP * ~NOTFOUND"));
        cmd.addAll(List.of(extra));
        return cmd;
    }

    private String run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectError(tmp.resolve("chromium.log").toFile()).start();
        try {
            byte[] out = p.getInputStream().readAllBytes();
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("chromium finished").isTrue();
            return new String(out, StandardCharsets.UTF_8);
        } finally {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Loads {@code html} with the probe added; returns the rendered DOM, which carries the probe's finding. */
    private String renderProbed(Path html) throws Exception {
        Path probed = html.resolveSibling("probed-" + html.getFileName());
        Files.writeString(probed, Files.readString(html).replace("</body>", PROBE + "</body>"));
        return run(chromiumArgs("--window-size=1280,900", "--virtual-time-budget=10000", "--dump-dom",
                probed.toUri().toString()));
    }

    private static String probeOf(String dom) {
        Matcher m = Pattern.compile("data-drydock-probe=\"([^\"]*)\"").matcher(dom);
        assertThat(m.find()).as("the probe ran; DOM was:%n%s", dom.length() > 2000 ? dom.substring(0, 2000) : dom)
                .isTrue();
        return m.group(1);
    }

    @Test
    void report_rendersInChromiumAt1280px_withEveryChartDecoded_noHorizontalOverflow_andNothingFetched() throws Exception {
        // The fixed run of the golden tests: every dimension, nine platforms in the detail table.
        ReportWriter.Report report = new ReportWriter().write(RunSet.of(ReportFixture.read()), tmp.resolve("report"));
        assertThat(report.charts()).hasSizeGreaterThanOrEqualTo(9);
        String dom = renderProbed(report.html());
        int n = report.charts().size();
        assertThat(probeOf(dom)).isEqualTo("images=" + n + ";decoded=" + n + ";overflow=no;width=1280;fetched=0;");
        assertThat(dom).contains("container vs VM vs host").contains("<table class=\"answer\">")
                .contains("<table class=\"claims\">").contains("<table class=\"published\">");
    }

    @Test
    void report_ofThreeRunsOfOneHost_rendersTheTrendCharts() throws Exception {
        ReportWriter.Report report = new ReportWriter().write(RunHistory.of(RunHistoryTest.threeRunsOfOneHost()),
                tmp.resolve("trend"));
        assertThat(report.trend()).isNotEmpty();
        String dom = renderProbed(report.html());
        int n = report.charts().size() + report.trend().size();
        assertThat(probeOf(dom)).isEqualTo("images=" + n + ";decoded=" + n + ";overflow=no;width=1280;fetched=0;");
        assertThat(dom).contains("id=\"trend\"");
    }

    @Test
    void report_ofTheStartupJmhFixture_rendersWithoutOverflow() throws Exception {
        ReportWriter.Report report = new ReportWriter().write(RunSet.of(SyntheticRuns.jmhFixture("jmh/startup.json")),
                tmp.resolve("report"));
        String dom = renderProbed(report.html());
        int n = report.charts().size();
        assertThat(probeOf(dom)).isEqualTo("images=" + n + ";decoded=" + n + ";overflow=no;width=1280;fetched=0;");

        Path shot = tmp.resolve("report.png");
        run(chromiumArgs("--hide-scrollbars", "--window-size=1280,2400", "--screenshot=" + shot, report.html().toUri().toString()));
        assertThat(Files.readAllBytes(shot)).startsWith(0x89, 'P', 'N', 'G');
        assertThat(Files.size(shot)).isGreaterThan(20_000); // a blank page compresses to far less
    }

    @Test
    @DisplayName("the probe sees a missing chart file and a network reference: it can fail")
    void probe_negativeControl_seesBrokenReferences() throws Exception {
        Path page = tmp.resolve("broken.html");
        Files.writeString(page, "<!DOCTYPE html><html><body><img src=\"charts/missing.png\">"
                + "<img src=\"http://drydock-probe.invalid/x.png\"></body></html>");
        String probe = probeOf(renderProbed(page));
        // The missing file fails to decode; the network reference also shows up as a fetch.
        assertThat(probe).startsWith("images=2;decoded=0;").contains("drydock-probe.invalid");
    }

    @Test
    @DisplayName("the probe sees a page wider than the window: the overflow check can fail")
    void probe_negativeControl_seesAWideTable() throws Exception {
        Path page = tmp.resolve("wide.html");
        Files.writeString(page, "<!DOCTYPE html><html><body><table><tr><td style=\"white-space:nowrap\">"
                + "x".repeat(600) + "</td></tr></table></body></html>");
        assertThat(probeOf(renderProbed(page))).contains(";overflow=yes;width=1280;");
    }
}
