package io.drydock.platform.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class MarkedOutputTest {
    /** A clock that moves 1 ms each time it is read, so elapsed time counts the reads between markers. */
    private final AtomicLong now = new AtomicLong();
    private final MarkedOutput out = new MarkedOutput(MarkedOutput.BEGIN, MarkedOutput.END, () -> now.addAndGet(1_000_000));

    @Test
    void section_linesBetweenMarkers_keptInOrderAndTimedByTheHostClock() throws Exception {
        out.accept("booting");
        out.accept("@@drydock-begin");
        now.addAndGet(250_000_000);
        out.accept("one");
        out.accept("two");
        out.accept("@@drydock-end");
        out.accept("shutting down");

        MarkedOutput.Section s = out.section("test");

        // Begin read at 1 ms, "one" at 252, "two" at 253, end at 254.
        assertThat(s.lines()).containsExactly("one", "two");
        assertThat(s.elapsed()).isEqualTo(Duration.ofMillis(253));
        assertThat(out.complete()).isTrue();
    }

    @Test
    void section_linesBetweenMarkers_eachTimedFromTheBeginMarkerByTheHostClock() throws Exception {
        AtomicLong nanos = new AtomicLong(5_000_000_000L);
        MarkedOutput timed = new MarkedOutput(MarkedOutput.BEGIN, MarkedOutput.END, nanos::get);

        timed.accept("boot");
        nanos.addAndGet(1_000_000);
        timed.accept(MarkedOutput.BEGIN);
        nanos.addAndGet(200_000_000);
        timed.accept("digest 1");
        nanos.addAndGet(350_000_000);
        timed.accept("digest 2\r");
        timed.accept("digest 3");
        nanos.addAndGet(10_000_000);
        timed.accept(MarkedOutput.END);
        nanos.addAndGet(10_000_000);
        timed.accept("after");

        MarkedOutput.Section s = timed.section("test");

        assertThat(s.lines()).containsExactly("digest 1", "digest 2\r", "digest 3");
        assertThat(s.lineOffsets()).containsExactly(Duration.ofMillis(200), Duration.ofMillis(550), Duration.ofMillis(550));
        assertThat(s.elapsed()).isEqualTo(Duration.ofMillis(560));
    }

    @Test
    void section_nothingBetweenTheMarkers_hasNoOffsets() throws Exception {
        out.accept(MarkedOutput.BEGIN);
        out.accept(MarkedOutput.END);

        MarkedOutput.Section s = out.section("test");

        assertThat(s.lines()).isEmpty();
        assertThat(s.lineOffsets()).isEmpty();
    }

    @Test
    void newSection_offsetsNotOnePerLine_throws() {
        assertThatThrownBy(() -> new MarkedOutput.Section(Duration.ofSeconds(1), List.of("a", "b"), List.of(Duration.ZERO)))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 line offsets for 2 lines");
    }

    @Test
    void newSection_offsetGoingBackOrPastTheEnd_throws() {
        assertThatThrownBy(() -> new MarkedOutput.Section(Duration.ofSeconds(1), List.of("a", "b"),
                List.of(Duration.ofMillis(300), Duration.ofMillis(200))))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("line 2 arrived at PT0.2S");
        assertThatThrownBy(() -> new MarkedOutput.Section(Duration.ofSeconds(1), List.of("a"), List.of(Duration.ofSeconds(2))))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("line 1 arrived at PT2S");
    }

    @Test
    void accept_markerWithCarriageReturnAndBlanks_isAMarker() throws Exception {
        out.accept("  @@drydock-begin\r");
        out.accept("x\r");
        out.accept("@@drydock-end\r");

        assertThat(out.section("test").lines()).containsExactly("x\r");
    }

    @Test
    void accept_markerInsideALine_isNotAMarker() {
        out.accept("echo @@drydock-begin");

        assertThatThrownBy(() -> out.section("sha256sum"))
            .isInstanceOf(WorkloadOutputException.class)
            .hasMessageContaining("no '@@drydock-begin' line")
            .hasMessageContaining("last of 1 lines: 'echo @@drydock-begin'");
    }

    @Test
    void section_noOutput_saysNoLineArrived() {
        assertThatThrownBy(() -> out.section("sha256sum"))
            .isInstanceOf(WorkloadOutputException.class)
            .hasMessage("sha256sum output, output: no '@@drydock-begin' line (no line arrived)");
    }

    @Test
    void section_noEndMarker_namesTheEndMarker() {
        out.accept("@@drydock-begin");
        out.accept("half");

        assertThat(out.complete()).isFalse();
        assertThatThrownBy(() -> out.section("sha256sum"))
            .isInstanceOf(WorkloadOutputException.class)
            .hasMessageContaining("no '@@drydock-end' line (last of 2 lines: 'half')");
    }

    @Test
    void section_endBeforeBegin_isNotAnEnd() {
        out.accept("@@drydock-end");
        out.accept("@@drydock-begin");

        assertThatThrownBy(() -> out.section("test")).hasMessageContaining("no '@@drydock-end' line");
    }

    @Test
    void await_linesFromAReaderThread_returnsWhenTheEndArrives() throws Exception {
        MarkedOutput real = new MarkedOutput();
        Thread reader = Thread.ofPlatform().start(() -> {
            real.accept(MarkedOutput.BEGIN);
            for (int i = 0; i < 10_000; i++) {
                real.accept("line " + i);
            }
            real.accept(MarkedOutput.END);
        });

        MarkedOutput.Section s = real.await("test", Duration.ofSeconds(30));
        reader.join();

        assertThat(s.lines()).hasSize(10_000).startsWith("line 0").endsWith("line 9999");
        assertThat(s.lineOffsets()).hasSize(10_000).isSorted();
        assertThat(s.lineOffsets().get(9_999)).isLessThanOrEqualTo(s.elapsed());
        assertThat(s.elapsed()).isPositive();
    }

    @Test
    void await_noEndInTime_throwsNamingTheEndMarker() {
        out.accept("@@drydock-begin");

        assertThatThrownBy(() -> out.await("fio", Duration.ofMillis(50)))
            .isInstanceOf(WorkloadOutputException.class).hasMessageContaining("fio output").hasMessageContaining("'@@drydock-end'");
    }

    @Test
    void new_sameMarkers_throws() {
        assertThatThrownBy(() -> new MarkedOutput("@@x", "@@x", System::nanoTime))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must differ");
    }

    @Test
    void new_blankMarker_throws() {
        assertThatThrownBy(() -> new MarkedOutput(" ", "@@x", System::nanoTime))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("begin marker");
    }
}
