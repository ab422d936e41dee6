package io.drydock.runtime.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DebootstrapProgressTest {

    @Test
    void accept_debootstrapOutput_givesOneLinePerStage() {
        List<String> output = List.of(
                "I: Retrieving InRelease ",
                "I: Checking Release signature",
                "I: Retrieving Packages ",
                "I: Validating Packages ",
                "I: Retrieving adduser 3.134",
                "I: Validating adduser 3.134",
                "I: Retrieving apt 2.6.1",
                "I: Validating apt 2.6.1",
                "I: Extracting adduser...",
                "I: Extracting apt...",
                "dpkg: warning: chatter",
                "W: Failure trying to run: chroot x",
                "I: Configuring required packages...",
                "I: Configuring libc-bin...",
                "I: Base system installed successfully.");
        DebootstrapProgress progress = new DebootstrapProgress();
        List<String> shown = output.stream().map(progress::accept).flatMap(Optional::stream).toList();
        assertThat(shown).containsExactly(
                "Retrieving InRelease",
                "Checking Release signature",
                "Retrieving Packages",
                "Extracting adduser...",
                "W: Failure trying to run: chroot x",
                "Configuring required packages...",
                "Base system installed successfully.");
    }

    @Test
    void accept_veryLongLine_isShortened() {
        String shown = new DebootstrapProgress().accept("E: " + "x".repeat(500)).orElseThrow();
        assertThat(shown).hasSizeLessThanOrEqualTo(120).endsWith("...");
    }
}
