package io.drydock.conformance.report;

import static io.drydock.conformance.Reports.outcome;
import static io.drydock.conformance.Reports.report;
import static org.assertj.core.api.Assertions.assertThat;

import io.drydock.conformance.Area;
import io.drydock.conformance.Level;
import io.drydock.conformance.Outcome.Status;
import io.drydock.conformance.RuntimeExtension;
import io.drydock.conformance.RuntimeReport;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class ReportWritersTest {
    private static final RuntimeReport RUNC = report("runc",
        outcome("create", Area.LIFECYCLE, Level.MUST, Status.PASSED, ""),
        outcome("pause", Area.LIFECYCLE, Level.SHOULD, Status.SKIPPED, "needs a freezer <cgroup> & more"),
        outcome("domainname", Area.ISOLATION, Level.MUST, Status.FAILED, "domainname inside ==> expected: <a> but was: <(none)>\nsecond line"),
        outcome("console", Area.ISOLATION, Level.SHOULD, Status.FAILED, "no terminal | arrived"),
        outcome("tcp", Area.PORT_MAPPING, Level.MUST, Status.NOT_APPLICABLE, "not applicable to a bare OCI runtime: port mapping"));
    private static final RuntimeReport DRYDOCK = report("drydock-runc",
        outcome("create", Area.LIFECYCLE, Level.MUST, Status.PASSED, ""),
        outcome("tcp", Area.PORT_MAPPING, Level.MUST, Status.PASSED, ""));

    private static Document parse(String xml) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder()
            .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void junitXml_syntheticRun_isWellFormedWithOneSuitePerAreaAndFailuresAndSkips() throws Exception {
        Document doc = parse(JunitXml.render(RUNC));
        Element root = doc.getDocumentElement();
        assertThat(root.getTagName()).isEqualTo("testsuites");
        assertThat(root.getAttribute("tests")).isEqualTo("5");
        assertThat(root.getAttribute("failures")).isEqualTo("2");
        assertThat(root.getAttribute("skipped")).isEqualTo("2");
        NodeList suites = doc.getElementsByTagName("testsuite");
        assertThat(suites.getLength()).isEqualTo(3);
        assertThat(((Element) suites.item(0)).getAttribute("name")).isEqualTo("certify.runc.lifecycle");
        NodeList failures = doc.getElementsByTagName("failure");
        assertThat(failures.getLength()).isEqualTo(2);
        Element first = (Element) failures.item(0);
        assertThat(first.getAttribute("type")).isEqualTo("MUST");
        assertThat(first.getAttribute("message")).isEqualTo("domainname inside ==> expected: <a> but was: <(none)>");
        assertThat(first.getTextContent()).contains("runtime-spec: domainname").contains("second line");
        NodeList skipped = doc.getElementsByTagName("skipped");
        assertThat(((Element) skipped.item(0)).getAttribute("message")).isEqualTo("skipped: needs a freezer <cgroup> & more");
        assertThat(((Element) skipped.item(1)).getAttribute("message")).startsWith("not applicable: ");
        assertThat(JunitXml.fileName(RUNC)).isEqualTo("TEST-certify-runc.xml");
    }

    @Test
    void junitXml_controlCharacterInAMessage_isDroppedSoTheDocumentParses() throws Exception {
        RuntimeReport r = report("x", outcome("bad", Area.LIFECYCLE, Level.MUST, Status.FAILED, "saw \u0001 here"));
        assertThat(parse(JunitXml.render(r)).getElementsByTagName("failure").item(0).getTextContent()).contains("saw  here");
    }

    @Test
    void tap_twoRuntimes_countsEveryTestAndMarksFailuresAndSkips() {
        List<String> lines = Tap.render(List.of(RUNC, DRYDOCK)).lines().toList();
        assertThat(lines.get(0)).isEqualTo("TAP version 14");
        assertThat(lines.get(1)).isEqualTo("1..7");
        assertThat(lines).contains("ok 1 - runc: lifecycle: MUST: checks create");
        assertThat(lines).anyMatch(l -> l.startsWith("ok 2 - runc: lifecycle: SHOULD: checks pause # SKIP skipped: needs a freezer"));
        assertThat(lines).contains("not ok 3 - runc: isolation: MUST: checks domainname", "  ---", "  level: MUST", "  ...");
        assertThat(lines).anyMatch(l -> l.equals("  message: \"domainname inside ==> expected: <a> but was: <(none)>\\nsecond line\""));
        assertThat(lines).contains("ok 7 - drydock-runc: port-mapping: MUST: checks tcp");
        assertThat(lines.stream().filter(l -> l.matches("(not )?ok \\d+ .*"))).hasSize(7);
    }

    @Test
    void markdown_twoRuntimes_hasHeaderSideBySideVerdictsAndFailuresByLevel() {
        String md = Certificate.markdown(List.of(RUNC, DRYDOCK));
        assertThat(md).contains("- Host: testhost, kernel 6.1.0-test, cgroup hybrid").contains("- drydock: 0.1.0-test")
            .contains("- Date: 2026-12-06 05:00:00 UTC");
        assertThat(md).contains("| Area | runc | drydock-runc |")
            .contains("| Isolation | 0 passed, 2 failed (1 MUST, 1 SHOULD) | not run |".replace("not run", "0 passed"))
            .contains("| Port mapping | not applicable | 1 passed |")
            .contains("| **Verdict** | **not certified** | **certified** |");
        assertThat(md).contains("## runc: not certified").contains("## drydock-runc: certified");
        assertThat(md).contains("### MUST failures\n\n- **checks domainname** (isolation; runtime-spec: domainname): "
            + "domainname inside ==> expected: <a> but was: <(none)> second line");
        assertThat(md).contains("### SHOULD failures\n\n- **checks console** (isolation; runtime-spec: console): no terminal \\| arrived");
        assertThat(md).contains("- checks pause (lifecycle, SHOULD): skipped, needs a freezer <cgroup> & more");
    }

    @Test
    void html_messageWithMarkup_isEscaped() {
        String html = Certificate.html(List.of(RUNC));
        assertThat(html).startsWith("<!DOCTYPE html>").contains("needs a freezer &lt;cgroup&gt; &amp; more")
            .doesNotContain("<cgroup>").contains("class=\"verdict-not-certified\"").contains("<td class=\"failed\">failed</td>");
    }

    @Test
    void write_twoRuntimes_writesXmlPerRuntimeTapAndBothCertificates(@TempDir Path dir) throws Exception {
        List<Path> files = ReportFiles.write(List.of(RUNC, DRYDOCK), dir.resolve("out"));
        assertThat(files.stream().map(p -> p.getFileName().toString())).containsExactly("TEST-certify-runc.xml",
            "TEST-certify-drydock-runc.xml", "certify.tap", "certificate.md", "certificate.html");
        for (Path f : files) {
            assertThat(Files.size(f)).isPositive();
        }
    }

    @Test
    void markdown_vmBesideRunc_showsTheVmColumnAndWhyLifecycleIsNotApplicableToIt() {
        RuntimeReport vm = report("vm",
            outcome("create", Area.LIFECYCLE, Level.MUST, Status.NOT_APPLICABLE,
                RuntimeExtension.NOT_APPLICABLE_VM + "these lifecycle and operations tests check runc's command line"),
            outcome("hostname", Area.ISOLATION, Level.MUST, Status.PASSED, ""),
            outcome("tcp", Area.PORT_MAPPING, Level.MUST, Status.PASSED, ""));
        String md = Certificate.markdown(List.of(RUNC, vm));
        assertThat(md).contains("| Area | runc | vm |")
            .contains("| Lifecycle and operations | 1 passed, 1 skipped | not applicable |")
            .contains("| Port mapping | not applicable | 1 passed |")
            .contains("| **Verdict** | **not certified** | **certified** |")
            .contains("not applicable to a VM: these lifecycle and operations tests check runc's command line");
    }
}
