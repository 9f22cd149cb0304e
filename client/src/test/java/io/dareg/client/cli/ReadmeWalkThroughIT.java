package io.dareg.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dareg.core.json.Json;
import io.dareg.gateway.documents.CjkFont;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The README's walk-through, run as a newcomer pastes it: the gateway started by the README's first
 * command in a fresh directory, then every shell block of "A first walk-through", command by command
 * in one bash (so that the variables a block sets reach the next), each to the outcome the README
 * announces. Runs after {@code package}, on the jars the README names.
 *
 * <p>The test adapts to the README, never the reverse, and only where a machine running several
 * builds at once must: the build half of the first command ({@code mvn ... package}) is what this
 * reactor has just done; the gateway gets {@code --port 0} so that parallel builds cannot clash on
 * 8080; the commands reach the port it got through {@code DAREG_URL}, which the CLI and the demo read,
 * and the literal {@code http://127.0.0.1:8080} of the curl lines is replaced by it. The directory
 * holds links to the checkout's {@code dareg} script, {@code docs}, and the modules' {@code target}.
 */
class ReadmeWalkThroughIT {
  private static final String README_URL = "http://127.0.0.1:8080";

  /** One command of a block: its text as pasted (continuation lines included) and where it is in the README. */
  record Command(String text, int line) {}

  /** What a command did. */
  record Ran(Command command, int code, String out, String err) {
    String describe() {
      return "README line " + command.line() + ": " + command.text() + "\nexit " + code + "\nstdout:\n" + cut(out) + "\nstderr:\n" + cut(err);
    }

    private static String cut(String s) {
      return s.length() <= 4000 ? s : s.substring(0, 4000) + "\n[... " + (s.length() - 4000) + " more characters]";
    }
  }

  private static final List<String> LINKS = List.of("dareg", "docs", "gateway/target", "client/target");
  private Process gateway;
  private Path dir;

  @AfterEach
  void stopGatewayAndRemoveDirectory() throws Exception {
    if (gateway != null) {
      gateway.destroy(); // SIGTERM: the gateway's shutdown hook closes the ledger
      if (!gateway.waitFor(60, TimeUnit.SECONDS)) {
        gateway.destroyForcibly().waitFor(60, TimeUnit.SECONDS);
      }
    }
    if (dir != null) {
      // The links first, so that nothing of the checkout they point at is deleted with the directory.
      for (String link : LINKS) {
        Files.deleteIfExists(dir.resolve(link));
      }
      try (var paths = Files.walk(dir)) {
        for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }

  @Test
  void the_walk_through_runs_as_written_and_ends_with_a_valid_certificate() throws Exception {
    Path repo = repositoryRoot();
    List<String> readme = Files.readAllLines(repo.resolve("README.md"), StandardCharsets.UTF_8);
    dir = Files.createTempDirectory("dareg-readme");
    for (String link : LINKS) {
      Path to = repo.resolve(link);
      assertThat(to).as("run after package: the README uses " + link).exists();
      Files.createDirectories(dir.resolve(link).getParent());
      Files.createSymbolicLink(dir.resolve(link), to);
    }

    Process tools = new ProcessBuilder("bash", "-c", "command -v curl && command -v python3").redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    assertThat(tools.waitFor()).as("the walk-through uses curl and python3 (.ci/run installs them)").isZero();

    String serve = serveCommand(readme);
    String base = startGateway(dir, serve + " --port 0");

    List<Command> commands = new ArrayList<>();
    List<Integer> untagged = new ArrayList<>();
    for (List<Command> block : walkThroughBlocks(readme, untagged)) {
      commands.addAll(block);
    }
    assertThat(commands).as("the walk-through's commands").hasSizeGreaterThan(10);
    List<Ran> ran = runInOneShell(dir, base, commands);
    assertThat(ran.size()).as("the shell stopped after README line " + (ran.isEmpty() ? "?" : ran.get(ran.size() - 1).command().line())
        + ":\n" + Files.readString(dir.resolve(".readme-test/shell.log"))).isEqualTo(commands.size());

    boolean pdfs = CjkFont.find().isPresent();
    int verified = 0;
    int receipts = 0;
    for (Ran r : ran) {
      String text = r.command().text();
      if (!pdfs && (text.contains("pdf") || text.contains("evidence-report") || text.contains("check-extract"))) {
        continue; // PDFs need a font with Chinese glyphs (.ci/run installs one; the gateway says so in its log)
      }
      assertThat(r.code()).as(r.describe()).isZero();
      assertThat(r.err()).as(r.describe()).doesNotContain("dareg: ");
      if (text.startsWith("curl ")) {
        JsonNode json = Json.mapper().readTree(r.out());
        assertThat(json.isObject()).as(r.describe()).isTrue();
        assertThat(json.path("type").asText()).as("not a problem: " + r.describe()).doesNotContain("/problems/");
      }
      if (text.contains(" demo")) {
        assertThat(r.out()).as(r.describe()).contains("The certificate is valid.");
      }
      if (text.startsWith("./dareg report check-extract ")) {
        assertThat(r.out()).as(r.describe()).contains("VALID judicial extract");
      }
      if (text.startsWith("./dareg verify ")) {
        assertThat(r.out().lines().filter(l -> l.startsWith("VALID ") || l.startsWith("NOT VALID ")))
            .as(r.describe()).singleElement().asString().startsWith("VALID DR-");
        if (text.contains("--log-key")) { // issue 24: the receipt of the dev ledger's log, cosigned by the dev witness
          assertThat(r.out()).as(r.describe()).containsPattern("LOG_RECEIPT +PASS +recorded in the log at \\d+, witnessed by 1 of 1");
          receipts++;
        }
        verified++;
      }
    }
    assertThat(verified).as("the walk-through verifies the certificate it was issued").isGreaterThanOrEqualTo(2);
    assertThat(receipts).as("the walk-through verifies a certificate's log receipt").isEqualTo(1);
    assertThat(untagged).as("README lines opening a walk-through block that is not marked as a shell block (```sh)").isEmpty();
  }

  /** The first of the README's "Two commands": build, then serve; only the serving half is run here. */
  static String serveCommand(List<String> readme) {
    for (List<Command> block : blocks(readme, "## Two commands")) {
      for (Command c : block) {
        if (c.text().contains(" serve --dev")) {
          String[] halves = c.text().split(" && ", 2);
          assertThat(halves).as("README line " + c.line() + ": build && serve").hasSize(2);
          assertThat(halves[0]).as("the build half").startsWith("mvn ").contains(" package");
          return halves[1];
        }
      }
    }
    throw new AssertionError("README.md has no \"serve --dev\" command under \"## Two commands\"");
  }

  static List<List<Command>> walkThroughBlocks(List<String> readme, List<Integer> untagged) {
    List<List<Command>> blocks = blocks(readme, "## A first walk-through", untagged);
    assertThat(blocks).as("the walk-through's shell blocks").isNotEmpty();
    return blocks;
  }

  /**
   * The fenced blocks of one section (from its heading to the next "## "), each as its commands: a
   * line ending in a backslash continues on the next; blank and comment lines are not commands.
   */
  static List<List<Command>> blocks(List<String> readme, String heading) {
    return blocks(readme, heading, new ArrayList<>());
  }

  /** As {@link #blocks(List, String)}; adds to {@code untagged} the line of each block not marked {@code sh}. */
  static List<List<Command>> blocks(List<String> readme, String heading, List<Integer> untagged) {
    int start = readme.indexOf(heading);
    assertThat(start).as("README.md has a section " + heading).isNotNegative();
    List<List<Command>> blocks = new ArrayList<>();
    List<Command> block = null;
    StringBuilder pending = null;
    int pendingLine = 0;
    for (int i = start + 1; i < readme.size() && !readme.get(i).startsWith("## "); i++) {
      String line = readme.get(i);
      if (line.startsWith("```")) {
        if (block == null) {
          block = new ArrayList<>();
          if (!line.equals("```sh")) {
            untagged.add(i + 1);
          }
        } else {
          blocks.add(block);
          block = null;
        }
        continue;
      }
      if (block == null) {
        continue;
      }
      if (pending != null) {
        pending.append('\n').append(line);
      } else if (line.isBlank() || line.stripLeading().startsWith("#")) {
        continue;
      } else {
        pending = new StringBuilder(line);
        pendingLine = i + 1;
      }
      if (!line.endsWith("\\")) {
        block.add(new Command(pending.toString(), pendingLine));
        pending = null;
      }
    }
    return blocks;
  }

  /** Runs the README's serve command in {@code dir}; returns the address it says it listens on. */
  private String startGateway(Path dir, String command) throws Exception {
    Path log = dir.resolve("gateway.log");
    ProcessBuilder pb = new ProcessBuilder("bash", "-c", "exec " + command).directory(dir.toFile())
        .redirectErrorStream(true).redirectOutput(log.toFile());
    environment(pb.environment(), null);
    gateway = pb.start();
    Pattern listening = Pattern.compile("gateway listening on (http://127\\.0\\.0\\.1:\\d+) ");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
    while (System.nanoTime() < deadline) {
      Matcher m = listening.matcher(Files.readString(log));
      if (m.find()) {
        return m.group(1);
      }
      assertThat(gateway.isAlive()).as("the gateway stopped:\n" + Files.readString(log)).isTrue();
      Thread.sleep(200);
    }
    throw new AssertionError("the gateway did not say where it listens within 3 minutes:\n" + Files.readString(log));
  }

  /**
   * Runs the commands in one bash in {@code dir}, as a person pastes them into one terminal: each in
   * the shell itself (assignments stay for the next ones), its output and exit code kept apart.
   */
  private static List<Ran> runInOneShell(Path dir, String base, List<Command> commands) throws Exception {
    Path outputs = Files.createDirectories(dir.resolve(".readme-test"));
    StringBuilder script = new StringBuilder();
    for (int i = 0; i < commands.size(); i++) {
      // eval: a line that does not parse fails alone (exit 2), as it does when pasted into a terminal
      Files.writeString(outputs.resolve(i + ".sh"), commands.get(i).text().replace(README_URL, base) + "\n");
      script.append("eval \"$(cat ").append(outputs.resolve(i + ".sh")).append(")\" >").append(outputs.resolve(i + ".out"))
          .append(" 2>").append(outputs.resolve(i + ".err")).append(" </dev/null; echo $? >").append(outputs.resolve(i + ".rc")).append('\n');
    }
    Path file = outputs.resolve("walk-through.sh");
    Files.writeString(file, script);
    ProcessBuilder pb = new ProcessBuilder("bash", file.toString()).directory(dir.toFile())
        .redirectErrorStream(true).redirectOutput(outputs.resolve("shell.log").toFile());
    environment(pb.environment(), base);
    Process shell = pb.start();
    if (!shell.waitFor(15, TimeUnit.MINUTES)) {
      shell.destroyForcibly();
      throw new AssertionError("the walk-through did not finish within 15 minutes");
    }
    List<Ran> ran = new ArrayList<>();
    for (int i = 0; i < commands.size() && Files.exists(outputs.resolve(i + ".rc")); i++) {
      ran.add(new Ran(commands.get(i), Integer.parseInt(Files.readString(outputs.resolve(i + ".rc")).strip()),
          read(outputs.resolve(i + ".out")), read(outputs.resolve(i + ".err"))));
    }
    return ran;
  }

  /** This JVM's java first on the PATH (the one the build runs on); no DAREG_ settings but the gateway's address. */
  private static void environment(Map<String, String> env, String base) {
    env.keySet().removeIf(k -> k.startsWith("DAREG_"));
    env.put("PATH", Path.of(System.getProperty("java.home"), "bin") + java.io.File.pathSeparator + env.getOrDefault("PATH", ""));
    if (base != null) {
      env.put("DAREG_URL", base);
    }
  }

  private static String read(Path file) throws IOException {
    return Files.exists(file) ? Files.readString(file) : "";
  }

  private static Path repositoryRoot() {
    Path module = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
    return module.getParent();
  }
}
