package io.drydock.results.report;

/** What a person compares host, container and VM on; the headline has one block of rows per dimension, in this order. */
public enum Dimension {
    STARTUP("start-up to ready"),
    CPU("CPU"),
    MEMORY_BANDWIDTH("memory bandwidth"),
    MEMORY_PER_INSTANCE("memory per idle instance"),
    DISK_IO("disk I/O"),
    DISK_PER_INSTANCE("disk per instance"),
    NETWORK_LATENCY("network latency"),
    NETWORK_THROUGHPUT("network throughput"),
    IMAGE_BUILD("image build");

    private final String label;

    Dimension(String label) {
        this.label = label;
    }

    /** The dimension as a person names it. */
    public String label() {
        return label;
    }
}
