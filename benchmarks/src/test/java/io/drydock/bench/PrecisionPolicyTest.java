package io.drydock.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drydock.results.schema.Ratio;
import io.drydock.results.schema.RatioPrecision;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class PrecisionPolicyTest {
    private static final String START = "io.drydock.bench.StartupBenchmark.createStartWaitDelete";
    /** The decision logic under fixed caps (DEFAULT's numbers are tuned separately). */
    private static final PrecisionPolicy POLICY = new PrecisionPolicy(3, 30, 4, 2.0);
    /** A first run of 100 s, nothing spent yet, 1 s per fork of one figure. */
    private static final PrecisionPolicy.Budget FRESH =
        new PrecisionPolicy.Budget(0, Duration.ofSeconds(100), Duration.ZERO, Duration.ofSeconds(1));

    /** A ratio of 2.0 with a relative half-width {@code hw} (NaN: no interval) over {@code forks} a side. */
    static Ratio ratio(String platform, String peer, double hw, int forks, Map<String, String> limits) {
        RatioPrecision p = forks < 3 ? RatioPrecision.TOO_FEW_FORKS : hw <= 0.05 ? RatioPrecision.WITHIN : RatioPrecision.WIDE;
        Double low = Double.isNaN(hw) ? null : 2.0 * (1 - hw);
        Double high = Double.isNaN(hw) ? null : 2.0 * (1 + hw);
        return new Ratio(START, "primary", "ss", "busybox-true", new TreeMap<>(limits), platform, peer, 2.0, low, high,
            0.95, 0.05, forks, forks, p, 0, false);
    }

    static Ratio ratio(String platform, String peer, double hw, int forks) {
        return ratio(platform, peer, hw, forks, Map.of());
    }

    @Test
    void next_everyRatioNarrow_stops() {
        assertThat(POLICY.next(List.of(ratio("drydock", "crun", 0.02, 5), ratio("crun", "host", 0.049, 5)), FRESH))
            .isInstanceOf(PrecisionPolicy.Enough.class);
        assertThat(POLICY.next(List.of(), FRESH)).isInstanceOf(PrecisionPolicy.Enough.class);
    }

    @Test
    void next_wideRatio_asksForForksByTheSquareRootLaw_forItsPlatformsOnly() {
        Ratio wide = ratio("drydock", "crun", 0.10, 5);
        PrecisionPolicy.Decision d = POLICY.next(List.of(wide, ratio("runc", "host", 0.01, 5)), FRESH);
        assertThat(d).isInstanceOf(PrecisionPolicy.MoreForks.class);
        PrecisionPolicy.MoreForks more = (PrecisionPolicy.MoreForks) d;
        // Twice too wide: four times the forks, with a 20% margin: 5 * 4 * 1.2 = 24 in all, 19 more.
        assertThat(more.forks()).isEqualTo(19);
        assertThat(more.why()).containsExactly(wide);
        assertThat(more.selection().platforms()).containsExactlyInAnyOrder("drydock", "crun");
        assertThat(more.selection().includes()).containsExactly("^io\\.drydock\\.bench\\.StartupBenchmark\\.createStartWaitDelete$");
        assertThat(more.selection().params()).containsExactly(Map.entry("platform", List.of("crun", "drydock")),
            Map.entry("workload", List.of("busybox-true")));
        assertThat(more.estimate()).isEqualTo(Duration.ofSeconds(19 * 2));
        assertThat(more.describe()).contains("19 more forks of createStartWaitDelete on crun, drydock")
            .contains("drydock/crun ±10.0% > ±5% over 5+5 forks");
    }

    @Test
    void next_slightlyWideRatio_asksForAtLeastOneFork() {
        PrecisionPolicy.MoreForks more = (PrecisionPolicy.MoreForks) POLICY.next(List.of(ratio("runc", "host", 0.0501, 20)), FRESH);
        assertThat(more.forks()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void next_tooFewForks_asksForTheMissingForks() {
        PrecisionPolicy.MoreForks more = (PrecisionPolicy.MoreForks) POLICY.next(List.of(ratio("vm", "qemu", Double.NaN, 1)), FRESH);
        assertThat(more.forks()).isEqualTo(2);
        assertThat(more.describe()).contains("vm/qemu 1+1 forks (too few)");
    }

    @Test
    void next_ratiosOfSeveralParameterValues_selectTheUnionOfTheirValues() {
        PrecisionPolicy.MoreForks more = (PrecisionPolicy.MoreForks) POLICY.next(List.of(
            ratio("drydock", "host", 0.08, 3, Map.of("size", "1")),
            ratio("drydock-hostnet", "host", 0.08, 3, Map.of("size", "10"))), FRESH);
        assertThat(more.selection().params()).containsEntry("platform", List.of("drydock", "drydock-hostnet", "host"))
            .containsEntry("size", List.of("1", "10"));
        assertThat(more.selection().figures()).isEqualTo(6);
    }

    @Test
    void next_moreForksThanTheTimeLeftAllows_areCutToWhatFits() {
        // 200 s allowed, 190 s spent: 10 s left at 2 s per fork of the two platforms: 5 forks, not 19.
        PrecisionPolicy.Budget late = new PrecisionPolicy.Budget(1, Duration.ofSeconds(100), Duration.ofSeconds(190),
            Duration.ofSeconds(1));
        PrecisionPolicy.MoreForks more = (PrecisionPolicy.MoreForks) POLICY.next(List.of(ratio("drydock", "crun", 0.10, 5)), late);
        assertThat(more.forks()).isEqualTo(5);
    }

    @Test
    void next_timeBudgetSpent_givesUpNamingTheCap() {
        Ratio wide = ratio("drydock", "crun", 0.10, 10);
        PrecisionPolicy.Budget spent = new PrecisionPolicy.Budget(2, Duration.ofSeconds(100), Duration.ofSeconds(199),
            Duration.ofSeconds(1));
        PrecisionPolicy.Decision d = POLICY.next(List.of(wide), spent);
        assertThat(d).isInstanceOf(PrecisionPolicy.GiveUp.class);
        assertThat(((PrecisionPolicy.GiveUp) d).imprecise()).containsExactly(wide);
        assertThat(((PrecisionPolicy.GiveUp) d).cap()).contains("extra time");
    }

    @Test
    void next_forkCapReached_givesUp() {
        PrecisionPolicy.Decision d = POLICY.next(List.of(ratio("drydock", "crun", 0.10, 30)), FRESH);
        assertThat(d).isInstanceOf(PrecisionPolicy.GiveUp.class);
        assertThat(((PrecisionPolicy.GiveUp) d).cap()).contains("30 forks");
    }

    @Test
    void next_nearTheForkCap_asksOnlyForTheForksLeft() {
        PrecisionPolicy.MoreForks more = (PrecisionPolicy.MoreForks) POLICY.next(List.of(ratio("drydock", "crun", 0.10, 28)), FRESH);
        assertThat(more.forks()).isEqualTo(2);
    }

    @Test
    void next_roundCapReached_givesUp() {
        PrecisionPolicy.Budget rounds = new PrecisionPolicy.Budget(4, Duration.ofSeconds(100), Duration.ZERO,
            Duration.ofSeconds(1));
        PrecisionPolicy.Decision d = POLICY.next(List.of(ratio("drydock", "crun", 0.10, 5)), rounds);
        assertThat(d).isInstanceOf(PrecisionPolicy.GiveUp.class);
        assertThat(((PrecisionPolicy.GiveUp) d).cap()).contains("4 rounds");
    }

    @Test
    void newPolicy_badRanges_areRefused() {
        assertThatThrownBy(() -> new PrecisionPolicy(1, 30, 4, 2.0)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("min forks 1");
        assertThatThrownBy(() -> new PrecisionPolicy(3, 2, 4, 2.0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void duration_readsAsMinutesAndSeconds() {
        assertThat(PrecisionPolicy.duration(Duration.ofSeconds(90))).isEqualTo("1m30s");
        assertThat(PrecisionPolicy.duration(Duration.ofMillis(44_600))).isEqualTo("45s");
    }

    @Test
    void next_shareOfTheRunsTimeBudgetTighterThanTheMultiple_givesUpNamingTheShare() {
        List<Ratio> ratios = List.of(ratio("drydock", "crun", 0.10, 5));
        // The multiple leaves 200 s; the share has 3 s left, and a fork of the two figures takes 2 s.
        PrecisionPolicy.Budget tight = new PrecisionPolicy.Budget(0, Duration.ofSeconds(100), Duration.ZERO,
            Duration.ofSeconds(1), Duration.ofSeconds(3));
        PrecisionPolicy.Decision d = POLICY.next(ratios, tight);
        assertThat(d).isInstanceOf(PrecisionPolicy.MoreForks.class);
        assertThat(((PrecisionPolicy.MoreForks) d).forks()).isEqualTo(1);
        PrecisionPolicy.Budget spent = new PrecisionPolicy.Budget(0, Duration.ofSeconds(100), Duration.ZERO,
            Duration.ofSeconds(1), Duration.ofSeconds(1));
        assertThat(POLICY.next(ratios, spent)).isInstanceOfSatisfying(PrecisionPolicy.GiveUp.class,
            g -> assertThat(g.cap()).contains("share of the run's time budget"));
    }

    @Test
    void nextWithinReach_shareAffordsUnderHalfTheForksWanted_givesUpSayingHowFewItAffords() {
        // Twice too wide over 5+5: 19 more forks wanted; the share's 18 s buy 9 forks of the two figures.
        Ratio wide = ratio("drydock", "crun", 0.10, 5);
        PrecisionPolicy.Budget share = new PrecisionPolicy.Budget(0, Duration.ofSeconds(100), Duration.ZERO,
            Duration.ofSeconds(1), Duration.ofSeconds(18));

        PrecisionPolicy.Decision d = POLICY.nextWithinReach(List.of(wide), share);

        assertThat(d).isInstanceOfSatisfying(PrecisionPolicy.GiveUp.class, g -> {
            assertThat(g.imprecise()).containsExactly(wide);
            assertThat(g.cap()).contains("share of the run's time budget").contains("affords 9 of the 19 more forks they want");
        });
        // next() still spends what there is: goals, whose bound a narrower interval may clear, run on it.
        assertThat(POLICY.next(List.of(wide), share)).isInstanceOfSatisfying(PrecisionPolicy.MoreForks.class,
            m -> assertThat(m.forks()).isEqualTo(9));
    }

    @Test
    void nextWithinReach_halfTheForksWantedOrMore_runsThem() {
        // 19 wanted; 20 s buy 10, which is at least half.
        PrecisionPolicy.Budget share = new PrecisionPolicy.Budget(0, Duration.ofSeconds(100), Duration.ZERO,
            Duration.ofSeconds(1), Duration.ofSeconds(20));

        assertThat(POLICY.nextWithinReach(List.of(ratio("drydock", "crun", 0.10, 5)), share))
            .isInstanceOfSatisfying(PrecisionPolicy.MoreForks.class, m -> assertThat(m.forks()).isEqualTo(10));
        assertThat(POLICY.nextWithinReach(List.of(ratio("drydock", "crun", 0.02, 5)), share))
            .isInstanceOf(PrecisionPolicy.Enough.class);
    }

    @Test
    void percent_keepsAGoalsNarrowerAimFromRoundingToAWholePercent() {
        assertThat(PrecisionPolicy.percent(0.05)).isEqualTo("5");
        assertThat(PrecisionPolicy.percent(0.0094)).isEqualTo("0.9");
        assertThat(PrecisionPolicy.percent(0.0404)).isEqualTo("4.0");
    }
}
