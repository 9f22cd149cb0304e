package io.dareg.client.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.dareg.core.json.Json;
import io.dareg.core.log.SignedNote;
import io.dareg.core.log.Witness;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code dareg witness}: watch a registry's transparency log and cosign each checkpoint that is consistent with the
 * last one cosigned (issue 24); run by an exchange, a regulator or another registry. A fork or a rewritten history is
 * refused with its evidence kept, and the command exits {@link Dareg#LOG_INCONSISTENT}.
 */
@Command(name = "witness", mixinStandardHelpOptions = true, subcommands = WitnessCommand.Keygen.class,
    description = {"Witness a registry's transparency log: fetch its newest checkpoint, check the log's signature and the"
        + " consistency proof from the last checkpoint this witness cosigned, cosign it (C2SP tlog-cosignature/v1) and hand"
        + " the cosignature to the gateway (POST /api/v1/log/cosignatures).",
        "The state directory keeps the log's key (pinned on first use, or given with --log-key) and the last checkpoint"
            + " cosigned; never delete it. A log that shows a checkpoint inconsistent with it (a smaller size, another root"
            + " at the same size, a consistency proof that fails) is refused: both checkpoints and the proof are kept in"
            + " STATE/evidence/<time>/ and the command exits 5.",
        "The registry names the witness's verifier key (printed by `dareg witness keygen`) in its settings (setLogWitnesses)"
            + " before the gateway takes its cosignatures.",
        "Exit codes: 0 done (--once), 1 the checkpoint cannot be checked, 2 bad input, 3 the gateway refused the cosignature,"
            + " 4 gateway unreachable (--once; looping, it retries with backoff), 5 the log is inconsistent (fork or rewrite)."})
final class WitnessCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--log", paramLabel = "URL", description = "required: the gateway of the log, e.g. http://127.0.0.1:8080")
  String url;

  @Option(names = "--key", paramLabel = "KEYFILE", description = "required: the witness's signer key (from `dareg witness keygen`)")
  Path keyFile;

  @Option(names = "--state", paramLabel = "DIR", description = "required: the witness's state directory (created on first use)")
  Path state;

  @Option(names = "--log-key", paramLabel = "VKEY|FILE",
      description = "the log's verifier key (name+id+base64, or a file holding it); default: the one pinned in DIR, or on first"
          + " use the one the gateway publishes at /api/v1/log/key")
  String logKey;

  @Option(names = "--once", description = "one step, then exit")
  boolean once;

  @Option(names = "--interval", paramLabel = "SECONDS", defaultValue = "60", description = "seconds between steps (default: ${DEFAULT-VALUE})")
  int interval;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    // checked here, not by picocli: `dareg witness keygen` takes none of them
    if (url == null || keyFile == null || state == null) {
      throw new IllegalArgumentException("give --log URL (the gateway), --key KEYFILE (from `dareg witness keygen`) and --state DIR");
    }
    if (interval < 1 || interval > 86_400) {
      throw new IllegalArgumentException("--interval is from 1 to 86400 seconds, not " + interval);
    }
    SignedNote.Signer key = readSigner(keyFile);
    HttpLog log = new HttpLog(url, Duration.ofSeconds(30));
    SignedNote.Verifier pinnedKey = logKey != null ? readVerifier(logKey) : Witness.pinnedLogKey(state);
    if (pinnedKey == null) {
      pinnedKey = log.key();
      out.println("dareg witness: pinned the log's key " + pinnedKey + " on first use (from " + log.api + "/log/key);"
          + " compare it with the key the registry publishes");
    }
    try (Witness witness = Witness.open(state, key, pinnedKey, Clock.systemUTC())) {
      out.println("dareg witness: " + key.verifier().name() + " watching " + witness.logKey().name() + " at " + log.api
          + (once ? "" : ", every " + interval + " s"));
      long backoff = 0;
      while (true) {
        try {
          Witness.Step step = witness.step(log);
          if (once || step.cosigned()) { // looping, an unchanged log is not news
            out.println("dareg witness: " + step.what());
          }
          backoff = 0;
          if (once) {
            return 0;
          }
        } catch (Witness.ForkException fork) {
          err.println();
          err.println("!!! dareg witness: THE LOG " + witness.logKey().name() + " IS INCONSISTENT WITH WHAT THIS WITNESS COSIGNED !!!");
          err.println("!!! " + fork.getMessage());
          err.println("!!! Nothing was cosigned. Evidence (both checkpoints, signed by the log, and the proof): " + fork.evidence());
          err.println("!!! Tell the registry's regulator and the other witnesses; keep " + state + " as it is.");
          err.flush();
          return Dareg.LOG_INCONSISTENT;
        } catch (Witness.RefusedException refused) {
          err.println("dareg witness: refused: " + refused.getMessage());
          if (once) {
            return Dareg.VERIFICATION_FAILED;
          }
          backoff = next(backoff);
        } catch (Rejected rejected) {
          err.println("dareg witness: " + rejected.getMessage());
          if (once) {
            return Dareg.REFUSED;
          }
          backoff = next(backoff);
        } catch (IOException unreachable) {
          err.println("dareg witness: " + unreachable.getMessage() + (once ? "" : "; retrying in " + next(backoff) + " s"));
          if (once) {
            return Dareg.UNREACHABLE;
          }
          backoff = next(backoff);
        }
        err.flush();
        out.flush();
        Thread.sleep(1000L * (backoff > 0 ? backoff : interval));
      }
    }
  }

  /** The next wait after a failure: 2 s, doubling, at most 5 minutes. */
  private static long next(long backoff) {
    return backoff == 0 ? 2 : Math.min(backoff * 2, 300);
  }

  static SignedNote.Signer readSigner(Path file) throws IOException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.US_ASCII).strip();
    } catch (IOException e) {
      throw new IOException("cannot read the witness key " + file + " (" + e.getMessage() + "); make one with"
          + " `dareg witness keygen --name NAME -o " + file + "`", e);
    }
    try {
      SignedNote.Signer key = SignedNote.Signer.parse(text);
      if (key.type() != SignedNote.COSIGNATURE_V1) {
        throw new IllegalArgumentException(file + " holds a signer key of type 0x0" + key.type() + ", not a witness's"
            + " cosignature key (type 0x04); make one with `dareg witness keygen`");
      }
      return key;
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(file + " does not hold a witness's signer key (PRIVATE+KEY+name+id+base64): " + e.getMessage());
    }
  }

  private static SignedNote.Verifier readVerifier(String keyOrFile) throws IOException {
    String text = keyOrFile;
    Path p = Path.of(keyOrFile);
    if (!keyOrFile.contains("+") || Files.isRegularFile(p)) {
      text = Files.readString(p, StandardCharsets.US_ASCII).strip();
    }
    try {
      return SignedNote.Verifier.parse(text);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("--log-key is not a log's verifier key (name+keyid+base64, as /api/v1/log/key serves it): "
          + e.getMessage());
    }
  }

  /** The gateway refused what the witness handed in (an HTTP error other than unavailability). */
  static final class Rejected extends IOException {
    private static final long serialVersionUID = 1L;

    Rejected(String message) {
      super(message);
    }
  }

  /** The log's routes over HTTP: the checkpoint, the log's key, consistency proofs and the cosignatures' door. */
  static final class HttpLog implements Witness.Log {
    final String api;
    private final HttpClient http;
    private final Duration timeout;

    HttpLog(String url, Duration timeout) {
      String base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
      URI uri = URI.create(base);
      if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https")) || uri.getHost() == null) {
        throw new IllegalArgumentException("--log is the gateway's http:// or https:// address, e.g. http://127.0.0.1:8080, not " + url);
      }
      this.api = base.endsWith("/api/v1") ? base : base + "/api/v1";
      this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
      this.timeout = timeout;
    }

    SignedNote.Verifier key() throws IOException {
      String text = send(HttpRequest.newBuilder(URI.create(api + "/log/key")).timeout(timeout).GET().build());
      try {
        return SignedNote.Verifier.parse(text.strip());
      } catch (RuntimeException e) {
        throw new IOException(api + "/log/key did not answer a verifier key: " + e.getMessage());
      }
    }

    @Override
    public String checkpoint() throws IOException {
      return send(HttpRequest.newBuilder(URI.create(api + "/log/checkpoint")).timeout(timeout).GET().build());
    }

    @Override
    public List<byte[]> consistencyProof(long from, long to) throws IOException {
      String body = send(HttpRequest.newBuilder(URI.create(api + "/log/proofs/consistency?from=" + from + "&to=" + to))
          .timeout(timeout).GET().build());
      List<byte[]> proof = new ArrayList<>();
      try {
        JsonNode hashes = Json.mapper().readTree(body).path("hashes");
        for (JsonNode h : hashes) {
          proof.add(HexFormat.of().parseHex(h.asText()));
        }
      } catch (IOException | IllegalArgumentException e) {
        throw new IOException("the consistency proof from " + from + " to " + to + " is not {\"hashes\": [hex, ...]}: " + e.getMessage());
      }
      return proof;
    }

    @Override
    public void submit(String cosignedNote) throws IOException {
      String body = Json.mapper().createObjectNode().put("checkpoint", cosignedNote).toString();
      send(HttpRequest.newBuilder(URI.create(api + "/log/cosignatures")).timeout(timeout)
          .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private String send(HttpRequest request) throws IOException {
      HttpResponse<String> r;
      try {
        r = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while asking " + request.uri(), e);
      } catch (IOException e) {
        throw new IOException("the gateway " + api + " is unreachable (" + request.method() + " " + request.uri().getPath() + ": "
            + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")", e);
      }
      if (r.statusCode() == 200) {
        return r.body();
      }
      String detail = r.body();
      try {
        JsonNode problem = Json.mapper().readTree(r.body());
        if (problem.hasNonNull("detail")) {
          detail = problem.get("detail").asText();
        }
      } catch (IOException notJson) {
        // the body as it came
      }
      String what = request.method() + " " + request.uri().getPath() + " answered " + r.statusCode() + ": " + detail;
      if (r.statusCode() >= 500 || r.statusCode() == 429) {
        throw new IOException(what);
      }
      throw new Rejected(what);
    }
  }

  /** {@code dareg witness keygen}: a new witness key, the signer key written owner-only, the verifier key printed. */
  @Command(name = "keygen", mixinStandardHelpOptions = true,
      description = {"Make a witness key (Ed25519, C2SP tlog-cosignature/v1): write the signer key to -o FILE (owner-only;"
          + " refused when FILE exists) and print the verifier key, which the registry names in its settings"
          + " (setLogWitnesses) and anyone uses to check the cosignatures."})
  static final class Keygen implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--name", required = true, paramLabel = "NAME",
        description = "the witness's name, a URL-like name without spaces or '+', e.g. exchange.example/witness")
    String name;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "KEYFILE", description = "where to write the signer key")
    Path output;

    @Override
    public Integer call() throws IOException {
      SignedNote.Signer key;
      try {
        key = SignedNote.Signer.generate(name, SignedNote.COSIGNATURE_V1, new SecureRandom());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--name: " + e.getMessage());
      }
      try {
        try {
          Files.createFile(output, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
          Files.createFile(output);
        }
      } catch (FileAlreadyExistsException e) {
        throw new IllegalArgumentException(output + " exists; a witness key is never overwritten: choose another file");
      }
      Files.writeString(output, key.toString() + "\n", StandardCharsets.US_ASCII);
      spec.commandLine().getOut().println(key.verifier());
      return 0;
    }
  }
}
