package io.drydock.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.drydock.platform.workload.NetworkToolOutputException;
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

    @Test
    void refused_serverBetweenTests_isRetried_otherFailuresAreNot() {
        // The messages iperf3 -J gives when its server is between tests (captured here, the VM arm under TCG).
        assertThat(NetworkAppBenchmark.refused(new NetworkToolOutputException("iperf3", 0,
            "iperf3 reported an error: unable to connect to server - server may have stopped running or use a"
                + " different port, firewall issue, etc.: Connection refused"))).isTrue();
        assertThat(NetworkAppBenchmark.refused(new NetworkToolOutputException("iperf3", 0,
            "iperf3 reported an error: the server is busy running a test. try again later"))).isTrue();
        assertThat(NetworkAppBenchmark.refused(new NetworkToolOutputException("iperf3", 0,
            "iperf3 reported an error: unable to connect to server: No route to host"))).isFalse();
        assertThat(NetworkAppBenchmark.refused(new NetworkToolOutputException("iperf3", 3, "no \"end\" object"))).isFalse();
    }
}
