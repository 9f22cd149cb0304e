package io.dareg.client.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dareg.client.DaregClient;
import io.dareg.core.act.SignedRequest;
import io.dareg.core.api.Operation;
import io.dareg.core.api.Operations;
import io.dareg.core.crypto.Hashes;
import io.dareg.core.json.CanonicalJson;
import io.dareg.core.json.Json;
import io.dareg.core.model.HashAlgorithm;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code dareg sign}: a write signed as the configured identity and printed, not sent (issue 23), so that curl or any
 * other HTTP tool can send it: the gateway takes a write only as the request its author signed, with no token.
 *
 * <pre>{@code
 * echo '{"regNo":"DR-20260302-000000000001"}' | dareg sign publishNotice --identity .dareg/dev/registrar \
 *   | curl -s -H 'Content-Type: application/json' -d @- http://127.0.0.1:8080/api/v1/registrations/DR-20260302-000000000001/notice
 * }</pre>
 */
@Command(name = "sign", mixinStandardHelpOptions = true,
    description = {"Sign a write as --identity and print it, without sending it: for curl and other HTTP tools"
        + " (the gateway takes every write as a request its author signed, and no token; docs/signed-requests.md).",
        "OPERATION: the write's transaction, e.g. depositEvidence, submit, publishNotice, issueCertificate.",
        "ARGS: its request as one JSON object, the body fields and the path parameters (e.g. regNo), from a file,"
            + " or from standard input when it is - or left out.",
        "Prints the signed request as one line of canonical JSON; stderr says where to POST it. It is signed for the"
            + " gateway's ledger (or --ledger ID; initLedger: the ledgerId of its arguments) at the ledger's time, and the"
            + " ledger takes it within its skew (5 minutes by default): send it at once.",
        "Example: echo '{\"regNo\":\"DR-1\"}' | dareg sign publishNotice --identity DIR"
            + " | curl -s -H 'Content-Type: application/json' -d @- $URL/api/v1/registrations/DR-1/notice"})
final class SignCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin Connection connection;

  @Parameters(index = "0", paramLabel = "OPERATION", description = "the write's transaction, e.g. submit")
  String operation;

  @Parameters(index = "1", arity = "0..1", paramLabel = "ARGS_JSON_FILE|-", description = "the arguments (default: standard input)")
  String args;

  @Option(names = "--ledger", paramLabel = "ID", description = "sign for this ledger instead of asking the gateway which it serves")
  String ledger;

  @Option(names = "--confidential", paramLabel = "FILE",
      description = "submit only: a JSON file of confidential material; its hash goes into the signed arguments"
          + " (confidentialHash) and the material beside them, for the gateway to keep off the ledger")
  Path confidential;

  @Override
  public Integer call() throws Exception {
    if (connection.identity == null) {
      throw new IllegalArgumentException("give --identity DIR (cert.pem and key.pem): the request is signed with that key");
    }
    Operation op = write(operation);
    JsonNode read = readArguments();
    if (!read.isObject()) {
      throw new IllegalArgumentException(source() + " holds " + read.getNodeType() + ", not a JSON object: give " + operation
          + "'s request as one object with its body fields and path parameters");
    }
    ObjectNode arguments = (ObjectNode) read;
    JsonNode material = null;
    if (confidential != null) {
      if (!operation.equals("submit")) {
        throw new IllegalArgumentException("--confidential goes with submit only, not " + operation);
      }
      material = readJson(confidential, "--confidential " + confidential);
      if (!material.isObject()) {
        throw new IllegalArgumentException("--confidential " + confidential + " must hold one JSON object");
      }
      if (arguments.hasNonNull("confidentialHash")) {
        throw new IllegalArgumentException("the arguments already name a confidentialHash and --confidential is given too:"
            + " leave confidentialHash out (it is computed from the material), or leave --confidential out");
      }
      arguments.put("confidentialHash", Hashes.hex(HashAlgorithm.SHA256, CanonicalJson.serialize(material)));
    }
    check(op, arguments);
    DaregClient.Builder b = connection.builder();
    if (ledger != null) {
      b.ledgerId(ledger);
    }
    SignedRequest signed = b.build().sign(operation, arguments);
    ObjectNode body = signed.toJson();
    if (material != null) {
      body.set("confidential", material);
    }
    spec.commandLine().getOut().println(new String(Json.canonical(body), StandardCharsets.UTF_8));
    spec.commandLine().getErr().println("# signed " + operation + " for ledger " + signed.ledger() + " at " + signed.time()
        + "; send it at once: " + op.method() + " " + url(op, arguments));
    return 0;
  }

  /** The write of the table whose signed requests carry {@code name}. */
  private static Operation write(String name) {
    for (Operation op : Operations.allWithDev()) {
      if (op.signed() && op.signedOperation().equals(name)) {
        return op;
      }
    }
    throw new IllegalArgumentException(name + " is not a write, so there is nothing to sign: give the transaction of a write,"
        + " e.g. depositEvidence, submit, publishNotice, issueCertificate (a read needs no signed request)");
  }

  /** The arguments must make the transaction's request record, as the ledger will read them. */
  private static void check(Operation op, ObjectNode arguments) {
    if (op.request() == null) {
      for (String p : op.pathParams()) {
        if (!arguments.path(p).isTextual()) {
          throw new IllegalArgumentException(op.id() + "'s arguments must name " + p + " (its path parameter), e.g. {\"" + p + "\":\"...\"}");
        }
      }
      return;
    }
    try {
      Json.mapper().treeToValue(arguments, op.request());
    } catch (IOException | IllegalArgumentException e) {
      Throwable root = e;
      while (root.getCause() != null) {
        root = root.getCause();
      }
      String why = root instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : root.getMessage();
      throw new IllegalArgumentException("the arguments are not a " + op.id() + " request (" + op.request().getSimpleName()
          + "): " + why, e);
    }
  }

  private JsonNode readArguments() throws IOException {
    if (args == null || args.equals("-")) {
      byte[] in = System.in.readAllBytes();
      if (in.length == 0) {
        throw new IllegalArgumentException("no arguments on standard input: pipe " + operation + "'s request as a JSON object,"
            + " or give a file");
      }
      return parse(in, "standard input");
    }
    return readJson(Path.of(args), args);
  }

  private static JsonNode readJson(Path file, String what) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(what + " does not exist");
    }
    return parse(Files.readAllBytes(file), what);
  }

  private static JsonNode parse(byte[] bytes, String what) {
    try {
      JsonNode n = Json.mapper().readTree(bytes);
      if (n == null || n.isMissingNode()) {
        throw new IllegalArgumentException(what + " is empty: give a JSON object");
      }
      return n;
    } catch (IOException e) {
      String why = e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
      throw new IllegalArgumentException(what + " is not JSON: " + why, e);
    }
  }

  private String source() {
    return args == null || args.equals("-") ? "standard input" : args;
  }

  /** Where the gateway takes {@code op}: its path with the path parameters from the arguments. */
  private String url(Operation op, JsonNode arguments) {
    String path = op.path();
    for (String p : op.pathParams()) {
      path = path.replace("{" + p + "}", URLEncoder.encode(arguments.path(p).asText(), StandardCharsets.UTF_8).replace("+", "%20"));
    }
    return connection.url.toString().replaceAll("/+$", "") + "/api/v1" + path;
  }
}
