package io.dareg.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The door's reading of a body, on its own: long bodies, the field named, what is let through. */
class StrictJsonTest {
  @Test
  void a_bad_byte_far_into_a_long_body_is_found_and_its_offset_named() {
    String prefix = "{\"name\":\"" + "长".repeat(5000);
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(prefix.getBytes(StandardCharsets.UTF_8));
    body.writeBytes(new byte[] {(byte) 0xE0, (byte) 0x80, (byte) 0xAF});
    body.writeBytes("\"}".getBytes(StandardCharsets.UTF_8));
    Problem p = catchThrowableOfType(Problem.class, () -> StrictJson.check(body.toByteArray()));
    assertThat(p.status()).isEqualTo(400);
    assertThat(p.getMessage()).contains("at byte " + prefix.getBytes(StandardCharsets.UTF_8).length);
  }

  @Test
  void clean_text_of_any_script_passes_and_a_fault_in_a_nested_array_names_its_path() {
    StrictJson.check(("{\"name\":\"" + "長い名前 اسم 𠀋 ".repeat(2000) + "\",\"lines\":\"a\\tb\\nc\\r\"}").getBytes(StandardCharsets.UTF_8));
    Problem p = catchThrowableOfType(Problem.class,
        () -> StrictJson.check("{\"asset\":{\"structure\":[{\"name\":\"ok\"},{\"name\":\"x\\u202Dy\"}]}}".getBytes(StandardCharsets.UTF_8)));
    assertThat(p.field()).isEqualTo("asset.structure[1].name");
    assertThat(p.getMessage()).contains("U+202D");
  }

  @Test
  void a_problem_quoting_a_lone_surrogate_is_still_written() {
    String json = Failures.problemJson(Problem.invalid("a\ud800", "bad '\udc00' here"), "/x\u0000");
    assertThat(json).contains("\"field\":\"a?\"").contains("bad '?' here").contains("\"instance\":\"/x?\"");
  }
}
