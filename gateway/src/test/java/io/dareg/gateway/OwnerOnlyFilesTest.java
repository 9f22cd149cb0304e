package io.dareg.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keys and confidential documents are written whole, owner-only, even by concurrent writers. */
class OwnerOnlyFilesTest {
  @TempDir Path tmp;

  @Test
  void concurrent_writers_of_the_same_file_all_succeed_and_leave_it_whole() throws Exception {
    Path dir = tmp.resolve("confidential");
    OwnerOnlyFiles.directory(dir);
    Path file = dir.resolve("doc.json");
    byte[] content = "{\"name\":\"the same document, stored by two requests at once\"}".repeat(200).getBytes();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> writes = new ArrayList<>();
      for (int i = 0; i < 64; i++) {
        writes.add(pool.submit(() -> {
          OwnerOnlyFiles.write(file, content);
          return null;
        }));
      }
      for (Future<?> w : writes) {
        w.get(); // a writer that failed throws here
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(Files.readAllBytes(file)).isEqualTo(content);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
    try (var left = Files.list(dir)) {
      assertThat(left).containsExactly(file); // no temporary file left behind
    }
  }
}
