package io.drydock.platform.workload;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Outputs captured from the real tools on a Debian 12 host, and malformed ones made from them. */
final class WorkloadSamples {
    private WorkloadSamples() {
    }

    static String read(String name) {
        try (InputStream in = WorkloadSamples.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("no test resource io/drydock/platform/workload/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
