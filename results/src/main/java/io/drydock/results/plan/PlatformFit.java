package io.drydock.results.plan;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How many instances of one platform (and workload, and limits) fit on the host.
 *
 * @param platform     the platform
 * @param workload     the workload, with its limits if any
 * @param instances    how many fit: the smallest of the per-resource counts
 * @param binding      the resource that runs out first
 * @param perResource  resource name to how many instances it alone would allow (absent: not measured)
 * @param startAll     how long starting all of them takes, or null without a start-up figure
 * @param assumptions  every assumption behind these numbers, one sentence each
 */
public record PlatformFit(String platform, String workload, long instances, String binding,
                          Map<String, Long> perResource, Duration startAll, List<String> assumptions) {

    /** Copies the collections. */
    public PlatformFit {
        perResource = Map.copyOf(perResource);
        assumptions = List.copyOf(assumptions);
    }
}
