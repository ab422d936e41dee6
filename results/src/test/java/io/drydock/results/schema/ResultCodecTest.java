package io.drydock.results.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drydock.results.SyntheticRuns;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultCodecTest {
    private final ResultCodec codec = new ResultCodec();
    @TempDir
    Path tmp;

    static Path resource(String name) throws Exception {
        return Path.of(ResultCodecTest.class.getResource("/" + name).toURI());
    }

    @Test
    void write_thenRead_givesTheSameResult() throws Exception {
        ResultFile r = SyntheticRuns.run(3, 0.02, 7);
        Path f = tmp.resolve("r.json");
        codec.write(r, f);
        assertThat(codec.read(f)).isEqualTo(r);
        assertThat(Files.readString(f)).contains("\"schema\" : \"drydock-results/3\"").doesNotContain("\"slots\"");
    }

    @Test
    void read_handWrittenResultFile_keepsAbsentToolsAsAbsent() throws Exception {
        ResultFile r = codec.read(resource("drydock/result-v1.json"));
        assertThat(r.machine().versionOf("qemu")).isEqualTo("absent");
        assertThat(r.machine().versionOf("runc")).isEqualTo("1.1.5");
        assertThat(r.figures()).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(FigureKind.STARTUP_TIME);
            assertThat(f.samples()).containsExactly(91.0, 92.55, 90.15000000000001);
        });
    }

    @Test
    void read_jmhFile_hasAnUnknownMachine() throws Exception {
        ResultFile r = codec.read(resource("jmh/startup.json"));
        assertThat(r.machine().isKnown()).isFalse();
        assertThat(r.figures()).isNotEmpty();
    }

    @Test
    void read_emptyFile_saysItIsEmpty() {
        assertThatThrownBy(() -> codec.read(resource("bad/empty.json")))
                .isInstanceOf(ResultFormatException.class).hasMessageContaining("empty.json")
                .hasMessageContaining("the file is empty");
    }

    @Test
    void read_truncatedFile_saysItIsTruncatedAndWhere() {
        assertThatThrownBy(() -> codec.read(resource("bad/truncated.json")))
                .isInstanceOf(ResultFormatException.class).hasMessageContaining("truncated.json")
                .hasMessageContaining("truncated").hasMessageContaining("line");
    }

    @Test
    void read_unknownSchemaVersion_isRefusedNamingTheSchema() {
        assertThatThrownBy(() -> codec.read(resource("bad/unknown-schema.json")))
                .isInstanceOf(ResultFormatException.class)
                .hasMessageContaining("$.schema").hasMessageContaining("drydock-results/9")
                .hasMessageContaining("drydock-results/1").hasMessageContaining("drydock-results/2")
                .hasMessageContaining("drydock-results/3");
    }

    @Test
    void read_mixedSchema_namesTheForeignField() {
        assertThatThrownBy(() -> codec.read(resource("bad/mixed-schema.json")))
                .isInstanceOf(ResultFormatException.class)
                .satisfies(e -> assertThat(((ResultFormatException) e).jsonPath()).startsWith("$.figures[1]"))
                .hasMessageContaining("mixes two schemas");
    }

    @Test
    void read_unknownFieldInOwnFormat_isRefusedNamingIt() throws Exception {
        String json = Files.readString(resource("drydock/result-v1.json")).replace("\"cpuCount\"", "\"cores\" : 2, \"cpuCount\"");
        Path f = tmp.resolve("u.json");
        Files.writeString(f, json);
        assertThatThrownBy(() -> codec.read(f)).isInstanceOf(ResultFormatException.class)
                .hasMessageContaining("$.machine").hasMessageContaining("unknown field \"cores\"");
    }

    @Test
    void read_nonNumericSample_namesItsPath() {
        assertThatThrownBy(() -> codec.read(resource("bad/bad-sample.json")))
                .isInstanceOf(ResultFormatException.class)
                .hasMessageContaining("$.figures[0].forks[1][0]");
    }

    @Test
    void read_missingUnit_namesTheField() {
        assertThatThrownBy(() -> codec.read(resource("bad/missing-unit.json")))
                .isInstanceOf(ResultFormatException.class)
                .satisfies(e -> assertThat(((ResultFormatException) e).jsonPath()).isEqualTo("$.figures[0].unit"));
    }

    @Test
    void read_singleJmhEntryObject_explainsThatJmhFilesAreArrays() throws Exception {
        Path f = tmp.resolve("one.json");
        Files.writeString(f, "{\"benchmark\":\"a.B.c\",\"mode\":\"ss\",\"primaryMetric\":{}}");
        assertThatThrownBy(() -> codec.read(f)).isInstanceOf(ResultFormatException.class)
                .hasMessageContaining("arrays");
    }

    @Test
    void read_notJson_saysWhere() throws Exception {
        Path f = tmp.resolve("x.json");
        Files.writeString(f, "schema: yaml?");
        assertThatThrownBy(() -> codec.read(f)).isInstanceOf(ResultFormatException.class)
                .hasMessageContaining("not valid JSON at line 1");
    }

    @Test
    void newResultFile_duplicateFigure_isRefused() {
        ResultFile r = SyntheticRuns.run(1, 0.02, 1);
        assertThatThrownBy(() -> ResultFile.of(java.time.Instant.EPOCH, r.machine(),
                java.util.List.of(r.figures().get(0), r.figures().get(0))))
                .isInstanceOf(InvalidFieldException.class).hasMessageContaining("figures[1]");
    }

    private static ResultFile withRatios() {
        java.util.Random random = new java.util.Random(11);
        Figure host = SyntheticRuns.figure("io.drydock.bench.S.start", "host", 10, 0.02, 5, 3, random);
        Figure runc = SyntheticRuns.figure("io.drydock.bench.S.start", "runc", 30, 0.02, 5, 3, random);
        java.util.List<Figure> figs = java.util.List.of(host, runc);
        java.util.List<Ratio> ratios = io.drydock.results.stats.PeerRatios.defaults().of(figs).stream()
                .map(r -> r.withReruns(4, true)).toList();
        return ResultFile.of(java.time.Instant.EPOCH, SyntheticRuns.machine(), figs, ratios);
    }

    @Test
    void write_thenRead_keepsRatiosWithTheirRerunRecord() throws Exception {
        ResultFile r = withRatios();
        Path f = tmp.resolve("ratios.json");
        codec.write(r, f);
        ResultFile back = codec.read(f);
        assertThat(back).isEqualTo(r);
        assertThat(back.ratios()).singleElement().satisfies(x -> {
            assertThat(x.peer()).isEqualTo("host");
            assertThat(x.extraForks()).isEqualTo(4);
        });
        assertThat(Files.readString(f)).contains("\"ratios\"", "\"peer\" : \"host\"", "\"extraForks\" : 4");
    }

    @Test
    void newResultFile_ratioOfAFigureItDoesNotHave_isRefusedNamingIt() {
        ResultFile r = withRatios();
        assertThatThrownBy(() -> ResultFile.of(java.time.Instant.EPOCH, r.machine(), r.figures().subList(1, 2), r.ratios()))
                .isInstanceOf(InvalidFieldException.class).hasMessageContaining("ratios[0]")
                .hasMessageContaining("S.start [host");
    }

    @Test
    void newResultFile_schema1WithRatios_isRefused() {
        ResultFile r = withRatios();
        assertThatThrownBy(() -> new ResultFile(ResultFile.SCHEMA_1, r.createdAt(), r.machine(), r.figures(), r.ratios()))
                .isInstanceOf(InvalidFieldException.class).hasMessageContaining("ratios");
    }

    @Test
    void newRatio_cappedWhileWithin_isRefused() {
        Ratio r = withRatios().ratios().get(0);
        assertThatThrownBy(() -> new Ratio(r.benchmark(), r.metric(), r.mode(), r.workload(), r.limits(), r.platform(),
                r.peer(), r.value(), r.low(), r.high(), r.confidence(), r.target(), r.forks(), r.peerForks(),
                RatioPrecision.WITHIN, 0, true)).isInstanceOf(InvalidFieldException.class).hasMessageContaining("capped");
    }

    @Test
    void figureWithForksOf_appendsTheOtherRunsForks_andRefusesAnotherFigure() {
        java.util.Random random = new java.util.Random(2);
        Figure a = SyntheticRuns.figure("io.drydock.bench.S.start", "runc", 10, 0.02, 3, 2, random);
        Figure b = SyntheticRuns.figure("io.drydock.bench.S.start", "runc", 10, 0.02, 2, 2, random);
        Figure merged = a.withForksOf(b);
        assertThat(merged.forks()).hasSize(5);
        assertThat(merged.forks().subList(3, 5)).isEqualTo(b.forks());
        Figure other = SyntheticRuns.figure("io.drydock.bench.S.start", "crun", 10, 0.02, 2, 2, random);
        assertThatThrownBy(() -> a.withForksOf(other)).isInstanceOf(InvalidFieldException.class)
                .hasMessageContaining("crun");
    }

    /** Host and runc, five forks each, every pair measured in one interleaved run. */
    private static ResultFile withSlots() {
        java.util.Random random = new java.util.Random(5);
        java.util.List<String> slots = java.util.List.of("start-1", "start-2", "start-3", "start-4", "start-5");
        Figure host = SyntheticRuns.figure("io.drydock.bench.S.start", "host", 10, 0.02, 5, 3, random);
        Figure runc = SyntheticRuns.figure("io.drydock.bench.S.start", "runc", 30, 0.02, 5, 3, random);
        java.util.List<Figure> figs = java.util.List.of(withSlots(host, slots), withSlots(runc, slots.reversed()));
        return ResultFile.of(java.time.Instant.EPOCH, SyntheticRuns.machine(), figs,
                io.drydock.results.stats.PeerRatios.defaults().of(figs));
    }

    private static Figure withSlots(Figure f, java.util.List<String> slots) {
        return new Figure(f.benchmark(), f.metric(), f.mode(), f.unit(), f.better(), f.kind(), f.platform(), f.workload(),
                f.limits(), f.forks(), slots);
    }

    @Test
    void write_thenRead_keepsEachForksSlot_andThePairedRatio() throws Exception {
        ResultFile r = withSlots();
        assertThat(r.ratios()).singleElement().satisfies(x -> assertThat(x.paired()).isTrue());
        Path f = tmp.resolve("slots.json");
        codec.write(r, f);
        assertThat(codec.read(f)).isEqualTo(r);
        assertThat(Files.readString(f)).contains("\"slots\" : [ \"start-1\"", "\"paired\" : true");
    }

    @Test
    void read_slotsInASchema2File_isRefusedNamingTheField() throws Exception {
        Path f = tmp.resolve("old.json");
        codec.write(withSlots(), f);
        Files.writeString(f, Files.readString(f).replace("drydock-results/3", "drydock-results/2")
                .replace("\"paired\" : true", "\"paired\" : false"));
        assertThatThrownBy(() -> codec.read(f)).isInstanceOf(ResultFormatException.class)
                .hasMessageContaining("slots").hasMessageContaining("drydock-results/3");
    }

    @Test
    void read_schema2FileWithoutSlots_isStillRead_andItsRatiosAreUnpaired() throws Exception {
        Path f = tmp.resolve("v2.json");
        codec.write(withRatios(), f);
        Files.writeString(f, Files.readString(f).replace("drydock-results/3", "drydock-results/2")
                .replace(",\n    \"paired\" : false", ""));
        assertThat(Files.readString(f)).doesNotContain("paired");
        ResultFile back = codec.read(f);
        assertThat(back.schema()).isEqualTo(ResultFile.SCHEMA_2);
        assertThat(back.ratios()).singleElement().satisfies(x -> assertThat(x.paired()).isFalse());
    }

    @Test
    void newFigure_slotsForAnotherNumberOfForks_orABlankOne_areRefusedNamingThem() {
        Figure f = withSlots().figures().get(0);
        assertThatThrownBy(() -> withSlots(f, java.util.List.of("a", "b"))).isInstanceOf(InvalidFieldException.class)
                .hasMessageContaining("slots").hasMessageContaining("2 runs for 5 forks");
        assertThatThrownBy(() -> withSlots(f, java.util.List.of("a", "b", " ", "d", "e")))
                .isInstanceOf(InvalidFieldException.class).hasMessageContaining("slots[2]");
    }

    @Test
    void figureWithForksOf_keepsSlotsWhenBothHaveThem_andDropsThemWhenEitherHasNone() {
        java.util.Random random = new java.util.Random(2);
        Figure a = SyntheticRuns.figure("io.drydock.bench.S.start", "runc", 10, 0.02, 1, 2, random).inSlot("start-1");
        Figure b = SyntheticRuns.figure("io.drydock.bench.S.start", "runc", 10, 0.02, 1, 2, random).inSlot("start-2");
        Figure plain = SyntheticRuns.figure("io.drydock.bench.S.start", "runc", 10, 0.02, 1, 2, random);
        assertThat(a.withForksOf(b).slots()).containsExactly("start-1", "start-2");
        assertThat(a.withForksOf(plain).slots()).isNull();
        assertThat(plain.withForksOf(a).slots()).isNull();
        assertThat(a.scaled(2).slots()).containsExactly("start-1");
    }

    @Test
    void newRatio_pairedWithoutAnInterval_isRefused() {
        Ratio r = withSlots().ratios().get(0);
        assertThatThrownBy(() -> new Ratio(r.benchmark(), r.metric(), r.mode(), r.workload(), r.limits(), r.platform(),
                r.peer(), r.value(), null, null, r.confidence(), r.target(), r.forks(), r.peerForks(),
                RatioPrecision.TOO_FEW_FORKS, 0, false, true)).isInstanceOf(InvalidFieldException.class)
                .hasMessageContaining("paired");
    }
}
