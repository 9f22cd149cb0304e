package io.dareg.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dareg.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit log is append-only and hash-chained: an edited or removed line is named. */
class AuditLogTest {
  @TempDir Path tmp;

  private Path fiveEntries() throws Exception {
    Path file = tmp.resolve("audit/audit.log");
    try (AuditLog log = AuditLog.open(file)) {
      for (int i = 0; i < 5; i++) {
        log.record(Json.mapper().createObjectNode().put("operation", "depositEvidence").put("status", 201).put("txId", "tx" + i));
      }
      log.flush();
    }
    return file;
  }

  private static List<String> lines(Path file) throws Exception {
    return new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
  }

  @Test
  void entries_are_numbered_and_chained_and_survive_a_restart() throws Exception {
    Path file = fiveEntries();
    AuditLog.Check check = AuditLog.check(file);
    assertThat(check.valid()).isTrue();
    assertThat(check.lines()).isEqualTo(5);
    try (AuditLog log = AuditLog.open(file)) {
      log.record(Json.mapper().createObjectNode().put("operation", "whoAmI").put("status", 200));
      JsonNode page = log.read(3, 10);
      assertThat(page.path("entries")).hasSize(2);
      assertThat(page.path("entries").get(0).path("txId").asText()).isEqualTo("tx4");
      assertThat(page.path("entries").get(1).path("seq").asLong()).isEqualTo(5);
      assertThat(page.path("chain").path("valid").asBoolean()).isTrue();
      assertThat(page.path("chain").path("lines").asLong()).isEqualTo(6);
    }
  }

  @Test
  void an_edited_line_is_named() throws Exception {
    Path file = fiveEntries();
    List<String> lines = lines(file);
    lines.set(2, lines.get(2).replace("\"status\":201", "\"status\":403"));
    Files.write(file, lines, StandardCharsets.UTF_8);
    AuditLog.Check check = AuditLog.check(file);
    assertThat(check.valid()).isFalse();
    assertThat(check.problem()).startsWith("line 4 (seq 3) does not link to the line before it");
  }

  @Test
  void a_removed_line_is_named() throws Exception {
    Path file = fiveEntries();
    List<String> lines = lines(file);
    lines.remove(1);
    Files.write(file, lines, StandardCharsets.UTF_8);
    AuditLog.Check check = AuditLog.check(file);
    assertThat(check.valid()).isFalse();
    assertThat(check.problem()).startsWith("line 2 (seq 2) does not link");
  }

  @Test
  void a_line_rewritten_by_hand_is_named() throws Exception {
    Path file = fiveEntries();
    List<String> lines = lines(file);
    lines.set(0, lines.get(0).replace(",", ", "));
    Files.write(file, lines, StandardCharsets.UTF_8);
    assertThat(AuditLog.check(file).problem()).startsWith("line 1 (seq 0) is not in canonical form");
  }

  @Test
  void a_last_line_cut_short_is_removed_on_start_and_the_chain_goes_on() throws Exception {
    Path file = fiveEntries();
    Files.write(file, "{\"operation\":\"cut".getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);
    try (AuditLog log = AuditLog.open(file)) {
      log.record(Json.mapper().createObjectNode().put("operation", "whoAmI").put("status", 200));
      log.flush();
    }
    AuditLog.Check check = AuditLog.check(file);
    assertThat(check.valid()).as(check.problem()).isTrue();
    assertThat(check.lines()).isEqualTo(6);
  }
}
