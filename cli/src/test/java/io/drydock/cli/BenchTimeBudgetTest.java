package io.drydock.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code drydock bench --time-budget}: the durations it takes and the ones it refuses. */
class BenchTimeBudgetTest {
    private final BenchCommand.TimeBudget budget = new BenchCommand.TimeBudget();

    @Test
    void convert_hoursMinutesSeconds() {
        assertThat(budget.convert("40m")).isEqualTo(Duration.ofMinutes(40));
        assertThat(budget.convert("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(budget.convert("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(budget.convert("1h0m5s")).isEqualTo(Duration.ofSeconds(3605));
        assertThat(budget.convert("0")).isZero();
    }

    @Test
    void convert_refusesWhatIsNotADuration() {
        for (String bad : new String[] {"", "40", "m", "40min", "-5m", "5m40h", "1.5h", "99999999999999999999h", "200h"}) {
            assertThatThrownBy(() -> budget.convert(bad)).as(bad).isInstanceOf(CommandLine.TypeConversionException.class)
                .hasMessageContaining("'" + bad + "'");
        }
    }

    @Test
    void badBudget_isAUsageErrorNamingTheOptionAndValue_beforeAnythingRuns() throws Exception {
        CommandRun r = CommandRun.drydock("bench", "--time-budget", "soon");
        assertThat(r.exit()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains("--time-budget").contains("'soon'").doesNotContain("Exception");
    }

    @Test
    void shares_giveCpuAndMemoryTwice() {
        assertThat(BenchCommand.budgetWeight("cpu")).isEqualTo(2.0);
        assertThat(BenchCommand.budgetWeight("memory")).isEqualTo(2.0);
        assertThat(BenchCommand.budgetWeight("startup")).isEqualTo(1.0);
    }
}
