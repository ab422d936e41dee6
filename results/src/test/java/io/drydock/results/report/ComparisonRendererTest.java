package io.drydock.results.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.drydock.results.SyntheticRuns;
import io.drydock.results.schema.ResultCodec;
import io.drydock.results.schema.ResultFile;
import io.drydock.results.stats.AbComparator;
import io.drydock.results.stats.CompareSettings;
import io.drydock.results.stats.Comparison;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class ComparisonRendererTest {
    private static Comparison withOneRegression() throws Exception {
        ResultFile base = SyntheticRuns.run(6, 0.02, 1);
        return new AbComparator(CompareSettings.defaults()).compare(base, SyntheticRuns.inject(SyntheticRuns.run(6, 0.02, 2), 3, 1.2));
    }

    @Test
    void junitXml_showsTheRegressionAsAFailedTest() throws Exception {
        String xml = ComparisonRenderer.junitXml(withOneRegression());
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        Element suite = doc.getDocumentElement();
        assertThat(suite.getAttribute("tests")).isEqualTo("6");
        assertThat(suite.getAttribute("failures")).isEqualTo("1");
        assertThat(doc.getElementsByTagName("failure").getLength()).isEqualTo(1);
        Element failed = (Element) doc.getElementsByTagName("failure").item(0).getParentNode();
        // Named in words (an unknown benchmark gets its method in words), grouped by dimension.
        assertThat(failed.getAttribute("name")).isEqualTo("b3 [runc]");
        assertThat(failed.getAttribute("classname")).isEqualTo("drydock.detail");
    }

    @Test
    void markdown_headsWithTheOutcome_andListsEveryFigure() throws Exception {
        String md = ComparisonRenderer.markdown(withOneRegression(), "base.json", "new.json");
        assertThat(md).startsWith("## drydock compare: ❌ regression");
        assertThat(md).contains("| **regression** | b3 [runc] |");
        assertThat(md.lines().filter(l -> l.startsWith("| ") && l.contains(" [runc] |"))).hasSize(6);
    }

    @Test
    void junitXml_namesCatalogueMeasurementsInWords_withTheirDimension() throws Exception {
        ResultFile fixture = ReportFixture.read();
        Comparison c = new AbComparator(CompareSettings.defaults()).compare(fixture, fixture);
        String xml = ComparisonRenderer.junitXml(c);
        assertThat(xml).contains("classname=\"drydock.CPU\" name=\"sysbench CPU, one thread on the last core [drydock]\"")
                .contains("classname=\"drydock.network latency\" name=\"Redis GET [drydock-hostnet]\"")
                .doesNotContain("CpuBenchmark", "io.drydock.bench");
        assertThat(ComparisonRenderer.text(c)).contains("4 KiB random read [vm, target volume]").contains(" IOPS")
                .doesNotContain("randReadIops");
    }

    @Test
    void unknownHosts_areSaidOnceInTextMarkdownAndJunit() throws Exception {
        ResultFile raw = new ResultCodec().read(Path.of(getClass().getResource("/jmh/startup.json").toURI()));
        Comparison c = new AbComparator(CompareSettings.defaults()).compare(raw, raw);

        assertThat(ComparisonRenderer.text(c).lines().filter(l -> l.contains("hosts unknown"))).singleElement()
                .asString().startsWith("note: hosts unknown: neither result records its machine");
        assertThat(ComparisonRenderer.markdown(c, "base.json", "new.json").lines()
                .filter(l -> l.contains("hosts unknown"))).singleElement().asString().startsWith("- note: hosts unknown");

        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(ComparisonRenderer.junitXml(c).getBytes(StandardCharsets.UTF_8)));
        Element hosts = (Element) doc.getElementsByTagName("property").item(0);
        assertThat(hosts.getAttribute("name")).isEqualTo("hosts");
        assertThat(hosts.getAttribute("value")).isEqualTo("unknown");
        Element note = (Element) doc.getElementsByTagName("property").item(1);
        assertThat(note.getAttribute("value")).startsWith("note: hosts unknown");
        assertThat(doc.getDocumentElement().getElementsByTagName("system-out").item(
                doc.getDocumentElement().getElementsByTagName("system-out").getLength() - 1).getTextContent())
                .startsWith("note: hosts unknown");
    }

    @Test
    void knownSameHost_junitSaysSame_andHasNoHostNote() throws Exception {
        String xml = ComparisonRenderer.junitXml(withOneRegression());
        assertThat(xml).contains("<property name=\"hosts\" value=\"same\"/>").doesNotContain("host note");
        assertThat(ComparisonRenderer.text(withOneRegression())).doesNotContain("hosts");
    }

    @Test
    void text_putsRegressionsFirst_andEndsWithTheSummary() throws Exception {
        String text = ComparisonRenderer.text(withOneRegression());
        assertThat(text.lines().skip(2).findFirst().orElseThrow()).startsWith("REGRESSION");
        assertThat(text).contains("1 regression(s)").contains("threshold ±5.0%");
    }
}
