package io.drydock.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NetworkAppBenchmarkTest {
    @Test
    void workForProfile_smoke_isOneSecondAndAFewThousandRequests() {
        assertThat(NetworkAppBenchmark.Work.forProfile(BenchmarkProfile.SMOKE.name()))
            .isEqualTo(new NetworkAppBenchmark.Work(1, 2_000));
    }

    @Test
    void workForProfile_quick_isShorterThanTheDefault() {
        NetworkAppBenchmark.Work quick = NetworkAppBenchmark.Work.forProfile(BenchmarkProfile.QUICK.name());
        NetworkAppBenchmark.Work full = NetworkAppBenchmark.Work.forProfile(BenchmarkProfile.FULL.name());

        assertThat(quick).isEqualTo(new NetworkAppBenchmark.Work(3, 20_000));
        assertThat(full).isEqualTo(new NetworkAppBenchmark.Work(10, 100_000));
    }

    @Test
    void workForProfile_noProfileGiven_isTheDefaultProfilesWork() {
        // A fork started by plain JMH (no drydock bench) has no profile property.
        assertThat(NetworkAppBenchmark.Work.forProfile(null)).isEqualTo(new NetworkAppBenchmark.Work(10, 100_000));
    }
}
