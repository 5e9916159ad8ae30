package dev.aec.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The memory limit aec gives ND4J: from the flag, the environment, the user's -D, or the machine. */
class MemoryLimitTest {

    private static final MachineMemory MACHINE = new MachineMemory(24_000_000_000L, OptionalLong.empty());
    private static final long HEAP = 384L << 20;

    @TempDir
    Path root;

    @ParameterizedTest
    @CsvSource({"12g, 12000000000", "1.5g, 1500000000", "800m, 800000000", "800M, 800000000", "4000000k, 4000000000",
        "2gb, 2000000000", "1000000000, 1000000000"})
    void sizesAreDecimalAsAecPrintsThem(String text, long bytes) {
        assertThat(MemoryLimit.parse(text, "x")).isEqualTo(bytes);
    }

    @ParameterizedTest
    @ValueSource(strings = {"lots", "12 parsecs", "-3g", "g", "1,5g", ""})
    void sizeThatIsNotOneIsRefusedNamingWhereItCameFrom(String text) {
        assertThatThrownBy(() -> MemoryLimit.choose(Map.of("AEC_MAX_MEMORY", text.isEmpty() ? "x" : text),
                new Properties(), MACHINE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("AEC_MAX_MEMORY=")
                .hasMessageEndingWith(": expected a size such as 12g, 1.5g or 800m");
    }

    @Test
    void sizeTooSmallForNd4jIsRefused() {
        assertThatThrownBy(() -> MemoryLimit.fromFlag("100m"))
                .hasMessage("--max-memory 100m: too small; aec needs at least 300m");
    }

    @Test
    void byDefaultAecTakesNinetyPercentOfTheMachine() {
        MemoryLimit limit = MemoryLimit.choose(Map.of(), new Properties(), MACHINE);

        assertThat(limit.bytes()).isEqualTo(21_600_000_000L);
        assertThat(limit.origin()).isEqualTo("90% of the machine's 24 GB");
    }

    @Test
    void controlGroupLimitBelowThePhysicalMemoryIsWhatCounts() {
        MemoryLimit limit = MemoryLimit.choose(Map.of(), new Properties(),
                new MachineMemory(24_000_000_000L, OptionalLong.of(4_000_000_000L)));

        assertThat(limit.bytes()).isEqualTo(3_600_000_000L);
        assertThat(limit.origin()).isEqualTo("90% of the 4.0 GB limit of its control group");
    }

    @Test
    void environmentBeatsTheUsersPropertyWhichBeatsTheMachine() {
        Properties properties = new Properties();
        properties.setProperty("org.bytedeco.javacpp.maxPhysicalBytes", "6g");

        assertThat(MemoryLimit.choose(Map.of(), properties, MACHINE).origin())
                .isEqualTo("-Dorg.bytedeco.javacpp.maxphysicalbytes=6g");
        assertThat(MemoryLimit.choose(Map.of(), properties, MACHINE).bytes()).isEqualTo(6_000_000_000L);
        assertThat(MemoryLimit.choose(Map.of("AEC_MAX_MEMORY", "12g"), properties, MACHINE))
                .isEqualTo(new MemoryLimit(12_000_000_000L, "AEC_MAX_MEMORY=12g"));
    }

    @Test
    void applyingSetsBothSpellingsJavaCppReadsAndLeavesTheHeapOutOfItsOwnCount() {
        Properties properties = new Properties();
        properties.setProperty("org.bytedeco.javacpp.maxPhysicalBytes", "1g");
        MemoryLimit.choose(Map.of("AEC_MAX_MEMORY", "12g"), properties, MACHINE).apply(properties, HEAP);

        assertThat(properties.getProperty("org.bytedeco.javacpp.maxphysicalbytes")).isEqualTo("12000000000");
        assertThat(properties.getProperty("org.bytedeco.javacpp.maxPhysicalBytes")).isEqualTo("12000000000");
        assertThat(properties.getProperty("org.bytedeco.javacpp.maxbytes")).isEqualTo(Long.toString(12_000_000_000L - HEAP));

        // A flag given later overrides what aec set itself.
        MemoryLimit.fromFlag("3g").apply(properties, HEAP);
        assertThat(properties.getProperty("org.bytedeco.javacpp.maxphysicalbytes")).isEqualTo("3000000000");
        assertThat(properties.getProperty("org.bytedeco.javacpp.maxBytes")).isEqualTo(Long.toString(3_000_000_000L - HEAP));
    }

    @Test
    void usersOwnPropertiesAreLeftAsTheyAre() {
        Properties properties = new Properties();
        properties.setProperty("org.bytedeco.javacpp.maxphysicalbytes", "6g");
        properties.setProperty("org.bytedeco.javacpp.maxbytes", "5g");
        MemoryLimit.choose(Map.of(), properties, MACHINE).apply(properties, HEAP);

        assertThat(properties.getProperty("org.bytedeco.javacpp.maxphysicalbytes")).isEqualTo("6g");
        assertThat(properties.getProperty("org.bytedeco.javacpp.maxbytes")).isEqualTo("5g");
    }

    @Test
    void unusableEnvironmentValueStopsAecWithExitThree() {
        StringWriter err = new StringWriter();
        OptionalInt code = Main.configureMemory(Map.of("AEC_MAX_MEMORY", "lots"), new Properties(), MACHINE,
                new PrintWriter(err, true));

        assertThat(code).hasValue(ExitCode.ENVIRONMENT);
        assertThat(err.toString()).isEqualTo("aec: error: AEC_MAX_MEMORY=lots: expected a size such as 12g, 1.5g or 800m\n");
    }

    private Path file(String relative, String content) throws IOException {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, content);
    }

    @Test
    void machineMemoryIsMemTotal() throws IOException {
        file("proc/meminfo", "MemTotal:       24683584 kB\nMemFree:        19915808 kB\n");
        file("proc/self/cgroup", "0::/\n");

        assertThat(MachineMemory.read(root)).isEqualTo(new MachineMemory(24_683_584L * 1024, OptionalLong.empty()));
    }

    @Test
    void cgroupV2LimitOfAnAncestorBindsTheProcess() throws IOException {
        file("proc/meminfo", "MemTotal:       24683584 kB\n");
        file("proc/self/cgroup", "0::/user.slice/aec.scope\n");
        file("sys/fs/cgroup/user.slice/aec.scope/memory.max", "max\n");
        file("sys/fs/cgroup/user.slice/memory.max", "4294967296\n");

        MachineMemory machine = MachineMemory.read(root);

        assertThat(machine.usable()).isEqualTo(4_294_967_296L);
        assertThat(machine.describe()).isEqualTo("the 4.3 GB limit of its control group");
    }

    @Test
    void cgroupV1LimitCountsAndItsNoLimitValueDoesNot() throws IOException {
        file("proc/meminfo", "MemTotal:       24683584 kB\n");
        file("proc/self/cgroup", "4:memory:/process_api/job\n3:cpuset:/\n0::/\n");
        file("sys/fs/cgroup/memory/process_api/job/memory.limit_in_bytes", "9223372036854771712\n");
        file("sys/fs/cgroup/memory/process_api/memory.limit_in_bytes", "9223372036854771712\n");
        assertThat(MachineMemory.read(root).groupLimit()).isEmpty();

        file("sys/fs/cgroup/memory/process_api/job/memory.limit_in_bytes", "2147483648\n");
        assertThat(MachineMemory.read(root).usable()).isEqualTo(2_147_483_648L);
    }

    @Test
    void containerWhoseGroupPathIsNotMountedReadsItsOwnRoot() throws IOException {
        file("proc/meminfo", "MemTotal:       24683584 kB\n");
        file("proc/self/cgroup", "0::/kubepods/pod42/container\n");
        file("sys/fs/cgroup/memory.max", "1073741824\n");

        assertThat(MachineMemory.read(root).usable()).isEqualTo(1_073_741_824L);
    }

    @Test
    void thisMachineHasSomeMemory() {
        assertThat(MachineMemory.read().usable()).isGreaterThan(MemoryLimit.MINIMUM);
    }
}
