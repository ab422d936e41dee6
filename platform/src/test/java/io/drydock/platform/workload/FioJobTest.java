package io.drydock.platform.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.drydock.platform.workload.FioJob.IoEngine;
import io.drydock.platform.workload.FioJob.IoPattern;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class FioJobTest {
    private static final long MIB = 1L << 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final FioJob job = FioJob.of("/var/tmp/drydock-fio", 64 * MIB, Duration.ofSeconds(1));

    @Test
    void jobFileText_fourStonewalledDirectJobsOnOneFile() {
        String text = job.jobFileText();

        assertThat(text).contains("[global]\n", "directory=/var/tmp/drydock-fio\n", "filename=drydock-fio.dat\n",
            "size=64m\n", "ioengine=libaio\n", "iodepth=16\n", "direct=1\n", "runtime=1\n", "time_based=1\n");
        assertThat(text.lines().filter(l -> l.startsWith("["))).hasSize(5);
        assertThat(text.lines().filter(l -> l.equals("stonewall"))).hasSize(4);
        assertThat(text).containsSubsequence(
            "[rand-read-4k]\nstonewall\nrw=randread\nbs=4k\n",
            "[rand-write-4k]\nstonewall\nrw=randwrite\nbs=4k\n",
            "[seq-read-1m]\nstonewall\nrw=read\nbs=1m\n",
            "[seq-write-1m]\nstonewall\nrw=write\nbs=1m\n");
    }

    @Test
    void jobFileText_psync_synchronousAtDepthOne() {
        String text = new FioJob("/data", 8 * MIB, Duration.ofSeconds(2), IoEngine.PSYNC, 1).jobFileText();

        assertThat(text).contains("ioengine=psync\n", "iodepth=1\n", "runtime=2\n", "size=8m\n");
    }

    @Test
    void command_jsonOutputOfTheGivenJobFile() {
        assertThat(job.command("/var/tmp/job.fio")).containsExactly("fio", "--output-format=json", "/var/tmp/job.fio");
    }

    @Test
    void shellCommand_writesTheSameJobFileRunsFioAndRemovesItsFiles() {
        List<String> argv = job.shellCommand();

        assertThat(argv).hasSize(3).startsWith("/bin/sh", "-c");
        assertThat(argv.get(2))
            .contains("<<'DRYDOCK_FIO_JOB'\n" + job.jobFileText() + "DRYDOCK_FIO_JOB\n")
            .contains("fio --output-format=json '/var/tmp/drydock-fio/drydock-fio.job'")
            .contains("rm -f '/var/tmp/drydock-fio/drydock-fio.job' '/var/tmp/drydock-fio/drydock-fio.dat'")
            .endsWith("exit $rc\n");
    }

    @Test
    void new_relativeDirectory_throws() {
        assertThatThrownBy(() -> FioJob.of("tmp/x", MIB, Duration.ofSeconds(1)))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("absolute path").hasMessageContaining("'tmp/x'");
    }

    @Test
    void new_directoryWithAQuote_throws() {
        assertThatThrownBy(() -> FioJob.of("/tmp/it's", MIB, Duration.ofSeconds(1)))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fio directory");
    }

    @Test
    void new_directoryWithDotDot_throws() {
        assertThatThrownBy(() -> FioJob.of("/tmp/../etc", MIB, Duration.ofSeconds(1)))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'..'");
    }

    @Test
    void new_sizeNotWholeMiB_throws() {
        assertThatThrownBy(() -> FioJob.of("/tmp", MIB + 1, Duration.ofSeconds(1)))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("whole number of MiB").hasMessageContaining("1048577");
    }

    @Test
    void new_psyncDeeperThanOne_throws() {
        assertThatThrownBy(() -> new FioJob("/tmp", MIB, Duration.ofSeconds(1), IoEngine.PSYNC, 16))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be 1 with the synchronous engine psync");
    }

    @Test
    void new_subSecondRuntime_throws() {
        assertThatThrownBy(() -> FioJob.of("/tmp", MIB, Duration.ofMillis(500)))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fio runtime");
    }

    @Test
    void parse_libaioSample_readsEveryJobFromItsDirection() throws Exception {
        FioJob.Result r = FioJob.parse(WorkloadSamples.read("fio-libaio.json"));

        assertThat(r.jobs()).extracting(FioJob.JobResult::name)
            .containsExactly("rand-read-4k", "rand-write-4k", "seq-read-1m", "seq-write-1m");
        FioJob.JobResult randRead = r.job(IoPattern.RANDOM_READ_4K);
        assertThat(randRead.iops()).isEqualTo(41964.035964);
        assertThat(randRead.mibPerSecond()).isCloseTo(171884691.0 / MIB, within(1e-9));
        assertThat(randRead.p50Micros()).isEqualTo(242.688);
        assertThat(randRead.p99Micros()).isEqualTo(3915.776);
        FioJob.JobResult seqWrite = r.job(IoPattern.SEQUENTIAL_WRITE_1M);
        assertThat(seqWrite.iops()).isEqualTo(1997.02381);
        assertThat(seqWrite.mibPerSecond()).isCloseTo(2094031238.0 / MIB, within(1e-9));
        assertThat(seqWrite.p50Micros()).isEqualTo(7372.8);
        assertThat(seqWrite.p99Micros()).isEqualTo(14221.312);
    }

    @Test
    void parse_noteBeforeTheJson_isSkipped() throws Exception {
        String noisy = "note: both iodepth >= 1 and synchronous I/O engine are selected\n" + WorkloadSamples.read("fio-libaio.json");

        assertThat(FioJob.parse(noisy).jobs()).hasSize(4);
    }

    @Test
    void parse_linesAfterTheJson_areIgnored() throws Exception {
        String trailing = WorkloadSamples.read("fio-libaio.json") + "@@drydock-end\nreboot: Power down\n";

        assertThat(FioJob.parse(trailing).job(IoPattern.SEQUENTIAL_READ_1M).iops()).isEqualTo(1071.850394);
    }

    @Test
    void parse_truncated_saysWhereTheJsonEnds() {
        assertThatThrownBy(() -> FioJob.parse(WorkloadSamples.read("fio-truncated.json")))
            .isInstanceOf(WorkloadOutputException.class)
            .hasMessageContaining("fio output, JSON line")
            .hasMessageContaining("not complete JSON");
    }

    @Test
    void parse_jobsThatCouldNotOpenTheirFile_namesTheJobAndErrno() {
        assertThatThrownBy(() -> FioJob.parse(WorkloadSamples.read("fio-open-denied.json")))
            .isInstanceOf(WorkloadOutputException.class)
            .hasMessage("fio output, jobs[0].error: job 'rand-read-4k' failed with error 1 (an errno; fio's stderr says more)");
    }

    @Test
    void parse_empty_saysEmpty() {
        assertThatThrownBy(() -> FioJob.parse(""))
            .isInstanceOf(WorkloadOutputException.class).hasMessage("fio output, output: empty (fio printed nothing)");
    }

    @Test
    void parse_textOnly_quotesTheFirstLine() {
        assertThatThrownBy(() -> FioJob.parse("fio: unrecognized option '--bogus'\n"))
            .isInstanceOf(WorkloadOutputException.class)
            .hasMessageContaining("no JSON object; fio printed 'fio: unrecognized option '--bogus''");
    }

    @Test
    void parse_aJobMissing_namesIt() throws Exception {
        ObjectNode root = sample();
        ((ArrayNode) root.get("jobs")).remove(3);

        assertThatThrownBy(() -> FioJob.parse(JSON.writeValueAsString(root)))
            .isInstanceOf(WorkloadOutputException.class).hasMessageContaining("no report for job seq-write-1m");
    }

    @Test
    void parse_percentileMissing_namesTheJsonPath() throws Exception {
        ObjectNode root = sample();
        ((ObjectNode) root.get("jobs").get(1).get("write").get("clat_ns").get("percentile")).remove("99.000000");

        assertThatThrownBy(() -> FioJob.parse(JSON.writeValueAsString(root)))
            .isInstanceOf(WorkloadOutputException.class)
            .hasMessage("fio output, jobs[1].write.clat_ns.percentile.99.000000: missing");
    }

    @Test
    void parse_iopsNotANumber_namesTheJsonPath() throws Exception {
        ObjectNode root = sample();
        ((ObjectNode) root.get("jobs").get(2).get("read")).put("iops", "many");

        assertThatThrownBy(() -> FioJob.parse(JSON.writeValueAsString(root)))
            .isInstanceOf(WorkloadOutputException.class)
            .hasMessage("fio output, jobs[2].read.iops: not a number: \"many\"");
    }

    @Test
    void parse_foreignJobName_namesIt() throws Exception {
        ObjectNode root = sample();
        ((ObjectNode) root.get("jobs").get(0)).put("jobname", "other");

        assertThatThrownBy(() -> FioJob.parse(JSON.writeValueAsString(root)))
            .isInstanceOf(WorkloadOutputException.class)
            .hasMessageContaining("jobs[0].jobname: job 'other' is not one of drydock's");
    }

    @Test
    void parse_noJobsList_saysSo() {
        assertThatThrownBy(() -> FioJob.parse("{\"fio version\": \"fio-3.33\"}"))
            .isInstanceOf(WorkloadOutputException.class).hasMessage("fio output, jobs: missing or not a list");
    }

    @Test
    void jobResult_p99BelowMedian_throws() {
        assertThatThrownBy(() -> new FioJob.JobResult(IoPattern.RANDOM_READ_4K, 1, 1, 10, 5))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("below the median");
    }

    @Test
    void result_aJobTwice_throws() {
        FioJob.JobResult one = new FioJob.JobResult(IoPattern.RANDOM_READ_4K, 1, 1, 1, 1);

        assertThatThrownBy(() -> new FioJob.Result(List.of(one, one)))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one rand-read-4k job at most");
    }

    @Test
    void only_randomReads_holdsThatJobAloneWithTheSameSettings() {
        FioJob reads = job.only(List.of(IoPattern.RANDOM_READ_4K));
        String text = reads.jobFileText();

        assertThat(reads.patterns()).containsExactly(IoPattern.RANDOM_READ_4K);
        assertThat(text.lines().filter(l -> l.startsWith("["))).containsExactly("[global]", "[rand-read-4k]");
        // Everything up to and including the random-read job is the full file's text.
        assertThat(job.jobFileText()).startsWith(text);
    }

    @Test
    void only_keepsTheUsualOrder() {
        assertThat(job.only(List.of(IoPattern.SEQUENTIAL_WRITE_1M, IoPattern.RANDOM_READ_4K)).patterns())
            .containsExactly(IoPattern.RANDOM_READ_4K, IoPattern.SEQUENTIAL_WRITE_1M);
    }

    @Test
    void new_noJobs_throws() {
        assertThatThrownBy(() -> job.only(List.of()))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fio jobs must be one or more of");
    }

    @Test
    void new_jobsOutOfOrder_throws() {
        assertThatThrownBy(() -> new FioJob("/tmp", MIB, Duration.ofSeconds(1), IoEngine.LIBAIO, 16,
                List.of(IoPattern.SEQUENTIAL_READ_1M, IoPattern.RANDOM_READ_4K)))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("each once and in that order");
    }

    @Test
    void read_ofARandomReadOnlyFile_needsThatJobAlone() throws Exception {
        FioJob reads = job.only(List.of(IoPattern.RANDOM_READ_4K));
        ObjectNode root = sample();
        ArrayNode jobs = (ArrayNode) root.get("jobs");
        while (jobs.size() > 1) {
            jobs.remove(1);
        }

        FioJob.Result r = reads.read(JSON.writeValueAsString(root));

        assertThat(r.job(IoPattern.RANDOM_READ_4K).iops()).isEqualTo(41964.035964);
        assertThatThrownBy(() -> r.job(IoPattern.RANDOM_WRITE_4K))
            .isInstanceOf(IllegalArgumentException.class).hasMessage("fio ran no rand-write-4k job here; it ran [rand-read-4k]");
        // The full file's report has jobs this file did not hold.
        assertThatThrownBy(() -> reads.read(WorkloadSamples.read("fio-libaio.json")))
            .isInstanceOf(WorkloadOutputException.class).hasMessage("fio output, jobs[1].jobname: job 'rand-write-4k' was not in the job file");
        // And the full file needs all four.
        assertThatThrownBy(() -> job.read(JSON.writeValueAsString(root)))
            .isInstanceOf(WorkloadOutputException.class).hasMessageContaining("no report for job rand-write-4k, seq-read-1m, seq-write-1m");
    }

    private static ObjectNode sample() throws Exception {
        return (ObjectNode) JSON.readTree(WorkloadSamples.read("fio-libaio.json"));
    }
}
