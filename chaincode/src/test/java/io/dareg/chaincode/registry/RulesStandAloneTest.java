package io.dareg.chaincode.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Issue 22: each rule class stands alone. What several rule classes need (saving a registration's
 * next version, ending the certificate in force, pending objections, status guards) is on {@link Tx}
 * or in {@link Guards}; a rule class is given the profiles and calendar it reads, never the whole
 * registry, and names no other rule class. So a rule can be read, and changed, in one file.
 */
class RulesStandAloneTest {
  private static final Path MAIN = Path.of("src/main/java/io/dareg/chaincode");
  private static final Path RULES = MAIN.resolve("registry");
  private static final Pattern RULE_CLASS = Pattern.compile("\\w+(Rules|Queries)|ExchangeScope");

  @Test
  void no_rule_class_names_another_rule_class_or_the_registry() throws IOException {
    Map<String, String> sources = ruleSources();
    assertThat(sources).containsKeys("ApplicationRules", "ReviewRules", "IssueRules", "CancellationRules", "TradeRules");
    Map<String, List<String>> named = new TreeMap<>();
    for (Map.Entry<String, String> e : sources.entrySet()) {
      List<String> others = sources.keySet().stream()
          .filter(other -> !other.equals(e.getKey()))
          .filter(other -> Pattern.compile("\\b" + other + "\\b").matcher(e.getValue()).find())
          .toList();
      if (!others.isEmpty()) {
        named.put(e.getKey(), others);
      }
      if (Pattern.compile("\\bRegistry\\b").matcher(e.getValue()).find()) {
        named.computeIfAbsent(e.getKey(), k -> new java.util.ArrayList<>()).add("Registry");
      }
    }
    assertThat(named).as("rule classes and what they name of the other rules").isEmpty();
  }

  @Test
  void no_chaincode_source_file_is_over_500_lines() throws IOException {
    Map<String, Integer> long_ = new TreeMap<>();
    try (Stream<Path> files = Files.walk(MAIN)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        int lines = Files.readAllLines(f).size();
        if (lines > 500) {
          long_.put(MAIN.relativize(f).toString(), lines);
        }
      }
    }
    assertThat(long_).as("chaincode source files over 500 lines").isEmpty();
  }

  /** The code of each rule class by class name, without comments and string literals. */
  private static Map<String, String> ruleSources() throws IOException {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> files = Files.list(RULES)) {
      for (Path f : files.toList()) {
        String name = f.getFileName().toString().replace(".java", "");
        if (RULE_CLASS.matcher(name).matches()) {
          out.put(name, code(Files.readString(f)));
        }
      }
    }
    return out;
  }

  private static String code(String source) {
    Matcher m = Pattern.compile("//[^\n]*|/\\*(?s:.*?)\\*/|\"(?:\\\\.|[^\"\\\\])*\"").matcher(source);
    return m.replaceAll(" ");
  }
}
