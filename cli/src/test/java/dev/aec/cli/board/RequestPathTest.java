package dev.aec.cli.board;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Which request paths the board reads as names, segment by segment, and which it refuses whole. */
class RequestPathTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "/                                  | ''",
        "/api/runs                          | api,runs",
        "/api/runs/                         | api,runs",
        "/runs/my%20run/run.json            | runs,my run,run.json",
        "/runs/caf%C3%A9/epochs/epoch-001.png | runs,café,epochs,epoch-001.png",
        "/runs/a%252e%252e                  | runs,a%2e%2e",
        "/runs/..a/b..                      | runs,..a,b.."})
    void plainNamesAreDecodedSegmentBySegment(String raw, String expected) {
        List<String> segments = expected.isEmpty() ? List.of() : List.of(expected.split(","));
        assertThat(RequestPath.segments(raw)).isEqualTo(Optional.of(segments));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "runs", "/..", "/runs/..", "/runs/.", "/runs/%2e%2e", "/runs/%2E%2e/x", "/runs/.%2e",
        "/runs/a%2fb", "/runs/a%2Fb", "/runs/a%5cb", "/runs/a\\b", "//etc/passwd", "/runs//a", "/runs/a%00",
        "/runs/a%0a", "/runs/a%", "/runs/a%2", "/runs/a%zz", "/runs/%ff%fe", "/runs/caf\u00e9", "/runs/a//"})
    void anythingButAPlainNameIsRefused(String raw) {
        assertThat(RequestPath.segments(raw)).as(raw).isEmpty();
    }
}
