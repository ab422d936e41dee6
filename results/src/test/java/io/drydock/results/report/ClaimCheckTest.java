package io.drydock.results.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.drydock.results.report.ClaimCheck.Bound;
import io.drydock.results.report.ClaimCheck.BoundKind;
import io.drydock.results.report.ClaimCheck.Outcome;
import io.drydock.results.report.ClaimCheck.Pair;
import io.drydock.results.schema.Better;
import io.drydock.results.schema.Figure;
import io.drydock.results.schema.FigureKind;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ClaimCheckTest {
    private static final Bound AT_MOST_5_PERCENT = new Bound(BoundKind.AT_MOST, 1.05);

    /** A figure whose forks have exactly these means (one iteration each). */
    private static Figure figure(String metric, String platform, double... forks) {
        List<List<Double>> f = java.util.Arrays.stream(forks).mapToObj(v -> List.of(v)).toList();
        return new Figure("io.drydock.bench.CpuBenchmark.cpu", metric, "ss", "#", Better.LOWER, FigureKind.OTHER,
            platform, "default", new TreeMap<>(), f);
    }

    private static Pair pair(Figure subject, Figure reference) {
        return new Pair(subject, reference, 0, reference.platform());
    }

    @Test
    void judge_everyIntervalInsideTheBound_holds() {
        Figure host = figure("sha256WorkMs", "host", 100, 101, 99, 100, 100);
        Figure drydock = figure("sha256WorkMs", "drydock", 101, 102, 100, 101, 101);
        ClaimCheck.Verdict v = ClaimCheck.judge(List.of(pair(drydock, host)), AT_MOST_5_PERCENT, false, "nothing");
        assertThat(v.outcome()).isEqualTo(Outcome.HOLDS);
        assertThat(v.checks().get(0).cost()).isBetween(1.0, 1.02);
    }

    @Test
    void judge_aRateWhoseNameSaysHigherIsBetter_isTurnedIntoACost() {
        // eventsPerSec: 20% fewer events is a cost of 1.25, although the figure says "lower is better".
        Figure host = figure("oneThreadEventsPerSec", "host", 1000, 1010, 990, 1000, 1000);
        Figure vm = figure("oneThreadEventsPerSec", "drydock", 800, 808, 792, 800, 800);
        ClaimCheck.Verdict v = ClaimCheck.judge(List.of(pair(vm, host)), AT_MOST_5_PERCENT, false, "nothing");
        assertThat(v.outcome()).isEqualTo(Outcome.DOES_NOT_HOLD);
        assertThat(v.checks().get(0).cost()).isBetween(1.24, 1.26);
        assertThat(v.why()).contains("20% lower than the host's").contains("at most 1.05×");
    }

    @Test
    void judge_anIntervalAcrossTheBound_isInconclusive() {
        Figure host = figure("sha256WorkMs", "host", 100, 100, 100, 100);
        Figure noisy = figure("sha256WorkMs", "drydock", 90, 120, 95, 115);
        ClaimCheck.Verdict v = ClaimCheck.judge(List.of(pair(noisy, host)), AT_MOST_5_PERCENT, false, "nothing");
        assertThat(v.outcome()).isEqualTo(Outcome.INCONCLUSIVE);
        assertThat(v.why()).contains("straddles the bound");
    }

    @Test
    void judge_oneFork_isInconclusive_neverAGuess() {
        Figure host = figure("sha256WorkMs", "host", 100);
        Figure drydock = figure("sha256WorkMs", "drydock", 100);
        ClaimCheck.Verdict v = ClaimCheck.judge(List.of(pair(drydock, host)), AT_MOST_5_PERCENT, false, "nothing");
        assertThat(v.outcome()).isEqualTo(Outcome.INCONCLUSIVE);
        assertThat(v.why()).isEqualTo("one fork, so no interval; more forks would decide");
    }

    @Test
    void judge_emulatedVm_isNotMeasurable_butKeepsItsEvidence() {
        Figure host = figure("sha256WorkMs", "host", 100, 100, 100);
        Figure vm = figure("sha256WorkMs", "vm", 2000, 2010, 1990);
        ClaimCheck.Verdict v = ClaimCheck.judge(List.of(pair(vm, host)), AT_MOST_5_PERCENT, true, "nothing");
        assertThat(v.outcome()).isEqualTo(Outcome.NOT_MEASURABLE);
        assertThat(v.why()).contains("TCG");
        assertThat(ClaimCheck.evidence(v.checks())).singleElement().asString().contains("vm 20.00 [");
    }

    @Test
    void judge_noPairs_isNotMeasured_sayingWhatIsMissing() {
        ClaimCheck.Verdict v = ClaimCheck.judge(List.of(), AT_MOST_5_PERCENT, false, "no CPU figures of a VM");
        assertThat(v.text()).isEqualTo("not measured in this run: no CPU figures of a VM");
    }

    @Test
    void judge_atLeast_holdsOnlyWhenTheWholeIntervalIsAbove() {
        Figure container = figure("sha256WorkMs", "drydock", 20, 20.2, 19.8);
        Figure vm = figure("sha256WorkMs", "vm", 400, 404, 396);
        Bound tenTimes = new Bound(BoundKind.AT_LEAST, 10);
        assertThat(ClaimCheck.judge(List.of(pair(vm, container)), tenTimes, false, "").outcome()).isEqualTo(Outcome.HOLDS);
        Figure fastVm = figure("sha256WorkMs", "vm", 100, 101, 99);
        ClaimCheck.Verdict v = ClaimCheck.judge(List.of(pair(fastVm, container)), tenTimes, false, "");
        assertThat(v.outcome()).isEqualTo(Outcome.DOES_NOT_HOLD);
        assertThat(v.why()).contains("5.00× drydock's");
    }
}
