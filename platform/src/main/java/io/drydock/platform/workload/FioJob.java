package io.drydock.platform.workload;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The disk I/O workload: one fio job file, the same text on every platform, with four jobs run one
 * after another ({@code stonewall}) on one file in {@code directory}: 4 KiB random read, 4 KiB random
 * write, 1 MiB sequential read, 1 MiB sequential write, all with {@code direct=1} so that the page
 * cache of the host or guest does not answer for the disk.
 *
 * <p>{@link IoEngine#LIBAIO} is the default: direct asynchronous I/O works on ext4 and, on kernels
 * from 5.x on, on overlayfs (a container's root), which {@code FioJobIT} checks on a real overlay
 * mount. {@link IoEngine#PSYNC} is the fallback where libaio is missing.
 *
 * @param directory     where fio makes its file, inside the instance: an absolute path of letters,
 *                      digits and {@code . _ - /} (it is written into a job file and a shell script)
 * @param fileSizeBytes the size of fio's file, at least 1 MiB and a whole number of MiB
 * @param runtime       how long each job runs, in whole seconds, at least 1
 * @param engine        the I/O engine
 * @param ioDepth       I/Os in flight per job, 1 to 256; must be 1 with {@link IoEngine#PSYNC}
 * @param patterns      the jobs the file holds, in {@link IoPattern}'s order: all four, or those a run
 *                      needs (a rerun that reads random reads alone); each job is the same whichever
 *                      run it is in, the first one right after fio lays out its file
 */
public record FioJob(String directory, long fileSizeBytes, Duration runtime, IoEngine engine, int ioDepth,
                     List<IoPattern> patterns) {
    static final String TOOL = "fio";

    /** The name of fio's data file in {@link #directory()}. */
    public static final String DATA_FILE = "drydock-fio.dat";

    /** The name {@link #shellCommand()} gives the job file in {@link #directory()}. */
    public static final String JOB_FILE = "drydock-fio.job";

    /** The queue depth of {@link #of(String, long, Duration)}. */
    public static final int DEFAULT_IO_DEPTH = 16;

    private static final Pattern SAFE_PATH = Pattern.compile("/[A-Za-z0-9._/-]*");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** fio's I/O engine. */
    public enum IoEngine {
        LIBAIO("libaio"), PSYNC("psync");

        private final String option;

        IoEngine(String option) {
            this.option = option;
        }

        /** The name fio knows the engine by. */
        public String option() {
            return option;
        }
    }

    /** Whether a job reads or writes; fio reports the two in separate sections. */
    public enum Direction {
        READ("read"), WRITE("write");

        private final String section;

        Direction(String section) {
            this.section = section;
        }
    }

    /** The four jobs, in the order they run. */
    public enum IoPattern {
        RANDOM_READ_4K("rand-read-4k", "randread", "4k", Direction.READ),
        RANDOM_WRITE_4K("rand-write-4k", "randwrite", "4k", Direction.WRITE),
        SEQUENTIAL_READ_1M("seq-read-1m", "read", "1m", Direction.READ),
        SEQUENTIAL_WRITE_1M("seq-write-1m", "write", "1m", Direction.WRITE);

        private final String jobName;
        private final String rw;
        private final String blockSize;
        private final Direction direction;

        IoPattern(String jobName, String rw, String blockSize, Direction direction) {
            this.jobName = jobName;
            this.rw = rw;
            this.blockSize = blockSize;
            this.direction = direction;
        }

        /** The job's name in the job file and in fio's report. */
        public String jobName() {
            return jobName;
        }

        public Direction direction() {
            return direction;
        }
    }

    /** All four jobs. */
    public FioJob(String directory, long fileSizeBytes, Duration runtime, IoEngine engine, int ioDepth) {
        this(directory, fileSizeBytes, runtime, engine, ioDepth, List.of(IoPattern.values()));
    }

    public FioJob {
        Objects.requireNonNull(directory, "directory");
        if (!SAFE_PATH.matcher(directory).matches() || directory.contains("..")) {
            throw new IllegalArgumentException("fio directory must be an absolute path of letters, digits and . _ - / without '..', got '"
                + directory + "'");
        }
        if (fileSizeBytes < (1L << 20) || fileSizeBytes % (1L << 20) != 0) {
            throw new IllegalArgumentException("fio file size must be a whole number of MiB, at least 1 MiB, got " + fileSizeBytes + " bytes");
        }
        Objects.requireNonNull(runtime, "runtime");
        SysbenchReport.checkWholeSeconds("fio runtime", runtime, false);
        Objects.requireNonNull(engine, "engine");
        if (ioDepth < 1 || ioDepth > 256) {
            throw new IllegalArgumentException("fio I/O depth must be between 1 and 256, got " + ioDepth);
        }
        if (engine == IoEngine.PSYNC && ioDepth != 1) {
            throw new IllegalArgumentException("fio I/O depth must be 1 with the synchronous engine psync, got " + ioDepth);
        }
        Objects.requireNonNull(patterns, "patterns");
        patterns = List.copyOf(patterns);
        if (patterns.isEmpty() || !patterns.equals(patterns.stream().distinct().sorted().toList())) {
            throw new IllegalArgumentException("fio jobs must be one or more of " + List.of(IoPattern.values())
                + ", each once and in that order, got " + patterns);
        }
    }

    /** The same job file with only {@code wanted}'s jobs, in their usual order. */
    public FioJob only(java.util.Collection<IoPattern> wanted) {
        Objects.requireNonNull(wanted, "wanted");
        return new FioJob(directory, fileSizeBytes, runtime, engine, ioDepth,
            java.util.Arrays.stream(IoPattern.values()).filter(wanted::contains).toList());
    }

    /** libaio at {@link #DEFAULT_IO_DEPTH}. */
    public static FioJob of(String directory, long fileSizeBytes, Duration runtime) {
        return new FioJob(directory, fileSizeBytes, runtime, IoEngine.LIBAIO, DEFAULT_IO_DEPTH);
    }

    /** The job file. */
    public String jobFileText() {
        StringBuilder b = new StringBuilder();
        b.append("; drydock disk I/O workload: the same jobs on every platform, one after another\n");
        b.append("[global]\n");
        b.append("directory=").append(directory).append('\n');
        b.append("filename=").append(DATA_FILE).append('\n');
        b.append("size=").append(fileSizeBytes >> 20).append("m\n");
        b.append("ioengine=").append(engine.option).append('\n');
        b.append("iodepth=").append(ioDepth).append('\n');
        b.append("direct=1\n");
        b.append("runtime=").append(runtime.toSeconds()).append('\n');
        b.append("time_based=1\n");
        for (IoPattern p : patterns) {
            b.append('\n');
            b.append('[').append(p.jobName).append("]\n");
            b.append("stonewall\n");
            b.append("rw=").append(p.rw).append('\n');
            b.append("bs=").append(p.blockSize).append('\n');
        }
        return b.toString();
    }

    /** The argv that runs the job file at {@code jobFile} (a path inside the instance) with JSON output. */
    public List<String> command(String jobFile) {
        Objects.requireNonNull(jobFile, "jobFile");
        if (jobFile.isBlank()) {
            throw new IllegalArgumentException("fio job file path must not be blank");
        }
        return List.of("fio", "--output-format=json", jobFile);
    }

    /**
     * One argv that needs no file copied in: a {@code /bin/sh -c} script that makes
     * {@link #directory()}, writes {@link #JOB_FILE} there, runs fio on it and removes the job file
     * and fio's data file, exiting with fio's status.
     */
    public List<String> shellCommand() {
        String job = directory + "/" + JOB_FILE;
        String script = "mkdir -p '" + directory + "' || exit 1\n"
            + "cat > '" + job + "' <<'DRYDOCK_FIO_JOB'\n"
            + jobFileText()
            + "DRYDOCK_FIO_JOB\n"
            + "fio --output-format=json '" + job + "'\n"
            + "rc=$?\n"
            + "rm -f '" + job + "' '" + directory + "/" + DATA_FILE + "'\n"
            + "exit $rc\n";
        return List.of("/bin/sh", "-c", script);
    }

    /**
     * Reads fio's JSON report ({@code --output-format=json} on stdout) of this job file: every one
     * of the four jobs, each without error. Text before the JSON object (notes some fio versions
     * print to stdout) is skipped.
     */
    public static Result parse(String output) throws WorkloadOutputException {
        return parse(output, List.of(IoPattern.values()));
    }

    /** Reads fio's JSON report of this job file: every one of {@link #patterns()}, and no other. */
    public Result read(String output) throws WorkloadOutputException {
        return parse(output, patterns);
    }

    private static Result parse(String output, List<IoPattern> expected) throws WorkloadOutputException {
        if (output == null || output.isBlank()) {
            throw new WorkloadOutputException(TOOL, "output", "empty (fio printed nothing)");
        }
        int start = output.startsWith("{") ? 0 : output.indexOf("\n{");
        if (start < 0) {
            throw new WorkloadOutputException(TOOL, "output", "no JSON object; fio printed '" + firstLine(output) + "'");
        }
        JsonNode root;
        try {
            root = JSON.readTree(output.substring(start));
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "output"
                : "JSON line " + e.getLocation().getLineNr() + " column " + e.getLocation().getColumnNr();
            throw new WorkloadOutputException(TOOL, where, "not complete JSON (" + e.getOriginalMessage() + ")", e);
        }
        JsonNode jobs = root.path("jobs");
        if (!jobs.isArray()) {
            throw new WorkloadOutputException(TOOL, "jobs", "missing or not a list");
        }
        Map<IoPattern, JobResult> found = new EnumMap<>(IoPattern.class);
        for (int i = 0; i < jobs.size(); i++) {
            String path = "jobs[" + i + "]";
            JsonNode job = jobs.get(i);
            String name = text(job, path, "jobname");
            IoPattern pattern = patternNamed(name, path);
            if (!expected.contains(pattern)) {
                throw new WorkloadOutputException(TOOL, path + ".jobname", "job '" + name + "' was not in the job file");
            }
            if (found.containsKey(pattern)) {
                throw new WorkloadOutputException(TOOL, path + ".jobname", "job '" + name + "' appears twice");
            }
            long error = number(job, path, "error").longValue();
            if (error != 0) {
                throw new WorkloadOutputException(TOOL, path + ".error",
                    "job '" + name + "' failed with error " + error + " (an errno; fio's stderr says more)");
            }
            found.put(pattern, jobResult(pattern, job.path(pattern.direction.section), path + "." + pattern.direction.section));
        }
        List<String> missing = new ArrayList<>();
        for (IoPattern p : expected) {
            if (!found.containsKey(p)) {
                missing.add(p.jobName);
            }
        }
        if (!missing.isEmpty()) {
            throw new WorkloadOutputException(TOOL, "jobs", "no report for job " + String.join(", ", missing)
                + " (fio stopped early?)");
        }
        return new Result(List.copyOf(found.values()));
    }

    private static JobResult jobResult(IoPattern pattern, JsonNode section, String path) throws WorkloadOutputException {
        if (!section.isObject()) {
            throw new WorkloadOutputException(TOOL, path, "missing");
        }
        double iops = number(section, path, "iops").doubleValue();
        double bytesPerSecond = section.has("bw_bytes")
            ? number(section, path, "bw_bytes").doubleValue()
            : number(section, path, "bw").doubleValue() * 1024; // fio's "bw" is KiB/s
        String clatPath = path + ".clat_ns.percentile";
        JsonNode percentiles = section.path("clat_ns").path("percentile");
        if (!percentiles.isObject()) {
            throw new WorkloadOutputException(TOOL, clatPath, "missing (the job completed no I/O, or completion latency percentiles are off)");
        }
        double p50 = number(percentiles, clatPath, "50.000000").doubleValue() / 1000;
        double p99 = number(percentiles, clatPath, "99.000000").doubleValue() / 1000;
        try {
            return new JobResult(pattern, iops, bytesPerSecond / (1 << 20), p50, p99);
        } catch (IllegalArgumentException e) {
            throw new WorkloadOutputException(TOOL, path, e.getMessage(), e);
        }
    }

    private static IoPattern patternNamed(String name, String path) throws WorkloadOutputException {
        for (IoPattern p : IoPattern.values()) {
            if (p.jobName.equals(name)) {
                return p;
            }
        }
        List<String> names = new ArrayList<>();
        for (IoPattern p : IoPattern.values()) {
            names.add(p.jobName);
        }
        throw new WorkloadOutputException(TOOL, path + ".jobname",
            "job '" + name + "' is not one of drydock's (" + String.join(", ", names) + ")");
    }

    private static String text(JsonNode parent, String path, String field) throws WorkloadOutputException {
        JsonNode n = parent.path(field);
        if (!n.isTextual()) {
            throw new WorkloadOutputException(TOOL, path + "." + field, n.isMissingNode() ? "missing" : "not a string: " + n);
        }
        return n.textValue();
    }

    private static Number number(JsonNode parent, String path, String field) throws WorkloadOutputException {
        JsonNode n = parent.path(field);
        String where = path + "." + field;
        if (!n.isNumber()) {
            throw new WorkloadOutputException(TOOL, where, n.isMissingNode() ? "missing" : "not a number: " + n);
        }
        return n.numberValue();
    }

    private static String firstLine(String s) {
        String line = s.strip().lines().findFirst().orElse("");
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }

    /**
     * fio's figures for every job of the file.
     *
     * @param jobs one per {@link IoPattern} the file held, in the order they ran
     */
    public record Result(List<JobResult> jobs) {
        public Result {
            jobs = List.copyOf(jobs);
            if (jobs.isEmpty()) {
                throw new IllegalArgumentException("a fio result needs at least one job");
            }
            for (IoPattern p : IoPattern.values()) {
                if (jobs.stream().filter(j -> j.pattern() == p).count() > 1) {
                    throw new IllegalArgumentException("a fio result holds one " + p.jobName + " job at most, got "
                        + jobs.stream().map(j -> j.pattern().jobName).toList());
                }
            }
        }

        /** The figures of one job; an IllegalArgumentException naming it when the file did not hold it. */
        public JobResult job(IoPattern pattern) {
            return jobs.stream().filter(j -> j.pattern() == pattern).findFirst().orElseThrow(() -> new IllegalArgumentException(
                "fio ran no " + pattern.jobName + " job here; it ran " + jobs.stream().map(j -> j.pattern().jobName).toList()));
        }
    }

    /**
     * One fio job's figures, from the read or the write section as the job's direction says.
     *
     * @param pattern      which job
     * @param iops         I/O operations per second
     * @param mibPerSecond bandwidth in MiB per second
     * @param p50Micros    median completion latency in microseconds
     * @param p99Micros    99th-percentile completion latency in microseconds
     */
    public record JobResult(IoPattern pattern, double iops, double mibPerSecond, double p50Micros, double p99Micros) {
        public JobResult {
            Objects.requireNonNull(pattern, "pattern");
            checkFigure("iops", iops);
            checkFigure("MiB per second", mibPerSecond);
            checkFigure("median completion latency", p50Micros);
            checkFigure("99th-percentile completion latency", p99Micros);
            if (p99Micros < p50Micros) {
                throw new IllegalArgumentException("99th-percentile completion latency " + p99Micros
                    + " us is below the median " + p50Micros + " us");
            }
        }

        private static void checkFigure(String name, double v) {
            if (!(v >= 0) || Double.isInfinite(v)) {
                throw new IllegalArgumentException(name + " must be a finite number >= 0, got " + v);
            }
        }

        /** The job's name, as in the job file. */
        public String name() {
            return pattern.jobName;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s: %.0f IOPS, %.1f MiB/s, p50 %.1f us, p99 %.1f us",
                pattern.jobName, iops, mibPerSecond, p50Micros, p99Micros);
        }
    }
}
