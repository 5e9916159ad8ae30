package dev.aec.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aec.cli.board.Board;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** `aec board` on the command line: where it listens, how it stops, and what it says when it cannot start. */
class BoardCommandTest {
    @TempDir
    Path tmp;

    @Test
    void aMissingFolderIsAUsageErrorWithoutATrace() {
        CliRun run = CliRun.of("board", tmp.resolve("no-such-runs").toString(), "--port", "0");
        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).contains("aec: error: no folder").contains("no-such-runs")
                .doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void aPortInUseSaysSoAndHowToChooseAnother() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            CliRun run = CliRun.of("board", tmp.toString(), "--port", Integer.toString(taken.getLocalPort()));
            assertThat(run.exitCode()).isEqualTo(ExitCode.ENVIRONMENT);
            assertThat(run.err()).contains("the port is in use").contains("--port 0")
                    .doesNotContain("Exception").doesNotContain("\tat ");
        }
    }

    @Test
    void aPortOutOfRangeIsAUsageError() {
        CliRun run = CliRun.of("board", tmp.toString(), "--port", "70000");
        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).contains("--port must be between 0 and 65535");
    }

    @Test
    void helpShowsExamples() {
        CliRun run = CliRun.of("board", "--help");
        assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(run.out()).contains("Examples:").contains("aec board runs --port 0");
        // Picocli wraps descriptions at the terminal's width.
        assertThat(run.out().replaceAll("\\s+", " ")).contains("Default: 127.0.0.1 (this machine only)")
                .contains("Default: 8765");
    }

    @Test
    void byDefaultTheBoardListensOnThisMachineOnly() throws Exception {
        BoardCommand command = new BoardCommand();
        new CommandLine(command).parseArgs(tmp.toString(), "--port", "0");
        try (Board board = command.open()) {
            assertThat(board.address().getAddress().getHostAddress()).isEqualTo("127.0.0.1");
            Optional<InetAddress> lan = lanAddress();
            if (lan.isPresent()) {
                try (Socket socket = new Socket()) {
                    assertThatThrownBy(() -> socket.connect(new InetSocketAddress(lan.get(), board.address().getPort()),
                            2000)).as("connecting through " + lan.get()).isInstanceOf(IOException.class);
                }
            }
        }
    }

    @Test
    void theBoardPrintsItsAddressServesAndStopsWhenAsked() throws Exception {
        BoardCommand command = new BoardCommand();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(command);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        CompletableFuture<Integer> running = CompletableFuture.supplyAsync(
                () -> cli.execute(tmp.toString(), "--port", "0"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!out.toString().contains("http://") && System.nanoTime() < deadline && !running.isDone()) {
            Thread.sleep(20);
        }
        URI url = URI.create(out.toString().trim());
        assertThat(url.getHost()).isEqualTo("127.0.0.1");
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> page = client.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("aec board");
        assertThat(err.toString()).contains("Ctrl-C stops");

        command.stop();
        assertThat(running.get(10, TimeUnit.SECONDS)).isEqualTo(ExitCode.OK);
        try (Socket socket = new Socket()) {
            assertThatThrownBy(() -> socket.connect(new InetSocketAddress("127.0.0.1", url.getPort()), 2000))
                    .isInstanceOf(ConnectException.class);
        }
    }

    /** An IPv4 address of this machine that is not the loopback one, when it has one. */
    private static Optional<InetAddress> lanAddress() throws IOException {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nic.isUp() || nic.isLoopback()) {
                continue;
            }
            for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                if (address instanceof Inet4Address && !address.isLoopbackAddress()) {
                    return Optional.of(address);
                }
            }
        }
        return Optional.empty();
    }
}
