package dev.aec.cli.board;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The board over HTTP: what its JSON says, the files it serves, and the requests it refuses. */
class BoardTest {
    private static final String SECRET = "TOP SECRET, outside the runs";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private Path runs;
    private Board board;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void twoRunsAndASecretBesideThem() throws Exception {
        runs = Files.createDirectories(tmp.resolve("runs"));
        SyntheticRuns.write(runs.resolve("dense-a"), "Dense", "finished", 3, "2026-12-01T10:00:00Z", 0.30, 0.20, 0.25);
        SyntheticRuns.picture(runs.resolve("dense-a"), 1);
        SyntheticRuns.write(runs.resolve("conv-b"), "Conv", "running", 5, "2026-12-01T11:00:00Z", 0.5, 0.4);
        Files.writeString(tmp.resolve("secret.json"), SECRET);
        Files.writeString(tmp.resolve("secret.png"), SECRET);
        Files.createSymbolicLink(runs.resolve("dense-a").resolve("escape.png"), tmp.resolve("secret.png"));
        Files.createSymbolicLink(runs.resolve("dense-a").resolve("epochs").resolve("epoch-009.png"),
                tmp.resolve("secret.png"));
        board = Board.start(runs, "runs", Board.DEFAULT_HOST, 0);
    }

    @AfterEach
    void stop() {
        board.close();
    }

    private HttpResponse<byte[]> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private String base() {
        return "http://127.0.0.1:" + board.address().getPort();
    }

    private JsonNode json(String path) throws Exception {
        HttpResponse<byte[]> response = get(path);
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
        return JSON.readTree(response.body());
    }

    @Test
    void theRunListSaysWhereEachRunStands() throws Exception {
        JsonNode listing = json("/api/runs");
        assertThat(listing.get("folder").asText()).isEqualTo("runs");
        JsonNode runs = listing.get("runs");
        assertThat(runs).hasSize(2);
        JsonNode a = runs.get(0);
        assertThat(a.get("name").asText()).isEqualTo("dense-a");
        assertThat(a.get("model").asText()).isEqualTo("Dense");
        assertThat(a.get("status").asText()).isEqualTo("finished");
        assertThat(a.get("epochs").asInt()).isEqualTo(3);
        assertThat(a.get("plannedEpochs").asInt()).isEqualTo(3);
        assertThat(a.get("bestValidationLoss").asDouble()).isCloseTo(0.21, within(1e-9));
        assertThat(a.get("bestEpoch").asInt()).isEqualTo(2);
        assertThat(a.get("pictures").asInt()).as("the link named like a picture is not one").isEqualTo(1);
        JsonNode b = runs.get(1);
        assertThat(b.get("name").asText()).isEqualTo("conv-b");
        assertThat(b.get("status").asText()).as("running, but no process holds its lock").isEqualTo("stopped");
        assertThat(b.get("training").asBoolean()).isFalse();
        assertThat(b.get("epochs").asInt()).isEqualTo(2);
        assertThat(b.get("plannedEpochs").asInt()).isEqualTo(5);
    }

    @Test
    void aDamagedRunIsListedWithWhatIsWrong() throws Exception {
        Path broken = Files.createDirectories(runs.resolve("broken"));
        Files.writeString(broken.resolve("run.json"), "{ \"model\": ");
        JsonNode listed = null;
        for (JsonNode run : json("/api/runs").get("runs")) {
            if (run.get("name").asText().equals("broken")) {
                listed = run;
            }
        }
        assertThat(listed).isNotNull();
        assertThat(listed.get("status").asText()).isEqualTo("damaged");
        assertThat(listed.get("problem").asText()).contains("is damaged");
        assertThat(json("/api/runs/broken").get("epochs")).isEmpty();
    }

    @Test
    void aRunsDetailHasItsEpochsPicturesAndFiles() throws Exception {
        JsonNode detail = json("/api/runs/dense-a");
        assertThat(detail.get("run").get("name").asText()).isEqualTo("dense-a");
        JsonNode epochs = detail.get("epochs");
        assertThat(epochs).hasSize(3);
        assertThat(epochs.get(1).get("epoch").asInt()).isEqualTo(2);
        assertThat(epochs.get(1).get("trainLoss").asDouble()).isEqualTo(0.20);
        assertThat(epochs.get(1).get("validationLoss").asDouble()).isCloseTo(0.21, within(1e-9));
        assertThat(detail.get("pictures")).hasSize(1);
        assertThat(detail.get("pictures").get(0).get("file").asText()).isEqualTo("epochs/epoch-001.png");
        assertThat(detail.get("files").toString()).contains("run.json").doesNotContain("escape.png")
                .doesNotContain("run.lock");

        SyntheticRuns.addEpoch(runs.resolve("conv-b"), 0.35);
        JsonNode grown = json("/api/runs/conv-b");
        assertThat(grown.get("epochs")).hasSize(3);
        assertThat(grown.get("epochs").get(2).get("trainLoss").asDouble()).isEqualTo(0.35);
        assertThat(get("/api/runs/no-such-run").statusCode()).isEqualTo(404);
    }

    @Test
    void runsNestedOneLevelDeeperAreNamedByTheirPath() throws Exception {
        SyntheticRuns.write(runs.resolve("sweep").resolve("lr-0.01"), "Dense", "finished", 1, "2026-12-02T09:00:00Z",
                0.4);
        SyntheticRuns.picture(runs.resolve("sweep").resolve("lr-0.01"), 1);
        assertThat(json("/api/runs").get("runs").toString()).contains("\"sweep/lr-0.01\"");
        assertThat(json("/api/runs/sweep/lr-0.01").get("epochs")).hasSize(1);
        assertThat(get("/runs/sweep/lr-0.01/epochs/epoch-001.png").statusCode()).isEqualTo(200);
    }

    @Test
    void anEpochsFolderLinkedOutsideTheRunsIsNotFollowed() throws Exception {
        Path outside = Files.createDirectories(tmp.resolve("elsewhere"));
        Files.writeString(outside.resolve("epoch-001.png"), SECRET);
        Files.createSymbolicLink(runs.resolve("conv-b").resolve("epochs"), outside);
        HttpResponse<byte[]> response = get("/runs/conv-b/epochs/epoch-001.png");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).doesNotContain("SECRET");
        assertThat(json("/api/runs/conv-b").get("pictures")).isEmpty();
    }

    @Test
    void aRunFolderLinkedFromOutsideIsNotListed() throws Exception {
        Path outside = SyntheticRuns.write(tmp.resolve("private-run"), "Secret", "finished", 1, "2026-12-02T09:00:00Z",
                0.4);
        Files.createSymbolicLink(runs.resolve("linked"), outside);
        assertThat(json("/api/runs").get("runs")).hasSize(2);
        assertThat(get("/runs/linked/run.json").statusCode()).isEqualTo(404);
        assertThat(get("/api/runs/linked").statusCode()).isEqualTo(404);
    }

    @Test
    void anEpochsPictureIsServedAsAPng() throws Exception {
        HttpResponse<byte[]> response = get("/runs/dense-a/epochs/epoch-001.png");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("image/png");
        assertThat(response.body()).isEqualTo(Files.readAllBytes(runs.resolve("dense-a/epochs/epoch-001.png")));
        HttpResponse<byte[]> record = get("/runs/dense-a/run.json");
        assertThat(record.statusCode()).isEqualTo(200);
        assertThat(new String(record.body(), StandardCharsets.UTF_8)).contains("\"model\" : \"Dense\"");
    }

    @Test
    void thePageAndItsChartingLibraryComeFromTheBoardItself() throws Exception {
        HttpResponse<byte[]> page = get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        String html = new String(page.body(), StandardCharsets.UTF_8);
        assertThat(html).contains("/assets/uPlot.iife.min.js").doesNotContain("https://").doesNotContain("http://");
        HttpResponse<byte[]> uplot = get("/assets/uPlot.iife.min.js");
        assertThat(uplot.statusCode()).isEqualTo(200);
        assertThat(uplot.headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
        assertThat(new String(uplot.body(), StandardCharsets.UTF_8)).contains("uPlot");
        assertThat(get("/assets/uPlot.min.css").statusCode()).isEqualTo(200);
        assertThat(get("/board.js").statusCode()).isEqualTo(200);
        assertThat(get("/board.css").statusCode()).isEqualTo(200);
    }

    /** Each must be refused, and none may answer with a byte of the file beside the runs. */
    @ParameterizedTest
    @ValueSource(strings = {
        "/runs/../secret.json",
        "/runs/dense-a/../../secret.json",
        "/runs/dense-a/%2e%2e/%2e%2e/secret.json",
        "/runs/dense-a/%2E%2E/%2E%2E/secret.json",
        "/runs/dense-a/..%2f..%2fsecret.json",
        "/runs/dense-a/%2e%2e%2f%2e%2e%2fsecret.json",
        "/runs/dense-a/%252e%252e/%252e%252e/secret.json",
        "/runs/dense-a/%5c..%5c..%5csecret.json",
        "/runs/%2Fetc%2Fpasswd",
        "/runs/dense-a/%2Fetc%2Fpasswd",
        "//etc/passwd",
        "/runs//dense-a/run.json",
        "/runs/dense-a/escape.png",
        "/runs/dense-a/epochs/epoch-009.png",
        "/runs/dense-a/run.lock",
        "/runs/dense-a/.run.json.tmp",
        "/runs/dense-a/%00run.json",
        "/api/runs/..",
        "/api/runs/%2e%2e",
        "/api/runs/dense-a/../../secret.json",
        "/assets/../../secret.json",
        "/assets/%2e%2e/%2e%2e/secret.json",
        "/secret.json",
        "/../secret.json",
    })
    void pathsOutsideTheRunsAreRefused(String path) throws Exception {
        HttpResponse<byte[]> response = get(path);
        assertThat(response.statusCode()).as(path).isIn(400, 404);
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).as(path).doesNotContain("SECRET")
                .doesNotContain("root:");
    }

    /** Bytes on the wire as a hostile client sends them: no client library tidies these up. */
    @ParameterizedTest
    @ValueSource(strings = {"/runs/dense-a/..\\..\\secret.json", "/runs/../../secret.json",
        "/runs/dense-a/%2e%2e/%2e%2e/secret.json", "/runs/dense-a/epochs/../../../secret.json"})
    void rawTraversalRequestsAreRefused(String path) throws Exception {
        String reply = raw("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        assertThat(reply).as(path).matches("(?s)HTTP/1\\.1 (400|404) .*").doesNotContain("SECRET");
    }

    @Test
    void onlyGetAndHeadAreAnswered() throws Exception {
        for (String method : List.of("POST", "PUT", "DELETE", "PATCH")) {
            HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(URI.create(base() + "/api/runs"))
                    .method(method, HttpRequest.BodyPublishers.ofString("{}")).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(response.statusCode()).as(method).isEqualTo(405);
            assertThat(response.headers().firstValue("Allow")).hasValue("GET, HEAD");
        }
        HttpResponse<byte[]> head = client.send(HttpRequest.newBuilder(URI.create(base() + "/api/runs"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(runs.resolve("dense-a/run.json")).exists();
    }

    @Test
    void aPageServedUnderAnotherSitesNameIsRefused() throws Exception {
        String reply = raw("GET /api/runs HTTP/1.1\r\nHost: attacker.example:" + board.address().getPort()
                + "\r\nConnection: close\r\n\r\n");
        assertThat(reply).startsWith("HTTP/1.1 403").doesNotContain("dense-a");
        assertThat(raw("GET /api/runs HTTP/1.1\r\nHost: localhost:" + board.address().getPort()
                + "\r\nConnection: close\r\n\r\n")).startsWith("HTTP/1.1 200").contains("dense-a");
    }

    @Test
    void theBoardListensOnThisMachineOnlyByDefault() {
        assertThat(board.address().getAddress().getHostAddress()).isEqualTo("127.0.0.1");
        assertThat(board.url().toString()).isEqualTo("http://127.0.0.1:" + board.address().getPort() + "/");
    }

    private String raw(String request) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", board.address().getPort()), 5000);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream reply = new ByteArrayOutputStream();
            in.transferTo(reply);
            return reply.toString(StandardCharsets.ISO_8859_1);
        }
    }
}
