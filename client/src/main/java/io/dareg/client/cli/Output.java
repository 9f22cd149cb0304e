package io.dareg.client.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.dareg.core.json.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Prints results: JSON for scripts, aligned "name  value" lines for people; and writes the files
 * commands are asked for with {@code -o FILE}.
 */
final class Output {
  private Output() {}

  static void print(PrintWriter out, boolean json, Object value, Map<String, String> human) {
    if (json) {
      try {
        out.println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(value));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
      return;
    }
    int width = human.keySet().stream().mapToInt(String::length).max().orElse(0);
    human.forEach((k, v) -> out.printf("%-" + width + "s  %s%n", k, v));
  }

  /**
   * Writes {@code bytes} to {@code file} (replacing it) and says so on {@code out}: "wrote WHAT to
   * FILE (N bytes)".
   */
  static void writeFile(PrintWriter out, Path file, byte[] bytes, String what) throws IOException {
    writeFile(file, bytes);
    out.println("wrote " + what + " to " + file + " (" + bytes.length + " bytes)");
  }

  /** The {@code -o FILE} of the commands that fetch a PDF (certificate, evidence report, judicial extract), and its writing. */
  static final class PdfFile {
    @Spec(Spec.Target.MIXEE) CommandSpec command;
    @Option(names = {"-o", "--out"}, required = true, description = "the PDF file to write") Path out;

    /** Writes {@code pdf} to the file and says so ("wrote WHAT to FILE (N bytes)"); the command's exit code, 0. */
    int write(byte[] pdf, String what) throws IOException {
      writeFile(command.commandLine().getOut(), out, pdf, what);
      return 0;
    }
  }

  /** Writes {@code bytes} to {@code file}, replacing it; when it cannot, the error says why. */
  static void writeFile(Path file, byte[] bytes) throws IOException {
    try {
      Files.write(file, bytes);
    } catch (NoSuchFileException e) {
      Path folder = file.toAbsolutePath().getParent();
      throw new IOException("cannot write " + file + ": the folder " + folder + " does not exist", e);
    } catch (AccessDeniedException e) {
      throw new IOException("cannot write " + file + ": permission denied", e);
    } catch (FileSystemException e) {
      throw new IOException("cannot write " + file + ": " + (e.getReason() != null ? e.getReason() : e.getMessage()), e);
    }
  }
}
