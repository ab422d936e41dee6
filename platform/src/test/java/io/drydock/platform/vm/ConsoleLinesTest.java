package io.drydock.platform.vm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConsoleLinesTest {
    @Test
    void accept_chunksSplitAnywhere_linesWithoutCarriageReturns() {
        List<String> got = new ArrayList<>();
        VmPlatform.ConsoleLines lines = new VmPlatform.ConsoleLines(got::add);
        lines.accept("@@drydock-be");
        assertThat(got).isEmpty();
        lines.accept("gin\r\nevents per second: 12.5\r\n\r\nlast");
        assertThat(got).containsExactly("@@drydock-begin", "events per second: 12.5", "");
        lines.flush();
        assertThat(got).containsExactly("@@drydock-begin", "events per second: 12.5", "", "last");
        lines.flush();
        assertThat(got).hasSize(4);
    }
}
