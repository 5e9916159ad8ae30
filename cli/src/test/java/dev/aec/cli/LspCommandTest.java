package dev.aec.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** `aec lsp` speaks the protocol on standard output and nothing else, and exits as the protocol says. */
class LspCommandTest {
    private static final Pattern HEADER = Pattern.compile("Content-Length: (\\d+)\r\n\r\n");
    private static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\","
            + "\"params\":{\"processId\":null,\"rootUri\":null,\"capabilities\":{}}}";
    private static final String INITIALIZED = "{\"jsonrpc\":\"2.0\",\"method\":\"initialized\",\"params\":{}}";
    private static final String OPEN = "{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didOpen\",\"params\":"
            + "{\"textDocument\":{\"uri\":\"untitled:Untitled-1\",\"languageId\":\"aemodel\",\"version\":1,"
            + "\"text\":\"model Net : 784 -> 784 { densx }\"}}}";
    private static final String SYMBOLS = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"textDocument/documentSymbol\","
            + "\"params\":{\"textDocument\":{\"uri\":\"untitled:Untitled-1\"}}}";
    private static final String SHUTDOWN = "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"shutdown\"}";
    private static final String EXIT = "{\"jsonrpc\":\"2.0\",\"method\":\"exit\"}";

    @Test
    void aSessionOnStandardStreamsWritesOnlyProtocolMessagesAndEndsWithZero() throws Exception {
        byte[] input = frames(INITIALIZE, INITIALIZED, OPEN, SYMBOLS, SHUTDOWN, EXIT);
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        InputStream stdin = System.in;
        PrintStream out = System.out;
        StringWriter err = new StringWriter();
        int code;
        try {
            System.setIn(new ByteArrayInputStream(input));
            System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
            code = Main.run(new String[] {"lsp"}, new PrintWriter(System.out, true), new PrintWriter(err, true));
        } finally {
            System.setIn(stdin);
            System.setOut(out);
        }

        assertThat(code).as(err.toString()).isZero();
        List<JsonNode> messages = messages(stdout.toString(StandardCharsets.UTF_8));
        JsonNode initialize = response(messages, 1);
        assertThat(initialize.at("/result/capabilities/textDocumentSync/change").asInt()).isEqualTo(2);
        assertThat(initialize.at("/result/serverInfo/name").asText()).isEqualTo("aec");
        assertThat(response(messages, 2).at("/result/0/name").asText()).isEqualTo("Net");
        assertThat(response(messages, 3).has("error")).isFalse();
        assertThat(messages).filteredOn(m -> m.path("method").asText().equals("textDocument/publishDiagnostics"))
                .anySatisfy(m -> assertThat(m.at("/params/diagnostics/0/code").asText()).isEqualTo("E0101"));
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void exitWithoutShutdownEndsWithOne() throws Exception {
        ByteArrayOutputStream protocol = new ByteArrayOutputStream();
        int code = run(frames(INITIALIZE, INITIALIZED, EXIT), protocol);

        assertThat(code).isEqualTo(1);
        assertThat(response(messages(protocol.toString(StandardCharsets.UTF_8)), 1).has("result")).isTrue();
    }

    @Test
    void inputEndingWithoutExitEndsTheServerToo() throws Exception {
        ByteArrayOutputStream protocol = new ByteArrayOutputStream();
        assertThat(run(frames(INITIALIZE, SHUTDOWN), protocol)).isZero();
        assertThat(run(frames(INITIALIZE), new ByteArrayOutputStream())).isEqualTo(1);
    }

    @Test
    void helpSaysWhatTheServerIsForWithAnExample() {
        CliRun run = CliRun.of("lsp", "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("Language Server Protocol").contains("aec lsp --check-delay 300")
                .contains("Exit codes: 0 after the editor's `shutdown` and `exit`");
    }

    @Test
    void aCheckDelayOutOfRangeIsAUsageError() {
        CliRun negative = CliRun.of("lsp", "--check-delay", "-1");
        assertThat(negative.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(negative.err()).contains("--check-delay must be 0 to 10000 milliseconds, not -1");

        CliRun tooLong = CliRun.of("lsp", "--check-delay", "60000");
        assertThat(tooLong.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(tooLong.err()).contains("not 60000");
    }

    private static int run(byte[] input, ByteArrayOutputStream protocol) {
        CommandLine cli = new CommandLine(new AecCommand());
        cli.addSubcommand(new LspCommand(new ByteArrayInputStream(input), protocol));
        StringWriter err = new StringWriter();
        return Main.run(cli, new String[] {"lsp"}, new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));
    }

    private static byte[] frames(String... messages) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (String message : messages) {
            byte[] body = message.getBytes(StandardCharsets.UTF_8);
            bytes.writeBytes(("Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            bytes.writeBytes(body);
        }
        return bytes.toByteArray();
    }

    /** The messages of a protocol stream; fails on anything between them that is not a message. */
    private static List<JsonNode> messages(String stream) throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> messages = new ArrayList<>();
        int at = 0;
        byte[] bytes = stream.getBytes(StandardCharsets.UTF_8);
        while (at < bytes.length) {
            String rest = new String(bytes, at, Math.min(64, bytes.length - at), StandardCharsets.US_ASCII);
            Matcher header = HEADER.matcher(rest);
            assertThat(header.lookingAt()).as("a message header at byte %d of:\n%s", at, stream).isTrue();
            int length = Integer.parseInt(header.group(1));
            int start = at + header.end();
            messages.add(json.readTree(new String(bytes, start, length, StandardCharsets.UTF_8)));
            at = start + length;
        }
        return messages;
    }

    private static JsonNode response(List<JsonNode> messages, int id) {
        return messages.stream().filter(m -> m.path("id").asInt(-1) == id && !m.has("method")).findFirst()
                .orElseThrow(() -> new AssertionError("no response " + id + " in " + messages));
    }
}
